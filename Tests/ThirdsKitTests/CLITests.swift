import Foundation
import Testing
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsKit

/// The real `thirds` binary: output, exit status, and independence from the
/// machine's time zone.
@Suite("thirds command line")
struct CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary sits beside the test bundle in the build folder.
    static var binary: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("thirds")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL = repository) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func bundledPlansExamplesAndRulesAreClean() throws {
        let outcome = try Self.run(["check", "plans", "examples", "rules"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        // The one finding is meant: the walk-through's first week drafts a promotion too many (docs/walkthrough.md).
        let findings = outcome.stdout.split(separator: "\n").filter { $0.contains(": warning: [") || $0.contains(": error: [") }
        #expect(findings.count == 1 && findings[0].hasPrefix("examples/walkthrough/plans/2027-W03.yaml:66:5: warning: [thirds] 'podcast-34'"),
                "\(outcome.stdout)")
        #expect(outcome.stdout.contains("\n0 errors, 1 warning in "), "\(outcome.stdout)")
    }

    @Test func errorsExitOne() throws {
        let outcome = try Self.run(["check", "Tests/ThirdsKitTests/Fixtures/golden/2026-W49.yaml"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("Tests/ThirdsKitTests/Fixtures/golden/2026-W49.yaml:14:50: error: [unknown-key]"))
    }

    @Test func warningsExitOneOnlyWhenStrict() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = plan(items: balancedItems + "\n  - {id: tags, kind: content, text: \"#a #b #c\"}")
        try text.write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        #expect(try Self.run(["check", "w49.yaml"], in: directory).status == 0)
        let strict = try Self.run(["check", "--strict", "w49.yaml"], in: directory)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("warning: [hashtags]"))
    }

    @Test func couldNotRunExitsTwo() throws {
        let missing = try Self.run(["check", "no/such/plan.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or directory: no/such/plan.yaml"))
        let badFormat = try Self.run(["check", "--format", "xml", "plans"])
        #expect(badFormat.status == 2)
        #expect(badFormat.stderr.contains("xml"))
        #expect(try Self.run(["frobnicate"]).status == 2)
        #expect(try Self.run(["--help"]).status == 0)
    }

    @Test(arguments: ["text", "json", "github", "sarif"])
    func sameOutputUnderAnyTimeZone(format: String) throws {
        let arguments = ["check", "--format", format, "Tests/ThirdsKitTests/Fixtures/golden/2026-W49.yaml", "examples"]
        let london = try Self.run(arguments, environment: ["TZ": "Europe/London"])
        let kolkata = try Self.run(arguments, environment: ["TZ": "Asia/Kolkata"])
        let samoa = try Self.run(arguments, environment: ["TZ": "Pacific/Apia", "LANG": "de_DE.UTF-8"])
        #expect(london.stdout == kolkata.stdout)
        #expect(london.stdout == samoa.stdout)
        #expect(!london.stdout.isEmpty)
    }

    @Test func noColourWhenNotATerminal() throws {
        let outcome = try Self.run(["check", "Tests/ThirdsKitTests/Fixtures/golden/2026-W49.yaml"], environment: ["NO_COLOR": ""])
        #expect(!outcome.stdout.contains("\u{1B}["))
    }
}

/// The sample bad files that the JSON Schemas must also reject (CI runs
/// check-jsonschema on the same files): here, thirds' own side.
@Suite("Schema agreement fixtures")
struct SchemaFixtureTests {
    static var files: [URL] {
        let directory = Fixtures.root.appendingPathComponent("schema-bad")
        return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    @Test func thereAreSampleBadFiles() { #expect(Self.files.count >= 10) }

    @Test(arguments: files)
    func thirdsRejectsWithTheExpectedDiagnostic(file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let expected = try #require(text.split(separator: "\n").first?.split(separator: ":").last)
            .trimmingCharacters(in: .whitespaces)
        let report = check(text, file: file.lastPathComponent)
        #expect(report.findings.contains { $0.ruleID == expected && $0.severity == .error }, "\(file.lastPathComponent): \(describe(report))")
    }

    /// The library's items are the plan's items: the definitions the library
    /// schema copies from the plan schema (editors cannot follow a `$ref`
    /// to a sibling file reliably) must stay the same as the plan's.
    @Test func theLibrarySchemaKeepsThePlansItemDefinitions() throws {
        func definitions(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: CLITests.repository.appendingPathComponent("schema/\(name)"))
            let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require(schema["$defs"] as? [String: Any])
        }
        let plan = try definitions("plan.schema.json"), library = try definitions("library.schema.json")
        #expect(Set(plan.keys).isSubset(of: Set(library.keys)), "\(Set(plan.keys).subtracting(library.keys).sorted())")
        func canonical(_ value: Any?) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: try #require(value), options: [.sortedKeys]), as: UTF8.self)
        }
        for name in plan.keys.sorted() {
            #expect(try canonical(library[name]) == canonical(plan[name]),
                    "'\(name)' differs between schema/plan.schema.json and schema/library.schema.json")
        }
    }

    @Test func goodFilesAreClean() throws {
        let directory = Fixtures.root.appendingPathComponent("schema-good")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var contents: [String: String] = [:]
        for file in files { contents[file] = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) }
        let report = check(contents)
        #expect(report.errorCount == 0, "\(describe(report))")
    }
}

