import Foundation

/// How much a broken rule matters. `off` only ever appears in configuration:
/// a finding is always an error or a warning.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error, warning, off

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .off: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A position in a source file: 1-based line and column, columns counted in
/// Unicode scalars as libyaml counts them.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One problem found in the input: a plain value that reporters turn into text.
public struct Finding: Sendable, Hashable, Codable {
    public var ruleID: String
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var hint: String?
    /// Other places involved (the other post of a pair, the rule's setting).
    public var related: [SourceLocation]

    public init(
        ruleID: String, severity: Severity, location: SourceLocation, message: String,
        hint: String? = nil, related: [SourceLocation] = []
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
        self.related = related
    }

    /// The order every reporter uses: by place, then rule, then text.
    public static func ordered(_ findings: [Finding]) -> [Finding] {
        findings.sorted {
            ($0.location, $0.ruleID, $0.message) < ($1.location, $1.ruleID, $1.message)
        }
    }
}

/// Collects findings while a file is read or checked, so that one run reports
/// every problem it can rather than stopping at the first.
public struct FindingList: Sendable {
    public private(set) var findings: [Finding] = []

    public init() {}

    public mutating func error(
        _ ruleID: String, at location: SourceLocation, _ message: String, hint: String? = nil
    ) {
        findings.append(Finding(ruleID: ruleID, severity: .error, location: location, message: message, hint: hint))
    }

    public mutating func append(_ finding: Finding) { findings.append(finding) }
    public mutating func append(contentsOf other: [Finding]) { findings.append(contentsOf: other) }

    public var hasErrors: Bool { findings.contains { $0.severity == .error } }
}

/// A finding can also stop a load early: the one reason a file cannot be read.
extension Finding: Error {}
