import StateSpace

/// German's per-client rules compiled into one lookup table (data-free variant): which rules a
/// client enables, and what each does.
///
/// Every per-client guard reads the same few things: the client's own control fields (cache
/// state, its three channel commands, its `invSet` and `shrSet` bits), `exGntd` and `curCmd`,
/// whether `curPtr` names the client, and, for SendGntE, whether some *other* client is a
/// sharer. In the data-free variant a client's control fields are nine adjacent bits and
/// `exGntd` and `curCmd` three more, so those inputs make a 14-bit key. For each key the table
/// holds the rule families enabled for that client and, per family, its ``Effect``: which of
/// the client's control bits flip, which of `exGntd` and `curCmd`'s, what becomes of `curPtr`,
/// and whether every client's `invSet` is reloaded from `shrSet` (RecvReqS/RecvReqE). The key
/// holds the old values, so the flips are fixed per key. With up to six clients the whole
/// state is one word, and the successor loop finds a client's rules with a shift, a mask and
/// a load, and builds each successor with a few bit operations on that word.
///
/// The table is filled at start-up by running the rule definitions themselves
/// (``German/fire(_:_:_:_:)``) on synthetic states, so it cannot drift from them. Every effect
/// is checked there against the rule it stands for, on two synthetic states that differ in
/// another client's bits; should one not reproduce its rule, there is no table and the plain
/// loop runs. Should a guard ever read something outside the key, the test that compares the
/// successor loop with ``German/apply(_:to:)`` on every reachable state fails.
struct GermanRuleTable: Sendable {
    /// Bits of the key: the client's nine control bits, then `exGntd` and `curCmd` (2) as they
    /// lie in the state, "curPtr names the client" and "another client is a sharer" (see
    /// ``key(local:globals:pointsHere:othersShare:)``).
    static let localBits = 9
    static let globalsBits = 3
    static let keyBits = localBits + globalsBits + 1 + 1
    static let localMask: UInt64 = (1 << UInt64(localBits)) - 1
    /// `shrSet` inside a client's control bits (cache state 2, chan1 2, chan2 2, chan3 1,
    /// `invSet`, then `shrSet`).
    static let shrSetBit = 8
    /// The most clients whose state fits one word (nine bits each and six of globals).
    static let maxClients = 6
    /// A key's entries: one per family, then at ``enabledSlot`` the enabled families.
    static let entriesPerKey = 16
    static let enabledSlot = 15

    /// The most rules the table covers (eleven families for each of six clients).
    static let maxRules = GermanRuleFamily.allCases.count * maxClients
    /// The first six families' enabled bits spread through ``spread``'s first 64 entries, the
    /// other five through the 32 after ``highSpreadOffset``.
    static let lowFamilies = 6
    static let lowFamilyMask = (1 << lowFamilies) - 1
    static let highSpreadOffset = 1 << lowFamilies
    /// A rule's code in ``ruleBits``: the client in the low three bits, the family above them.
    static let familyCodeShift = 3
    static let clientCodeMask = (1 << familyCodeShift) - 1

    /// `exGntd` and `curCmd` in their key positions; the same for every client of a state.
    @inline(__always)
    static func globals(curCmd: Int, exGntd: Int) -> Int { (exGntd | curCmd << 1) << localBits }

    /// The key of one client: its control bits, the state's ``globals(curCmd:exGntd:)`` and the
    /// two facts about the others.
    @inline(__always)
    static func key(local: Int, globals: Int, pointsHere: Bool, othersShare: Bool) -> Int {
        local | globals | (pointsHere ? 1 << (localBits + 3) : 0) | (othersShare ? 1 << (localBits + 4) : 0)
    }

    /// What one rule does to a state, in 15 bits: the client's control bits that flip (0–8),
    /// the `exGntd` and `curCmd` bits that flip (9–11, as in the key), what happens to `curPtr`
    /// (12–13, a ``Pointer``), and whether every `invSet` becomes its `shrSet` (14).
    enum Effect {
        /// Bit 12 clears `curPtr` (flips the bits it has), bit 13 then sets it to the client.
        enum Pointer: UInt16 {
            case keep = 0, undefined = 1, thisClient = 3
        }
        static let pointerShift: UInt16 = 12
        static let reloadInvSet: UInt16 = 1 << 14

        static func make(localFlips: Int, globalsFlips: Int, pointer: Pointer, reloadsInvSet: Bool) -> UInt16 {
            UInt16(localFlips | globalsFlips) | pointer.rawValue << pointerShift | (reloadsInvSet ? reloadInvSet : 0)
        }
    }

