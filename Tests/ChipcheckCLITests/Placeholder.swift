import Testing

@Test func placeholder_ChipcheckCLITests() { #expect(Bool(true)) }
