import CHI
import StateSpace

extension C2CSystem {
    /// Guards and actions. Each rule loads the agent values it touches, asks the sans-IO state
    /// machine, and writes back only when every guard (agent, channel credit, link state) holds.
    public func apply(_ rule: Int, to s: PackedState) -> Bool {
        let quick = quickGuards[rule]
        let value = s[quick.field]
        guard value >= quick.low && value <= quick.high else { return false }
        return fire(rule, s)
    }

    private func fire(_ rule: Int, _ s: PackedState) -> Bool {
        switch rules[rule] {
        case .issue(let r, let l, let op, let v):
            var rn = requestNode(s, r, l)
            guard let message = rn.issue(op, writing: v, rnBehaviour), maySend(s, channel(for: message, .up)) else {
                return false
            }
            store(rn, s, r, l)
            send(s, message, rn: r, line: l, .up)

        case .store(let r, let l, let v):
            var rn = requestNode(s, r, l)
            guard rn.store(v) else { return false }
            store(rn, s, r, l)
            s[fields.lastWritten[l]] = v

        case .sendCompAck(let r, let l):
            var rn = requestNode(s, r, l)
            guard let message = rn.sendCompAck(), maySend(s, channel(for: message, .up)) else { return false }
            store(rn, s, r, l)
            send(s, message, rn: r, line: l, .up)

        case .sendWriteData(let r, let l):
            var rn = requestNode(s, r, l)
            guard let message = rn.sendWriteData(rnBehaviour), maySend(s, channel(for: message, .up)) else { return false }
            store(rn, s, r, l)
            send(s, message, rn: r, line: l, .up)

        case .resend(let r, let l):
            var rn = requestNode(s, r, l)
            guard let message = rn.resend(), maySend(s, channel(for: message, .up)) else { return false }
            store(rn, s, r, l)
            send(s, message, rn: r, line: l, .up)

        case .silentDrop(let r, let l):
            var rn = requestNode(s, r, l)
            guard rn.silentDrop(rnBehaviour) else { return false }
            store(rn, s, r, l)

        case .snoop(let l, let t, let op):
            guard s[fields.snoop[l][t]] == SnoopStatus.toSend.rawValue else { return false }
            var h = home(s, l)
            let message = Message.snoop(op)
            guard h.snoopToSend(t, homeBehaviour) == op, maySend(s, channel(for: message, .down)) else { return false }
            h.snoopSent(t)
            store(h, s, l)
            send(s, message, rn: t, line: l, .down)

        case .complete(let r, let l, let kind):
            guard s[fields.tracker[l][r]] >= 3 else { return false }
            var h = home(s, l)
            guard let message = h.completion(for: r, homeBehaviour), C2CCompletion(message) == kind,
                maySend(s, channel(for: message, .down))
            else { return false }
            h.completed(r, with: message)
            store(h, s, l)
            send(s, message, rn: r, line: l, .down)

        case .grant(let r, let l):
            guard s[flag: fields.waitingForCredit[l][r]] else { return false }
            var h = home(s, l)
            guard h.mayGrant(r, homeBehaviour), maySend(s, channel(for: .pCrdGrant, .down)) else { return false }
            h.grant(r)
            store(h, s, l)
            send(s, .pCrdGrant, rn: r, line: l, .down)

        case .resnoop(let r, let l):
            var h = home(s, l)
            guard h.resnoop(for: r, homeBehaviour) else { return false }
            store(h, s, l)

        case .raiseRequest(let d):
            var link = LinkActivation(linkState(s, d))
            guard link.raiseRequest() else { return false }
            s[fields.linkState[d.rawValue]] = link.state.rawValue

        case .raiseAcknowledge(let d):
            var link = LinkActivation(linkState(s, d))
            guard link.raiseAcknowledge() else { return false }
            s[fields.linkState[d.rawValue]] = link.state.rawValue

        case .dropRequest(let d):
            // The transmitter leaves RUN only when its die has nothing in progress.
            guard linkState(s, d) == .run, d == .up ? requesterDieIdle(s) : homeDieIdle(s) else { return false }
            var link = LinkActivation(linkState(s, d))
            guard link.dropRequest() else { return false }
            s[fields.linkState[d.rawValue]] = link.state.rawValue

        case .dropAcknowledge(let d):
            var home = true
            for ch in fields.channels where ch.direction == d {
                // Correct: every credit is back at the receiver. P2a: the transmitter holds none.
                if configuration.bug == .p2a ? s[ch.txCredits] != 0 : s[ch.rxCredits] != ch.capacity { home = false }
            }
            var link = LinkActivation(linkState(s, d))
            guard link.dropAcknowledge(creditsHome: home) else { return false }
            s[fields.linkState[d.rawValue]] = link.state.rawValue

        case .grantCredit(let i):
            let ch = fields.channels[i]
            var cc = credits(s, i)
            guard cc.grant(in: linkState(s, ch.direction)) == nil else { return false }
            s[ch.txCredits] = cc.txCredits
            s[ch.rxCredits] = cc.rxCredits

        case .returnCredit(let i):
            let ch = fields.channels[i]
            var cc = credits(s, i)
            guard cc.returnCredit(in: linkState(s, ch.direction)) == nil else { return false }
            enqueue(s, i, 1)

        case .deliver(let i, let code):
            let ch = fields.channels[i]
            guard s[fields.head(ch)] == code else { return false }
            return deliver(code, on: i, s)
        }
        return true
    }

