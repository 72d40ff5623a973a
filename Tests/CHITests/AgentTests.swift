import CHI
import Testing

@Suite struct RequestNodeTests {
    let plain = RequestNodeBehaviour()

    @Test("ReadUnique from I: CompData_UC installs UC, then CompAck, then a store makes UD")
    func readUnique() {
        var rn = RequestNodeLine()
        #expect(rn.issue(.readUnique, plain) == .request(.readUnique, allowRetry: true))
        #expect(rn.phase == .outstanding(.readUnique))
        #expect(rn.issue(.readShared, plain) == nil)
        #expect(rn.receive(.compData(.UC, data: 1), plain) == .accepted)
        #expect(rn == RequestNodeLine(state: .UC, data: 1, phase: .compAckDue))
        #expect(!did(rn.store(0)))
        #expect(rn.sendCompAck() == .compAck)
        #expect(did(rn.store(0)))
        #expect(rn == RequestNodeLine(state: .UD, data: 0))
    }

    @Test("each request only from the states the model issues it in", arguments: [
        (CacheState.I, [RequestOpcode.readShared, .readUnique, .makeUnique]),
        (.UC, [.evict]), (.UCE, [.evict]), (.UD, [.writeBackFull]), (.SC, [.cleanUnique, .evict, .makeUnique]),
        (.SD, [.cleanUnique, .writeBackFull]),
    ])
    func issueStates(state: CacheState, allowed: [RequestOpcode]) {
        let rn = RequestNodeLine(state: state, data: state.holdsData ? 1 : 0)
        #expect(RequestOpcode.allCases.filter { rn.mayIssue($0, plain) } == allowed)
        let noUCE = RequestNodeBehaviour(uniqueCleanEmpty: false)
        #expect(rn.mayIssue(.cleanUnique, noUCE) == false)
        #expect(rn.mayIssue(.readUnique, noUCE) == (state == .I || state == .SC))
    }

    @Test("snoop table: final state and response", arguments: [
        (CacheState.I, SnoopOpcode.snpShared, CacheState.I, Message.snpResp(.I)),
        (.UC, .snpShared, .SC, .snpResp(.SC)),
        (.UCE, .snpShared, .I, .snpResp(.I)),
        (.UD, .snpShared, .SD, .snpRespData(.SD, data: 1)),
        (.SC, .snpShared, .SC, .snpResp(.SC)),
        (.SD, .snpShared, .SD, .snpRespData(.SD, data: 1)),
        (.UC, .snpUnique, .I, .snpResp(.I)),
        (.UD, .snpUnique, .I, .snpRespData(.I, data: 1)),
        (.SD, .snpCleanInvalid, .I, .snpRespData(.I, data: 1)),
        (.SC, .snpCleanInvalid, .I, .snpResp(.I)),
    ])
    func snoops(before: CacheState, snoop: SnoopOpcode, after: CacheState, response: Message) {
        var rn = RequestNodeLine(state: before, data: before.holdsData ? 1 : 0)
        #expect(rn.snoop(snoop, plain) == response)
        #expect(rn.state == after)
        #expect(rn.data == (after.holdsData ? 1 : 0))
    }

    @Test("a snoop crossing a WriteBackFull: CBWrData_I afterwards, or stale data with defect P9a")
    func writeBackCrossingSnoop() {
        for stale in [false, true] {
            let behaviour = RequestNodeBehaviour(staleWriteBackData: stale)
            var rn = RequestNodeLine(state: .UD, data: 1)
            #expect(rn.issue(.writeBackFull, behaviour) == .request(.writeBackFull, allowRetry: true))
            #expect(rn.snoop(.snpUnique, behaviour) == .snpRespData(.I, data: 1))
            #expect(rn.receive(.compDBIDResp, behaviour) == .accepted)
            #expect(rn.sendWriteData(behaviour) == (stale ? .copyBackWriteData(.UD, data: 1) : .copyBackWriteData(.I, data: 0)))
            #expect(rn == RequestNodeLine())
        }
    }

