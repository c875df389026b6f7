import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsReport

/// Test input with its expected positions marked inline as `⟨name⟩`: the
/// marker is removed and its line and column (in Unicode scalars, as libyaml
/// counts) recorded, so a test states where a finding belongs by pointing at it.
struct Marked {
    var text: String
    var marks: [String: (line: Int, column: Int)] = [:]

    init(_ source: String) {
        var clean = String.UnicodeScalarView()
        var line = 1, column = 1
        var scalars = Array(source.unicodeScalars)[...]
        while let scalar = scalars.first {
            if scalar == "⟨", let close = scalars.firstIndex(of: "⟩") {
                let name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                marks[name] = (line, column)
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
            clean.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            scalars = scalars.dropFirst()
        }
        text = String(clean)
    }
}

/// Checks in-memory files through the real loader and checker. With
/// `directory`, the files are checked as one directory's sequence of weeks.
func check(_ files: [String: String], directory: String? = nil) -> CheckReport {
    let contents = files.mapValues { Data($0.utf8) }
    let workspace = Workspace { path in
        guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
        return data
    }
    return Checker.check(groups: [FileGroup(directory: directory, files: files.keys.sorted())], workspace: workspace)
}

func check(_ text: String, file: String = "plan.yaml") -> CheckReport { check([file: text]) }

/// Asserts that `marked` yields exactly one finding of `rule`, at the marker of
/// the same name.
func expectFinding(_ rule: String, in marked: Marked, file: String = "plan.yaml", severity: Severity = .error,
                   message: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let report = check(marked.text, file: file)
    let matches = report.findings.filter { $0.ruleID == rule }
    #expect(matches.count == 1, "expected one [\(rule)], got: \(describe(report))", sourceLocation: sourceLocation)
    guard let finding = matches.first else { return }
    if let mark = marked.marks[rule] {
        #expect(finding.location == ThirdsCore.SourceLocation(file: file, line: mark.line, column: mark.column),
                "[\(rule)] at \(finding.location), expected \(mark.line):\(mark.column)", sourceLocation: sourceLocation)
    }
    #expect(finding.severity == severity, sourceLocation: sourceLocation)
    if let message {
        #expect(finding.message.contains(message), "message was: \(finding.message)", sourceLocation: sourceLocation)
    }
}

func describe(_ report: CheckReport) -> String {
    report.findings.isEmpty ? "no findings" : TextReporter.render(report, color: false)
}

/// A small valid plan around the given items: London account, Monday
/// 2026-11-30 to Sunday 2026-12-06, default rules plus `rules`.
func plan(items: String, rules: String = "", account: String = "", audiences: String? = nil) -> String {
    """
    week: 2026-W49
    account:
      name: acme
      timezone: Europe/London
      since: 2015-01-01
    \(account)
    \(rules.isEmpty ? "" : "rules:\n  rules:\n" + rules)
    channels:
      x: {handle: acme}
      linkedin: {author: "urn:li:person:1"}
    audiences:
    \(audiences ?? "  uk: {timezone: Europe/London, size: 100, weight: 1}")
    items:
    \(items)
    """
}

/// Nine unpinned items, three of each kind: passes every default rule.
let balancedItems = """
  - {id: c1, kind: content, text: "Content one about queues"}
  - {id: c2, kind: content, text: "Content two about rotas"}
  - {id: c3, kind: content, text: "Content three about metrics"}
  - {id: e1, kind: engagement, text: "Engagement one: your questions"}
  - {id: e2, kind: engagement, text: "Engagement two: replies"}
  - {id: e3, kind: engagement, text: "Engagement three: shares"}
  - {id: p1, kind: promotion, text: "Promotion one: webinar"}
  - {id: p2, kind: promotion, text: "Promotion two: newsletter"}
  - {id: p3, kind: promotion, text: "Promotion three: case study"}
"""

enum Fixtures {
    static var root: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
}
