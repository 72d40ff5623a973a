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
    /// Bits of the key: the client's nine control bits, then `curCmd` (2), `exGntd`, "curPtr
    /// names the client" and "another client is a sharer" (see ``key(local:globals:pointsHere:othersShare:)``).
    static let localBits = 9
    static let keyBits = localBits + 2 + 1 + 1 + 1
    static let localMask: UInt64 = (1 << UInt64(localBits)) - 1

    /// `curCmd` and `exGntd` in their key positions; the same for every client of a state.
    @inline(__always)
    static func globals(curCmd: Int, exGntd: Int) -> Int { (curCmd << localBits) | (exGntd << (localBits + 2)) }

    /// The key of one client: its control bits, the state's ``globals(curCmd:exGntd:)`` and the
    /// two facts about the others.
    @inline(__always)
    static func key(local: Int, globals: Int, pointsHere: Bool, othersShare: Bool) -> Int {
        local | globals | (pointsHere ? 1 << (localBits + 3) : 0) | (othersShare ? 1 << (localBits + 4) : 0)
    }
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
        // Every combination of inputs, written into a state: client 0 holds the control bits,
        // client 1 stands for "some other client".
        for local in 0..<(1 << Self.localBits) {
            for curCmd in 0..<4 {
                for exGntd in 0..<2 {
                    for pointsHere in [false, true] {
                        for othersShare in [false, true] {
                            guardWords.initialize(repeating: 0, count: count)
                            guardWords[words[0]] |= UInt64(local) << shifts[0]
                            g[model.fields.curCmd] = curCmd
                            g[model.fields.exGntd] = exGntd
                            g[model.fields.curPtr] = pointsHere ? 1 : 2
                            g[flag: model.fields.client[1].shrSet] = othersShare
                            var mask: UInt16 = 0
                            for family in GermanRuleFamily.allCases {
                                scratchWords.update(from: guardWords, count: count)
                                if model.fire(family, 0, g, PackedState(words: scratchWords)) {
                                    mask |= 1 << UInt16(family.rawValue)
                                }
                            }
                            let globals = Self.globals(curCmd: curCmd, exGntd: exGntd)
                            table[Self.key(local: local, globals: globals, pointsHere: pointsHere, othersShare: othersShare)] = mask
                        }
                    }
                }
            }
        }
        enabled = table
    }
}
