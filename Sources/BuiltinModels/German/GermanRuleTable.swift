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

    /// The table's arrays in one block of memory, which the successor loop reads through plain
    /// pointers (``Loop``); written while the table is made, read-only afterwards.
    final class Memory: @unchecked Sendable {
        let entries: UnsafeMutablePointer<UInt16>
        let spread: UnsafeMutablePointer<UInt64>
        let ruleBits: UnsafeMutablePointer<UInt8>
        let entryCount: Int
        let spreadCount: Int
        let ruleCount: Int
        private let block: UnsafeMutableRawPointer

        /// Zeroed storage for the three arrays, the widest first.
        init(entries: Int, spread: Int, rules: Int) {
            let bytes = spread * 8 + entries * 2 + rules
            block = .allocate(byteCount: bytes, alignment: 64)
            block.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            self.spread = block.bindMemory(to: UInt64.self, capacity: spread)
            self.entries = (block + spread * 8).bindMemory(to: UInt16.self, capacity: entries)
            self.ruleBits = (block + spread * 8 + entries * 2).bindMemory(to: UInt8.self, capacity: rules)
            (entryCount, spreadCount, ruleCount) = (entries, spread, rules)
        }

        deinit { block.deallocate() }
    }

    /// What the successor loop reads: where things lie in the state's word and pointers into
    /// ``Memory``. Plain values only, so that handing it to the loop for every state costs no
    /// reference counting (the model holds the table, and so the memory, alive).
    struct Loop: @unchecked Sendable {
        /// Per key `k`, at `k * 16 + f` the ``Effect`` of family `f` (meaningful where
        /// enabled), and at `k * 16 + 15` the enabled families (bit `f` =
        /// `GermanRuleFamily(rawValue: f)`).
        let entries: UnsafePointer<UInt16>
        /// A set of enabled families turned into rule positions for client 0: entry `m`
        /// (`m` < 64) has bit `f * n` for each family `f` < 6 in `m`, entry `64 + m` bit `g * n`
        /// for each family `6 + g` in `m`. Shifted left by `i` they are client `i`'s rules, so
        /// or-ing every client's gives the enabled rules in rule order, one mask for each half of
        /// the families.
        let spread: UnsafePointer<UInt64>
        /// Per rule number `f * n + i`, the client `i` and family `f` (see ``familyCodeShift``).
        let ruleBits: UnsafePointer<UInt8>
        /// Where client 0's control bits start; client `i`'s start `9 * i` bits later.
        let firstShift: UInt64
        /// Where `curPtr` sits in the word (an effect may point it at the client).
        let pointerShift: UInt64
        /// Where `exGntd` sits, with `curCmd` right above it.
        let globalsShift: UInt64
        /// Every client's `invSet` bit.
        let invSetMask: UInt64
        /// Every client's `shrSet` bit.
        let shrSetMask: UInt64

        /// The word after client `i` fires a rule with `effect` on word `w`, whose `curPtr` is
        /// `pointerBits` (in place).
        @inline(__always)
        func successor(of w: UInt64, effect: UInt16, client i: Int, pointerBits: UInt64) -> UInt64 {
            let shift = firstShift &+ UInt64(truncatingIfNeeded: i &* GermanRuleTable.localBits)
            let e = UInt64(effect)
            var s = w ^ ((e & localMask) &<< shift) ^ (((e &>> UInt64(localBits)) & 7) &<< globalsShift)
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

    let memory: Memory
    let loop: Loop
    /// The word that holds the whole state but for data (the data-free variant has none).
    let word: Int

    /// The entries (see ``Loop/entries``).
    var entries: UnsafeBufferPointer<UInt16> { UnsafeBufferPointer(start: memory.entries, count: memory.entryCount) }

    /// The table for `model`, or nil when its layout does not allow one (data variant, a
    /// single client, more clients than one word holds) or a rule is not an ``Effect``.
    init?(model: German) {
        let n = model.clients
        let f = model.fields
        // The loop hands successors over as single words (`emit(oneWordSuccessors:)`).
        guard model.dataValues == nil, (2...Self.maxClients).contains(n), model.layout.wordCount == 1 else { return nil }
        word = f.client[0].cacheState.word
        let firstShift = f.client[0].cacheState.shift
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
        let families = GermanRuleFamily.allCases.count
        let spreadCount = Self.highSpreadOffset + (1 << (families - Self.lowFamilies))
        memory = Memory(entries: Self.entriesPerKey << Self.keyBits, spread: spreadCount, rules: families * n)
        for entry in 0..<spreadCount {
            let high = entry >= Self.highSpreadOffset
            let m = high ? entry - Self.highSpreadOffset : entry
            for family in 0..<(high ? families - Self.lowFamilies : Self.lowFamilies) where m & (1 << family) != 0 {
                memory.spread[entry] |= 1 << UInt64(family * n)
            }
        }
        for rule in 0..<(families * n) {
            memory.ruleBits[rule] = UInt8((rule / n) << Self.familyCodeShift | rule % n)
        }
        loop = Loop(
            entries: memory.entries, spread: memory.spread, ruleBits: memory.ruleBits, firstShift: firstShift,
            pointerShift: f.curPtr.shift, globalsShift: f.exGntd.shift, invSetMask: invSets, shrSetMask: shrSets)
        guard compile(model, into: memory.entries) else { return nil }
    }

    /// Runs every family on synthetic states for every key and records in `entries` (zeroed)
    /// what it does; false when a rule is not an ``Effect``.
    private func compile(_ model: German, into entries: UnsafeMutablePointer<UInt16>) -> Bool {
        let f = model.fields
        // The state is the one word `word` (``init(model:)``). Two probes per key, differing
        // only in client 1's invSet (outside the key), and a word for each rule's result.
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        defer { words.deallocate() }
        let target = PackedState(words: words)
        let result = PackedState(words: words + 1)
        for key in 0..<(1 << Self.keyBits) {
            let local = key & Int(Self.localMask)
            let exGntd = (key >> Self.localBits) & 1
            let curCmd = (key >> (Self.localBits + 1)) & 3
            let pointsHere = key & (1 << (Self.localBits + 3)) != 0
            // Encodings no state holds (a cache state, chan1 or curCmd of 3) need no entries.
            guard curCmd < 3, local & 3 < 3, (local >> 2) & 3 < 3 else { continue }
            // Client 0 holds the control bits, client 1 stands for "the others".
            words[0] = UInt64(local) << loop.firstShift
            target[f.curCmd] = curCmd
            target[f.exGntd] = exGntd
            target[f.curPtr] = pointsHere ? 1 : 2
            target[flag: f.client[1].shrSet] = key & (1 << (Self.localBits + 4)) != 0
            let probes = (words[0], words[0] | 1 << f.client[1].invSet.shift)
            var enabled: UInt16 = 0
            for family in GermanRuleFamily.allCases {
                words[0] = probes.0
                words[1] = probes.0
                let fires = model.fire(family, 0, target, result)
                let fired0 = words[1]
                words[0] = probes.1
                words[1] = probes.1
                // A guard that reads client 1's invSet reads outside the key: no table then.
                guard fires == model.fire(family, 0, target, result) else { return false }
                guard fires else { continue }
                guard
                    let effect = effect(
                        reproducing: (fired0, words[1]), on: probes, pointerBefore: pointsHere ? 1 : 2, fields: f)
                else { return false }
                enabled |= 1 << UInt16(family.rawValue)
                entries[key * Self.entriesPerKey + family.rawValue] = effect
            }
            entries[key * Self.entriesPerKey + Self.enabledSlot] = enabled
        }
        return true
    }

    /// The effect that turns each probe into what the rule made of it, if there is one. The
    /// probes' `curPtr` is `pointerBefore` (1 or 2: client 0, the one firing, is 1).
    private func effect(
        reproducing fired: (UInt64, UInt64), on probes: (UInt64, UInt64), pointerBefore: Int, fields f: GermanFields
    ) -> UInt16? {
        var before = probes.0
        var after = fired.0
        let (pointerAfter, globalsBefore, globalsAfter) = withUnsafeMutablePointer(to: &before) { b in
            withUnsafeMutablePointer(to: &after) { a in
                let (b, a) = (PackedState(words: b), PackedState(words: a))
                return (
                    a[f.curPtr], Self.globals(curCmd: b[f.curCmd], exGntd: b[f.exGntd]),
                    Self.globals(curCmd: a[f.curCmd], exGntd: a[f.exGntd])
                )
            }
        }
        let pointer: Effect.Pointer
        switch pointerAfter {
        case pointerBefore: pointer = .keep
        case 1: pointer = .thisClient
        case 0: pointer = .undefined
        default: return nil
        }
        let localFlips = Int(((fired.0 ^ probes.0) >> loop.firstShift) & Self.localMask)
        let pointerBits = UInt64(pointerBefore) << loop.pointerShift
        for reload in 0..<2 {
            let effect = Effect.make(
                localFlips: localFlips, globalsFlips: globalsAfter ^ globalsBefore, pointer: pointer,
                reloadsInvSet: reload == 1)
            // The state's word must change as the rule changed it, on both probes.
            if loop.successor(of: probes.0, effect: effect, client: 0, pointerBits: pointerBits) == fired.0,
                loop.successor(of: probes.1, effect: effect, client: 0, pointerBits: pointerBits) == fired.1
            {
                return effect
            }
        }
        return nil
    }
}
