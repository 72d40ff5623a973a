import StateSpace
import UCIe

extension UCIeAdapterSystem {
    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let r = rules[rule]
        let f = fields
        let a = r.die
        switch r.kind {
        case .issueRequest:
            guard s[f.outstanding[a]] < maxOutstanding, s[f.credits[a][reqVC]] > 0, canSendPayload(from: a, s) else {
                return false
            }
            s[f.outstanding[a]] += 1
            sendMessage(from: a, vc: reqVC, class: MessageClass.request, s)
        case .serveRequest:
            // Without snoops the request is answered; with them the requesting die is snooped first.
            return snpVC < 0
                ? forward(at: a, from: reqVC, MessageClass.request, to: rspVC, MessageClass.response, s)
                : forward(at: a, from: reqVC, MessageClass.request, to: snpVC, MessageClass.snoop, s)
        case .serveRequestWithData:
            return forward(at: a, from: reqVC, MessageClass.request, to: r.vc, MessageClass.data, s)
        case .answerSnoop:
            return forward(at: a, from: r.vc, MessageClass.snoop, to: rspVC, MessageClass.snoopResponse, s)
        case .completeRequest:
            return forward(
                at: a, from: rspVC, MessageClass.snoopResponse, to: r.vc, datVC >= 0 ? MessageClass.data : MessageClass.response, s)
        case .sinkResponse:
            return sink(at: a, vc: rspVC, MessageClass.response, s)
        case .sinkData:
            return sink(at: a, vc: r.vc, MessageClass.data, s)
        case .returnCredits:
            return returnCredits(from: a, vc: r.vc, s)
        case .txReplay:
            return replay(from: a, s)
        case .txNOP:
            return sendNOP(from: a, s)
        case .replayTimeout:
            return timeout(die: a, s)
        case .rxFlit:
            return receive(at: a, s)
        case .corrupt, .drop:
            let link = f.link[a]
            guard s[f.faultsLeft] > 0, s[link[0]] != 0 else { return false }
            s[f.faultsLeft] -= 1
            popLink(a, s)
            if r.kind == .corrupt {
                var rx = receiver(die: 1 - a, s)
                note(rx.crcErrorDetected(), at: 1 - a, s)
                store(rx, die: 1 - a, s)
            }
        }
        return true
    }

    // MARK: Protocol layer

    /// The message of class `taken` at the head of VC `from` is answered by one of class `sent`
    /// on VC `to`, in one step: the buffer is held until the answer's credit is there.
    @inline(__always)
    func forward(at a: Int, from: Int, _ taken: Int, to: Int, _ sent: Int, _ s: PackedState) -> Bool {
        guard head(die: a, vc: from, s) == taken, s[fields.credits[a][to]] > 0, canSendPayload(from: a, s) else { return false }
        pop(die: a, vc: from, s)
        s[fields.pendingReturn[a][from]] += 1
        sendMessage(from: a, vc: to, class: sent, s)
        return true
    }

    /// A completion reaches its requester, which consumes it without waiting for anything.
    @inline(__always)
    func sink(at a: Int, vc v: Int, _ taken: Int, _ s: PackedState) -> Bool {
        let f = fields
        guard head(die: a, vc: v, s) == taken, s[f.outstanding[a]] > 0 else { return false }
        pop(die: a, vc: v, s)
        s[f.pendingReturn[a][v]] += 1
        s[f.outstanding[a]] -= 1
        return true
    }

    // MARK: Receive buffers

    @inline(__always)
    func head(die a: Int, vc v: Int, _ s: PackedState) -> Int {
        fields.slotClass[a][v][s[fields.buffer[a][v][0]]]
    }

    @inline(__always)
    func pop(die a: Int, vc v: Int, _ s: PackedState) {
        let slots = fields.buffer[a][v]
        for i in 0..<(slots.count - 1) { s[slots[i]] = s[slots[i + 1]] }
        s[slots[slots.count - 1]] = 0
    }

    /// A message lands in a receive buffer. With no room (credits above the buffer) it is lost,
    /// which the credit-conservation invariant reports.
    @inline(__always)
    func push(die a: Int, vc v: Int, class c: Int, _ s: PackedState) {
        let code = fields.slotCode[a][v][c]
        for slot in fields.buffer[a][v] where s[slot] == 0 {
            s[slot] = code
            return
        }
    }

    @inline(__always)
    func addCredits(die a: Int, vc v: Int, _ k: Int, _ s: PackedState) {
        s[fields.credits[a][v]] = min(credits[a][v], s[fields.credits[a][v]] + k)
    }

    // MARK: Sending

    /// Whether the die can hand a payload flit to its Adapter now: always without retry; with
    /// retry when the link has room, no replay is in progress and the window is open.
    @inline(__always)
    func canSendPayload(from a: Int, _ s: PackedState) -> Bool {
        guard retryOn else { return true }
        guard s[fields.link[a][linkSlots - 1]] == 0 else { return false }
        let tx = transmitter(die: a, s)
        return !tx.isReplaying && tx.outstanding < window[a]
    }

    /// Sends a protocol message of `class` on VC `v`, spending one credit; piggy-backs the
    /// credits of VC `v` the die owes its peer when piggy-backing is on.
    @inline(__always)
    func sendMessage(from a: Int, vc v: Int, class c: Int, _ s: PackedState) {
        let f = fields
        let p = 1 - a
        s[f.credits[a][v]] -= 1
        var returned = 0
        if piggyback {
            returned = s[f.pendingReturn[a][v]]
            s[f.pendingReturn[a][v]] = 0
        }
        if retryOn {
            let tag = s[f.tx[a].ghostNextTag]
            s[f.inFlight[a][v]] += 1
            s[f.creditsInFlight[a][v]] += returned
            acceptPayload(from: a, token: tokens.message(vc: v, class: c, tag: tag, credits: returned), s)
        } else {
            push(die: p, vc: v, class: c, s)
            addCredits(die: p, vc: v, returned, s)
        }
    }

    /// The dedicated credit-return flit for VC `v`: returns everything the die owes on `v`.
    @inline(__always)
    func returnCredits(from a: Int, vc v: Int, _ s: PackedState) -> Bool {
        let f = fields
        let owed = s[f.pendingReturn[a][v]]
        guard owed > 0 else { return false }
        if configuration.creditFlitConsumesCredit { guard s[f.credits[a][v]] > 0 else { return false } }
        guard canSendPayload(from: a, s) else { return false }
        if configuration.creditFlitConsumesCredit { s[f.credits[a][v]] -= 1 }
        s[f.pendingReturn[a][v]] = 0
        if retryOn {
            let tag = s[f.tx[a].ghostNextTag]
            s[f.creditsInFlight[a][v]] += owed
            acceptPayload(from: a, token: tokens.creditFlit(vc: v, count: owed, tag: tag), s)
        } else {
            addCredits(die: 1 - a, vc: v, owed, s)
        }
        return true
    }

    /// The Adapter takes a payload flit (``canSendPayload(from:_:)`` held): retry buffer, link.
    @inline(__always)
    func acceptPayload(from a: Int, token: Int, _ s: PackedState) {
        let t = fields.tx[a]
        var tx = transmitter(die: a, s)
        var rx = receiver(die: a, s)
        guard case let .sendNew(_, slot, field) = tx.payloadAccepted(pendingAckNak: rx.pendingAckNak) else {
            preconditionFailure("the transmitter refused a payload canSendPayload admitted")
        }
        if case .ackNak = field { rx.ackNakTransmitted() }
        s[t.buffer[Int(slot)]] = token
        s[t.ghostNextTag] = (s[t.ghostNextTag] + 1) % tokens.tagCount
        pushLink(a, flits.encode(token: token, field: field), s)
        store(tx, die: a, s)
        store(rx, die: a, s)
    }

    /// Go-back-N: resend the next flit of the replay from its retry-buffer slot.
    @inline(__always)
    func replay(from a: Int, _ s: PackedState) -> Bool {
        guard s[fields.link[a][linkSlots - 1]] == 0 else { return false }
        var tx = transmitter(die: a, s)
        guard tx.isReplaying else { return false }
        var rx = receiver(die: a, s)
        guard case let .resend(_, slot, field) = tx.replaySlotAvailable(pendingAckNak: rx.pendingAckNak) else {
            return false
        }
        if case .ackNak = field { rx.ackNakTransmitted() }
        pushLink(a, flits.encode(token: s[fields.tx[a].buffer[Int(slot)]], field: field), s)
        store(tx, die: a, s)
        store(rx, die: a, s)
        return true
    }

    /// An Adapter NOP. **[MODEL]** It is sent when the die's receiver owes an Ack or Nak, or as
    /// an idle flit when both directions of the link are empty (the Adapter sends a flit in every
    /// flit slot; idle NOPs at other times would only add interleavings). The idle NOP carries the
    /// number of the last payload sent, which is what lets a receiver that lost its own Nak leave
    /// NAK_SCHEDULED when nothing was lost after all.
    @inline(__always)
    func sendNOP(from a: Int, _ s: PackedState) -> Bool {
        let f = fields
        guard s[f.link[a][linkSlots - 1]] == 0 else { return false }
        var rx = receiver(die: a, s)
        let report = rx.pendingAckNak
        if report == nil { guard s[f.link[0][0]] == 0, s[f.link[1][0]] == 0 else { return false } }
        var tx = transmitter(die: a, s)
        guard case let .sendNOP(field) = tx.idleSlotAvailable(pendingAckNak: report) else { return false }
        if case .ackNak = field { rx.ackNakTransmitted() }
        pushLink(a, flits.encode(token: TokenTable.none, field: field), s)
        store(tx, die: a, s)
        store(rx, die: a, s)
        return true
    }

    /// **[MODEL]** The replay timer expires only once nothing else can happen on the link: both
    /// directions empty, no Ack/Nak owed by the peer, no replay under way. A 375-flit-time timer
    /// is longer than any round trip of this model, so an earlier expiry is not considered.
    @inline(__always)
    func timeout(die a: Int, _ s: PackedState) -> Bool {
        let f = fields
        guard s[f.link[0][0]] == 0, s[f.link[1][0]] == 0 else { return false }
        var tx = transmitter(die: a, s)
        guard !tx.isReplaying, tx.outstanding > 0, receiver(die: 1 - a, s).pendingAckNak == nil else { return false }
        switch tx.replayTimerExpired() {
        case .replayScheduled, .retrainRequested: break
        default: return false
        }
        store(tx, die: a, s)
        return true
    }

    // MARK: Receiving

    /// The die takes the flit at the head of the link from its peer: the header's Ack/Nak goes to
    /// its transmitter, the flit itself to its receiver, and a delivered payload to the protocol layer.
    @inline(__always)
    func receive(at a: Int, _ s: PackedState) -> Bool {
        let p = 1 - a
        let code = s[fields.link[p][0]]
        guard code != 0 else { return false }
        popLink(p, s)
        let (token, field) = flits.decode(code)
        if case let .ackNak(report) = field {
            var tx = transmitter(die: a, s)
            let action: RetryTransmitter.Action
            switch report {
            case let .ack(n): action = tx.ackReceived(n)
            case let .nak(n): action = tx.nakReceived(n)
            }
            if case let .violation(v) = action { raise(v, at: a, s) }
            clearFreeSlots(die: a, tx, s)
            store(tx, die: a, s)
        }
        var rx = receiver(die: a, s)
        let action = rx.flitReceived(token == TokenTable.none ? .nop : .payload, field: field)
        store(rx, die: a, s)
        switch action {
        case .deliver:
            deliver(token, from: p, at: a, s)
        default:
            note(action, at: a, s)
        }
        return true
    }

    /// Empties the retry-buffer slots that hold no unacknowledged flit, so that equal behaviour
    /// gives equal states. (With the seeded P5 window two outstanding flits can share a slot; that
    /// slot stays as the newer flit left it.)
    @inline(__always)
    func clearFreeSlots(die a: Int, _ tx: RetryTransmitter, _ s: PackedState) {
        let slots = fields.tx[a].buffer
        let live = tx.outstanding
        let head = Int(tx.bufferHead)
        for j in 0..<slots.count where (j - head + slots.count) % slots.count >= live {
            s[slots[j]] = 0
        }
    }

    /// A payload flit reaches the protocol layer: the ghost tag checks exactly-once in-order
    /// delivery; a message enters its VC buffer, returned credits reach the sender's counter.
    @inline(__always)
    func deliver(_ token: Int, from p: Int, at a: Int, _ s: PackedState) {
        let f = fields
        let x = f.rx[a]
        let expected = s[x.ghostExpectedTag]
        let tag = tokens.tag[token]
        if tag != expected && s[x.deliveryCheck] == DeliveryCheck.ok {
            let behind = (expected - tag + tokens.tagCount) % tokens.tagCount
            s[x.deliveryCheck] = behind <= window[p] ? DeliveryCheck.duplicate : DeliveryCheck.lost
        }
        s[x.ghostExpectedTag] = (tag + 1) % tokens.tagCount
        let v = tokens.vc[token]
        let returned = tokens.credits[token]
        if tokens.kind[token] == TokenTable.message {
            s[f.inFlight[p][v]] = max(0, s[f.inFlight[p][v]] - 1)
            push(die: a, vc: v, class: tokens.messageClass[token], s)
        }
        if returned > 0 {
            s[f.creditsInFlight[p][v]] = max(0, s[f.creditsInFlight[p][v]] - returned)
            addCredits(die: a, vc: v, returned, s)
        }
    }

    @inline(__always)
    func note(_ action: RetryReceiver.Action, at a: Int, _ s: PackedState) {
        if case let .violation(v) = action { raise(v, at: a, s) }
    }

    @inline(__always)
    func raise(_ v: RetryViolation, at a: Int, _ s: PackedState) {
        if s[fields.retryError[a]] == 0 { s[fields.retryError[a]] = RetryErrorCode.code(v) }
    }

    // MARK: Link FIFO

    @inline(__always)
    func pushLink(_ a: Int, _ code: Int, _ s: PackedState) {
        for slot in fields.link[a] where s[slot] == 0 {
            s[slot] = code
            return
        }
        preconditionFailure("link full")
    }

    @inline(__always)
    func popLink(_ a: Int, _ s: PackedState) {
        let slots = fields.link[a]
        for i in 0..<(slots.count - 1) { s[slots[i]] = s[slots[i + 1]] }
        s[slots[slots.count - 1]] = 0
    }
}
