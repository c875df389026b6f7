import Foundation
import ThirdsCore

/// A profile file (`format: thirds-profile/1`, docs/reach-model.md#profile-files):
/// an audience's checks per member in each local hour, with a header that says
/// where the numbers came from. `thirds learn` writes one; a plan's audience
/// uses it with `profile: profiles/NAME.yaml`.
public struct ProfileDocument: Sendable, Hashable {
    public static let format = "thirds-profile/1"
    package static let topKeys = ["format", "name", "description", "prior", "source", "weekday", "weekend"]
    package static let sourceKeys = ["file", "period", "posts", "left-out", "fit"]

    /// A short name for the profile, such as the account's.
    public var name: String?
    /// Free text for the reader: what the profile is for, what to watch.
    public var description: String?
    /// The profile the fit was drawn toward: a named profile or a profile file.
    public var prior: String?
    /// Where the numbers came from; nil for a profile written by hand.
    public var source: Source?
    /// Checks per member in each local hour 0–23 of a weekday, and of a weekend day.
    public var weekday: [Double]
    public var weekend: [Double]

    public init(name: String? = nil, description: String? = nil, prior: String? = nil, source: Source? = nil,
                weekday: [Double], weekend: [Double]) {
        self.name = name
        self.description = description
        self.prior = prior
        self.source = source
        self.weekday = weekday
        self.weekend = weekend
    }

    public var activity: ActivityProfile { ActivityProfile(weekday: weekday, weekend: weekend) }

    /// Whether a plan's `profile:` names a file rather than a named profile.
    public static func isPath(_ text: String) -> Bool {
        text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml")
    }

    /// The analytics a profile was learned from. Every key is optional.
    public struct Source: Sendable, Hashable {
        /// The analytics files, as given to the command (`file:`).
        public var files: [String]
        /// The first and last day of the posts used (`period: {from, to}`).
        public var from: LocalDate?
        public var to: LocalDate?
        /// Posts the fit used (`posts:`).
        public var posts: Int?
        /// Posts left out, by reason such as `replies` or `outside-period` (`left-out:`).
        public var leftOut: [String: Int]
        /// How the curve was fitted and how well it predicts (`fit:`): free
        /// keys, such as `method`, `smoothing`, `shrinkage` and `cross-validation`.
        public var fit: [ProfileField]

        public init(files: [String] = [], from: LocalDate? = nil, to: LocalDate? = nil, posts: Int? = nil,
                    leftOut: [String: Int] = [:], fit: [ProfileField] = []) {
            self.files = files
            self.from = from
            self.to = to
            self.posts = posts
            self.leftOut = leftOut
            self.fit = fit
        }
    }
}

/// One entry of a profile's `fit:` mapping: a text, a number, or a mapping of
/// further entries, kept in the order written.
public struct ProfileField: Sendable, Hashable {
    public indirect enum Value: Sendable, Hashable {
        case text(String)
        case number(Double)
        case fields([ProfileField])
    }

    public var key: String
    public var value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }
}

/// A profile that cannot be written as it is: the command reports it and
/// writes nothing.
public struct ProfileEncodingError: Error, CustomStringConvertible {
    public var reason: String

    public var description: String { "cannot write the profile: \(reason)" }
}

// MARK: Writing

extension ProfileDocument {
    /// Places after the decimal point the file keeps: a millionth of a check
    /// per hour is far below what any analytics can tell apart.
    public static let decimalPlaces = 6

