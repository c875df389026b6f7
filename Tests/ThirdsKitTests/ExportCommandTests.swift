import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsKit

/// The hand-made week through the real binary: `thirds schedule` writes the
/// golden folder, `thirds export` reads a schedule file back into the same
/// exports and the bulk CSVs, bad input and failed writes leave everything
/// as it was, and `--check` compares what it compares.
@Suite("thirds schedule and thirds export on the hand-made week")
struct ExportCommandTests {
    /// A fresh folder holding the hand-made plan as `handmade.yaml`.
    static func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(Handmade.planText.utf8).write(to: root.appendingPathComponent("handmade.yaml"))
        return root
    }

    /// A golden file put where `thirds schedule` would have written it.
    static func place(_ golden: String, in root: URL, as path: String? = nil) throws {
        let url = root.appendingPathComponent("out/handmade/" + (path ?? golden))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contentsOf: Handmade.goldenDirectory.appendingPathComponent(golden)).write(to: url)
    }

    /// Every file below `root`, relative path → bytes.
    static func files(_ root: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: root.path) ?? [] {
            var isDirectory: ObjCBool = false
            let full = root.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[path] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    static func expectGoldenFiles(_ names: [String], under folder: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for name in names {
            let written = try Data(contentsOf: folder.appendingPathComponent(name))
            let golden = try Data(contentsOf: Handmade.goldenDirectory.appendingPathComponent(name))
            #expect(written == golden, "\(name) differs from its golden file", sourceLocation: sourceLocation)
        }
    }

    static let epoch = ["SOURCE_DATE_EPOCH": Handmade.epoch]

    // MARK: - The real pipeline writes the hand-made files

    @Test(arguments: ["UTC", "America/Los_Angeles"])
    func scheduleWritesTheGoldenFolder(zone: String) throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLITests.run(["schedule", "handmade.yaml"], environment: Self.epoch.merging(["TZ": zone]) { $1 }, in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("out/handmade/schedule.yaml: 7 of 7 posts"), "\(outcome.stdout)")
        #expect(Self.files(root).keys.sorted() == (["handmade.yaml"] + Handmade.scheduleFiles.map { "out/handmade/" + $0 }).sorted())
        try Self.expectGoldenFiles(Handmade.scheduleFiles, under: root.appendingPathComponent("out/handmade"))
        let json = try CLITests.run(["schedule", "handmade.yaml", "--format", "json", "--out", "json"], environment: Self.epoch, in: root)
        #expect(json.status == 0, "\(json.stderr)")
        // The folder is json/handmade, two levels down as out/handmade is: the same plan path.
        try Self.expectGoldenFiles(["schedule.json"], under: root.appendingPathComponent("json/handmade"))
    }

    @Test func exportWritesTheGoldenBulkFiles() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.place("schedule.yaml", in: root)
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml", "--to", "hootsuite", "buffer", "sprout", "csv"],
                                       environment: Self.epoch, in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        let written = ["hootsuite-x.csv", "hootsuite-linkedin.csv", "buffer-x.csv", "buffer-linkedin.csv", "sprout-x.csv", "sprout-linkedin.csv", "schedule.csv"]
        #expect(outcome.stdout == written.map { "out/handmade/\($0)\n" }.joined())
        try Self.expectGoldenFiles(written + ["schedule.yaml"], under: root.appendingPathComponent("out/handmade"))
    }

    /// Reading a schedule file back (YAML or JSON) gives the exports that
    /// `thirds schedule` wrote from the value in memory.
    @Test(arguments: ["schedule.yaml", "schedule.json"])
    func exportReadsTheScheduleFileBack(name: String) throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.place(name, in: root)
        let outcome = try CLITests.run(["export", "out/handmade/\(name)"], environment: Self.epoch, in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "out/handmade/schedule.ics\nout/handmade/crosspost.json\nout/handmade/blog/queue-report-2026.md\n")
        try Self.expectGoldenFiles(["schedule.ics", "crosspost.json", "blog/queue-report-2026.md"], under: root.appendingPathComponent("out/handmade"))
    }

    @Test func exportOutPutsTheFilesInAFolderPerPlan() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.place("schedule.yaml", in: root)
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml", "--to", "ics", "--out", "calendars"], environment: Self.epoch, in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "calendars/handmade/schedule.ics\n")
        try Self.expectGoldenFiles(["schedule.ics"], under: root.appendingPathComponent("calendars/handmade"))
        #expect(Self.files(root).keys.sorted() == ["calendars/handmade/schedule.ics", "handmade.yaml", "out/handmade/schedule.yaml"])
    }

    // MARK: - Bad input writes nothing

    @Test func aBrokenScheduleFileWritesNothing() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.place("schedule.yaml", in: root)
        let file = root.appendingPathComponent("out/handmade/schedule.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        // Line 16 of the golden file is queue-myths' `at`; column 7 is its opening quote.
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[15] == "  at: '2026-03-23T08:30:00Z'")
        try text.replacingOccurrences(of: "  at: '2026-03-23T08:30:00Z'", with: "  at: '2026-03-23 08:30'").write(to: file, atomically: true, encoding: .utf8)
        let before = Self.files(root)
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml", "--to", "ics", "csv"], environment: Self.epoch, in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("out/handmade/schedule.yaml:16:7: error: [invalid-date] 'at' of post 'queue-myths' is '2026-03-23 08:30', not a UTC instant"),
                "\(outcome.stderr)")
        #expect(outcome.stderr.contains("hint: write it as 2026-11-30T08:00:00Z"))
        #expect(outcome.stderr.hasSuffix("thirds: nothing written\n"), "\(outcome.stderr)")
        #expect(Self.files(root) == before)
    }

    /// One broken schedule among several: no folder gets its exports.
    @Test func oneBrokenScheduleOfTwoWritesNothing() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.place("schedule.yaml", in: root)
        // The same schedule two folders down elsewhere reads the same plan; this one names an unknown post.
        let other = root.appendingPathComponent("old/handmade/schedule.yaml")
        try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        let golden = try String(contentsOf: Handmade.goldenDirectory.appendingPathComponent("schedule.yaml"), encoding: .utf8)
        try golden.replacingOccurrences(of: "- id: webinar\n", with: "- id: webinars\n").write(to: other, atomically: true, encoding: .utf8)
        let before = Self.files(root)
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml", "old/handmade/schedule.yaml", "--to", "csv"], environment: Self.epoch, in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("old/handmade/schedule.yaml:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("error: [undefined-reference] post 'webinars' is not an item of handmade.yaml (did you mean 'webinar'?)"), "\(outcome.stderr)")
        #expect(outcome.stderr.hasSuffix("thirds: nothing written\n"))
        #expect(Self.files(root) == before)
    }

    @Test func aPlanIsNotAScheduleToExport() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLITests.run(["export", "handmade.yaml"], in: root)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("handmade.yaml:1:1: error: [unknown-document] not a schedule written by 'thirds schedule'"), "\(outcome.stderr)")
        #expect(Self.files(root).keys.sorted() == ["handmade.yaml"])
    }

    @Test func aMissingScheduleCannotRun() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml"], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "thirds: no such file: out/handmade/schedule.yaml\n")
        let unknown = try CLITests.run(["export", "handmade.yaml", "--to", "ical"], in: root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("ical"), "\(unknown.stderr)")
        #expect(Self.files(root).keys.sorted() == ["handmade.yaml"])
    }

    // MARK: - Failed writes change nothing

    @Test func aFailedSwapLeavesTheExportsAsTheyWere() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.run(["schedule", "handmade.yaml"], environment: Self.epoch, in: root).status == 0)
        let before = Self.files(root)
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml", "--to", "csv"],
                                       environment: Self.epoch.merging(["THIRDS_TEST_FAIL_SWAP": "out/handmade"]) { $1 }, in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "thirds: could not write the exports: cannot replace 'out/handmade': Input/output error; nothing changed\n")
        #expect(outcome.stdout.isEmpty)
        #expect(Self.files(root) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path) == ["handmade"])
    }

    #if os(Linux)
    /// The writer itself: the failure names the folder and the system's reason.
    @Test func theWriterNamesTheFolderItCannotCreate() throws {
        var set = OutputSet()
        let index = set.folder(in: "/sys/kernel", named: "handmade", for: "handmade.yaml")
        let folder = try #require(index)
        set.add("schedule.yaml", "x", to: folder)
        do {
            try AtomicWriter.write(set)
            Issue.record("wrote into /sys/kernel")
        } catch let failure as AtomicWriter.Failure {
            #expect(failure.action == "create folder" && failure.path == "/sys/kernel/handmade", "\(failure)")
            #expect(["Operation not permitted", "Permission denied"].contains(failure.reason), "\(failure)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/sys/kernel/handmade"))
    }

    /// /sys/kernel exists but refuses new entries, even to root (these tests
    /// run as root in containers, where permission bits stop nothing). The
    /// error names the folder the user will look for, not the hidden staging
    /// folder beside it.
    @Test func anUnwritableOutputFolderNamesThePathAndTheReason() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.place("schedule.yaml", in: root)
        let before = Self.files(root)
        let outcome = try CLITests.run(["export", "out/handmade/schedule.yaml", "--out", "/sys/kernel"], environment: Self.epoch, in: root)
        #expect(outcome.status == 2)
        // Root is refused (EPERM); anyone else by the folder's mode (EACCES).
        let reasons = ["Operation not permitted", "Permission denied"]
        #expect(reasons.contains { outcome.stderr == "thirds: could not write the exports: cannot create folder '/sys/kernel/handmade': \($0); nothing changed\n" },
                "\(outcome.stderr)")
        #expect(Self.files(root) == before)
        let schedule = try CLITests.run(["schedule", "handmade.yaml", "--out", "/sys/kernel"], environment: Self.epoch, in: root)
        #expect(schedule.status == 2)
        #expect(reasons.contains { schedule.stderr == "thirds: could not write the schedule: cannot create folder '/sys/kernel/handmade': \($0); nothing changed\n" },
                "\(schedule.stderr)")
        #expect(Self.files(root) == before)
    }
    #endif

    // MARK: - schedule --check

    /// `--check` on the schedule file; it writes nothing.
    @Test func checkComparesTheScheduleFile() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        // Nothing written yet: every file is missing, and --check creates nothing.
        let missing = try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: Self.epoch, in: root)
        #expect(missing.status == 1)
        let again = "; run 'thirds schedule' again and commit the result"
        #expect(missing.stdout == ["blog/queue-report-2026.md", "crosspost.json", "schedule.ics", "schedule.yaml"]
            .map { "out/handmade/\($0): missing\(again)\n" }.joined())
        #expect(Self.files(root).keys.sorted() == ["handmade.yaml"])
        for name in Handmade.scheduleFiles { try Self.place(name, in: root) }
        let fresh = try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: Self.epoch, in: root)
        #expect(fresh.status == 0, "\(fresh.stdout)\(fresh.stderr)")
        #expect(fresh.stdout == "1 schedule up to date\n")
        // One post moved by hand in the committed schedule.
        let file = root.appendingPathComponent("out/handmade/schedule.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "T17:30:00Z", with: "T17:45:00Z").write(to: file, atomically: true, encoding: .utf8)
        let before = Self.files(root)
        let stale = try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: Self.epoch, in: root)
        #expect(stale.status == 1)
        #expect(stale.stdout == "out/handmade/schedule.yaml: stale; run 'thirds schedule' again and commit the result\n")
        #expect(Self.files(root) == before)
    }

    /// Issue 8: `--check` compares every file `thirds schedule` writes.
    @Test(arguments: ["schedule.ics", "crosspost.json", "blog/queue-report-2026.md"])
    func checkComparesEveryFileScheduleWrites(name: String) throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        for golden in Handmade.scheduleFiles { try Self.place(golden, in: root) }
        #expect(try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: Self.epoch, in: root).status == 0)
        // An edited export is stale.
        let file = root.appendingPathComponent("out/handmade/" + name)
        try (String(contentsOf: file, encoding: .utf8) + "edited\n").write(to: file, atomically: true, encoding: .utf8)
        let before = Self.files(root)
        let edited = try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: Self.epoch, in: root)
        #expect(edited.status == 1)
        #expect(edited.stdout.contains("out/handmade/\(name): stale"), "\(edited.stdout)")
        #expect(!edited.stdout.contains("out/handmade/schedule.yaml: stale"), "\(edited.stdout)")
        #expect(Self.files(root) == before)
        // A missing one too.
        try FileManager.default.removeItem(at: file)
        let missing = try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: Self.epoch, in: root)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("out/handmade/\(name)"), "\(missing.stdout)")
        // A later export time changes the calendar's stamps: stale as well.
        try Self.place(name, in: root)
        if name == "schedule.ics" {
            let later = try CLITests.run(["schedule", "handmade.yaml", "--check"], environment: ["SOURCE_DATE_EPOCH": "1774310400"], in: root)
            #expect(later.status == 1)
            #expect(later.stdout.contains("out/handmade/schedule.ics"), "\(later.stdout)")
        }
    }
}
