import Foundation

/// The program's version, as reports and calendars name it.
public enum Thirds {
    public static let version = "0.1.0"
}

/// Encodes with sorted keys and a final newline: the same findings give the
/// same bytes on every machine. A value JSON cannot hold (a number that is not
/// finite) throws, naming `what` and where in it: never an empty `{}` file.
package func encodeJSON<T: Encodable>(_ value: T, what: String) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
        throw JSONEncodingFailure(what: what, reason: JSONEncodingFailure.reason(of: error))
    }
}

/// A value that could not be written as JSON: what it was, and why.
public struct JSONEncodingFailure: Error, CustomStringConvertible, Equatable {
    public var what: String
    public var reason: String

    public var description: String { "cannot write \(what) as JSON: \(reason)" }

    /// EncodingError's own text, with where in the value it happened.
    package static func reason(of error: Error) -> String {
        guard case EncodingError.invalidValue(_, let context) = error else { return "\(error)" }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        return context.debugDescription + (path.isEmpty ? "" : " (at \(path.hasPrefix(".") ? String(path.dropFirst()) : path))")
    }
}

/// A share as a percentage: whole when it is whole, else one decimal.
package func percent(_ value: Double) -> String {
    let scaled = value * 100
    return scaled == scaled.rounded() ? "\(Int(saturating: scaled))%" : String(format: "%.1f%%", scaled)
}
