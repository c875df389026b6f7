import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsKit

/// A fresh folder for one test, removed afterwards by the caller's `defer`.
private func scratch() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-thin-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

private func write(_ text: String, _ name: String, in directory: URL) throws {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

private func read(_ name: String, in directory: URL) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
}

/// Every file below `directory`, relative path → bytes.
private func files(_ directory: URL) -> [String: Data] {
    var out: [String: Data] = [:]
    for path in FileManager.default.subpaths(atPath: directory.path) ?? [] {
        var isDirectory: ObjCBool = false
        let full = directory.appendingPathComponent(path).path
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            out[path] = FileManager.default.contents(atPath: full)
        }
    }
    return out
}

/// The nine balanced items, the first cross-posted to a Hugo blog: a week
/// whose folder holds every kind of file `thirds schedule` writes.
private func bloggedPlan(week: String = "2026-W49") -> String {
    plan(items: balancedItems.replacingOccurrences(of: "\"}", with: " in \(week)\"}")
        .replacingOccurrences(of: "text: \"Content one about queues in \(week)\"}", with: "text: \"Content one about queues in \(week)\", crosspost: [blog]}"))
        .replacingOccurrences(of: "week: 2026-W49", with: "week: \(week)")
        .replacingOccurrences(of: "channels:\n", with: "channels:\n  blog: {site: \"https://example.org\", engine: hugo}\n")
}

private let advice = "; run 'thirds schedule' again and commit the result"

/// `thirds schedule --check` compares every file the run would write.
@Suite("thirds schedule --check")
struct ScheduleCheckTests {
    /// 2026-11-30T00:00:00Z: written then, checked later without the variable.
    static let written = ["SOURCE_DATE_EPOCH": "1795996800"]

    /// A folder with the plan scheduled at `written`, and its blog file's path.
    static func scheduled() throws -> (root: URL, blog: String) {
        let root = try scratch()
        try write(bloggedPlan(), "w49.yaml", in: root)
        let first = try CLITests.run(["schedule", "w49.yaml"], environment: written, in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let blog = files(root).keys.filter { $0.hasPrefix("out/w49/blog/") }
        #expect(blog.count == 1, "\(files(root).keys.sorted())")
        return (root, blog.first ?? "out/w49/blog/?")
    }

    @Test func anUnchangedRunIsUpToDateWithoutSourceDateEpoch() throws {
        let (root, _) = try Self.scheduled()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try read("out/w49/schedule.ics", in: root).contains("DTSTAMP:20261130T000000Z\r\n"))
        let before = files(root)
        // Now is later than the stamps: the files' own time is used.
        let fresh = try CLITests.run(["schedule", "w49.yaml", "--check"], in: root)
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        #expect(fresh.stdout == "1 schedule up to date\n")
        #expect(fresh.stderr.isEmpty, "\(fresh.stderr)")
        #expect(files(root) == before)
        // The same stamp given explicitly: up to date; another: the two files that carry it are stale.
        #expect(try CLITests.run(["schedule", "w49.yaml", "--check"], environment: Self.written, in: root).stdout == "1 schedule up to date\n")
        let later = try CLITests.run(["schedule", "w49.yaml", "--check"], environment: ["SOURCE_DATE_EPOCH": "1796083200"], in: root)
        #expect(later.status == 1)
        #expect(later.stdout == "out/w49/crosspost.json: stale\(advice)\nout/w49/schedule.ics: stale\(advice)\n")
    }

    @Test(arguments: ["schedule.yaml", "schedule.ics", "crosspost.json", "blog"])
    func anEditedFileIsStaleAndOnlyIt(name: String) throws {
        let (root, blog) = try Self.scheduled()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = name == "blog" ? blog : "out/w49/" + name
        try write(try read(path, in: root) + "edited\n", path, in: root)
        let before = files(root)
        let edited = try CLITests.run(["schedule", "w49.yaml", "--check"], in: root)
        #expect(edited.status == 1)
        #expect(edited.stdout == "\(path): stale\(advice)\n")
        #expect(files(root) == before)
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
        let missing = try CLITests.run(["schedule", "w49.yaml", "--check"], in: root)
        #expect(missing.status == 1)
        // Without the calendar the manifest's generated_at gives the time: nothing else is stale.
        #expect(missing.stdout == "\(path): missing\(advice)\n")
    }

    @Test func anEditedStampIsStale() throws {
        let (root, _) = try Self.scheduled()
        defer { try? FileManager.default.removeItem(at: root) }
        // One event's stamp (not the first, which gives the time) a second later.
        let calendar = try read("out/w49/schedule.ics", in: root)
        let parts = calendar.components(separatedBy: "DTSTAMP:20261130T000000Z")
        #expect(parts.count > 2)
        try write(parts[0] + "DTSTAMP:20261130T000000Z" + parts[1] + "DTSTAMP:20261130T000001Z" + parts[2...].joined(separator: "DTSTAMP:20261130T000000Z"),
                  "out/w49/schedule.ics", in: root)
        let edited = try CLITests.run(["schedule", "w49.yaml", "--check"], in: root)
        #expect(edited.status == 1)
        #expect(edited.stdout == "out/w49/schedule.ics: stale\(advice)\n")
    }

