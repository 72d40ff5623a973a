import Testing

@Test func placeholder_CHITests() { #expect(Bool(true)) }
