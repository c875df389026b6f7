import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsReport
@testable import ThirdsKit

@Suite("Bad files fail cleanly, each with one clear diagnostic")
struct BadFileTests {
    @Test func malformedYAML() {
        expectFinding("yaml-syntax", in: Marked("week: 2026-W49\nitems: [1, 2\n⟨yaml-syntax⟩"))
    }

    @Test func emptyFile() {
        expectFinding("empty-file", in: Marked("⟨empty-file⟩"))
        expectFinding("empty-file", in: Marked("⟨empty-file⟩# only a comment\n\n"))
    }

    @Test func notUTF8() {
        let bytes: [UInt8] = Array("week: caf".utf8) + [0xE9] + Array("\n".utf8)
        let finding = YAMLReader.read(Data(bytes), file: "latin1.yaml").failure
        #expect(finding?.ruleID == "not-utf8")
        #expect(finding?.location == SourceLocation(file: "latin1.yaml", line: 1, column: 10))
    }

    @Test func binaryData() {
        let bytes: [UInt8] = Array("week: x\nitems: ".utf8) + [0x00, 0x01, 0xFF]
        let finding = YAMLReader.read(Data(bytes), file: "b.yaml").failure
        #expect(finding?.ruleID == "binary-data")
        #expect(finding?.location == SourceLocation(file: "b.yaml", line: 2, column: 8))
    }

    @Test func fileTooLarge() {
        let text = "items:\n" + String(repeating: "  - {id: x, kind: content, text: \"padding padding padding\"}\n", count: 20_000)
        #expect(YAMLReader.read(Data(text.utf8), file: "big.yaml").failure?.ruleID == "file-too-large")
    }

    @Test func deepNesting() {
        let shallowEnough = "a: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(YAMLReader.read(Data(shallowEnough.utf8), file: "d.yaml").failure?.ruleID == "nesting-too-deep")
        let beyondLibyaml = "a: " + String(repeating: "[", count: 100_000)
        #expect(YAMLReader.read(Data(beyondLibyaml.utf8), file: "d.yaml").failure?.ruleID == "nesting-too-deep")
    }

    @Test func billionLaughs() {
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        #expect(YAMLReader.read(Data(text.utf8), file: "bomb.yaml").failure?.ruleID == "too-many-nodes")
    }

    @Test func duplicateKeyPointsAtTheRepeat() {
        expectFinding("duplicate-key", in: Marked("""
            week: 2026-W49
            account:
              name: acme
              timezone: Europe/London
            ⟨duplicate-key⟩week: 2026-W50
            items: []
            """))
    }

    @Test func notAPlan() {
        expectFinding("unknown-document", in: Marked("⟨unknown-document⟩colour: blue\n"))
    }
}

@Suite("Plan errors point at the exact node")
struct PlanDiagnosticTests {
    @Test func unknownKeySuggestsTheKnownOne() {
        let marked = Marked(plan(items: """
              - id: webinar
                kind: promotion
                text: "Join our webinar"
                ⟨unknown-key⟩audiense: [uk]
            """))
        expectFinding("unknown-key", in: marked, message: "unknown key 'audiense' in item 'webinar' (did you mean 'audiences'?)")
    }

    @Test func wrongType() {
        expectFinding("wrong-type", in: Marked("""
            week: 2026-W49
            account: {name: acme, timezone: Europe/London}
            items: ⟨wrong-type⟩{id: x}
            """))
    }

    @Test func unknownTimeZone() {
        expectFinding("unknown-timezone", in: Marked("""
            week: 2026-W49
            account: {name: acme, timezone: ⟨unknown-timezone⟩Europe/Londn}
            items: []
            """), message: "did you mean 'Europe/London'?")
        expectFinding("unknown-timezone", in: Marked("""
            week: 2026-W49
            account: {name: acme, timezone: ⟨unknown-timezone⟩BST}
            items: []
            """))
    }

    @Test func impossibleDates() {
        expectFinding("invalid-date", in: Marked("""
            week: 2026-W49
            account: {name: acme, timezone: Europe/London, since: ⟨invalid-date⟩2026-02-30}
            items: []
            """))
        expectFinding("invalid-date", in: Marked("""
            week: ⟨invalid-date⟩2026-W54
            account: {name: acme, timezone: Europe/London}
            items: []
            """))
    }

    @Test func badDuration() {
        expectFinding("invalid-duration", in: Marked(plan(items: balancedItems, rules: "    min-gap: {gap: ⟨invalid-duration⟩90 minutes}")))
    }

    @Test func undefinedAudienceAndChannel() {
        expectFinding("undefined-reference", in: Marked(plan(items: """
              - {id: a, kind: content, text: "Hello", audiences: [⟨undefined-reference⟩ukk]}
            """)), message: "did you mean 'uk'?")
        expectFinding("undefined-reference", in: Marked(plan(items: """
              - {id: a, kind: content, text: "Hello", crosspost: [⟨undefined-reference⟩blog]}
            """)), message: "channel 'blog'")
    }

