import Testing

@Test func placeholder_StateSpaceTests() { #expect(Bool(true)) }
