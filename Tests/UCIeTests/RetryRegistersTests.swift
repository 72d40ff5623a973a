import Testing
import UCIe

@Suite struct RetryRegistersTests {
    @Test("a transmitter rebuilt from its registers behaves like the original (timer and replay count aside)")
    func transmitterRoundTrip() {
        let configuration = RetryConfiguration(bufferDepth: 2, sequenceSpace: SequenceSpace(highest: 7))
        var tx = RetryTransmitter(configuration: configuration)
        _ = tx.payloadAccepted(pendingAckNak: nil)
        _ = tx.payloadAccepted(pendingAckNak: .ack(3))
        _ = tx.nakReceived(1)
        var copy = RetryTransmitter(configuration: configuration, registers: tx.registers)
        #expect(copy.registers == tx.registers)
        #expect(copy.isReplaying && copy.ignoresNak && copy.outstanding == 1)
        #expect(tx.replayCount == 1 && copy.replayCount == 0)
        #expect(copy.replaySlotAvailable(pendingAckNak: nil) == tx.replaySlotAvailable(pendingAckNak: nil))
        #expect(copy.registers == tx.registers)
    }

    @Test("a receiver rebuilt from its registers behaves like the original")
    func receiverRoundTrip() {
        let configuration = RetryConfiguration(bufferDepth: 2, sequenceSpace: SequenceSpace(highest: 7))
        var rx = RetryReceiver(configuration: configuration)
        _ = rx.flitReceived(.payload, field: .explicit(1))
        _ = rx.crcErrorDetected()
        var copy = RetryReceiver(configuration: configuration, registers: rx.registers)
        #expect(copy == rx)
        #expect(copy.pendingAckNak == .nak(1))
        #expect(copy.flitReceived(.payload, field: .explicit(2)) == rx.flitReceived(.payload, field: .explicit(2)))
        #expect(copy == rx)
    }
}