    @Test func duplicateIDs() {
        expectFinding("duplicate-id", in: Marked(plan(items: """
              - {id: a, kind: content, text: "Hello"}
              - {id: ⟨duplicate-id⟩a, kind: engagement, text: "Hello again"}
            """)))
    }

    @Test func timeSkippedWhenClocksGoForward() {
        expectFinding("nonexistent-time", in: Marked("""
            week: 2026-W13
            account: {name: acme, timezone: Europe/London}
            items:
              - {id: a, kind: content, text: "Hello", at: ⟨nonexistent-time⟩2026-03-29T01:30}
            """))
    }

    @Test func timeRepeatedWhenClocksGoBack() {
        expectFinding("ambiguous-time", in: Marked("""
            week: 2026-W43
            account: {name: acme, timezone: Europe/London}
            items:
              - {id: a, kind: content, text: "Hello", at: ⟨ambiguous-time⟩2026-10-25T01:30}
            """), message: "+01:00 and +00:00")
    }

    @Test func fixedTimeOutsideThePeriod() {
        expectFinding("outside-period", in: Marked(plan(items: """
              - {id: a, kind: content, text: "Hello", at: ⟨outside-period⟩2026-12-07T09:00}
            """)))
    }

    @Test func reportsEveryProblemInOneRun() {
        let report = check(plan(items: """
              - {id: a, kind: contnt, text: "Hello", audiences: [nobody]}
              - {id: b, kind: content, text: "Hi", at: 2026-13-01T10:00, priorty: high}
            """))
        let rules = Set(report.findings.map(\.ruleID))
        #expect(rules.isSuperset(of: ["invalid-value", "undefined-reference", "invalid-date", "unknown-key"]), "\(describe(report))")
    }

    @Test func yaml11ValuesAreReadByTheirText() throws {
        // Unquoted 23:00 is sexagesimal 1380 in YAML 1.1 and `off` a boolean: thirds reads the text.
        let report = check(plan(items: balancedItems, rules: "    quiet-hours: {severity: off, from: 23:00, to: 06:30}"))
        #expect(report.findings.isEmpty, "\(describe(report))")
    }
}

@Suite("Rules files")
struct RulesFileTests {
    @Test func bundledRuleSetsAreClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = ["default.yaml", "new-account.yaml", "agency.yaml"].map { "rules/" + $0 }
        var contents: [String: String] = [:]
        for file in files { contents[file] = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) }
        let report = check(contents)
        #expect(report.findings.isEmpty, "\(describe(report))")
    }

    @Test func defaultFileMatchesTheBuiltInDefaults() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("rules/default.yaml"), encoding: .utf8)
        var findings = FindingList()
        let node = try YAMLReader.read(Data(text.utf8), file: "default.yaml").get()
        let override = try #require(RulesLoader.parse(node, context: "", rules: RuleCatalogue.schemas, findings: &findings))
        let fromFile = RulesLoader.apply(override, to: RulesLoader.builtIn)
        for (a, b) in zip(fromFile.settings, RulesLoader.builtIn.settings) {
            #expect(a.severity.value == b.severity.value, "\(a.ruleID)")
            #expect(a.parameters.mapValues(\.value) == b.parameters.mapValues(\.value), "\(a.ruleID)")
        }
    }

    @Test func unknownRuleAndBadSeverity() {
        expectFinding("unknown-key", in: Marked("rules:\n  ⟨unknown-key⟩thrids: {severity: error}\n"), file: "r.yaml",
                      message: "did you mean 'thirds'?")
        expectFinding("invalid-value", in: Marked("rules:\n  thirds: {severity: ⟨invalid-value⟩fatal}\n"), file: "r.yaml")
    }

    @Test func targetsMustAddUp() {
        expectFinding("invalid-value", in: Marked("rules:\n  thirds: ⟨invalid-value⟩{content: 0.5, engagement: 0.5, promotion: 0.5}\n"),
                      file: "r.yaml", message: "add up to 150%")
    }

    @Test func missingRulesFileIsReportedWhereItIsNamed() {
        let marked = Marked("""
            week: 2026-W49
            account: {name: acme, timezone: Europe/London}
            rules: ⟨undefined-reference⟩../rules/nope.yaml
            items: []
            """)
        expectFinding("undefined-reference", in: marked, file: "plans/w49.yaml")
    }

    @Test func planExtendsARulesFileAndOverridesIt() {
        let report = check([
            "rules/r.yaml": "grid: 5m\nrules:\n  min-gap: {gap: 4h}\n",
            "plans/p.yaml": plan(items: balancedItems + """

                  - {id: x1, kind: content, text: "Pinned one", at: 2026-11-30T09:00}
                  - {id: x2, kind: content, text: "Pinned two", at: 2026-11-30T11:00}
                """).replacingOccurrences(of: "channels:", with: "rules: {extends: ../rules/r.yaml, rules: {min-gap: {gap: 1h}}}\nchannels:"),
        ])
        #expect(report.findings.filter { $0.ruleID == "min-gap" }.isEmpty, "\(describe(report))")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