/// `thirds schedule` through the real binary: the examples end to end, the
/// same bytes under any TZ, and `--check` for stale schedules.
@Suite("thirds schedule")
struct ScheduleCLITests {
    static let examples = ["greencontact-week", "three-cities", "clocks-change"]

    /// A fresh output folder: what an earlier run left there (a blog post of
    /// an older schedule, which thirds keeps) would change what the test sees.
    static func output(_ name: String) -> URL {
        let url = CLITests.repository.appendingPathComponent(".build/test-out/\(name)")
        try? FileManager.default.removeItem(at: url)
        return url
    }

    /// Each example end to end: scheduled, and the schedule it wrote passes
    /// `thirds check`. Its bytes depend on the solver; the byte-exact golden
    /// schedule is the hand-made week's (ExportCommandTests).
    @Test(arguments: examples)
    func exampleSchedulesAndItsScheduleChecksClean(name: String) throws {
        let out = Self.output("example-\(name)")
        let outcome = try CLITests.run(["schedule", "examples/\(name).yaml", "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("every error rule kept"), "\(outcome.stdout)")
        let checked = try CLITests.run(["check", out.appendingPathComponent("\(name)/schedule.yaml").path])
        #expect(checked.status == 0, "\(checked.stdout)")
    }

    @Test func sameScheduleUnderAnyTimeZone() throws {
        var outputs: [String] = []
        for zone in ["UTC", "Asia/Kolkata", "America/Los_Angeles"] {
            let out = Self.output("tz-\(zone.replacingOccurrences(of: "/", with: "-"))")
            let outcome = try CLITests.run(["schedule", "examples/three-cities.yaml", "--out", out.path, "--format", "json"], environment: ["TZ": zone])
            #expect(outcome.status == 0)
            outputs.append(try String(contentsOf: out.appendingPathComponent("three-cities/schedule.json"), encoding: .utf8))
        }
        #expect(Set(outputs).count == 1)
    }

    @Test func checkFlagFailsOnAStaleSchedule() throws {
        let out = Self.output("stale")
        #expect(try CLITests.run(["schedule", "examples/clocks-change.yaml", "--out", out.path]).status == 0)
        let fresh = try CLITests.run(["schedule", "examples/clocks-change.yaml", "--out", out.path, "--check"])
        #expect(fresh.status == 0, "\(fresh.stdout)")
        let file = out.appendingPathComponent("clocks-change/schedule.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "T09:00:00Z", with: "T09:15:00Z").write(to: file, atomically: true, encoding: .utf8)
        let stale = try CLITests.run(["schedule", "examples/clocks-change.yaml", "--out", out.path, "--check"])
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("stale"))
        // The edited schedule breaks the plan's pinned time: check says where.
        let checked = try CLITests.run(["check", file.path])
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("[schedule-window]"), "\(checked.stdout)")
    }

    @Test func unschedulablePlanWritesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try plan(items: """
              - {id: c1, kind: content, text: "One"}
              - {id: p1, kind: promotion, text: "Two", required: true}
              - {id: p2, kind: promotion, text: "Three", required: true}
            """).write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("[thirds]"))
        #expect(outcome.stderr.contains("needs"), "a way out: \(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test func explainCommand() throws {
        let outcome = try CLITests.run(["explain", "examples/greencontact-week.yaml", "uk-list-replies"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("uk-list-replies@2026-11-30 (engagement, priority normal"))
        #expect(outcome.stdout.contains("uk-contact-centres: seen by"))
        let missing = try CLITests.run(["explain", "examples/greencontact-week.yaml", "nope"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no item 'nope'"))
    }
}
