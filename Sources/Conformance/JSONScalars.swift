import Foundation

/// Typed reads of `JSONSerialization` values, which keep booleans and numbers apart only by class.
enum JSONScalars {
    static func isBoolean(_ value: Any) -> Bool { String(describing: type(of: value)) == "__NSCFBoolean" }

    static func bool(_ value: Any) -> Bool? { isBoolean(value) ? (value as? Bool) : nil }

    static func integer(_ value: Any) -> Int? {
        guard !isBoolean(value), let number = value as? NSNumber else { return nil }
        return Int(exactly: number.doubleValue)
    }

    /// A string, or a number or boolean written as its JSON text (for model parameters).
    static func text(_ value: Any) -> String? {
        if let s = value as? String { return s }
        if let b = bool(value) { return b ? "true" : "false" }
        if let i = integer(value) { return String(i) }
        return nil
    }
}
