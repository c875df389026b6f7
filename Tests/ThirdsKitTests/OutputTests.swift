import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsRules
@testable import ThirdsExport
@testable import ThirdsKit

/// A fresh folder for one test, removed afterwards by the caller's `defer`.
private func scratch() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

private func write(_ text: String, _ name: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
}

/// Every file below `directory` (relative path → contents); links as `-> target`.
private func tree(_ directory: URL) -> [String: String] {
    var out: [String: String] = [:]
    let manager = FileManager.default
    guard let paths = manager.subpaths(atPath: directory.path) else { return [:] }
    for path in paths {
        let full = directory.appendingPathComponent(path).path
        if let destination = try? manager.destinationOfSymbolicLink(atPath: full) {
            out[path] = "-> " + destination
            continue
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            out[path] = (try? String(contentsOfFile: full, encoding: .utf8)) ?? "<binary>"
        }
    }
    return out
}

/// Nine items, three of each kind, their texts told apart by week: a week
/// that `thirds schedule` solves at once; `item` names the first.
private func smallPlan(week: String = "2026-W49", item: String = "c1") -> String {
    plan(items: balancedItems.replacingOccurrences(of: "\"}", with: " in \(week)\"}").replacingOccurrences(of: "{id: c1,", with: "{id: \(item),"))
        .replacingOccurrences(of: "week: 2026-W49", with: "week: \(week)")
}

@Suite("Output paths")
struct OutputPathTests {
    @Test func unsafeNamesAreRefused() {
        #expect(OutputPath.problem(with: "") == "is empty")
        #expect(OutputPath.problem(with: ".") != nil)
        #expect(OutputPath.problem(with: "..") != nil)
        #expect(OutputPath.problem(with: "a/b") == "contains a path separator")
        #expect(OutputPath.problem(with: "a\\b") == "contains a path separator")
        #expect(OutputPath.problem(with: "w\u{1B}[2J") == "contains control characters")
        #expect(OutputPath.problem(with: "w\u{202E}lmth") == "contains control characters")
        #expect(OutputPath.problem(with: ".hidden") != nil)
        #expect(OutputPath.problem(with: String(repeating: "é", count: 101)) != nil)  // 202 bytes
        #expect(OutputPath.problem(with: "2026-W49") == nil)
        #expect(OutputPath.problem(with: "semaine-é") == nil)
        #expect(OutputPath.problem(withUserPath: "") == "is empty")
        #expect(OutputPath.problem(withUserPath: "out/public") == nil)
    }

    @Test func aSlugThatLeavesItsFolderIsAFinding() {
        var set = OutputSet()
        let folder = set.folder(in: "out", named: "w49", for: "plans/w49.yaml")!
        set.add("blog/../../escape.md", "x", to: folder)
        set.add("blog/ok.md", "x", to: folder)
        #expect(set.findings.map(\.ruleID) == ["output-path"])
        #expect(set.paths == ["out/w49/blog/ok.md"])
    }

    @Test func twoPlansOfOneNameCollide() {
        var set = OutputSet()
        #expect(set.folder(in: "out/", named: "w", for: "plans/a/w.yaml") != nil)
        #expect(set.folder(in: "out", named: "w", for: "plans/b/w.yaml") == nil)
        #expect(set.findings.first?.message == "'plans/a/w.yaml' and 'plans/b/w.yaml' would both write to 'out/w/'")
    }

    @Test func aFolderInsideAnotherCollides() {
        var set = OutputSet()
        #expect(set.folder(at: "out/w49", for: "a.yaml") != nil)
        #expect(set.folder(at: "out/w49/blog", for: "b.yaml") == nil)
        #expect(set.findings.count == 1)
    }

    @Test func terminalEscapes() {
        #expect(TerminalText.escaped("plain é ✓") == "plain é ✓")
        #expect(TerminalText.escaped("\u{1B}]0;title\u{07}x") == "\\e]0;title\\u{7}x")
        #expect(TerminalText.escaped("a\u{9B}31m\u{202E}b\tc") == "a\\u{9B}31m\\u{202E}b\\tc")
    }

