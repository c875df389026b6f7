import Foundation
import Testing
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsCheck
@testable import ThirdsReport

/// docs/rules.md documents every rule of the catalogue and every parameter,
/// with its type and default, as the rule declares them.
@Suite("docs/rules.md")
struct RulesDocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each `## heading` section of the page: its heading and its lines.
    static func sections(_ text: String) -> [String: [Substring]] {
        var sections: [String: [Substring]] = [:]
        var current: String?
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle() }
            if !inCode, line.hasPrefix("## ") {
                current = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                sections[current!] = []
            } else if let current {
                sections[current]!.append(line)
            }
        }
        return sections
    }

    /// The rows of a section's parameter table: name → (type, default), from
    /// `| \`name\` | type | \`default\` | meaning |`.
    static func parameterRows(_ lines: [Substring]) -> [String: (type: String, default: String)] {
        var rows: [String: (type: String, default: String)] = [:]
        for line in lines where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            rows[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = (cells[1], cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`")))
        }
        return rows
    }

    static func typeName(_ kind: ParameterKind) -> String {
        switch kind {
        case .count: "count"
        case .number: "number"
        case .fraction: "fraction"
        case .duration: "duration"
        case .timeOfDay: "time of day"
        }
    }

    @Test func everyRuleAndParameterIsDocumented() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        let sections = Self.sections(text)
        var missing: [String] = []
        for type in RuleCatalogue.all {
            guard let lines = sections[type.id] else {
                missing.append("no '## \(type.id)' section")
                continue
            }
            let rows = Self.parameterRows(lines)
            for spec in type.parameters {
                guard let row = rows[spec.name] else {
                    missing.append("\(type.id): no row for parameter '\(spec.name)'")
                    continue
                }
                if row.type != Self.typeName(spec.kind) { missing.append("\(type.id).\(spec.name): type '\(row.type)', declared \(Self.typeName(spec.kind))") }
                if row.default != (spec.defaultText ?? "none") { missing.append("\(type.id).\(spec.name): default '\(row.default)', declared \(spec.defaultText ?? "none")") }
            }
            for name in rows.keys.sorted() where !type.parameters.contains(where: { $0.name == name }) {
                missing.append("\(type.id): documents '\(name)', which the rule does not take")
            }
            if type.parameters.isEmpty, !lines.contains(where: { $0.contains("No parameters.") }) {
                missing.append("\(type.id): takes no parameters, and the section does not say so")
            }
        }
        #expect(missing.isEmpty, "docs/rules.md: \(missing.joined(separator: "; "))")
    }

    static let examplesBegin = "<!-- BEGIN rule examples: generated from each rule's `examples`; re-record with THIRDS_RECORD_GOLDEN=1 -->"
    static let examplesEnd = "<!-- END rule examples -->"

    /// Every rule's examples as the page shows them: each file, and what
    /// `thirds check` prints for it.
    static func examplesSection() -> String {
        var out = examplesBegin + "\n"
        for type in RuleCatalogue.all {
            out += "\n### Examples: \(type.id)\n"
            for example in type.examples {
                let (files, checked, _) = example.resolved()
                out += "\n" + (example.breaks ? "Breaks it" : "Keeps it") + ", `thirds check \(checked)`:\n"
                for name in [RuleExample.planFile, RuleExample.scheduleFile] {
                    guard let text = files[name] else { continue }
                    out += "\n```yaml\n# \(name)\n\(text.hasSuffix("\n") ? text : text + "\n")```\n"
                }
                let report = checkExample(files, checked)
                out += "\n```\n" + TextReporter.render(report, color: false) + "```\n"
            }
        }
        return out + "\n" + examplesEnd
    }

    /// The examples section of the page is what the examples give today.
    @Test func examplesSectionIsCurrent() throws {
        let url = Self.root.appendingPathComponent("docs/rules.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let begin = try #require(text.range(of: Self.examplesBegin), "docs/rules.md has no generated examples section")
        let end = try #require(text.range(of: Self.examplesEnd, range: begin.upperBound..<text.endIndex))
        let current = String(text[begin.lowerBound..<end.upperBound])
        let generated = Self.examplesSection()
        if ProcessInfo.processInfo.environment["THIRDS_RECORD_GOLDEN"] == "1", current != generated {
            try (String(text[..<begin.lowerBound]) + generated + String(text[end.upperBound...])).write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(current == generated, "docs/rules.md's rule examples are out of date; re-record with THIRDS_RECORD_GOLDEN=1")
    }

    @Test func theParserFindsWhatIsMissing() {
        // A page with one rule documented and one parameter left out: both are found.
        let page = """
            ## min-gap

            | parameter | type | default | meaning |
            | --- | --- | --- | --- |
            | `gap` | duration | `90m` | shortest time |

            ## daily-limit

            | `min` | count | `1` | fewest |

            ```
            ## not-a-heading
            ```
            """
        let sections = Self.sections(page)
        #expect(Set(sections.keys) == ["min-gap", "daily-limit"])
        #expect(Self.parameterRows(sections["daily-limit"]!).keys.sorted() == ["min"])
        #expect(Self.parameterRows(sections["min-gap"]!)["gap"]! == ("duration", "90m"))
    }
}
