import Foundation
import ThirdsCore

/// The type of a rule parameter, which decides how its text is read.
public enum ParameterKind: Sendable, Hashable {
    case count          // whole number ≥ 0
    case number         // any number ≥ 0
    case fraction       // 1/3, 0.25 or 25%
    case duration       // 90m, 30d
    case timeOfDay      // 23:00

    package var expectation: String {
        switch self {
        case .count: "a whole number of 0 or more"
        case .number: "a number of 0 or more"
        case .fraction: "a share between 0 and 1, such as 1/3, 0.25 or 25%"
        case .duration: "a duration such as 90m, 2h, 30d or 4w"
        case .timeOfDay: "a time of day as HH:MM, such as \"23:00\""
        }
    }

    /// The largest value a parameter of this kind takes unless its spec says
    /// otherwise: generous for real use, small enough that no product of
    /// values a plan can set overflows (docs/diagnostics.md#limits).
    package var defaultMaximum: Double {
        switch self {
        case .count: 10_000
        case .number: 1_000_000
        case .fraction: 1
        case .duration: Double(ParameterSpec.longestDuration)
        case .timeOfDay: 24 * 60
        }
    }
}

public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case count(Int)
    case number(Double)
    case duration(Int)  // seconds
    case time(TimeOfDay)

    public var description: String {
        switch self {
        case .count(let value): "\(value)"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case .duration(let seconds): ValueText.durationText(seconds)
        case .time(let time): time.description
        }
    }

    package var asDouble: Double {
        switch self {
        case .count(let value): Double(value)
        case .number(let value): value
        case .duration(let value): Double(value)
        case .time(let time): Double(time.minutes)
        }
    }

    package static func parse(_ text: String, as kind: ParameterKind) -> ParameterValue? {
        switch kind {
        case .count: ValueText.integer(text).flatMap { $0 >= 0 ? .count($0) : nil }
        case .number: ValueText.number(text).flatMap { $0 >= 0 ? .number($0) : nil }
        case .fraction: ValueText.fraction(text).map { .number($0) }
        case .duration: ValueText.duration(text).map { .duration($0) }
        case .timeOfDay: ValueText.timeOfDay(text).map { .time($0) }
        }
    }
}

public struct ParameterSpec: Sendable {
    public var name: String
    public var kind: ParameterKind
    /// nil when the parameter is optional and has no default.
    public var defaultText: String?
    public var summary: String
    /// The largest value accepted; the smallest is 0 (a duration's is 1s).
    public var maximum: Double

    /// 3660 days, about ten years: the longest duration a rule takes.
    public static let longestDuration = 3_660 * 86_400

    public init(_ name: String, _ kind: ParameterKind, default defaultText: String?, _ summary: String, maximum: Double? = nil) {
        self.name = name
        self.kind = kind
        self.defaultText = defaultText
        self.summary = summary
        self.maximum = maximum ?? kind.defaultMaximum
    }

    /// The accepted range in words, for diagnostics and the docs.
    public var rangeText: String {
        switch kind {
        case .count: "a whole number from 0 to \(Self.grouped(maximum))"
        case .number: "a number from 0 to \(Self.grouped(maximum))"
        case .fraction: "a share between 0 and 1"
        case .duration: "a duration from 1s to \(ValueText.durationText(Int(saturating: maximum)))"
        case .timeOfDay: "a time of day from 00:00 to 23:59"
        }
    }

    /// 1000000 as 1,000,000.
    package static func grouped(_ value: Double) -> String {
        let digits = Array(String(Int(saturating: value)))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// Whether a value read for this parameter is inside its range.
    package func accepts(_ value: ParameterValue) -> Bool { value.asDouble <= maximum }
}

/// One rule's configuration after defaults, rules file and plan are merged:
/// each value remembers the file and line that set it.
public struct RuleSettings: Sendable {
    public var ruleID: String
    public var severity: Located<Severity>
    public var parameters: [String: Located<ParameterValue>]
    public var location: SourceLocation

    public func count(_ name: String) -> Int {
        if case .count(let value)? = parameters[name]?.value { return value }
        return 0
    }

    public func number(_ name: String) -> Double { parameters[name]?.value.asDouble ?? 0 }

    public func duration(_ name: String) -> Int {
        if case .duration(let value)? = parameters[name]?.value { return value }
        return 0
    }

    public func time(_ name: String) -> TimeOfDay {
        if case .time(let value)? = parameters[name]?.value { return value }
        return TimeOfDay(hour: 0, minute: 0)
    }
}

/// The rules in force for a plan.
public struct RuleSet: Sendable {
    /// Slot length of the scheduling grid, in seconds.
    public var grid: Located<Int>
    /// In catalogue order.
    public var settings: [RuleSettings]

    public func settings(for id: String) -> RuleSettings? { settings.first { $0.ruleID == id } }
}
