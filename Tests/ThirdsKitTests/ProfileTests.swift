import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsCheck
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsKit

/// Named profiles against the tables of docs/reach-model.md, copied by hand.
@Suite("Named activity profiles")
struct NamedProfileTests {
    // docs/reach-model.md#b2b, hours 00 to 23.
    static let b2bWeekday: [Double] = [0, 0, 0, 0, 0, 0, 0.02, 0.08, 0.12, 0.10, 0.08, 0.07,
                                       0.10, 0.07, 0.05, 0.05, 0.05, 0.07, 0.04, 0.03, 0.03, 0.02, 0.02, 0]
    static let b2bWeekend: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.02, 0.03, 0.03,
                                       0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0, 0]
    // docs/reach-model.md#consumer.
    static let consumerWeekday: [Double] = [0.02, 0.01, 0, 0, 0, 0, 0.01, 0.04, 0.04, 0.02, 0.02, 0.02,
                                            0.05, 0.04, 0.03, 0.03, 0.03, 0.05, 0.08, 0.11, 0.14, 0.13, 0.09, 0.04]
    static let consumerWeekend: [Double] = [0.04, 0.02, 0.01, 0, 0, 0, 0, 0.01, 0.02, 0.04, 0.06, 0.08,
                                            0.08, 0.06, 0.07, 0.06, 0.06, 0.06, 0.07, 0.10, 0.13, 0.13, 0.09, 0.06]

    @Test func b2bIsTheDocumentedTable() throws {
        let profile = try #require(ActivityProfile.named["b2b"])
        #expect(profile.weekday == Self.b2bWeekday)
        #expect(profile.weekend == Self.b2bWeekend)
        // The doc's totals: one check a weekday, a quarter of one a weekend day.
        #expect(abs(profile.weekday.reduce(0, +) - 1) < 1e-9)
        #expect(abs(profile.weekend.reduce(0, +) - 0.25) < 1e-9)
    }

    @Test func consumerIsTheDocumentedTable() throws {
        let profile = try #require(ActivityProfile.named["consumer"])
        #expect(profile.weekday == Self.consumerWeekday)
        #expect(profile.weekend == Self.consumerWeekend)
        #expect(abs(profile.weekday.reduce(0, +) - 1) < 1e-9)
        #expect(abs(profile.weekend.reduce(0, +) - 1.25) < 1e-9)
    }

    @Test func theNamesAPlanMayUse() {
        #expect(ActivityProfile.named.keys.sorted() == ["b2b", "consumer", "default"])
    }

    /// A b2b audience reads at 08:00 on a Tuesday (0.12), barely at 10:00 on a Saturday (0.03).
    @Test func aPlanPicksAProfileByName() throws {
        let text = plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, size: 100, profile: b2b}")
        var findings = FindingList()
        let node = try YAMLReader.read(Data(text.utf8), file: "p.yaml").get()
        let loaded = try #require(PlanLoader.load(node, file: "p.yaml", workspace: Workspace(), findings: &findings))
        #expect(!findings.hasErrors)
        let audience = try #require(loaded.audiences.first)
        #expect(audience.rate(weekday: 2, hour: 8) == 0.12)
        #expect(audience.rate(weekday: 6, hour: 10) == 0.03)
    }

    static func b2bAudience(_ zone: String) -> Audience {
        let here = ThirdsCore.SourceLocation(file: "t", line: 1, column: 1)
        return Audience(id: "a", timezone: Located(TimeZone(identifier: zone)!, at: here), size: 100, weight: 1,
                        activity: .b2b, depth: 200, feed: 150, weekend: [6, 7], location: here)
    }

    /// docs/reach-model.md's New York example and clock-change week, under b2b.
    @Test func theDocsExamplesUnderB2B() {
        let london = Self.b2bAudience("Europe/London"), newYork = Self.b2bAudience("America/New_York")
        func p(_ audience: Audience, _ utc: String) -> Double { ReachModel.probability(audience, seesPostAt: ScheduleVerifier.utcInstant(utc)!) }
        // Tuesday 13:00 in London (13:00–14:20): 0.07 + 0.05 × 1/3.
        #expect(abs(p(london, "2026-12-01T13:00:00Z") - (1 - exp(-(0.07 + 0.05 / 3)))) < 1e-9)
        // 08:00 in New York: 0.12 + 0.10 × 1/3 ≈ 0.1533, p ≈ 0.1422.
        #expect(abs(p(newYork, "2026-12-01T13:00:00Z") - (1 - exp(-(0.12 + 0.10 / 3)))) < 1e-9)
        #expect(abs(p(newYork, "2026-12-01T13:00:00Z") - 0.1422) < 5e-5)
        // 07:00 in New York: 0.08 + 0.12 × 1/3 = 0.12.
        #expect(abs(p(newYork, "2026-12-01T12:00:00Z") - (1 - exp(-0.12))) < 1e-9)
        // 24 March, four hours apart: 13:00 in London is 09:00 in New York, 0.10 + 0.08 × 1/3.
        #expect(abs(p(newYork, "2026-03-24T13:00:00Z") - (1 - exp(-(0.10 + 0.08 / 3)))) < 1e-9)
        // Saturday 10:00 in London: the weekend's top, 0.03 + 0.03 × 1/3.
        #expect(abs(p(london, "2026-12-05T10:00:00Z") - (1 - exp(-0.04))) < 1e-9)
    }

    @Test func aMisspeltNameSuggestsTheNearest() {
        let marked = Marked(plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, size: 100, profile: ⟨invalid-value⟩b2c}"))
        expectFinding("invalid-value", in: marked, message: "unknown activity profile 'b2c' (did you mean 'b2b'?)")
    }
}

