import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsLearn
@testable import ThirdsKit

/// `thirds learn` through the real binary: analytics in, a profile file out,
/// and the plan that uses it placing its posts where the history says.
@Suite("thirds learn")
struct LearnCommandTests {
    /// An account whose UK followers read in the evening: 19:00–21:59 on
    /// weekdays (0.25 checks an hour), a little in working hours, half as much at the weekend.
    static let evenings: ActivityProfile = {
        var weekday = [Double](repeating: 0, count: 24)
        for hour in 7...18 { weekday[hour] = 0.02 }
        for hour in 19...21 { weekday[hour] = 0.25 }
        return ActivityProfile(weekday: weekday, weekend: weekday.map { $0 / 2 })
    }()

    static let audience = "  uk: {timezone: Europe/London, size: 300, profile: PROFILE}"

    static func plan(profile: String) -> String {
        ThirdsKitTests.plan(items: "  - {id: only, kind: content, text: \"The one post of the week\"}",
                            rules: "    thirds: off\n    coverage: off\n    daily-limit: off\n",
                            audiences: audience.replacingOccurrences(of: "PROFILE", with: profile))
    }

    /// `count` posts over 20 weeks from 2026-01-05, at any quarter hour, with
    /// Poisson impressions around 4 per follower who sees the post under `profile`.
    static func history(_ count: Int, profile: ActivityProfile, seed: UInt64) -> String {
        var random = SeededGenerator(seed: seed)
        var uk = ProfileFitTests.audience("uk", "Europe/London", size: 300)
        uk.activity = profile
        var lines = ["time,impressions"]
        for _ in 0..<count {
            let instant = Date(timeIntervalSince1970: 1_767_571_200 + Double(random.below(140)) * 86_400 + Double(random.below(96)) * 900)
            let mean = 4 * uk.size * ReachModel.probability(uk, seesPostAt: instant)
            lines.append("\(ScheduleDocument.utc(instant)),\(Int(random.poisson(mean)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-learn-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static func placed(_ plan: URL) throws -> LocalDateTime {
        let outcome = try SchedulePipeline.run(paths: [plan.path], options: SolveOptions(moves: 3_000))
        let schedule = try #require(outcome.schedules.first, "\(outcome.report.findings) \(outcome.unschedulable)")
        return try #require(schedule.posts.first).candidate.local
    }

    @Test func aLearnedProfileMovesThePostToTheHoursTheHistoryShows() throws {
        let root = try Self.folder([
            "plans/w49.yaml": Self.plan(profile: "default"),
            "analytics/history.csv": Self.history(400, profile: Self.evenings, seed: 7),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        // Under the default profile the lone post goes out at 07:00, the commute's peak (0.15 + 0.15 × 1/3).
        let before = try Self.placed(root.appendingPathComponent("plans/w49.yaml"))
        #expect(before.time == TimeOfDay(hour: 7, minute: 0), "\(before)")

        let learned = try CLITests.run(["learn", "analytics/history.csv", "--plan", "plans/w49.yaml"], in: root)
        #expect(learned.status == 0, "\(learned.stderr)")
        #expect(learned.stdout.hasPrefix("read 1 file: 400 posts used\n"), "\(learned.stdout)")
        #expect(learned.stdout.contains("fitted, shrunk toward default"))
        #expect(learned.stdout.contains("wrote plans/profiles/acme.yaml; an audience uses it with 'profile: profiles/acme.yaml'"))
        let file = try String(contentsOf: root.appendingPathComponent("plans/profiles/acme.yaml"), encoding: .utf8)
        #expect(file.contains("format: thirds-profile/1"))
        #expect(file.contains("prior: default"))
        #expect(file.contains("posts: 400"))
        #expect(file.contains("file: analytics/history.csv"))
        // The file is one thirds itself accepts.
        let checked = try CLITests.run(["check", "plans/profiles/acme.yaml"], in: root)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")

        // The plan on the learned profile: the post moves into the evening the history shows.
        try Data(Self.plan(profile: "profiles/acme.yaml").utf8).write(to: root.appendingPathComponent("plans/w49.yaml"))
        let after = try Self.placed(root.appendingPathComponent("plans/w49.yaml"))
        #expect(after.date.isoWeekday <= 5)
        #expect((18...21).contains(after.time.hour), "\(after)")

        // A file named twice is read once: its posts are not duplicates of themselves.
        let twice = try CLITests.run(["learn", "analytics/history.csv", "./analytics/history.csv", "--plan", "plans/w49.yaml", "--prior", "default",
                                      "--out", "twice.yaml"], in: root)
        #expect(twice.stdout.hasPrefix("read 1 file: 400 posts used\n"), "\(twice.stdout)")

        // The same files give the same profile, byte for byte, in any zone (the
        // plan's audience now names the learned profile: the prior is named here).
        let again = try CLITests.run(["learn", "analytics/history.csv", "--plan", "plans/w49.yaml", "--prior", "default", "--out", "plans/profiles/again.yaml"],
                                     environment: ["TZ": "Pacific/Chatham"], in: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: root.appendingPathComponent("plans/profiles/again.yaml"), encoding: .utf8) == file)
    }

    @Test func tooFewPostsWriteThePriorAndSaySo() throws {
        let root = try Self.folder([
            "w49.yaml": Self.plan(profile: "b2b"),
            "history.csv": Self.history(8, profile: Self.evenings, seed: 3),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let learned = try CLITests.run(["learn", "history.csv", "--plan", "w49.yaml", "--out", "p.yaml"], in: root)
        #expect(learned.status == 0, "\(learned.stderr)")
        #expect(learned.stdout.contains("the data cannot support a fit: only 8 usable posts"), "\(learned.stdout)")
        // Posts outside --since/--until are counted in words.
        let since = try CLITests.run(["learn", "history.csv", "--plan", "w49.yaml", "--out", "q.yaml", "--until", "2026-01-04"], in: root)
        #expect(since.stdout.hasPrefix("read 1 file: 0 posts used, left out: 8 outside --since/--until\n"), "\(since.stdout)")
        #expect(learned.stdout.contains("the prior (b2b) is written unchanged"))
        let written = try String(contentsOf: root.appendingPathComponent("p.yaml"), encoding: .utf8)
        let b2b = try #require(ActivityProfile.named["b2b"])
        var findings = FindingList()
        let node = try YAMLReader.read(Data(written.utf8), file: "p.yaml").get()
        let document = try #require(ProfileLoader.read(node, file: "p.yaml", findings: &findings))
        #expect(document.weekday == b2b.weekday && document.weekend == b2b.weekend)
    }

    @Test func badAnalyticsOrPlanWriteNothing() throws {
        let root = try Self.folder([
            "w49.yaml": Self.plan(profile: "default"),
            "broken.yaml": "week: 2026-W49\naudience: {}\n",
            "history.csv": "time,impressions\n2026-06-20T09:00:00Z,12\n2026-06-20T10:00:00Z,n/a\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let bad = try CLITests.run(["learn", "history.csv", "--plan", "w49.yaml", "--out", "p.yaml"], in: root)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("history.csv:3:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("nothing written"))
        let plan = try CLITests.run(["learn", "history.csv", "--plan", "broken.yaml", "--out", "p.yaml"], in: root)
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("broken.yaml:"), "\(plan.stderr)")
        let prior = try CLITests.run(["learn", "history.csv", "--plan", "w49.yaml", "--prior", "nightowl", "--out", "p.yaml"], in: root)
        #expect(prior.status == 2)
        #expect(prior.stderr.contains("--prior 'nightowl' is not a profile"), "\(prior.stderr)")
        let since = try CLITests.run(["learn", "history.csv", "--plan", "w49.yaml", "--since", "2026-13-01", "--out", "p.yaml"], in: root)
        #expect(since.status == 2)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("p.yaml").path))
    }
}
