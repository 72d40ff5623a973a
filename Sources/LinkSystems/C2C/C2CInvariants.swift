import CHI
import StateSpace

extension C2CSystem {
    /// The invariants, in the order of ``invariantNames``:
    ///
    /// 0. CreditConservation — per channel and direction, transmitter credits + flits in flight +
    ///    receiver credits = the receiver's buffer (so no flit is ever sent without a credit).
    /// 1. NoCreditBeforeRun — the transmitter holds credits only in RUN or DEACTIVATE.
    /// 2. CreditsHomeAfterDeactivation — in STOP every credit is back at the receiver.
    /// 3. SWMR — per line, one unique copy and nothing else, or only shared copies.
    /// 4. DataValue — every valid copy and every dirty-data flit (snoop data, CopyBack data)
    ///    holds the last value written; memory does too unless a dirty copy or dirty data is on
    ///    its way. (CompData in flight is checked when it is installed.)
    /// 5. ProtocolCreditConservation — a P-credit granted to an RN-F is in exactly one place
    ///    (PCrdGrant on the wire, held by the RN-F, or spent by a re-send on the wire), and only
    ///    while the home reserves the line for that RN-F.
    /// 6. ResponsesSink — the response or data flit at the head of an RSP or DAT channel is one
    ///    its receiver accepts in its current state.
    /// 7. DirectoryMatchesCaches — when nothing is in progress the directory is exact.
    public func violatedInvariant(in s: PackedState) -> Int? {
        for i in fields.channels.indices where !credits(s, i).isConserved { return 0 }
        for ch in fields.channels where s[ch.txCredits] > 0 {
            let st = linkState(s, ch.direction)
            if st == .stop || st == .activate { return 1 }
        }
        for i in fields.channels.indices where linkState(s, fields.channels[i].direction) == .stop && !credits(s, i).isHome {
            return 2
        }
        for l in 0..<configuration.lines where !singleWriter(s, l) { return 3 }
        for l in 0..<configuration.lines where !dataValueHolds(s, l) { return 4 }
        if configuration.retryEnabled {
            for l in 0..<configuration.lines {
                for r in 0..<configuration.requestNodes where !protocolCreditsConserved(s, r, l) { return 5 }
            }
        }
        if !responsesSink(s) { return 6 }
        if protocolQuiescent(s) {
            for l in 0..<configuration.lines {
                for r in 0..<configuration.requestNodes {
                    let cache = CacheState(rawValue: s[fields.cacheState[r][l]])!
                    if s[fields.directory[l][r]] != DirectoryState(cache).rawValue { return 7 }
                }
            }
        }
        return nil
    }

    func singleWriter(_ s: PackedState, _ l: Int) -> Bool {
        var unique = 0
        var valid = 0
        for r in 0..<configuration.requestNodes {
            let st = CacheState(rawValue: s[fields.cacheState[r][l]])!
            if st != .I { valid += 1 }
            if st.isUnique { unique += 1 }
        }
        return unique == 0 || (unique == 1 && valid == 1)
    }

    func dataValueHolds(_ s: PackedState, _ l: Int) -> Bool {
        let last = s[fields.lastWritten[l]]
        var dirty = false
        for r in 0..<configuration.requestNodes {
            let st = CacheState(rawValue: s[fields.cacheState[r][l]])!
            if st.holdsData && s[fields.cacheData[r][l]] != last { return false }
            if st.isDirty { dirty = true }
        }
        for ch in fields.channels where ch.kind == .dat {
            let alphabet = alphabets[ch.direction.rawValue]
            for k in ch.slotRange {
                guard case .message(let m, _, let line) = alphabet.decode(s[fields.slots[k]]), line == l else { continue }
                switch m {
                case .snpRespData(_, let v):
                    if v != last { return false }
                    dirty = true
                case .copyBackWriteData(let st, let v) where st != .I:
                    if v != last { return false }
                    dirty = true
                default: break
                }
            }
        }
        return dirty || s[fields.memory[l]] == last
    }

    func protocolCreditsConserved(_ s: PackedState, _ r: Int, _ l: Int) -> Bool {
        var tokens = 0
        switch phases.decode(s[fields.phase[r][l]]).phase {
        case .granted, .resendDue: tokens += 1
        default: break
        }
        for ch in fields.channels {
            let alphabet = alphabets[ch.direction.rawValue]
            for k in ch.slotRange {
                guard case .message(let m, let rn, let line) = alphabet.decode(s[fields.slots[k]]), rn == r, line == l else { continue }
                if m == .pCrdGrant { tokens += 1 }
                if case .request(_, allowRetry: false) = m { tokens += 1 }
            }
        }
        let reserved = s[fields.reservedFor[l]] == r + 1 ? 1 : 0
        return tokens == reserved
    }

    func responsesSink(_ s: PackedState) -> Bool {
        for ch in fields.channels where ch.kind == .rsp || ch.kind == .dat {
            guard case .message(let m, let r, let l) = alphabets[ch.direction.rawValue].decode(s[fields.head(ch)]) else { continue }
            if ch.direction == .up {
                let h = home(s, l)
                switch m {
                case .snpResp, .snpRespData: if h.snoop(r) != .awaitingResponse { return false }
                case .compAck: if h.tracker(r) != .awaitingCompAck { return false }
                case .copyBackWriteData: if h.tracker(r) != .awaitingWriteData { return false }
                default: break
                }
            } else {
                var rn = requestNode(s, r, l)
                if case .violation = rn.receive(m, rnBehaviour) { return false }
            }
        }
        return true
    }
}