    @Test func aBlogFileTheRunWouldNotWriteIsExtra() throws {
        let (root, _) = try Self.scheduled()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("an article no longer planned\n", "out/w49/blog/content/posts/old.md", in: root)
        // Files of the folder outside blog/ are the user's (bulk CSVs, notes): not compared.
        try write("my notes\n", "out/w49/notes.txt", in: root)
        let before = files(root)
        let outcome = try CLITests.run(["schedule", "w49.yaml", "--check"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "out/w49/blog/content/posts/old.md: extra; 'thirds schedule' no longer writes it (and keeps what it does not write): delete it\n")
        #expect(files(root) == before)
    }

    @Test func nothingWrittenYetIsEveryFileMissing() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(bloggedPlan(), "w49.yaml", in: root)
        let outcome = try CLITests.run(["schedule", "w49.yaml", "--check"], in: root)
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(outcome.stdout)")
        #expect(lines.allSatisfy { $0.hasSuffix(": missing\(advice)") }, "\(outcome.stdout)")
        #expect(lines.contains("out/w49/schedule.yaml: missing\(advice)"))
        #expect(lines.contains("out/w49/schedule.ics: missing\(advice)"))
        #expect(lines.contains("out/w49/crosspost.json: missing\(advice)"))
        #expect(files(root).keys.sorted() == ["w49.yaml"])
    }

    @Test func theStampIsReadFromTheCalendarOrTheManifest() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // 2026-11-29T00:00:00Z is 1795910400 s after 1970 (worked out by hand: 20,786 days).
        #expect(OutputCheck.calendarTime("20261129T000000Z") == Date(timeIntervalSince1970: 1_795_910_400))
        #expect(OutputCheck.calendarTime("20261129T000000") == nil)
        #expect(OutputCheck.calendarTime("2026112xT000000Z") == nil)
        try write("{\"generated_at\": \"2026-11-29T00:00:05Z\"}", "a/crosspost.json", in: root)
        #expect(OutputCheck.recordedGenerationTime(inFolder: root.path + "/a") == Date(timeIntervalSince1970: 1_795_910_405))
        try write("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTAMP:20261129T000001Z\r\nEND:VEVENT\r\n", "a/schedule.ics", in: root)
        #expect(OutputCheck.recordedGenerationTime(inFolder: root.path + "/a") == Date(timeIntervalSince1970: 1_795_910_401))
        #expect(OutputCheck.recordedGenerationTime(inFolder: root.path + "/none") == nil)
    }
}

