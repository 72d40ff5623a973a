import Testing

@Test func placeholder_IPXACTTests() { #expect(Bool(true)) }
