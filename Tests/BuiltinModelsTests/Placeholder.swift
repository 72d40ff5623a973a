import Testing

@Test func placeholder_BuiltinModelsTests() { #expect(Bool(true)) }
