import Testing
import UCIe

private let depth4 = RetryConfiguration(bufferDepth: 4)

@Test func retryStatesAreSmallValues() {
    #expect(MemoryLayout<RetryTransmitter>.size <= 24)
    #expect(MemoryLayout<RetryReceiver>.size <= 16)
}

@Test func inOrderDeliveryAndAck() {
    var tx = RetryTransmitter(configuration: depth4)
    var rx = RetryReceiver(configuration: depth4)
    #expect(tx.nextSequence == 1 && tx.acknowledged == 255)
    #expect(tx.payloadAccepted(pendingAckNak: nil) == .sendNew(sequence: 1, slot: 0, field: .explicit(1)))
    #expect(tx.payloadAccepted(pendingAckNak: nil) == .sendNew(sequence: 2, slot: 1, field: .explicit(2)))
    #expect(tx.outstanding == 2)
    #expect(rx.pendingAckNak == nil)
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .deliver(1))
    #expect(rx.pendingAckNak == .ack(1))
    #expect(rx.flitReceived(.payload, field: .explicit(2)) == .deliver(2))
    #expect(rx.pendingAckNak == .ack(2))
    rx.ackNakTransmitted()
    #expect(rx.pendingAckNak == nil)
    #expect(tx.ackReceived(2) == .purged(count: 2))
    #expect(tx.outstanding == 0 && tx.acknowledged == 2)
    #expect(tx.ackReceived(2) == .purged(count: 0))
}

/// R2: after the first explicit header, a pending Ack/Nak takes every other header; a payload
/// flit sent that way gets the implicit number "previous + 1" at the receiver.
@Test func explicitAndAckNakHeadersAlternate() {
    var tx = RetryTransmitter(configuration: depth4)
    var rx = RetryReceiver(configuration: depth4)
    let sent = [
        tx.payloadAccepted(pendingAckNak: .ack(9)),
        tx.payloadAccepted(pendingAckNak: .ack(9)),
        tx.payloadAccepted(pendingAckNak: .ack(10)),
        tx.payloadAccepted(pendingAckNak: nil),
        tx.payloadAccepted(pendingAckNak: nil),
        tx.idleSlotAvailable(pendingAckNak: .ack(10)),
        tx.idleSlotAvailable(pendingAckNak: nil),
    ]
    #expect(sent == [
        .sendNew(sequence: 1, slot: 0, field: .explicit(1)),
        .sendNew(sequence: 2, slot: 1, field: .ackNak(.ack(9))),
        .sendNew(sequence: 3, slot: 2, field: .explicit(3)),
        .sendNew(sequence: 4, slot: 3, field: .explicit(4)),
        .refuse(.windowFull),
        .sendNOP(field: .ackNak(.ack(10))),
        .sendNOP(field: .explicit(4)),
    ])
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .deliver(1))
    #expect(rx.flitReceived(.payload, field: .ackNak(.ack(9))) == .deliver(2))
    #expect(rx.flitReceived(.payload, field: .explicit(3)) == .deliver(3))
    #expect(rx.flitReceived(.payload, field: .explicit(4)) == .deliver(4))
    #expect(rx.flitReceived(.nop, field: .ackNak(.ack(10))) == .discard)
    #expect(rx.flitReceived(.nop, field: .explicit(4)) == .discard)
    #expect(rx.nextExpected == 5 && rx.pendingAckNak == .ack(4))
}