    /// Per key `k`, at `k * 16 + f` the ``Effect`` of family `f` (meaningful where enabled),
    /// and at `k * 16 + 15` the enabled families (bit `f` = `GermanRuleFamily(rawValue: f)`).
    private(set) var entries: [UInt16] = []
    /// The word that holds the whole state but for data (the data-free variant has none).
    let word: Int
    /// Where client 0's control bits start; client `i`'s start `9 * i` bits later.
    let firstShift: UInt64
    /// Where `curPtr` sits in that word (an effect may point it at the client).
    let pointerShift: UInt64
    /// Where `exGntd` sits, with `curCmd` right above it.
    let globalsShift: UInt64
    /// Every client's `invSet` bit.
    let invSetMask: UInt64
    /// Every client's `shrSet` bit.
    let shrSetMask: UInt64
    /// A set of enabled families turned into rule positions for client 0: entry `m` (`m` < 64)
    /// has bit `f * n` for each family `f` < 6 in `m`, entry `64 + m` bit `g * n` for each
    /// family `6 + g` in `m`. Shifted left by `i` they are client `i`'s rules, so or-ing every
    /// client's gives the enabled rules in rule order, one mask for each half of the families.
    let spread: [UInt64]
    /// Per rule number `f * n + i`, the client `i` and family `f` (see ``familyCodeShift``).
    let ruleBits: [UInt8]

    /// The table for `model`, or nil when its layout does not allow one (data variant, a
    /// single client, more clients than one word holds) or a rule is not an ``Effect``.
    init?(model: German) {
        let n = model.clients
        let f = model.fields
        // The loop hands successors over as single words (`emit(oneWordSuccessors:)`).
        guard model.dataValues == nil, (2...Self.maxClients).contains(n), model.layout.wordCount == 1 else { return nil }
        word = f.client[0].cacheState.word
        firstShift = f.client[0].cacheState.shift
        var invSets: UInt64 = 0
        var shrSets: UInt64 = 0
        for (i, c) in f.client.enumerated() {
            // The control fields in key order, each right after the previous one, client after client.
            var next = firstShift + UInt64(i * Self.localBits)
            for field in [c.cacheState, c.chan1Cmd, c.chan2Cmd, c.chan3Cmd, c.invSet, c.shrSet] {
                guard field.word == word, field.shift == next else { return nil }
                next += UInt64(field.width)
            }
            invSets |= 1 << c.invSet.shift
            shrSets |= 1 << c.shrSet.shift
        }
        guard f.curCmd.word == word, f.exGntd.word == word, f.curPtr.word == word, f.curCmd.shift == f.exGntd.shift + 1
        else { return nil }
        invSetMask = invSets
        shrSetMask = shrSets
        globalsShift = f.exGntd.shift
        let families = GermanRuleFamily.allCases.count
        spread = (0..<(Self.highSpreadOffset + (1 << (families - Self.lowFamilies)))).map { entry in
            let high = entry >= Self.highSpreadOffset
            let m = high ? entry - Self.highSpreadOffset : entry
            return (0..<(high ? families - Self.lowFamilies : Self.lowFamilies)).reduce(UInt64(0)) {
                m & (1 << $1) != 0 ? $0 | 1 << UInt64($1 * n) : $0
            }
        }
        ruleBits = (0..<(families * n)).map { UInt8(($0 / n) << Self.familyCodeShift | $0 % n) }
        pointerShift = f.curPtr.shift
        guard let entries = compile(model) else { return nil }
        self.entries = entries
    }