/// Profile files: read with positions, named from plans, written back.
@Suite("Profile files")
struct ProfileFileTests {
    /// A valid profile file: the b2b numbers with a header.
    static let good = """
    format: thirds-profile/1
    name: greencontact
    prior: b2b
    source:
      file: analytics/tweets.csv
      period: {from: 2026-06-01, to: 2026-11-30}
      posts: 212
      left-out: {replies: 12, outside-period: 3}
      fit: {method: poisson, cross-validation: {folds: 5, improvement: 0.125}}
    weekday: [0, 0, 0, 0, 0, 0, 0.02, 0.08, 0.12, 0.10, 0.08, 0.07, 0.10, 0.07, 0.05, 0.05, 0.05, 0.07, 0.04, 0.03, 0.03, 0.02, 0.02, 0]
    weekend: [0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.02, 0.03, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0, 0]
    """

    static func planUsing(_ profile: String) -> String {
        plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, size: 100, profile: \(profile)}")
    }

    /// A workspace over in-memory files that counts how often each is read.
    final class Files: @unchecked Sendable {
        let contents: [String: Data]
        private(set) var reads: [String: Int] = [:]
        private let lock = NSLock()
        init(_ files: [String: String]) { contents = files.mapValues { Data($0.utf8) } }
        func read(_ path: String) throws -> Data {
            lock.lock()
            defer { lock.unlock() }
            reads[path, default: 0] += 1
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        }
        var workspace: Workspace { Workspace { try self.read($0) } }
    }

    @Test func aPlanUsesAProfileFileRelativeToItself() throws {
        let files = Files(["plans/w49.yaml": Self.planUsing("../profiles/greencontact.yaml"), "profiles/greencontact.yaml": Self.good])
        let workspace = files.workspace
        var findings = FindingList()
        let node = try workspace.node(at: "plans/w49.yaml").get()
        let loaded = try #require(PlanLoader.load(node, file: "plans/w49.yaml", workspace: workspace, findings: &findings))
        #expect(findings.findings.isEmpty, "\(findings.findings)")
        let audience = try #require(loaded.audiences.first)
        #expect(audience.rate(weekday: 3, hour: 12) == 0.10)
        #expect(audience.rate(weekday: 7, hour: 11) == 0.03)
        #expect(audience.rate(weekday: 7, hour: 23) == 0)
    }

    @Test func aProfileFileIsReadAndReportedOnceForManyPlans() {
        // 23 weekday numbers: one error in the profile, one at each plan's reference.
        let broken = Self.good.replacingOccurrences(of: "weekday: [0, 0, ", with: "weekday: [0, ")
        let files = Files(["a.yaml": Self.planUsing("p/x.yaml"), "b.yaml": Self.planUsing("p/x.yaml"), "p/x.yaml": broken])
        let report = Checker.check(groups: [FileGroup(directory: nil, files: ["a.yaml", "b.yaml"])], workspace: files.workspace)
        #expect(files.reads["p/x.yaml"] == 1)
        let inProfile = report.findings.filter { $0.location.file == "p/x.yaml" }
        #expect(inProfile.count == 1, "\(describe(report))")
        #expect(inProfile.first?.message == "'weekday' has 23 numbers; it needs one for each of the 24 hours")
        #expect(report.findings.filter { $0.message == "profile file 'p/x.yaml' has errors" }.map(\.location.file) == ["a.yaml", "b.yaml"])
    }

    /// The errors inside the profile point into the profile file; the plan's at its `profile:` value.
    @Test func errorsInsideTheProfileHaveTheirPositions() {
        let profile = Marked("""
        format: thirds-profile/1
        ⟨unknown-key⟩weekdays: 1
        weekday: [0, 0, 0, 0, 0, 0, 0.02, 0.08, ⟨negative⟩-0.12, 0.10, 0.08, 0.07, 0.10, 0.07, 0.05, 0.05, 0.05, 0.07, 0.04, 0.03, 0.03, 0.02, 0.02, 0]
        weekend: [0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.02, 0.03, ⟨large⟩1001, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0, 0]
        """)
        let planText = Marked(Self.planUsing("⟨reference⟩prof.yaml"))
        let report = check(["plan.yaml": planText.text, "prof.yaml": profile.text])
        func at(_ marks: [String: (line: Int, column: Int)], _ name: String, _ file: String) -> ThirdsCore.SourceLocation {
            ThirdsCore.SourceLocation(file: file, line: marks[name]!.line, column: marks[name]!.column)
        }
        let byLocation = Dictionary(grouping: report.findings, by: \.location)
        #expect(byLocation[at(profile.marks, "unknown-key", "prof.yaml")]?.first?.message
            == "unknown key 'weekdays' at the top of the profile (did you mean 'weekday'?)", "\(describe(report))")
        #expect(byLocation[at(profile.marks, "negative", "prof.yaml")]?.first?.message == "'-0.12' is not a number of checks per hour (0 or more)")
        #expect(byLocation[at(profile.marks, "large", "prof.yaml")]?.first?.message == "'1001' is more checks per hour than the most it can be")
        #expect(byLocation[at(planText.marks, "reference", "plan.yaml")]?.first?.message == "profile file 'prof.yaml' has errors")
        #expect(report.errorCount == 4)
    }

    @Test func aMissingProfileFileIsReportedWhereThePlanNamesIt() {
        let marked = Marked(Self.planUsing("⟨undefined-reference⟩profiles/nowhere.yaml"))
        expectFinding("undefined-reference", in: marked, message: "profile file 'profiles/nowhere.yaml' not found (looked for 'profiles/nowhere.yaml')")
    }

    @Test func anotherKindOfFileIsNotAProfile() {
        let report = check(["plan.yaml": Self.planUsing("rules.yaml"), "rules.yaml": "rules:\n  thirds: {severity: warning}\n"])
        #expect(report.findings.contains { $0.ruleID == "unknown-document" && $0.location.file == "rules.yaml"
                && $0.message == "rules.yaml is a rules file, not a profile file" }, "\(describe(report))")
    }

    @Test func aProfileFileCheckedAlone() {
        #expect(check(Self.good, file: "gc.yaml").findings.isEmpty)
        let notANumber = Marked(Self.good.replacingOccurrences(of: "0.12, 0.10", with: "⟨invalid-value⟩lots, 0.10"))
        expectFinding("invalid-value", in: notANumber, file: "gc.yaml", message: "'lots' is not a number of checks per hour (0 or more)")
        let version = Marked(Self.good.replacingOccurrences(of: "format: thirds-profile/1", with: "format: ⟨invalid-value⟩thirds-profile/2"))
        expectFinding("invalid-value", in: version, file: "gc.yaml", message: "format 'thirds-profile/2' is not one this version of thirds reads")
        let missing = Marked(Self.good.replacingOccurrences(of: "weekend: [0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.02, 0.03, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0, 0]", with: ""))
        expectFinding("missing-key", in: missing, file: "gc.yaml", message: "missing 'weekend' at the top of the profile")
        let sourceKey = Marked(Self.good.replacingOccurrences(of: "  posts: 212", with: "  ⟨unknown-key⟩post: 212"))
        expectFinding("unknown-key", in: sourceKey, file: "gc.yaml", message: "unknown key 'post' in 'source' (did you mean 'posts'?)")
        let backwards = Marked(Self.good.replacingOccurrences(of: "to: 2026-11-30", with: "to: ⟨invalid-value⟩2026-05-30"))
        expectFinding("invalid-value", in: backwards, file: "gc.yaml", message: "the period ends on 2026-05-30, before it starts on 2026-06-01")
        let count = Marked(Self.good.replacingOccurrences(of: "replies: 12", with: "replies: ⟨invalid-value⟩twelve"))
        expectFinding("invalid-value", in: count, file: "gc.yaml", message: "'replies' of 'left-out' is 'twelve', not a whole number of posts (0 or more)")
    }

    static let document = ProfileDocument(
        name: "greencontact", prior: "b2b",
        source: ProfileDocument.Source(files: ["analytics/tweets.csv"], from: LocalDate(year: 2026, month: 6, day: 1),
                                       to: LocalDate(year: 2026, month: 11, day: 30), posts: 212,
                                       leftOut: ["replies": 12, "outside-period": 3],
                                       fit: [ProfileField("method", .text("poisson")),
                                             ProfileField("cross-validation", .fields([ProfileField("folds", .number(5)),
                                                                                       ProfileField("improvement", .number(0.125))]))]),
        weekday: NamedProfileTests.b2bWeekday, weekend: NamedProfileTests.b2bWeekend)

    @Test func theWriterKeepsAFixedHumanLayout() throws {
        let text = try Self.document.yaml()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines[3...17]) == [
            "format: thirds-profile/1",
            "name: greencontact",
            "prior: b2b",
            "source:",
            "  file: analytics/tweets.csv",
            "  period: {from: 2026-06-01, to: 2026-11-30}",
            "  posts: 212",
            "  left-out: {outside-period: 3, replies: 12}",
            "  fit:",
            "    method: poisson",
            "    cross-validation:",
            "      folds: 5",
            "      improvement: 0.125",
            "weekday:  # checks a day in all: 1",
            "  - 0           # 00:00",
        ])
        #expect(lines[28] == "  - 0.07        # 11:00")
        #expect(lines[41] == "weekend:  # checks a day in all: 0.25")
        #expect(lines[52] == "  - 0.03        # 10:00")
        #expect(lines.count == 67 && lines.last == "")
        // Read back, it is the same document, and it checks clean.
        var findings = FindingList()
        let node = try YAMLReader.read(Data(text.utf8), file: "w.yaml").get()
        #expect(DocumentKind.classify(node) == .profile)
        #expect(ProfileLoader.read(node, file: "w.yaml", findings: &findings) == Self.document)
        #expect(findings.findings.isEmpty)
    }

    @Test func theWriterQuotesTextsThatWouldReadAsSomethingElse() throws {
        var document = Self.document
        document.name = "2026"
        document.description = "Fitted on \"all\" posts: see notes\nline two"
        document.source?.fit = [ProfileField("note", .text("yes")), ProfileField("weight", .number(1e-7))]
        let text = try document.yaml()
        #expect(text.contains("\nname: \"2026\"\n"))
        #expect(text.contains("\ndescription: \"Fitted on \\\"all\\\" posts: see notes\\nline two\"\n"))
        #expect(text.contains("\n    note: \"yes\"\n    weight: 0\n"))
        var findings = FindingList()
        let back = ProfileLoader.read(try YAMLReader.read(Data(text.utf8), file: "w.yaml").get(), file: "w.yaml", findings: &findings)
        #expect(back?.name == "2026")
        #expect(back?.description == "Fitted on \"all\" posts: see notes\nline two")
        #expect(back?.source?.fit.first == ProfileField("note", .text("yes")))
    }

    @Test func theWriterRefusesWhatCheckWouldReject() {
        var short = Self.document
        short.weekday.removeLast()
        #expect(throws: ProfileEncodingError.self) { try short.yaml() }
        var nan = Self.document
        nan.weekend[3] = .nan
        #expect(throws: ProfileEncodingError.self) { try nan.yaml() }
        var large = Self.document
        large.weekday[9] = 1_000.5
        #expect(throws: ProfileEncodingError.self) { try large.yaml() }
    }

    /// `thirds check` on a profile file through the real binary.
    @Test func theBinaryChecksAProfileFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.good.write(to: directory.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        let clean = try CLITests.run(["check", "good.yaml"], in: directory)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        try Self.good.replacingOccurrences(of: "0.12, 0.10", with: "0.12, -1").write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["check", "bad.yaml"], in: directory)
        #expect(bad.status == 1)
        // Line 10, the 10th number: "weekday: [" takes 10 columns, six "0, " 18 more, "0.02, 0.08, 0.12, " another 18.
        #expect(bad.stdout.contains("bad.yaml:10:47: error: [invalid-value]"), "\(bad.stdout)")
        #expect(bad.stdout.contains("error: [invalid-value] '-1' is not a number of checks per hour (0 or more)"), "\(bad.stdout)")
    }
}

