import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsRules
@testable import ThirdsCheck
@testable import ThirdsReport

/// Each reporter's output for one plan with many kinds of finding, compared
/// byte for byte with a golden file. Re-record with THIRDS_RECORD_GOLDEN=1.
@Suite("Reporters")
struct ReporterTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")

    static func report() throws -> CheckReport {
        let text = try String(contentsOf: goldenDirectory.appendingPathComponent("2026-W49.yaml"), encoding: .utf8)
        return check(text, file: "plans/2026-W49.yaml")
    }

    @Test(arguments: [
        (ReportFormat.text, "check.txt"), (.json, "check.json"), (.github, "check.github.txt"), (.sarif, "check.sarif"),
    ])
    func matchesGoldenFile(format: ReportFormat, golden: String) throws {
        let output = try format.render(try Self.report(), color: false)
        let url = Self.goldenDirectory.appendingPathComponent(golden)
        if ProcessInfo.processInfo.environment["THIRDS_RECORD_GOLDEN"] == "1" {
            try output.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(output == expected, "\(golden) differs; re-record with THIRDS_RECORD_GOLDEN=1 if the change is intended")
    }

    @Test func textHasColourOnlyWhenAsked() throws {
        let report = try Self.report()
        #expect(!TextReporter.render(report, color: false).contains("\u{1B}["))
        #expect(TextReporter.render(report, color: true).contains("\u{1B}[1;31merror"))
    }

    @Test func githubEscapesItsSeparators() {
        #expect(GitHubReporter.escapeData("50% off\nnow") == "50%25 off%0Anow")
        #expect(GitHubReporter.escapeProperty("a:b,c") == "a%3Ab%2Cc")
    }

    @Test func sarifNamesEveryRuleOnce() throws {
        let sarif = try SARIFReporter.render(try Self.report())
        let object = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any]
        let run = (object?["runs"] as? [[String: Any]])?.first
        let rules = ((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        let ids = rules?.compactMap { $0["id"] as? String } ?? []
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set(Diagnostics.catalogue.map(\.id)))
        for result in run?["results"] as? [[String: Any]] ?? [] {
            let index = result["ruleIndex"] as? Int ?? -1
            #expect(ids[index] == result["ruleId"] as? String)
        }
    }

    @Test func findingsAreSortedByPlace() throws {
        let findings = try Self.report().findings
        #expect(findings == Finding.ordered(findings))
        #expect(findings.count >= 6)
    }
}