    /// Runs every family on synthetic states for every key and records what it does.
    private func compile(_ model: German) -> [UInt16]? {
        let f = model.fields
        var entries = [UInt16](repeating: 0, count: Self.entriesPerKey << Self.keyBits)
        let count = model.layout.wordCount
        // Two probes per key, differing only in client 1's invSet (outside the key), and where
        // each rule's result goes.
        let probes = [UnsafeMutablePointer<UInt64>.allocate(capacity: count), .allocate(capacity: count)]
        let fired = [UnsafeMutablePointer<UInt64>.allocate(capacity: count), .allocate(capacity: count)]
        defer { (probes + fired).forEach { $0.deallocate() } }
        for key in 0..<(1 << Self.keyBits) {
            let local = key & Int(Self.localMask)
            let exGntd = (key >> Self.localBits) & 1
            let curCmd = (key >> (Self.localBits + 1)) & 3
            let pointsHere = key & (1 << (Self.localBits + 3)) != 0
            // Encodings no state holds (a cache state, chan1 or curCmd of 3) need no entries.
            guard curCmd < 3, local & 3 < 3, (local >> 2) & 3 < 3 else { continue }
            // Client 0 holds the control bits, client 1 stands for "the others".
            for (p, probe) in probes.enumerated() {
                probe.initialize(repeating: 0, count: count)
                probe[word] |= UInt64(local) << firstShift
                let s = PackedState(words: probe)
                s[f.curCmd] = curCmd
                s[f.exGntd] = exGntd
                s[f.curPtr] = pointsHere ? 1 : 2
                s[flag: f.client[1].shrSet] = key & (1 << (Self.localBits + 4)) != 0
                s[flag: f.client[1].invSet] = p == 1
            }
            var enabled: UInt16 = 0
            for family in GermanRuleFamily.allCases {
                fired[0].update(from: probes[0], count: count)
                fired[1].update(from: probes[1], count: count)
                let fires = model.fire(family, 0, PackedState(words: probes[0]), PackedState(words: fired[0]))
                // A guard that reads client 1's invSet reads outside the key: no table then.
                guard fires == model.fire(family, 0, PackedState(words: probes[1]), PackedState(words: fired[1]))
                else { return nil }
                guard fires else { continue }
                guard let effect = effect(reproducing: fired, on: probes, fields: f, wordCount: count) else { return nil }
                enabled |= 1 << UInt16(family.rawValue)
                entries[key * Self.entriesPerKey + family.rawValue] = effect
            }
            entries[key * Self.entriesPerKey + Self.enabledSlot] = enabled
        }
        return entries
    }

    /// The effect that turns each probe into what the rule made of it, if there is one.
    private func effect(
        reproducing fired: [UnsafeMutablePointer<UInt64>], on probes: [UnsafeMutablePointer<UInt64>],
        fields f: GermanFields, wordCount: Int
    ) -> UInt16? {
        let before = PackedState(words: probes[0])
        let after = PackedState(words: fired[0])
        let pointer: Effect.Pointer
        switch after[f.curPtr] {
        case before[f.curPtr]: pointer = .keep
        case 1: pointer = .thisClient
        case 0: pointer = .undefined
        default: return nil
        }
        let localFlips = Int(((fired[0][word] ^ probes[0][word]) >> firstShift) & Self.localMask)
        let globalsFlips =
            Self.globals(curCmd: after[f.curCmd], exGntd: after[f.exGntd])
            ^ Self.globals(curCmd: before[f.curCmd], exGntd: before[f.exGntd])
        for reload in [false, true] {
            let effect = Effect.make(
                localFlips: localFlips, globalsFlips: globalsFlips, pointer: pointer, reloadsInvSet: reload)
            // Only the state's word may change, and it must change as the rule changed it. The
            // probes' curPtr is 1 or 2 (client 0, the one firing, is 1).
            if (0..<2).allSatisfy({ p in
                successor(
                    of: probes[p][word], effect: effect, client: 0,
                    pointerBits: UInt64(PackedState(words: probes[p])[f.curPtr]) << pointerShift)
                    == fired[p][word]
                    && (0..<wordCount).allSatisfy { $0 == word || fired[p][$0] == probes[p][$0] }
            }) {
                return effect
            }
        }
        return nil
    }

    /// The word after client `i` fires a rule with `effect` on word `w`, whose `curPtr` is
    /// `pointerBits` (in place).
    @inline(__always)
    func successor(of w: UInt64, effect: UInt16, client i: Int, pointerBits: UInt64) -> UInt64 {
        let shift = firstShift &+ UInt64(truncatingIfNeeded: i &* Self.localBits)
        let e = UInt64(effect)
        var s = w ^ ((e & Self.localMask) &<< shift) ^ (((e &>> UInt64(Self.localBits)) & 7) &<< globalsShift)
        if effect & 1 << Effect.pointerShift != 0 {
            s ^= pointerBits
            if effect & 2 << Effect.pointerShift != 0 { s ^= UInt64(truncatingIfNeeded: i &+ 1) &<< pointerShift }
        }
        if effect & Effect.reloadInvSet != 0 {
            // Each invSet bit sits just below its shrSet bit.
            s ^= ((s &>> 1) ^ s) & invSetMask
        }
        return s
    }
}