    @Test func aPlanNamedAsRulesIsNotQuoted() {
        let report = check([
            "w.yaml": plan(items: balancedItems).replacingOccurrences(of: "channels:", with: "rules: notes.yaml\nchannels:"),
            "notes.yaml": "Secret plans: launch on Friday\n",
            "x.yaml": plan(items: balancedItems).replacingOccurrences(of: "channels:", with: "rules: w.yaml\nchannels:"),
        ])
        let messages = report.findings.map(\.message)
        #expect(messages.contains("notes.yaml is not a rules file: it has no 'rules:' mapping"), "\(describe(report))")
        #expect(messages.contains("w.yaml is a plan, not a rules file"), "\(describe(report))")
        #expect(!messages.contains { $0.contains("Secret") }, "\(describe(report))")
    }
}

@Suite("Writing a set of folders")
struct AtomicWriterTests {
    func set(_ root: URL, _ files: [String: String]) -> OutputSet {
        var set = OutputSet()
        for name in ["w49", "w50"] {
            let folder = set.folder(in: root.path + "/out", named: name, for: name + ".yaml")!
            for (path, text) in files.sorted(by: { $0.key < $1.key }) { set.add(path, text, to: folder) }
        }
        return set
    }

    @Test(arguments: [true, false])
    func aFailedSwapLeavesEveryOldFolder(exchange: Bool) throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try AtomicWriter.write(set(root, ["schedule.yaml": "old", "blog/a.md": "old a"]))
        let before = tree(root)
        #expect(before.count == 4)
        let failing = root.path + "/out/w50"
        #expect(throws: AtomicWriter.Failure(action: "replace", path: failing, reason: "Input/output error")) {
            try AtomicWriter.write(set(root, ["schedule.yaml": "new", "blog/b.md": "new b"]),
                                   hooks: .init(exchange: exchange) { $0 == failing ? EIO : 0 })
        }
        #expect(tree(root) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/out").sorted() == ["w49", "w50"])
        // Without the failure the new set replaces the old; the old blog file is carried over.
        try AtomicWriter.write(set(root, ["schedule.yaml": "new", "blog/b.md": "new b"]), hooks: .init(exchange: exchange))
        #expect(tree(root)["out/w49/schedule.yaml"] == "new")
        #expect(tree(root)["out/w50/blog/a.md"] == "old a")
        #expect(tree(root)["out/w50/blog/b.md"] == "new b")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/out").sorted() == ["w49", "w50"])
    }

    @Test func aRunKilledBetweenTheTwoRenamesIsRepaired() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // The old folder aside, the new one staged, the target missing.
        try write("old", "out/.w49.thirds-old-1/schedule.yaml", in: root)
        try write("half", "out/.w49.thirds-new-1/schedule.yaml", in: root)
        try write("keep", "out/.w49.thirds-old-1/mine.txt", in: root)
        var set = OutputSet()
        let folder = set.folder(in: root.path + "/out", named: "w49", for: "w49.yaml")!
        set.add("schedule.yaml", "new", to: folder)
        try AtomicWriter.write(set)
        #expect(tree(root) == ["out/w49/schedule.yaml": "new", "out/w49/mine.txt": "keep"])
    }

    @Test func aFileWhereAFolderShouldBe() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("not a folder", "out/w49", in: root)
        var set = OutputSet()
        let folder = set.folder(in: root.path + "/out", named: "w49", for: "w49.yaml")!
        set.add("schedule.yaml", "new", to: folder)
        #expect(throws: AtomicWriter.Failure(action: "write into", path: root.path + "/out/w49", reason: "it is a file, not a folder")) {
            try AtomicWriter.write(set)
        }
        #expect(tree(root) == ["out/w49": "not a folder"])
    }
}