/// Errors are never swallowed: a failed encode throws with what and why,
/// and a failed write names the path and the system's reason, all or nothing.
@Suite("Honest errors")
struct HonestErrorTests {
    @Test func aNumberJSONCannotHoldThrows() {
        struct Row: Encodable { var reach: [Double] }
        #expect(throws: JSONEncodingFailure(what: "the rows", reason: "Unable to encode Double.nan directly in JSON. (at rows[1].reach[0])")) {
            try encodeJSON(["rows": [Row(reach: [1]), Row(reach: [.nan])]], what: "the rows")
        }
        let failure = JSONEncodingFailure(what: "the report", reason: "it broke")
        #expect(failure.description == "cannot write the report as JSON: it broke")
        #expect(throws: Never.self) { try encodeJSON(["a": 1.5], what: "x") }
    }

    @Test func anOutputFolderUnderAFileNamesThePathAndReason() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(bloggedPlan(), "w49.yaml", in: root)
        try write("a file\n", "notes.txt", in: root)
        let before = files(root)
        let schedule = try CLITests.run(["schedule", "w49.yaml", "--out", "notes.txt/out"], in: root)
        #expect(schedule.status == 2)
        #expect(schedule.stdout.isEmpty)
        #expect(schedule.stderr == "thirds: could not write the schedule: cannot create folder 'notes.txt': Not a directory; nothing changed\n")
        #expect(files(root) == before)
        #expect(try CLITests.run(["schedule", "w49.yaml"], in: root).status == 0)
        let withSchedule = files(root)
        let export = try CLITests.run(["export", "out/w49/schedule.yaml", "--to", "csv", "--out", "notes.txt/exports"], in: root)
        #expect(export.status == 2)
        #expect(export.stdout.isEmpty)
        #expect(export.stderr == "thirds: could not write the exports: cannot create folder 'notes.txt': Not a directory; nothing changed\n")
        #expect(files(root) == withSchedule)
    }

    // Root writes anywhere: the test means something only for other users.
    @Test(.enabled(if: getuid() != 0, "root writes into a read-only folder"))
    func aReadOnlyFolderNamesTheReason() throws {
        let root = try scratch()
        defer {
            chmod(root.appendingPathComponent("locked").path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        try write(bloggedPlan(), "w49.yaml", in: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("locked"), withIntermediateDirectories: true)
        chmod(root.appendingPathComponent("locked").path, 0o555)
        let outcome = try CLITests.run(["schedule", "w49.yaml", "--out", "locked"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("thirds: could not write the schedule: cannot create folder 'locked/"), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix(": Permission denied; nothing changed\n"), "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("locked").path).isEmpty)
    }

    /// The first write of two folders, the second's rename failing: neither
    /// folder, nor the `out` folder made for them, is left behind.
    @Test func aFailedFirstWriteLeavesNothing() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(bloggedPlan(week: "2026-W49"), "plans/2026-W49.yaml", in: root)
        try write(bloggedPlan(week: "2026-W50"), "plans/2026-W50.yaml", in: root)
        let before = files(root)
        let outcome = try CLITests.run(["schedule", "plans"], environment: ["THIRDS_TEST_FAIL_SWAP": "out/2026-W50"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty, "nothing printed as if written: \(outcome.stdout)")
        #expect(outcome.stderr == "thirds: could not write the schedule: cannot replace 'out/2026-W50': Input/output error; nothing changed\n")
        #expect(files(root) == before)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test func aFailedExportSwapKeepsTheOldFolder() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(bloggedPlan(), "w49.yaml", in: root)
        #expect(try CLITests.run(["schedule", "w49.yaml"], environment: ["SOURCE_DATE_EPOCH": "1795996800"], in: root).status == 0)
        let before = files(root)
        let outcome = try CLITests.run(["export", "out/w49/schedule.yaml", "--to", "ics", "csv"],
                                       environment: ["SOURCE_DATE_EPOCH": "1796083200", "THIRDS_TEST_FAIL_SWAP": "out/w49"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "thirds: could not write the exports: cannot replace 'out/w49': Input/output error; nothing changed\n")
        #expect(files(root) == before)
    }

    /// An export's warning does not stop `thirds schedule`, and is printed.
    @Test func scheduleReportsTheExportsWarnings() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(bloggedPlan().replacingOccurrences(of: "crosspost: [blog]}", with: "crosspost: [blog], slug: same}")
            .replacingOccurrences(of: "text: \"Content two about rotas in 2026-W49\"}", with: "text: \"Content two about rotas in 2026-W49\", crosspost: [blog], slug: same}"),
                  "w49.yaml", in: root)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("out/w49/schedule.yaml: 9 of 9 posts"), "\(outcome.stdout)")
        #expect(outcome.stderr.contains("w49.yaml:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(": warning: [invalid-value] blog slug 'same' of '"), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix("0 errors, 1 warning in 1 file (1 plan)\n"), "\(outcome.stderr)")
        #expect(files(root).keys.filter { $0.hasPrefix("out/w49/blog/") }.count == 2)
    }

    /// A file's findings past the limit become one count, placed at the last
    /// one kept; with no finding kept (a limit of 0), at the file's first.
    @Test func cappedFindingsNeverTrap() {
        let findings = (1...3).map { Finding(ruleID: "r", severity: .error, location: ThirdsCore.SourceLocation(file: "f.yaml", line: $0, column: 1), message: "m\($0)") }
        let one = Checker.capped(findings, limit: 1)
        #expect(one.map(\.message) == ["m1", "2 more findings in f.yaml not shown"])
        #expect(one.last?.location.line == 1)
        let none = Checker.capped(findings, limit: 0)
        #expect(none.map(\.message) == ["3 more findings in f.yaml not shown"])
        #expect(none.last?.location.line == 1)
    }

    /// Errors in the input are reported one way by every command: the
    /// findings, then that nothing was written, status 1.
    @Test func errorsInTheInputAreReportedOneWay() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(bloggedPlan(week: "2026-W49"), "a/w.yaml", in: root)
        try write(bloggedPlan(week: "2026-W49"), "b/w.yaml", in: root)
        let clash = try CLITests.run(["schedule", "a/w.yaml", "b/w.yaml"], in: root)
        #expect(clash.status == 1)
        #expect(clash.stdout.isEmpty)
        #expect(clash.stderr.hasPrefix("b/w.yaml:1:1: error: [output-path] 'a/w.yaml' and 'b/w.yaml' would both write to 'out/w/'\n"), "\(clash.stderr)")
        #expect(clash.stderr.hasSuffix("\n1 error, 0 warnings in 2 files (2 plans)\nthirds: nothing written\n"), "\(clash.stderr)")
        try write(bloggedPlan().replacingOccurrences(of: "kind: promotion", with: "kind: promotoin"), "bad.yaml", in: root)
        let bad = try CLITests.run(["schedule", "bad.yaml"], in: root)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("bad.yaml:"), "\(bad.stderr)")
        #expect(bad.stderr.hasSuffix("thirds: nothing written\n"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
