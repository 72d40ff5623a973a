import Testing
import UCIe

@Test func standardRingWrapsFrom255To1() {
    let space = SequenceSpace.standard
    #expect(space.size == 255)
    #expect(space.halfRange == 127)
    #expect(space.successor(254) == 255)
    #expect(space.successor(255) == 1)
    #expect(space.predecessor(1) == 255)
    #expect(space.distance(from: 255, to: 1) == 1)
    #expect(space.distance(from: 252, to: 1) == 4)
    #expect(space.distance(from: 1, to: 255) == 254)
    #expect(space.distance(from: 9, to: 9) == 0)
    #expect(!space.contains(0))
    #expect(space.contains(255))
}

@Test func seededModulo256RingWrapsThroughZero() {
    let space = SequenceSpace(highest: 255, includesZero: true)
    #expect(space.size == 256)
    #expect(space.successor(255) == 0)
    #expect(space.predecessor(0) == 255)
    #expect(space.contains(0))
    #expect(space.distance(from: 255, to: 1) == 2)
}

@Test func smallRingForModels() {
    let space = SequenceSpace(highest: 7)
    #expect((1...7).map { space.successor(UInt8($0)) } == [2, 3, 4, 5, 6, 7, 1])
    #expect(space.halfRange == 3)
    #expect(!space.contains(8))
}

@Test func configurationComplianceFlagsTheSeededBugs() {
    #expect(RetryConfiguration(bufferDepth: 4).maxUnacknowledged == 4)
    #expect(RetryConfiguration(bufferDepth: 200).maxUnacknowledged == 127)
    #expect(RetryConfiguration(bufferDepth: 4).isSpecificationCompliant)
    #expect(RetryConfiguration(bufferDepth: 200).isSpecificationCompliant)
    // P5: window one larger than the buffer.
    #expect(!RetryConfiguration(bufferDepth: 4, maxUnacknowledged: 5).isSpecificationCompliant)
    // P6: window of half the ring or more, and modulo-256 arithmetic.
    #expect(!RetryConfiguration(bufferDepth: 200, maxUnacknowledged: 200).isSpecificationCompliant)
    #expect(!RetryConfiguration(bufferDepth: 4, sequenceSpace: SequenceSpace(highest: 7), maxUnacknowledged: 4).isSpecificationCompliant)
    #expect(RetryConfiguration(bufferDepth: 3, sequenceSpace: SequenceSpace(highest: 7)).isSpecificationCompliant)
    #expect(!RetryConfiguration(bufferDepth: 4, sequenceSpace: SequenceSpace(highest: 255, includesZero: true)).isSpecificationCompliant)
}