@Test func sequenceNumbersWrapFrom255To1() {
    var tx = RetryTransmitter(configuration: depth4)
    var rx = RetryReceiver(configuration: depth4)
    for expected in 1...252 {
        guard case let .sendNew(sequence, _, field) = tx.payloadAccepted(pendingAckNak: nil) else {
            Issue.record("flit \(expected) refused")
            return
        }
        #expect(sequence == UInt8(expected))
        #expect(rx.flitReceived(.payload, field: field) == .deliver(UInt8(expected)))
        #expect(tx.ackReceived(sequence) == .purged(count: 1))
    }
    let sent = (0..<5).map { _ in tx.payloadAccepted(pendingAckNak: nil) }
    #expect(sent == [
        .sendNew(sequence: 253, slot: 0, field: .explicit(253)),
        .sendNew(sequence: 254, slot: 1, field: .explicit(254)),
        .sendNew(sequence: 255, slot: 2, field: .explicit(255)),
        .sendNew(sequence: 1, slot: 3, field: .explicit(1)),
        .refuse(.windowFull),
    ])
    #expect(rx.flitReceived(.payload, field: .explicit(253)) == .deliver(253))
    #expect(rx.flitReceived(.payload, field: .explicit(254)) == .deliver(254))
    #expect(rx.flitReceived(.payload, field: .explicit(255)) == .deliver(255))
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .deliver(1))
    #expect(rx.nextExpected == 2 && rx.pendingAckNak == .ack(1))
    #expect(tx.ackReceived(1) == .purged(count: 4))
    #expect(tx.payloadAccepted(pendingAckNak: nil) == .sendNew(sequence: 2, slot: 0, field: .explicit(2)))
}

@Test func crcErrorLeadsToNakAndGoBackNReplay() {
    var tx = RetryTransmitter(configuration: depth4)
    var rx = RetryReceiver(configuration: depth4)
    for _ in 1...3 { _ = tx.payloadAccepted(pendingAckNak: nil) }
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .deliver(1))
    #expect(rx.crcErrorDetected() == .nakScheduled(.crcError))  // flit 2 corrupted
    #expect(rx.flitReceived(.payload, field: .explicit(3)) == .discard)
    #expect(rx.crcErrorDetected() == .discard)
    #expect(rx.pendingAckNak == .nak(1))
    rx.ackNakTransmitted()

    #expect(tx.nakReceived(1) == .replayScheduled(from: 2, count: 2))
    #expect(tx.acknowledged == 1 && tx.isReplaying)
    #expect(tx.payloadAccepted(pendingAckNak: nil) == .refuse(.replayInProgress))
    #expect(tx.replaySlotAvailable(pendingAckNak: .ack(77)) == .resend(sequence: 2, slot: 1, field: .explicit(2)))
    #expect(tx.replaySlotAvailable(pendingAckNak: .ack(77)) == .resend(sequence: 3, slot: 2, field: .ackNak(.ack(77))))
    #expect(!tx.isReplaying)
    #expect(tx.replaySlotAvailable(pendingAckNak: nil) == .ignored)
    // The repeated Nak for the same number does not start a second replay.
    #expect(tx.nakReceived(1) == .ignored)

    #expect(rx.flitReceived(.payload, field: .explicit(2)) == .deliver(2))
    #expect(rx.flitReceived(.payload, field: .ackNak(.ack(77))) == .deliver(3))
    #expect(rx.pendingAckNak == .ack(3))
    #expect(tx.ackReceived(3) == .purged(count: 2))
    #expect(tx.payloadAccepted(pendingAckNak: nil) == .sendNew(sequence: 4, slot: 3, field: .explicit(4)))
}

@Test func lostAckLeadsToTimeoutReplayAndDuplicateDiscard() {
    var tx = RetryTransmitter(configuration: depth4)
    var rx = RetryReceiver(configuration: depth4)
    _ = tx.payloadAccepted(pendingAckNak: nil)
    _ = tx.payloadAccepted(pendingAckNak: nil)
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .deliver(1))
    #expect(rx.flitReceived(.payload, field: .explicit(2)) == .deliver(2))
    rx.ackNakTransmitted()  // ...and the Ack is lost on the way.
    #expect(tx.replayTimerExpired() == .replayScheduled(from: 1, count: 2))
    let first = tx.replaySlotAvailable(pendingAckNak: nil)
    let second = tx.replaySlotAvailable(pendingAckNak: .ack(5))
    #expect(first == .resend(sequence: 1, slot: 0, field: .explicit(1)))
    #expect(second == .resend(sequence: 2, slot: 1, field: .ackNak(.ack(5))))
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .discardDuplicate(1))
    #expect(rx.flitReceived(.payload, field: .ackNak(.ack(5))) == .discardDuplicate(2))
    #expect(rx.pendingAckNak == .ack(2))
    #expect(rx.nextExpected == 3)
}

