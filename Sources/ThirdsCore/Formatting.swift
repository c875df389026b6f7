import Foundation

/// The program's version, as reports and calendars name it.
public enum Thirds {
    public static let version = "0.1.0"
}

/// Encodes with sorted keys and a final newline: the same findings give the
/// same bytes on every machine.
package func encodeJSONOrThrow<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// For values whose every number is finite by construction (reports,
/// manifests); a schedule uses `encodeJSONOrThrow`.
package func encodeJSON<T: Encodable>(_ value: T) -> String {
    (try? encodeJSONOrThrow(value)) ?? "{}\n"
}

/// A share as a percentage: whole when it is whole, else one decimal.
package func percent(_ value: Double) -> String {
    let scaled = value * 100
    return scaled == scaled.rounded() ? "\(Int(saturating: scaled))%" : String(format: "%.1f%%", scaled)
}