/// The same cases through the real binary.
@Suite("thirds output folders")
struct OutputCLITests {
    @Test func aPlanNamedDotDotWritesNothing() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "plans/...yaml", in: root)
        let outcome = try CLITests.run(["schedule", "plans/...yaml", "--out", "plans/out"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("plans/...yaml:1:1: error: [output-path] the output folder's name '..'"), "\(outcome.stderr)")
        #expect(tree(root).keys.sorted() == ["plans/...yaml"])
    }

    @Test func anEmptyOutIsAnError() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "w49.yaml", in: root)
        let outcome = try CLITests.run(["schedule", "w49.yaml", "--out", ""], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--out '' is empty"), "\(outcome.stderr)")
        let export = try CLITests.run(["export", "w49.yaml", "--out", ""], in: root)
        #expect(export.status == 2)
        #expect(tree(root).keys.sorted() == ["w49.yaml"])
    }

    @Test func twoPlansOfOneNameWriteNothing() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "plans/a/w.yaml", in: root)
        try write(smallPlan(), "plans/b/w.yaml", in: root)
        let outcome = try CLITests.run(["schedule", "plans/a/w.yaml", "plans/b/w.yaml"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("'plans/a/w.yaml' and 'plans/b/w.yaml' would both write to 'out/w/'"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("thirds: nothing written"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test(arguments: ["out/w49", "out/w49/blog"])
    func aLinkOutOfOutIsRefused(link: String) throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(item: "blogged").replacingOccurrences(
            of: "channels:\n", with: "channels:\n  blog: {site: \"https://example.org\", engine: hugo}\n")
            .replacingOccurrences(of: "text: \"Content one about queues in 2026-W49\"", with: "text: \"Content one about queues in 2026-W49\", crosspost: [blog]"),
            "w49.yaml", in: root)
        let first = try CLITests.run(["schedule", "w49.yaml"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("out/w49/blog").path), "\(tree(root).keys.sorted())")
        try FileManager.default.removeItem(at: root.appendingPathComponent(link))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(link).path, withDestinationPath: root.appendingPathComponent("elsewhere").path)
        let before = tree(root)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot write into '\(link)': it is a symbolic link"), "\(outcome.stderr)")
        #expect(tree(root) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("elsewhere").path).isEmpty)
    }

    @Test func aFailedRenameLeavesTheOldSet() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(week: "2026-W49"), "plans/2026-W49.yaml", in: root)
        try write(smallPlan(week: "2026-W50"), "plans/2026-W50.yaml", in: root)
        try write(smallPlan(week: "2026-W51"), "plans/2026-W51.yaml", in: root)
        let first = try CLITests.run(["schedule", "plans"], environment: ["SOURCE_DATE_EPOCH": "1795910400"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let before = tree(root)
        #expect(before.keys.filter { $0.hasPrefix("out/") && $0.hasSuffix("schedule.yaml") }.count == 3)
        // A later export time changes every calendar; the last folder's swap fails.
        let failed = try CLITests.run(["schedule", "plans"], environment: ["SOURCE_DATE_EPOCH": "1795996800", "THIRDS_TEST_FAIL_SWAP": "out/2026-W51"], in: root)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("cannot replace 'out/2026-W51': Input/output error"), "\(failed.stderr)")
        #expect(!failed.stderr.contains("NSCocoaErrorDomain"))
        #expect(tree(root) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path).sorted()
                == ["2026-W49", "2026-W50", "2026-W51"])
    }

    @Test func staleTemporaryItemsAreCleaned() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "w49.yaml", in: root)
        #expect(try CLITests.run(["schedule", "w49.yaml"], in: root).status == 0)
        // What killed runs left: a staged folder, and the old writer's temp file.
        try write("half", "out/.w49.thirds-new-DEAD/schedule.yaml", in: root)
        try write("half", "out/w49/.schedule.yaml.thirds-0BADF00D", in: root)
        try write("my notes", "out/w49/notes.txt", in: root)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(tree(root).keys.sorted() == ["out/w49/crosspost.json", "out/w49/notes.txt", "out/w49/schedule.ics", "out/w49/schedule.yaml", "w49.yaml"])
        #expect(tree(root)["out/w49/notes.txt"] == "my notes")
    }

    @Test func aFileWhereTheOutputFolderShouldBe() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "w49.yaml", in: root)
        try write("a file", "out", in: root)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot create folder 'out': Not a directory"), "\(outcome.stderr)")
        #expect(tree(root) == ["out": "a file", "w49.yaml": smallPlan()])
    }

    #if os(Linux)
    @Test func anUnwritableFolderNamesTheReason() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "w49.yaml", in: root)
        // /sys refuses new folders even to root, so the test holds in containers.
        let outcome = try CLITests.run(["schedule", "w49.yaml", "--out", "/sys/thirds-test"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot create folder '/sys/thirds-test': Operation not permitted"), "\(outcome.stderr)")
    }
    #endif

    @Test func escapeSequencesAreShownEscaped() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // Control characters in values are refused at load (invalid-character),
        // so hostile bytes reach a diagnostic through the file's name, and a
        // bidi override (a format character, allowed in values) through a value.
        let name = "w\u{1B}]0;pwned\u{07}\u{1B}[2J.yaml"
        try write(plan(items: balancedItems + "\n  - {id: x, kind: \"\\u202Eevil\", text: \"t\"}"), name, in: root)
        let text = try CLITests.run(["check", name], in: root)
        #expect(text.status == 1)
        #expect(text.stdout.contains("w\\e]0;pwned\\u{7}\\e[2J.yaml:"), "\(text.stdout)")
        #expect(text.stdout.contains("kind '\\u{202E}evil' of item 'x'"), "\(text.stdout)")
        let github = try CLITests.run(["check", "--format", "github", name], in: root)
        #expect(github.stdout.contains("kind '\\u{202E}evil'"), "\(github.stdout)")
        for output in [text.stdout, github.stdout] {
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" })
        }
    }

    @Test func exportPrintsItsWarnings() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "w49.yaml", in: root)
        // Exported on 2026-12-01 00:00 UTC, before the week: no warning.
        let early = ["SOURCE_DATE_EPOCH": "1795996800"]
        #expect(try CLITests.run(["schedule", "w49.yaml"], environment: early, in: root).status == 0)
        let clean = try CLITests.run(["export", "out/w49/schedule.yaml", "--to", "buffer"], environment: early, in: root)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.isEmpty, "\(clean.stderr)")
        // Exported in 2027, after every post: a bulk-time warning each, and the files still written.
        let late = try CLITests.run(["export", "out/w49/schedule.yaml", "--to", "buffer"], environment: ["SOURCE_DATE_EPOCH": "1800000000"], in: root)
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.split(separator: "\n").contains("out/w49/buffer-x.csv"), "\(late.stdout)")
        #expect(late.stderr.contains("w49.yaml:"), "\(late.stderr)")
        #expect(late.stderr.contains("warning: [bulk-time]"), "\(late.stderr)")
        #expect(late.stderr.contains("0 errors, "), "\(late.stderr)")
    }

    @Test func exportOutGetsAFolderPerPlan() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(), "w49.yaml", in: root)
        #expect(try CLITests.run(["schedule", "w49.yaml"], in: root).status == 0)
        let outcome = try CLITests.run(["export", "out/w49/schedule.yaml", "--to", "ics", "--out", "exports"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "exports/w49/schedule.ics\n")
    }

    @Test func explainOnADirectoryAsksForAWeek() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(smallPlan(week: "2026-W49", item: "hello"), "plans/2026-W49.yaml", in: root)
        try write(smallPlan(week: "2026-W50", item: "hello"), "plans/2026-W50.yaml", in: root)
        let ask = try CLITests.run(["explain", "plans", "hello"], in: root)
        #expect(ask.status == 2)
        #expect(ask.stdout.isEmpty)
        #expect(ask.stderr.contains("item 'hello' is in 2 plans: 2026-W49 (plans/2026-W49.yaml, from 2026-11-30), 2026-W50 (plans/2026-W50.yaml, from 2026-12-07); choose one with --week"),
                "\(ask.stderr)")
        let second = try CLITests.run(["explain", "plans", "hello", "--week", "2026-W50"], in: root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("hello (content, priority normal: its reach counts ×2 in the score)\n  at "), "\(second.stdout)")
        #expect(second.stdout.contains(" 2026-12-0") || second.stdout.contains(" 2026-12-1"), "\(second.stdout)")
        #expect(!second.stdout.contains("2026-11-30") && !second.stdout.contains("2026-12-01 "), "\(second.stdout)")
        let byName = try CLITests.run(["explain", "plans", "hello", "--week", "2026-W49"], in: root)
        #expect(byName.status == 0)
        #expect(byName.stdout != second.stdout)
        let none = try CLITests.run(["explain", "plans", "hello", "--week", "2027-W01"], in: root)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no plan of week '2027-W01'"), "\(none.stderr)")
        // One week holding the item needs no --week.
        try write(smallPlan(week: "2026-W50", item: "only-here"), "plans/2026-W50.yaml", in: root)
        let only = try CLITests.run(["explain", "plans", "only-here"], in: root)
        #expect(only.status == 0, "\(only.stderr)")
    }
}
