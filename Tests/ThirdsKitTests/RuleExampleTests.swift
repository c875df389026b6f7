import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsCheck
@testable import ThirdsReport

/// Every rule's own examples, through the real loader and checker: a keeping
/// example has no finding at all, a breaking one exactly one finding of its
/// rule at each marker and nothing else.
@Suite("Rule examples")
struct RuleExampleTests {
    @Test(arguments: RuleCatalogue.ids)
    func examplesOfEveryRule(_ id: String) throws {
        let type = try #require(RuleCatalogue.type(for: id))
        let examples = type.examples
        #expect(examples.contains { !$0.breaks }, "\(id) has no example that keeps it")
        #expect(examples.contains { $0.breaks }, "\(id) has no example that breaks it")
        for (number, example) in examples.enumerated() {
            let (files, checked, marks) = example.resolved()
            let report = check(files, checked)
            let expected = marks.map { "[\(id)] \($0.file):\($0.line):\($0.column)" }.sorted()
            let found = report.findings.map { "[\($0.ruleID)] \($0.location)" }.sorted()
            #expect(found == expected, "\(id) example \(number + 1): \(describe(report))\n\(files[checked] ?? "")")
        }
    }

    @Test func markersAreRemovedAndCountedInScalars() {
        // "é" is one scalar, the emoji one too: libyaml's columns.
        let (text, marks) = RuleExample.unmarked("a: é 1️⃣x\n  - 🙂2️⃣3️⃣y\n", file: "f.yaml")
        #expect(text == "a: é x\n  - 🙂y\n")
        #expect(marks == [RuleExample.Mark(file: "f.yaml", line: 1, column: 6), RuleExample.Mark(file: "f.yaml", line: 2, column: 6),
                          RuleExample.Mark(file: "f.yaml", line: 2, column: 6)])
    }

    private func check(_ files: [String: String], _ checked: String) -> CheckReport { checkExample(files, checked) }
}

/// Checks an example's files, in memory, as `thirds check FILE` checks the
/// file it names.
func checkExample(_ files: [String: String], _ checked: String) -> CheckReport {
    let contents = files.mapValues { Data($0.utf8) }
    let workspace = Workspace { path in
        guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
        return data
    }
    return Checker.check(groups: [FileGroup(directory: nil, files: [checked])], workspace: workspace)
}