    @Test("CleanUnique: SC → UC, SD → UD, and a copy lost to a snoop meanwhile → UCE")
    func cleanUnique() {
        for (before, snooped, after) in [(CacheState.SC, false, CacheState.UC), (.SD, false, .UD), (.SC, true, .UCE)] {
            var rn = RequestNodeLine(state: before, data: 1)
            #expect(rn.issue(.cleanUnique, plain) != nil)
            if snooped { _ = rn.snoop(.snpUnique, plain) }
            #expect(rn.receive(.comp(.UC), plain) == .accepted)
            #expect(rn.state == after && rn.phase == .compAckDue)
        }
    }

    @Test("MakeUnique writes its value when Comp_UC arrives; Evict leaves I at once")
    func makeUniqueAndEvict() {
        var rn = RequestNodeLine(state: .SC, data: 0)
        #expect(rn.issue(.makeUnique, writing: 1, plain) != nil)
        #expect(rn.receive(.comp(.UC), plain) == .wrote(1))
        #expect(rn == RequestNodeLine(state: .UD, data: 1, phase: .compAckDue))
        var ev = RequestNodeLine(state: .UC, data: 1)
        #expect(ev.issue(.evict, plain) == .request(.evict, allowRetry: true))
        #expect(ev.state == .I && ev.data == 0)
        #expect(ev.receive(.comp(.I), plain) == .accepted)
        #expect(ev.phase == .idle)
    }

    @Test("retry: re-send only after both RetryAck and PCrdGrant, in either order; P10b re-sends early")
    func retry() {
        for grantFirst in [false, true] {
            var rn = RequestNodeLine()
            _ = rn.issue(.readShared, plain)
            let first: Message = grantFirst ? .pCrdGrant : .retryAck
            let second: Message = grantFirst ? .retryAck : .pCrdGrant
            #expect(rn.receive(first, plain) == .accepted)
            #expect(rn.resend() == nil)
            #expect(rn.receive(second, plain) == .accepted)
            #expect(rn.resend() == .request(.readShared, allowRetry: false))
        }
        var early = RequestNodeLine()
        let p10b = RequestNodeBehaviour(resendWithoutGrant: true)
        _ = early.issue(.readShared, p10b)
        #expect(early.receive(.retryAck, p10b) == .accepted)
        #expect(early.resend() == .request(.readShared, allowRetry: false))
    }

    @Test("an unexpected response is a violation value and changes nothing")
    func unexpected() {
        var rn = RequestNodeLine(state: .SC, data: 1)
        #expect(rn.receive(.compAck, plain) == .violation(.unexpected(.compAck, state: .SC)))
        #expect(rn.receive(.compData(.UC, data: 0), plain) == .violation(.unexpected(.compData(.UC, data: 0), state: .SC)))
        #expect(rn == RequestNodeLine(state: .SC, data: 1))
    }

    @Test("silent drop of a dirty line only with defect P9c")
    func silentDrop() {
        var rn = RequestNodeLine(state: .UD, data: 1)
        #expect(!did(rn.silentDrop(plain)))
        #expect(did(rn.silentDrop(RequestNodeBehaviour(silentDirtyDrop: true))))
        #expect(rn.state == .I)
    }
}

@Suite struct HomeNodeTests {
    let plain = HomeBehaviour()

    @Test("ReadUnique with a dirty owner: SnpUnique, data to memory, CompData_UC, serialised until CompAck")
    func readUniqueWithOwner() {
        var h = HomeLine(requesters: 2)
        h.setDirectory(0, .U)
        #expect(h.decide(.readUnique, from: 1, allowRetry: true, plain) == .accept)
        h.accept(.readUnique, from: 1, plain)
        #expect(h.snoop(0) == .toSend)
        #expect(h.completion(for: 1, plain) == nil)
        #expect(h.snoopToSend(0, plain) == .snpUnique)
        h.snoopSent(0)
        h.receiveSnoopResponse(from: 0, state: .I, data: 1)
        #expect(h.memory == 1 && h.directory(0) == .I)
        let completion = h.completion(for: 1, plain)
        #expect(completion == .compData(.UC, data: 1))
        h.completed(1, with: completion!)
        #expect(h.directory(1) == .U && h.tracker(1) == .awaitingCompAck)
        #expect(h.decide(.readShared, from: 0, allowRetry: true, plain) == .wait)
        #expect(did(h.receiveCompAck(from: 1)))
        #expect(h.decide(.readShared, from: 0, allowRetry: true, plain) == .accept)
        #expect(h.isQuiescent)
    }

