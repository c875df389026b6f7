import Foundation

/// The settings a rules file or a plan's `rules:` changes, before merging.
struct RulesOverride: Sendable {
    struct Entry: Sendable {
        var severity: Located<Severity>?
        var parameters: [String: Located<ParameterValue>]
        var location: SourceLocation
    }

    var extends: Located<String>?
    var grid: Located<Int>?
    var entries: [String: Entry] = [:]
}

enum RulesLoader {
    static let builtInLocation = SourceLocation(file: "(built-in defaults)", line: 1, column: 1)

    /// The catalogue's own defaults: what `rules/default.yaml` spells out.
    static let builtIn: RuleSet = {
        let settings = RuleCatalogue.all.map { type in
            var parameters: [String: Located<ParameterValue>] = [:]
            for spec in type.parameters {
                if let text = spec.defaultText, let value = ParameterValue.parse(text, as: spec.kind) {
                    parameters[spec.name] = Located(value, at: builtInLocation)
                }
            }
            return RuleSettings(ruleID: type.id, severity: Located(type.defaultSeverity, at: builtInLocation),
                                parameters: parameters, location: builtInLocation)
        }
        return RuleSet(grid: Located(15 * 60, at: builtInLocation), settings: settings)
    }()

    static let topKeys = ["extends", "grid", "rules"]

    /// Reads a rules mapping: a rules file's root or a plan's inline `rules:`.
    static func parse(_ node: YAMLNode, context: String, findings: inout FindingList) -> RulesOverride? {
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
        if let rules = root["rules"], let reader = MappingReader(rules, context: "in 'rules'", allowed: RuleCatalogue.ids, findings: &findings) {
            for (key, value) in reader.pairs {
                guard let type = RuleCatalogue.type(for: key.text) else { continue }
                if let entry = parseEntry(value, type: type, findings: &findings) { override.entries[type.id] = entry }
            }
        }
        return override
    }

    private static func parseEntry(_ node: YAMLNode, type: any Rule.Type, findings: inout FindingList) -> RulesOverride.Entry? {
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

    static func apply(_ override: RulesOverride, to base: RuleSet) -> RuleSet {
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

    static func validate(_ rules: RuleSet) -> [Finding] {
        rules.settings.flatMap { settings in RuleCatalogue.type(for: settings.ruleID)?.validate(settings) ?? [] }
    }
}