    /// The profile as YAML: the header first, then one number a line, each
    /// with the hour it is for. The same document gives the same bytes on
    /// every machine; throws rather than write a file `thirds check` rejects.
    public func yaml() throws -> String {
        try validate()
        var lines = [
            "# An activity profile for thirds: checks per member in each local hour",
            "# (docs/reach-model.md#profile-files). Use it in a plan's audience with",
            "# 'profile: PATH', relative to the plan.",
            "format: \(Self.format)",
        ]
        if let name { lines.append("name: \(Self.yamlText(name))") }
        if let description { lines.append("description: \(Self.yamlText(description))") }
        if let prior { lines.append("prior: \(Self.yamlText(prior))") }
        if let source {
            var body: [String] = []
            if source.files.count == 1 {
                body.append("file: \(Self.yamlText(source.files[0]))")
            } else if !source.files.isEmpty {
                body.append("file: [\(source.files.map(Self.yamlText).joined(separator: ", "))]")
            }
            let period = [source.from.map { "from: \($0)" }, source.to.map { "to: \($0)" }].compactMap { $0 }
            if !period.isEmpty { body.append("period: {\(period.joined(separator: ", "))}") }
            if let posts = source.posts { body.append("posts: \(posts)") }
            if !source.leftOut.isEmpty {
                let counts = source.leftOut.sorted { $0.key < $1.key }.map { "\(Self.yamlText($0.key)): \($0.value)" }
                body.append("left-out: {\(counts.joined(separator: ", "))}")
            }
            if !source.fit.isEmpty {
                body.append("fit:")
                body += Self.fieldLines(source.fit, indent: "  ")
            }
            lines.append(body.isEmpty ? "source: {}" : "source:")
            lines += body.map { "  " + $0 }
        }
        lines += Self.hourLines("weekday", weekday)
        lines += Self.hourLines("weekend", weekend)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every number is one `thirds check` accepts, so a written file always loads.
    public func validate() throws {
        for (key, values) in [("weekday", weekday), ("weekend", weekend)] {
            guard values.count == 24 else { throw ProfileEncodingError(reason: "'\(key)' has \(values.count) numbers, not 24") }
            if let hour = values.firstIndex(where: { !$0.isFinite || $0 < 0 || $0 > Audience.maximumChecksPerHour }) {
                throw ProfileEncodingError(reason: "'\(key)' at \(twoDigits(hour)):00 is \(values[hour]), not a number from 0 to \(ParameterSpec.grouped(Audience.maximumChecksPerHour))")
            }
        }
        guard let source else { return }
        if let posts = source.posts, posts < 0 { throw ProfileEncodingError(reason: "'posts' is \(posts), below 0") }
        if let bad = source.leftOut.first(where: { $0.value < 0 }) {
            throw ProfileEncodingError(reason: "'left-out' '\(bad.key)' is \(bad.value), below 0")
        }
        if let from = source.from, let to = source.to, to < from {
            throw ProfileEncodingError(reason: "the period ends on \(to), before it starts on \(from)")
        }
        func check(_ fields: [ProfileField]) throws {
            var seen = Set<String>()
            for field in fields {
                guard seen.insert(field.key).inserted else { throw ProfileEncodingError(reason: "'fit' has '\(field.key)' twice") }
                switch field.value {
                case .number(let value) where !value.isFinite:
                    throw ProfileEncodingError(reason: "'\(field.key)' of 'fit' is \(value), not a finite number")
                case .fields(let inner): try check(inner)
                default: break
                }
            }
        }
        try check(source.fit)
    }

    /// A number rounded to `decimalPlaces`, in plain decimal (never `1e-05`).
    package static func numberText(_ value: Double) -> String {
        var text = String(format: "%.\(decimalPlaces)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A text as a plain scalar when it reads back as the same text (and not
    /// as a number, a null or a YAML 1.1 boolean), else double-quoted.
    package static func yamlText(_ text: String) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
        let special: Set<String> = ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"]
        if let first = text.unicodeScalars.first, first != "-", first != ".",
           text.unicodeScalars.allSatisfy({ plain.contains($0) }),
           !special.contains(text.lowercased()), ValueText.number(text) == nil {
            return text
        }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    quoted += String(format: "\\u%04X", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    private static func fieldLines(_ fields: [ProfileField], indent: String) -> [String] {
        fields.flatMap { field -> [String] in
            switch field.value {
            case .text(let text): return [indent + "\(yamlText(field.key)): \(yamlText(text))"]
            case .number(let value): return [indent + "\(yamlText(field.key)): \(numberText(value))"]
            case .fields(let inner) where inner.isEmpty: return [indent + "\(yamlText(field.key)): {}"]
            case .fields(let inner): return [indent + "\(yamlText(field.key)):"] + fieldLines(inner, indent: indent + "  ")
            }
        }
    }

    private static func hourLines(_ key: String, _ values: [Double]) -> [String] {
        let total = numberText((values.reduce(0, +) * 100).rounded() / 100)
        return ["\(key):  # checks a day in all: \(total)"] + values.enumerated().map { hour, value in
            let number = numberText(value)
            return "  - " + number + String(repeating: " ", count: max(1, 12 - number.count)) + "# \(twoDigits(hour)):00"
        }
    }
}

// MARK: Reading

package enum ProfileLoader {
    /// Reads a profile file's tree, reporting every problem with its position.
    package static func read(_ node: YAMLNode, file: String, findings: inout FindingList) -> ProfileDocument? {
        let before = findings.findings.count
        guard let root = MappingReader(node, context: "at the top of the profile", allowed: ProfileDocument.topKeys, findings: &findings) else { return nil }
        root.requireFormat(ProfileDocument.format, findings: &findings)
        func text(_ key: String) -> String? { root[key].flatMap { scalar($0, "'\(key)'", findings: &findings) }?.text }
        let name = text("name")
        let description = text("description")
        let prior = text("prior")
        let source = root["source"].flatMap { readSource($0, findings: &findings) }
        let weekday = root.require("weekday", findings: &findings, hint: "add 'weekday:' with 24 numbers, one for each local hour")
            .flatMap { PlanLoader.hourlyChecks($0, "'weekday'", findings: &findings) }
        let weekend = root.require("weekend", findings: &findings, hint: "add 'weekend:' with 24 numbers, one for each local hour")
            .flatMap { PlanLoader.hourlyChecks($0, "'weekend'", findings: &findings) }
        guard findings.findings.count == before, let weekday, let weekend else { return nil }
        return ProfileDocument(name: name, description: description, prior: prior, source: source, weekday: weekday, weekend: weekend)
    }

    package static func readSource(_ node: YAMLNode, findings: inout FindingList) -> ProfileDocument.Source? {
        guard let reader = MappingReader(node, context: "in 'source'", allowed: ProfileDocument.sourceKeys, findings: &findings) else { return nil }
        var source = ProfileDocument.Source()
        if let node = reader["file"], let files = list(node, "'file' of 'source'", findings: &findings) {
            source.files = files.map(\.text)
        }
        if let node = reader["period"], let period = MappingReader(node, context: "in 'period' of 'source'", allowed: ["from", "to"], findings: &findings) {
            let from = period["from"].flatMap { scalar($0, "'from'", findings: &findings) }.flatMap { PlanLoader.date($0, findings: &findings) }
            let to = period["to"].flatMap { scalar($0, "'to'", findings: &findings) }.flatMap { PlanLoader.date($0, findings: &findings) }
            if let from, let to, to.value < from.value {
                findings.error("invalid-value", at: to.location, "the period ends on \(to.value), before it starts on \(from.value)",
                               hint: "give 'from' the first day of the posts used and 'to' the last")
            }
            source.from = from?.value
            source.to = to?.value
        }
        source.posts = reader["posts"].flatMap { count($0, "'posts' of 'source'", findings: &findings) }
        if let node = reader["left-out"] {
            if case .mapping(let pairs, _) = node {
                for (reason, value) in pairs {
                    if let number = count(value, "'\(reason.text)' of 'left-out'", findings: &findings) { source.leftOut[reason.text] = number }
                }
            } else {
                findings.error("wrong-type", at: node.location, "'left-out' of 'source' must be a mapping of reasons to numbers of posts, found \(node.kindName)",
                               hint: "write it as {replies: 12, outside-period: 3}")
            }
        }
        if let node = reader["fit"] {
            if case .mapping = node { source.fit = fields(node, "'fit'", findings: &findings) } else {
                findings.error("wrong-type", at: node.location, "'fit' of 'source' must be a mapping, found \(node.kindName)",
                               hint: "write it as {method: poisson, cross-validation: {folds: 5}}")
            }
        }
        return source
    }

    /// A whole number of posts, 0 or more.
    private static func count(_ node: YAMLNode, _ what: String, findings: inout FindingList) -> Int? {
        guard let text = scalar(node, what, findings: &findings) else { return nil }
        guard let value = ValueText.integer(text.text), value >= 0 else {
            findings.error("invalid-value", at: text.location, "\(what) is '\(text.text)', not a whole number of posts (0 or more)")
            return nil
        }
        return value
    }

    /// `fit:` and what it holds: free keys whose values are texts, numbers or
    /// mappings; a list is refused, as the writer never makes one.
    private static func fields(_ node: YAMLNode, _ what: String, findings: inout FindingList) -> [ProfileField] {
        guard case .mapping(let pairs, _) = node else { return [] }
        var seen = Set<String>()
        return pairs.compactMap { key, value in
            guard seen.insert(key.text).inserted else {
                findings.error("invalid-value", at: key.location, "\(what) has '\(key.text)' twice", hint: "keep one of them")
                return nil
            }
            switch value {
            case .scalar(let scalar):
                // Quoted, "5" stays a text, as the writer quotes texts that look like numbers.
                let number = scalar.isPlain ? ValueText.number(scalar.text) : nil
                return ProfileField(key.text, number.map { .number($0) } ?? .text(scalar.text))
            case .mapping:
                return ProfileField(key.text, .fields(fields(value, "'\(key.text)'", findings: &findings)))
            case .sequence(_, let location):
                findings.error("wrong-type", at: location, "'\(key.text)' in \(what) must be a value or a mapping, found a list")
                return nil
            }
        }
    }
}