/// The profile an audience names moves its posts, through `thirds schedule`'s pipeline.
@Suite("Profiles move posts")
struct ProfileScheduleTests {
    /// One post, the week's only: the rule of thirds, coverage and the daily limit are off, so only reach places it.
    static func plan(profile: String) -> String {
        ThirdsKitTests.plan(items: "  - {id: only, kind: content, text: \"The one post of the week\"}",
                            rules: "    thirds: off\n    coverage: off\n    daily-limit: off\n",
                            audiences: "  uk: {timezone: Europe/London, size: 100, profile: \(profile)}")
    }

    /// An evening audience: checks only from 19:00 to 21:59 on weekdays, none at the weekend.
    static let evenings = """
    format: thirds-profile/1
    weekday: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.3, 0.3, 0, 0]
    weekend: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    """

    static func placed(_ files: [String: String]) throws -> LocalDateTime {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-profile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let outcome = try SchedulePipeline.run(paths: [root.path + "/plans/w49.yaml"], options: SolveOptions(moves: 3_000))
        let schedule = try #require(outcome.schedules.first, "\(describe(outcome.report)) \(outcome.unschedulable)")
        let post = try #require(schedule.posts.first)
        return post.candidate.local
    }

    @Test func aProfileFileMovesThePostToItsHours() throws {
        let local = try Self.placed(["plans/w49.yaml": Self.plan(profile: "../profiles/evenings.yaml"), "profiles/evenings.yaml": Self.evenings])
        // The whole 80 minutes in view fall in 19:00–21:59 only for a start from 19:00 to 20:40.
        #expect(local.date.isoWeekday <= 5)
        #expect((19...20).contains(local.time.hour), "\(local)")
    }

    @Test func b2bPutsItAtTheStartOfAWorkingDay() throws {
        let local = try Self.placed(["plans/w49.yaml": Self.plan(profile: "b2b")])
        // b2b's best 80 minutes start at 08:00 on a weekday: 0.12 + 0.10 × 1/3.
        #expect(local.date.isoWeekday <= 5)
        #expect(local.time.hour == 8 && local.time.minute == 0, "\(local)")
    }
}