@Test func replayTimerCountsFlitTimesUpTo375() {
    var tx = RetryTransmitter(configuration: depth4)
    #expect(tx.flitTimeElapsed() == .ignored)
    #expect(tx.replayTimer == 0)  // nothing outstanding, nothing counted
    _ = tx.payloadAccepted(pendingAckNak: nil)
    for _ in 1...374 { #expect(tx.flitTimeElapsed() == .ignored) }
    #expect(tx.replayTimer == 374)
    #expect(tx.flitTimeElapsed() == .replayScheduled(from: 1, count: 1))
    #expect(tx.replayTimer == 0)
}

@Test func replaysWithoutProgressEscalateToRetrain() {
    var tx = RetryTransmitter(configuration: depth4)
    _ = tx.payloadAccepted(pendingAckNak: nil)
    let outcomes = (1...5).map { _ in tx.replayTimerExpired() }
    #expect(outcomes == [
        .replayScheduled(from: 1, count: 1), .replayScheduled(from: 1, count: 1),
        .replayScheduled(from: 1, count: 1), .retrainRequested, .replayScheduled(from: 1, count: 1),
    ])
    #expect(tx.replayCount == 1)
    #expect(tx.ackReceived(1) == .purged(count: 1))
    #expect(tx.replayCount == 0 && !tx.isReplaying)
}

@Test func ackDuringReplaySkipsAcknowledgedFlits() {
    var tx = RetryTransmitter(configuration: depth4)
    for _ in 1...3 { _ = tx.payloadAccepted(pendingAckNak: nil) }
    #expect(tx.replayTimerExpired() == .replayScheduled(from: 1, count: 3))
    #expect(tx.replaySlotAvailable(pendingAckNak: nil) == .resend(sequence: 1, slot: 0, field: .explicit(1)))
    #expect(tx.ackReceived(2) == .purged(count: 2))
    #expect(tx.replaySlotAvailable(pendingAckNak: .ack(1)) == .resend(sequence: 3, slot: 2, field: .explicit(3)))
    #expect(!tx.isReplaying)
}

@Test func ackOrNakOutsideTheWindowIsAViolation() {
    var tx = RetryTransmitter(configuration: depth4)
    _ = tx.payloadAccepted(pendingAckNak: nil)
    _ = tx.payloadAccepted(pendingAckNak: nil)
    let before = tx
    #expect(tx.ackReceived(3) == .violation(.ackOutsideWindow(3)))
    #expect(tx.ackReceived(200) == .violation(.ackOutsideWindow(200)))
    #expect(tx.nakReceived(254) == .violation(.nakOutsideWindow(254)))
    #expect(tx.ackReceived(0) == .ignored)  // S = 0: no Ack carried
    #expect(tx == before)
    #expect(tx.ackReceived(255) == .purged(count: 0))  // the initial ACKD value is valid
}

@Test func nakWithNothingOutstandingForcesAnExplicitHeader() {
    var tx = RetryTransmitter(configuration: depth4)
    _ = tx.payloadAccepted(pendingAckNak: nil)
    _ = tx.payloadAccepted(pendingAckNak: .ack(1))
    #expect(tx.nakReceived(2) == .purged(count: 2))
    #expect(tx.payloadAccepted(pendingAckNak: .ack(1)) == .sendNew(sequence: 3, slot: 2, field: .explicit(3)))
}