    /// The receiver takes the head flit of channel `i`, or leaves it when it cannot yet.
    private func deliver(_ code: Int, on i: Int, _ s: PackedState) -> Bool {
        let d = fields.channels[i].direction
        guard case .message(let message, let r, let l) = alphabets[d.rawValue].decode(code) else {
            dequeue(s, i)  // a link flit: its credit is home (lost in STOP)
            return true
        }
        // The receiver takes protocol flits in every state but STOP.
        guard linkState(s, d) != .stop else { return false }
        if d == .up {
            var h = home(s, l)
            switch message {
            case .request(let op, let allowRetry):
                switch h.decide(op, from: r, allowRetry: allowRetry, homeBehaviour) {
                case .wait: return false
                case .accept:
                    h.accept(op, from: r, homeBehaviour)
                    dequeue(s, i)
                case .retry:
                    guard maySend(s, channel(for: .retryAck, .down)) else { return false }
                    h.retried(r)
                    dequeue(s, i)
                    send(s, .retryAck, rn: r, line: l, .down)
                }
            case .snpResp(let st):
                guard h.snoop(r) == .awaitingResponse else { return false }
                h.receiveSnoopResponse(from: r, state: st, data: nil)
                dequeue(s, i)
            case .snpRespData(let st, let v):
                guard h.snoop(r) == .awaitingResponse else { return false }
                h.receiveSnoopResponse(from: r, state: st, data: v)
                dequeue(s, i)
            case .compAck:
                guard h.receiveCompAck(from: r) else { return false }
                dequeue(s, i)
            case .copyBackWriteData(let st, let v):
                guard h.receiveWriteData(from: r, state: st, data: v) else { return false }
                dequeue(s, i)
            default:
                return false
            }
            store(h, s, l)
            return true
        }
        var rn = requestNode(s, r, l)
        if case .snoop(let op) = message {
            // Consumed together with its response: a snoop may wait for RSP/DAT credit towards
            // the home, never for REQ progress [CHI B13.4.1].
            let response = rn.snoop(op, rnBehaviour)
            guard maySend(s, channel(for: response, .up)) else { return false }
            dequeue(s, i)
            store(rn, s, r, l)
            send(s, response, rn: r, line: l, .up)
            return true
        }
        switch rn.receive(message, rnBehaviour) {
        case .violation: return false
        case .accepted: break
        case .wrote(let v): s[fields.lastWritten[l]] = v
        }
        dequeue(s, i)
        store(rn, s, r, l)
        return true
    }
}
