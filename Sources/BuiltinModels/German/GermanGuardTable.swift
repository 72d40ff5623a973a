import StateSpace

/// The guards of German's per-client rules compiled into one lookup table (data-free variant).
///
/// Every per-client guard reads the same few things: the client's own control fields (cache
/// state, its three channel commands, its `invSet` and `shrSet` bits), `curCmd`, `exGntd`,
/// whether `curPtr` names the client, and, for SendGntE, whether some *other* client is a
/// sharer. In the data-free variant a client's control fields are nine adjacent bits of one
/// word, so those inputs make a 14-bit key, and the table maps each key to the set of rule
/// families enabled for that client. The successor loop then costs a shift, a mask and a load
/// per client instead of some forty field reads per state.
///
/// The table is filled at start-up by running the rule definitions themselves
/// (``German/fire(_:_:_:_:)``) on a synthetic state for every key, so it cannot drift from
/// them. Should a guard ever read something outside the key, the test that compares the
/// successor loop with ``German/apply(_:to:)`` on every reachable state fails.
struct GermanGuardTable: Sendable {
    /// Bits of the key: the client's nine control bits, then the globals.
    static let localBits = 9
    static let keyBits = localBits + 2 + 1 + 1 + 1
    static let localMask: UInt64 = (1 << UInt64(localBits)) - 1
    /// The most clients the compiled loop keeps masks for (one lane each).
    static let maxClients = 16

    /// Enabled families (bit `f` = `GermanRuleFamily(rawValue: f)`) for each key.
    let enabled: [UInt16]
    /// Where each client's nine control bits start.
    let controlWord: [Int]
    let controlShift: [UInt64]

    /// The table for `model`, or nil when its layout does not allow one (data variant, a single
    /// client, or more clients than the loop has lanes for).
    init?(model: German) {
        let n = model.clients
        guard model.dataValues == nil, (2...Self.maxClients).contains(n) else { return nil }
        var words: [Int] = []
        var shifts: [UInt64] = []
        for c in model.fields.client {
            // The control fields in key order, each right after the previous one.
            let order = [c.cacheState, c.chan1Cmd, c.chan2Cmd, c.chan3Cmd, c.invSet, c.shrSet]
            var next = order[0].shift
            for field in order {
                guard field.word == order[0].word, field.shift == next else { return nil }
                next += UInt64(field.width)
            }
            guard next - order[0].shift == UInt64(Self.localBits) else { return nil }
            words.append(order[0].word)
            shifts.append(order[0].shift)
        }
        controlWord = words
        controlShift = shifts

        var table = [UInt16](repeating: 0, count: 1 << Self.keyBits)
        let count = model.layout.wordCount
        let guardWords = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        let scratchWords = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        defer {
            guardWords.deallocate()
            scratchWords.deallocate()
        }
        let g = PackedState(words: guardWords)
        for key in 0..<(1 << Self.keyBits) {
            let k = UInt64(key)
            guardWords.initialize(repeating: 0, count: count)
            // Client 0 holds the key's control bits; client 1 stands for "some other client".
            guardWords[words[0]] |= (k & Self.localMask) << shifts[0]
            g[model.fields.curCmd] = Int((k >> 9) & 3)
            g[flag: model.fields.exGntd] = (k >> 11) & 1 != 0
            g[model.fields.curPtr] = (k >> 12) & 1 != 0 ? 1 : 2
            g[flag: model.fields.client[1].shrSet] = (k >> 13) & 1 != 0
            var mask: UInt16 = 0
            for family in GermanRuleFamily.allCases {
                scratchWords.update(from: guardWords, count: count)
                if model.fire(family, 0, g, PackedState(words: scratchWords)) { mask |= 1 << UInt16(family.rawValue) }
            }
            table[key] = mask
        }
        enabled = table
    }
}