    @Test("ReadShared snoops only a unique or dirty owner; alone it gets UC, else SC")
    func readShared() {
        var h = HomeLine(requesters: 3)
        #expect(h.completion(for: 0, plain) == nil)
        h.accept(.readShared, from: 0, plain)
        #expect(h.completion(for: 0, plain) == .compData(.UC, data: 0))
        var shared = HomeLine(requesters: 3)
        shared.setDirectory(1, .SC)
        shared.setDirectory(2, .SD)
        shared.accept(.readShared, from: 0, plain)
        #expect(shared.snoop(1) == .none && shared.snoop(2) == .toSend)
    }

    @Test("with retry: RetryAck while busy, PCrdGrant when free, the line reserved for the re-send")
    func retry() {
        let b = HomeBehaviour(retry: true)
        var h = HomeLine(requesters: 2)
        h.accept(.readUnique, from: 0, b)
        #expect(h.decide(.readUnique, from: 1, allowRetry: true, b) == .retry)
        h.retried(1)
        #expect(!h.mayGrant(1, b))
        h.completed(0, with: .compData(.UC, data: 0))
        #expect(did(h.receiveCompAck(from: 0)))
        #expect(h.mayGrant(1, b))
        h.grant(1)
        #expect(h.decide(.readShared, from: 0, allowRetry: true, b) == .retry)
        #expect(h.decide(.readUnique, from: 1, allowRetry: false, b) == .accept)
        h.accept(.readUnique, from: 1, b)
        #expect(h.reservedFor == nil && h.waitingForCredit == 0)
    }

    @Test("no snoop between Comp and CompAck; defect P9b snoops anyway")
    func noSnoopBeforeCompAck() {
        for bug in [false, true] {
            let b = HomeBehaviour(snoopBeforeCompAck: bug)
            var h = HomeLine(requesters: 2)
            h.accept(.readUnique, from: 0, b)
            h.completed(0, with: .compData(.UC, data: 0))
            #expect(h.decide(.readUnique, from: 1, allowRetry: true, b) == (bug ? .accept : .wait))
        }
    }

    @Test("defect P10d: two ReadUniques served at once snoop each other again and again")
    func pingPong() {
        let b = HomeBehaviour(noSerialisation: true)
        var h = HomeLine(requesters: 2)
        h.accept(.readUnique, from: 0, b)
        #expect(h.decide(.readUnique, from: 1, allowRetry: true, b) == .accept)
        h.accept(.readUnique, from: 1, b)
        #expect(h.snoop(0) == .toSend)
        h.snoopSent(0)
        h.receiveSnoopResponse(from: 0, state: .I, data: nil)
        #expect(h.completion(for: 1, b) == nil)
        #expect(did(h.resnoop(for: 1, b)))
        #expect(h.snoop(0) == .toSend)
    }

    @Test("WriteBackFull: CompDBIDResp, then dirty data updates memory and CBWrData_I does not")
    func writeBack() {
        for (state, expected) in [(CacheState.UD, 1), (.I, 0)] {
            var h = HomeLine(requesters: 1)
            h.setDirectory(0, .U)
            h.accept(.writeBackFull, from: 0, plain)
            #expect(h.completion(for: 0, plain) == .compDBIDResp)
            h.completed(0, with: .compDBIDResp)
            #expect(did(h.receiveWriteData(from: 0, state: state, data: state == .I ? 0 : 1)))
            #expect(h.memory == expected && h.directory(0) == .I && h.isQuiescent)
        }
    }
}
