/// Hashes a packed state. Deterministic across runs and machines (no per-process seed), so
/// table layouts, and with them every statistic, repeat exactly.
@inlinable @inline(__always)
func hashState(_ words: UnsafePointer<UInt64>, count: Int) -> UInt64 {
    if count == 1 { return hashOneWord(words[0]) }
    var h = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count &+ 1)
    for i in 0..<count {
        h = (h ^ words[i]) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h &>> 32
    }
    return avalanche(h)
}

/// The hash of a one-word state: the common case, where the finaliser alone mixes the word
/// well and, as a bijection, gives distinct states distinct hashes. (The seed is the general
/// one for one word.)
@inlinable @inline(__always)
func hashOneWord(_ word: UInt64) -> UInt64 {
    avalanche((0x9E37_79B9_7F4A_7C15 &* 2) ^ word)
}

/// The 64-bit finaliser of MurmurHash3, so that the top bits, which pick the table slot,
/// depend on every input bit.
@inlinable @inline(__always)
func avalanche(_ x: UInt64) -> UInt64 {
    var h = x
    h ^= h &>> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h &>> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h &>> 33
    return h
}

@inlinable @inline(__always)
func wordsEqual(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, count: Int) -> Bool {
    if count == 1 { return a[0] == b[0] }
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}

/// Copies a state.
///
/// Most states are one or two words; for those a call to `memmove` (what a copy of a size
/// unknown at compile time becomes) costs more than the copy, so they are copied inline.
@inlinable @inline(__always)
package func copyWords(_ destination: UnsafeMutablePointer<UInt64>, from source: UnsafePointer<UInt64>, count: Int) {
    if count == 1 {
        destination.pointee = source.pointee
    } else if count == 2 {
        destination.pointee = source.pointee
        destination[1] = source[1]
    } else {
        destination.update(from: source, count: count)
    }
}
