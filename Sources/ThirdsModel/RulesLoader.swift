import Foundation
import ThirdsCore

/// The settings a rules file or a plan's `rules:` changes, before merging.
package struct RulesOverride: Sendable {
    package struct Entry: Sendable {
        package var severity: Located<Severity>?
        package var parameters: [String: Located<ParameterValue>]
        package var location: SourceLocation
    }

    package var extends: Located<String>?
    package var grid: Located<Int>?
    package var entries: [String: Entry] = [:]
}

/// What the loader needs to know of one rule to read its settings: the
/// rules layer describes each of its rules this way (`RuleCatalogue.schemas`),
/// so reading a rules file does not depend on the rules themselves.
public struct RuleSchema: Sendable {
    public var id: String
    public var defaultSeverity: Severity
    public var parameters: [ParameterSpec]
    /// Problems of the settings themselves (targets that do not add up).
    public var validate: @Sendable (RuleSettings) -> [Finding]

    public init(id: String, defaultSeverity: Severity, parameters: [ParameterSpec], validate: @escaping @Sendable (RuleSettings) -> [Finding]) {
        self.id = id
        self.defaultSeverity = defaultSeverity
        self.parameters = parameters
        self.validate = validate
    }
}

/// Every rule a rules file may set, in the catalogue's order.
public struct RuleSchemas: Sendable {
    public let all: [RuleSchema]
    /// The catalogue's own defaults: what `rules/default.yaml` spells out.
    public let builtIn: RuleSet

    public init(_ all: [RuleSchema]) {
        self.all = all
        let location = RulesLoader.builtInLocation
        let settings = all.map { schema in
            var parameters: [String: Located<ParameterValue>] = [:]
            for spec in schema.parameters {
                if let text = spec.defaultText, let value = ParameterValue.parse(text, as: spec.kind) {
                    parameters[spec.name] = Located(value, at: location)
                }
            }
            return RuleSettings(ruleID: schema.id, severity: Located(schema.defaultSeverity, at: location),
                                parameters: parameters, location: location)
        }
        builtIn = RuleSet(grid: Located(15 * 60, at: location), settings: settings)
    }

    public var ids: [String] { all.map(\.id) }
    public func schema(for id: String) -> RuleSchema? { all.first { $0.id == id } }
}

package enum RulesLoader {
    package static let builtInLocation = SourceLocation(file: "(built-in defaults)", line: 1, column: 1)

    package static let topKeys = ["extends", "grid", "rules"]

    /// Reads a rules mapping: a rules file's root or a plan's inline `rules:`.
    package static func parse(_ node: YAMLNode, context: String, rules schemas: RuleSchemas, findings: inout FindingList) -> RulesOverride? {
        guard let root = MappingReader(node, context: context, allowed: topKeys, findings: &findings) else { return nil }
        var override = RulesOverride()
        if let extends = root["extends"], let text = scalar(extends, "'extends'", findings: &findings) {
            override.extends = Located(text.text, at: text.location)
        }
        if let grid = root["grid"], let text = scalar(grid, "'grid'", findings: &findings) {
            if let seconds = ValueText.duration(text.text), seconds % 60 == 0, seconds <= 3_600 {
                override.grid = Located(seconds, at: text.location)
            } else {
                findings.error("invalid-duration", at: text.location, "grid '\(text.text)' is not a slot length of whole minutes up to 60m",
                               hint: "use a duration such as 5m or 15m")
            }
        }
        if let rules = root["rules"], let reader = MappingReader(rules, context: "in 'rules'", allowed: schemas.ids, findings: &findings) {
            for (key, value) in reader.pairs {
                guard let type = schemas.schema(for: key.text) else { continue }
                if let entry = parseEntry(value, type: type, findings: &findings) { override.entries[type.id] = entry }
            }
        }
        return override
    }

    private static func parseEntry(_ node: YAMLNode, type: RuleSchema, findings: inout FindingList) -> RulesOverride.Entry? {
        // `thirds: off` is shorthand for `thirds: {severity: off}`.
        if case .scalar(let text) = node {
            guard let severity = Severity(rawValue: text.text) else {
                findings.error("invalid-value", at: text.location, "rule '\(type.id)' must be a mapping of settings or a severity, found '\(text.text)'",
                               hint: "write {severity: error}, warning or off")
                return nil
            }
            return RulesOverride.Entry(severity: Located(severity, at: text.location), parameters: [:], location: text.location)
        }
        let names = ["severity"] + type.parameters.map(\.name)
        guard let reader = MappingReader(node, context: "in rule '\(type.id)'", allowed: names, findings: &findings) else { return nil }
        var entry = RulesOverride.Entry(parameters: [:], location: reader.location)
        if let node = reader["severity"], let text = scalar(node, "'severity'", findings: &findings) {
            if let severity = Severity(rawValue: text.text) {
                entry.severity = Located(severity, at: text.location)
            } else {
                findings.error("invalid-value", at: text.location, "severity '\(text.text)' of rule '\(type.id)' is not error, warning or off")
            }
        }
        for spec in type.parameters {
            guard let node = reader[spec.name], let text = scalar(node, "'\(spec.name)'", findings: &findings) else { continue }
            let value = ParameterValue.parse(text.text, as: spec.kind)
            if let value, spec.accepts(value) {
                entry.parameters[spec.name] = Located(value, at: text.location)
            } else if value != nil || ValueText.isTooLarge(text.text, as: spec.kind) {
                // Too large to keep the rules' arithmetic finite (a count times the days, a duration in seconds).
                findings.error(spec.kind == .duration ? "invalid-duration" : "invalid-value", at: text.location,
                               "'\(spec.name)' of rule '\(type.id)' is '\(text.text)', more than the most it can be",
                               hint: "use \(spec.rangeText)")
            } else {
                findings.error(spec.kind == .duration ? "invalid-duration" : "invalid-value", at: text.location,
                               "'\(spec.name)' of rule '\(type.id)' is '\(text.text)', not \(spec.kind.expectation)")
            }
        }
        return entry
    }

    package static func apply(_ override: RulesOverride, to base: RuleSet) -> RuleSet {
        var result = base
        if let grid = override.grid { result.grid = grid }
        for index in result.settings.indices {
            guard let entry = override.entries[result.settings[index].ruleID] else { continue }
            if let severity = entry.severity { result.settings[index].severity = severity }
            result.settings[index].parameters.merge(entry.parameters) { _, new in new }
            result.settings[index].location = entry.location
        }
        return result
    }

    package static func validate(_ rules: RuleSet, with schemas: RuleSchemas) -> [Finding] {
        rules.settings.flatMap { settings in schemas.schema(for: settings.ruleID)?.validate(settings) ?? [] }
    }
}
