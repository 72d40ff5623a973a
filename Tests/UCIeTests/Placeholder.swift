import Testing

@Test func placeholder_UCIeTests() { #expect(Bool(true)) }
