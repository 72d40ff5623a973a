import Foundation

/// Typed reads of `JSONSerialization` values, which keep booleans and numbers apart only by class.
enum JSONScalars {
    static func isBoolean(_ value: Any) -> Bool { String(describing: type(of: value)) == "__NSCFBoolean" }

    static func bool(_ value: Any) -> Bool? { isBoolean(value) ? (value as? Bool) : nil }

    /// An integer read exactly: `JSONSerialization` keeps integers that fit 64 bits as integers,
    /// so no value passes through `Double` (where 2^63 - 1 would become 2^63). A fractional or
    /// out-of-range number is not an integer.
    static func integer(_ value: Any) -> Int? {
        guard !isBoolean(value), let number = value as? NSNumber else { return nil }
        if let integer = value as? Int { return integer }
        return Int(exactly: number.doubleValue).flatMap { Double($0) == number.doubleValue && abs($0) < 1 << 53 ? $0 : nil }
    }

    /// A string, or a number or boolean written as its JSON text (for model parameters).
    static func text(_ value: Any) -> String? {
        if let s = value as? String { return s }
        if let b = bool(value) { return b ? "true" : "false" }
        if let i = integer(value) { return String(i) }
        return nil
    }
}