@Test func receiverSchedulesNakOnGapsAndFlagsSequenceZero() {
    var rx = RetryReceiver(configuration: depth4)
    #expect(rx.flitReceived(.payload, field: .explicit(0)) == .violation(.invalidPayloadSequence(0)))
    #expect(rx.flitReceived(.payload, field: .explicit(1)) == .deliver(1))
    // An explicit NOP naming a payload we never saw.
    #expect(rx.flitReceived(.nop, field: .explicit(2)) == .nakScheduled(.sequenceGap))
    #expect(rx.pendingAckNak == .nak(1))
    #expect(rx.flitReceived(.payload, field: .explicit(3)) == .discard)
    #expect(rx.flitReceived(.payload, field: .explicit(2)) == .deliver(2))
    #expect(!rx.isNakScheduled)
    #expect(rx.flitReceived(.payload, field: .explicit(5)) == .nakScheduled(.sequenceGap))
    // An explicit NOP showing nothing beyond 2 was sent ends the wait.
    #expect(rx.flitReceived(.nop, field: .explicit(2)) == .discard)
    #expect(!rx.isNakScheduled)
    #expect(rx.flitReceived(.payload, field: .ackNak(.ack(4))) == .deliver(3))
}

/// P5 seeded: a window one larger than the buffer hands out the slot of the oldest
/// unacknowledged flit again, so its replay source is overwritten.
@Test func windowLargerThanBufferReusesALiveSlot() {
    let seeded = RetryConfiguration(bufferDepth: 2, maxUnacknowledged: 3)
    var tx = RetryTransmitter(configuration: seeded)
    let sent = (0..<3).map { _ in tx.payloadAccepted(pendingAckNak: nil) }
    #expect(sent == [
        .sendNew(sequence: 1, slot: 0, field: .explicit(1)),
        .sendNew(sequence: 2, slot: 1, field: .explicit(2)),
        .sendNew(sequence: 3, slot: 0, field: .explicit(3)),
    ])
    #expect(tx.outstanding == 3)
    #expect(tx.slot(of: 1) == tx.slot(of: 3))

    var compliant = RetryTransmitter(configuration: RetryConfiguration(bufferDepth: 2))
    _ = compliant.payloadAccepted(pendingAckNak: nil)
    _ = compliant.payloadAccepted(pendingAckNak: nil)
    #expect(compliant.payloadAccepted(pendingAckNak: nil) == .refuse(.windowFull))
}

/// P6 seeded: with a window of half the ring a replayed old flit looks like a new one.
@Test func windowOfHalfTheRingMakesReplaysLookLikeGaps() {
    func replayOfFirstFlit(window: UInt8) -> RetryReceiver.Action {
        let configuration = RetryConfiguration(
            bufferDepth: window, sequenceSpace: SequenceSpace(highest: 7), maxUnacknowledged: window)
        var rx = RetryReceiver(configuration: configuration)
        for sequence in 1...window { _ = rx.flitReceived(.payload, field: .explicit(sequence)) }
        return rx.flitReceived(.payload, field: .explicit(1))
    }
    #expect(replayOfFirstFlit(window: 3) == .discardDuplicate(1))
    #expect(replayOfFirstFlit(window: 4) == .nakScheduled(.sequenceGap))
}

/// P6 seeded: modulo-256 arithmetic hands out the reserved number 0 after 255.
@Test func modulo256ArithmeticProducesSequenceZero() {
    let seeded = RetryConfiguration(bufferDepth: 1, sequenceSpace: SequenceSpace(highest: 255, includesZero: true))
    var tx = RetryTransmitter(configuration: seeded)
    var last: RetryTransmitter.Action = .ignored
    for _ in 1...256 {
        last = tx.payloadAccepted(pendingAckNak: nil)
        if case let .sendNew(sequence, _, _) = last { _ = tx.ackReceived(sequence) }
    }
    #expect(last == .sendNew(sequence: 0, slot: 0, field: .explicit(0)))
    var rx = RetryReceiver(configuration: depth4)
    #expect(rx.flitReceived(.payload, field: .explicit(0)) == .violation(.invalidPayloadSequence(0)))
}
