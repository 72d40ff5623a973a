import Testing

@Test func placeholder_LinkSystemsTests() { #expect(Bool(true)) }
