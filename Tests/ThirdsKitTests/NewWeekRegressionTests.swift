import Foundation
import Testing

/// Regressions of `thirds new` (review of issue 11, findings 1, 2, 3 and 12),
/// through the real binary on hand-made folders.
@Suite("thirds new: regressions")
struct NewWeekRegressionTests {
    /// A folder holding `files` (relative paths), removed by the caller.
    static func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-new-reg-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static func exists(_ path: String, in root: URL) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    /// A week of London plans with the share rules off, so that a few items check clean.
    static func plan(_ week: String, items: String, channels: String = "  x: {handle: acme}") -> String {
        """
        week: \(week)
        account: {name: acme, timezone: Europe/London, available: "Mon-Sun 00:00-24:00"}
        channels:
        \(channels)
        rules:
          rules: {thirds: off, daily-limit: off, spread: off}
        items:
        \(items)

        """
    }

    /// Broken YAML: the flow mapping on line 3 is never closed; libyaml
    /// finds out at the end of the file, line 4 column 1.
    static let broken = "week: 2027-W04\nitems:\n  - {id: x, kind: content\n"
    static let brokenFinding = "error: [yaml-syntax] malformed YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 3, column 5)"

    /// 1a: an error of the rules (two posts pinned at one time: min-gap) stops it as a loader error does.
    @Test func aRuleErrorInTheFolderStopsIt() throws {
        let root = try Self.folder(["plans/2027-W03.yaml": Self.plan("2027-W03", items: """
              - {id: a, kind: content, text: "a", at: 2027-01-18T10:00, standing: true}
              - {id: b, kind: content, text: "b", at: 2027-01-18T10:00, standing: true}
            """)])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        // Item b's mapping opens at line 9, column 5.
        #expect(result.stderr == """
            plans/2027-W03.yaml:9:5: error: [min-gap] 'b' is 0m after 'a', less than the gap of 90m
            1 error, 0 warnings in 1 file (1 plan)
            thirds: fix the plans in plans first; nothing written

            """)
        #expect(!Self.exists("plans/2027-W04.yaml", in: root))
    }

    /// 1a: a time the clocks skip in the latest plan is an error of the check, so it stops it too.
    @Test func aNonexistentTimeInTheLatestPlanStopsIt() throws {
        let root = try Self.folder(["plans/2027-W12.yaml": Self.plan("2027-W12", items: """
              - {id: a, kind: content, text: "a", at: 2027-03-28T01:30}
            """)])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 1)
        // The value of `at` starts at column 43 of line 8.
        #expect(result.stderr.hasPrefix("plans/2027-W12.yaml:8:43: error: [nonexistent-time] 2027-03-28T01:30 does not exist in Europe/London"), "\(result.stderr)")
        #expect(!Self.exists("plans/2027-W13.yaml", in: root))
    }

    /// 1b: a file of broken YAML beside a good plan is reported, not skipped.
    @Test func aBrokenYAMLFileInTheFolderStopsIt() throws {
        let root = try Self.folder([
            "plans/2027-W03.yaml": Self.plan("2027-W03", items: "  - {id: a, kind: content, text: \"a\", standing: true}"),
            "plans/2027-W04-draft.yaml": Self.broken,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr == """
            plans/2027-W04-draft.yaml:4:1: \(Self.brokenFinding)
            1 error, 0 warnings in 2 files (1 plan)
            thirds: fix the plans in plans first; nothing written

            """)
        #expect(!Self.exists("plans/2027-W04.yaml", in: root))
    }

    /// 1c: the only plan broken is an error where it is, not "no plans".
    @Test func theOnlyPlanBrokenIsReportedWhereItIs() throws {
        let root = try Self.folder(["plans/2027-W04.yaml": Self.broken])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr == """
            plans/2027-W04.yaml:4:1: \(Self.brokenFinding)
            1 error, 0 warnings in 1 file (0 plans)
            thirds: fix the plans in plans first; nothing written

            """)
        #expect(try String(contentsOf: root.appendingPathComponent("plans/2027-W04.yaml"), encoding: .utf8) == Self.broken)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("plans").path) == ["2027-W04.yaml"])
    }

    /// 2: 2027-W11 (15–21 March) to W12 (22–28 March); British Summer Time
    /// starts Sunday 28 March 2027 at 01:00, when the clocks jump to 02:00.
    /// Kept at 01:30 on the 28th (standing) and 01:15 on Sundays (repeating),
    /// the times do not exist; Saturday 01:30 does. The plan is still
    /// written, with the note, and `check` then says the same.
    @Test func aKeptTimeTheClocksSkipIsNoted() throws {
        let root = try Self.folder(["plans/2027-W11.yaml": Self.plan("2027-W11", items: """
              - {id: s1, kind: content, text: "x", at: 2027-03-21T01:30, standing: true}
              - {id: r1, kind: engagement, text: "y", at: "01:15", repeat: [sun]}
              - {id: ok, kind: engagement, text: "z", at: 2027-03-20T01:30, standing: true}
            """).replacingOccurrences(of: "spread: off}", with: "spread: off, min-gap: off}")])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.run(["check", "plans"], in: root).status == 0)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            plans/2027-W12.yaml: written
            note: no schedule at out/2027-W11/schedule.yaml: nothing to carry over (run 'thirds schedule' first to carry the deferred items)
            kept    s1: standing; at moved 7 days on; but 2027-03-28T01:30 does not exist in Europe/London (the clocks go forward then): move its 'at' out of the skipped hour
            kept    r1: repeats; but 2027-03-28T01:15 does not exist in Europe/London (the clocks go forward then): move its 'at' out of the skipped hour
            kept    ok: standing; at moved 7 days on

            """)
        let check = try CLITests.run(["check", "plans/2027-W12.yaml"], in: root)
        #expect(check.status == 1)
        #expect(check.stdout.contains("plans/2027-W12.yaml:14:7: error: [nonexistent-time] 2027-03-28T01:30 does not exist"), "\(check.stdout)")
    }

    /// 2: 2027-W42 to W43; British Summer Time ends Sunday 31 October 2027
    /// at 02:00, when the clocks go back to 01:00: 01:30 happens twice.
    @Test func aKeptTimeTheClocksRepeatIsNoted() throws {
        let root = try Self.folder(["plans/2027-W42.yaml": Self.plan("2027-W42", items: """
              - {id: s1, kind: content, text: "x", at: 2027-10-24T01:30, standing: true}
            """)])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(
            "kept    s1: standing; at moved 7 days on; but 2027-10-31T01:30 happens twice in Europe/London (the clocks go back then): move its 'at' out of the repeated hour\n"),
            "\(result.stdout)")
        #expect(Self.exists("plans/2027-W43.yaml", in: root))
    }

    /// 3: a kept item's article went out with the old week's post. WordPress's
    /// default address is /:year/:month/:day/:slug/; the post was pinned to
    /// Tuesday 19 January 2027 09:00 (no lead), so the article is at
    /// https://b.example/2027/01/19/st/.
    @Test func aKeptArticleIsNotedWithWhereItWent() throws {
        let week3 = Self.plan("2027-W03", items: """
              - {id: st, kind: content, text: "standing {link}", article: drafts/st.md, standing: true, at: 2027-01-19T09:00}
              - {id: c9, kind: content, text: "filler"}
            """, channels: "  x: {handle: acme}\n  blog: {site: \"https://b.example\", engine: wordpress}")
        let root = try Self.folder(["plans/2027-W03.yaml": week3, "plans/drafts/st.md": "---\ntitle: St\n---\nBody\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        // Without the old week's schedule: when it went out is not known.
        let unscheduled = try CLITests.run(["new", "plans"], in: root)
        #expect(unscheduled.status == 0, "\(unscheduled.stderr)")
        #expect(unscheduled.stdout.contains(
            "kept    st: standing; at moved 7 days on; but its article drafts/st.md goes out with its post of 2027-W03: point 'article' at a new draft, or give the post a 'link' to the published article\n"),
            "\(unscheduled.stdout)")
        try FileManager.default.removeItem(at: root.appendingPathComponent("plans/2027-W04.yaml"))
        #expect(try CLITests.run(["schedule", "plans"], in: root).status == 0)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(
            "kept    st: standing; at moved 7 days on; but its article drafts/st.md went out in 2027-W03 at https://b.example/2027/01/19/st/: point 'article' at a new draft, or replace it with 'link: https://b.example/2027/01/19/st/'\n"),
            "\(result.stdout)")
        #expect(!result.stdout.contains("c9: standing"))
    }

    /// 12: `--week` on a plan written with `start:` and `days:` keeps its
    /// style: 2027-W06 starts Monday 8 February 2027, so the file is named
    /// by that date and says `start: 2027-02-08` with the old `days: 3`.
    @Test func aWeekAskedForKeepsAStartAndDaysPlansStyle() throws {
        let old = Self.plan("2027-W05", items: """
              - {id: s1, kind: content, text: "x", not_before: 2027-02-02T08:00, standing: true}
            """).replacingOccurrences(of: "week: 2027-W05", with: "start: 2027-02-01\ndays: 3")
        let root = try Self.folder(["plans/acme-2027-02-01.yaml": old])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans", "--week", "2027-W06"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("plans/acme-2027-02-08.yaml: written\n"))
        #expect(result.stdout.contains("kept    s1: standing; not_before moved 7 days on\n"))
        let text = try String(contentsOf: root.appendingPathComponent("plans/acme-2027-02-08.yaml"), encoding: .utf8)
        #expect(text.hasPrefix("start: 2027-02-08\ndays: 3\n"), "\(text)")
        #expect(!text.contains("week:"))
        #expect(text.contains("  not_before: 2027-02-09T08:00\n"))
        #expect(try CLITests.run(["check", "plans"], in: root).status == 0)
    }
}
