import Foundation
import Testing
import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsKit

/// `thirds new`, through the real binary, on a hand-made folder of plans.
@Suite("thirds new")
struct NewWeekTests {
    /// Week 2026-W49 (Monday 30 November): six standing items (two of each
    /// kind, one with a window that opens on its Tuesday), a repeating one,
    /// and four one-off items, three of which its schedule deferred.
    static let week49 = """
        # yaml-language-server: $schema=../schema/plan.schema.json
        week: 2026-W49
        account:
          name: acme
          timezone: Europe/London
          since: 2015-01-01
        channels:
          x: {handle: acme}
        audiences:
          uk: {timezone: Europe/London, size: 100, weight: 1}
        items:
          - {id: tips, kind: content, text: "Our weekly queue tip", standing: true}
          - {id: rota, kind: content, text: "Rota of the week", standing: true}
          - id: reply-hour
            kind: engagement
            text: "Reply hour: ask us anything about queues"
            repeat: [tue, thu]
          - {id: poll, kind: engagement, text: "Poll: which queue hurts most?", standing: true}
          - id: offer
            kind: promotion
            text: "Book a queue review {link}"
            link: https://acme.example.com/review
            not_before: 2026-12-01T08:00
            standing: true
          - {id: newsletter, kind: promotion, text: "This week's newsletter", standing: true}
          - id: case-study
            kind: content
            text: "A case study: halving the wait at a council call centre"
            not_before: 2026-12-02T09:00
          - {id: flash-sale, kind: promotion, text: "Flash sale ends Saturday", not_after: "2026-12-05T18:00"}
          - {id: ama, kind: engagement, text: "Live Q&A on Thursday at ten", at: 2026-12-03T10:00}
          - {id: launch, kind: content, text: "We launched the queue calculator"}

        """

    /// The schedule of week 49 as `thirds schedule` writes it, cut to what
    /// `thirds new` reads: what it deferred (a day of the repeating item,
    /// and an id no longer in the plan, among them).
    static let schedule49 = """
        format: thirds-schedule/2
        plan: ../../plans/2026-W49.yaml
        account: acme
        timezone: Europe/London
        period: {start: 2026-11-30, end: 2026-12-06, days: 7, grid: 15m}
        posts: []
        deferred:
          - {id: case-study, kind: content, priority: normal, reason: "no slot left"}
          - {id: flash-sale, kind: promotion, priority: normal, reason: "no slot left"}
          - {id: ama, kind: engagement, priority: normal, reason: "no slot left"}
          - {id: reply-hour@2026-12-03, kind: engagement, priority: normal, reason: "no slot left"}
          - {id: ghost, kind: content, priority: normal, reason: "no slot left"}
        score: {scheduled: 0, items: 0, priority: 0, score: 0, penalty: 0, errors: [], warnings: []}

        """

    /// Week 50 as it should come out: the period moved on, the sections
    /// copied, the standing window a week later, the deferred case study
    /// carried without its passed not_before.
    static let week50 = """
        # yaml-language-server: $schema=../schema/plan.schema.json
        week: 2026-W50
        account:
          name: acme
          timezone: Europe/London
          since: 2015-01-01
        channels:
          x: {handle: acme}
        audiences:
          uk: {timezone: Europe/London, size: 100, weight: 1}
        items:
        - id: tips
          kind: content
          text: "Our weekly queue tip"
          standing: true
        - id: rota
          kind: content
          text: "Rota of the week"
          standing: true
        - id: reply-hour
          kind: engagement
          text: "Reply hour: ask us anything about queues"
          repeat: [tue, thu]
        - id: poll
          kind: engagement
          text: "Poll: which queue hurts most?"
          standing: true
        - id: offer
          kind: promotion
          text: "Book a queue review {link}"
          link: https://acme.example.com/review
          not_before: 2026-12-08T08:00
          standing: true
        - id: newsletter
          kind: promotion
          text: "This week's newsletter"
          standing: true
        - id: case-study
          kind: content
          text: "A case study: halving the wait at a council call centre"
          waive:
            duplicate-text: "carried over from 2026-W49, where the schedule deferred it"

        """

    /// A folder with `plans/2026-W49.yaml` and, unless not wanted, its schedule in `out/`.
    static func folder(schedule: Bool = true) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("plans"), withIntermediateDirectories: true)
        try week49.write(to: root.appendingPathComponent("plans/2026-W49.yaml"), atomically: true, encoding: .utf8)
        if schedule {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("out/2026-W49"), withIntermediateDirectories: true)
            try schedule49.write(to: root.appendingPathComponent("out/2026-W49/schedule.yaml"), atomically: true, encoding: .utf8)
        }
        return root
    }

    static func read(_ path: String, in root: URL) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func keepsCarriesAndDropsWithReasons() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            plans/2026-W50.yaml: written
            kept    tips: standing
            kept    rota: standing
            kept    reply-hour: repeats
            kept    poll: standing
            kept    offer: standing; not_before moved 7 days on
            kept    newsletter: standing
            carried case-study: deferred in out/2026-W49/schedule.yaml: no slot left
            dropped flash-sale: deferred, but its window closed at 2026-12-05T18:00, before the new week
            dropped ama: deferred, but pinned to 2026-12-03T10:00, outside the new week: pin it again if it still matters
            dropped launch: a one-off item of 2026-W49
            dropped ghost: deferred in out/2026-W49/schedule.yaml, but no longer an item of plans/2026-W49.yaml

            """)
        #expect(try Self.read("plans/2026-W50.yaml", in: root) == Self.week50)
    }

    @Test func theNewPlanPassesCheckAloneAndInItsFolder() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.run(["new", "plans"], in: root).status == 0)
        let alone = try CLITests.run(["check", "plans/2026-W50.yaml"], in: root)
        #expect(alone.status == 0, "\(alone.stdout)")
        // As a week after week 49: the standing and carried texts are the same items, not repeats.
        let sequence = try CLITests.run(["check", "plans"], in: root)
        #expect(sequence.status == 0, "\(sequence.stdout)")
        #expect(sequence.stdout == "no problems in 2 files (2 plans)\n")
        // And the week after it, from the new plan, without a schedule for it.
        let third = try CLITests.run(["new", "plans"], in: root)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.hasPrefix("""
            plans/2026-W51.yaml: written
            note: no schedule at out/2026-W50/schedule.yaml: nothing to carry over (run 'thirds schedule' first to carry the deferred items)

            """))
        #expect(third.stdout.hasSuffix("dropped case-study: a one-off item of 2026-W50\n"))
        #expect(try CLITests.run(["check", "plans"], in: root).stdout == "no problems in 3 files (3 plans)\n")
    }

    /// An item that `thirds check` already leaves out of its week (the
    /// thirds defer it: seven promotions to two of each other kind) is
    /// carried without a `duplicate-text` waiver, which would only be
    /// reported as unused; the folder checks with no warning about it.
    @Test func anItemTheCheckAlreadyDefersIsCarriedWithoutAWaiver() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("plans"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let promotions = (1...4).map { "  - {id: p\($0), kind: promotion, text: \"Offer number \($0) of the week\"}" }
        let items = """
              - {id: c1, kind: content, text: "A note on queues"}
              - {id: c2, kind: content, text: "A note on rotas"}
              - {id: c3, kind: content, text: "A note on metrics"}
              - {id: e1, kind: engagement, text: "What is on your desk?"}
              - {id: e2, kind: engagement, text: "Your best reply this week?"}
              - {id: e3, kind: engagement, text: "Which queue hurts most?"}
            \(promotions.joined(separator: "\n"))
              - {id: extra, kind: promotion, text: "One offer too many this week", priority: low}
            """
        try plan(items: items).write(to: root.appendingPathComponent("plans/2026-W49.yaml"), atomically: true, encoding: .utf8)
        // 3 + 3 + 5 posts: promotion's 5/11 is above a third + 10%, so the low-priority offer waits.
        let check = try CLITests.run(["check", "plans"], in: root)
        #expect(check.stdout.contains("[thirds] 'extra' will have to be deferred"), "\(check.stdout)")
        #expect(try CLITests.run(["schedule", "plans"], in: root).status == 0)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("carried extra: deferred in out/2026-W49/schedule.yaml"), "\(result.stdout)")
        let week50 = try Self.read("plans/2026-W50.yaml", in: root)
        #expect(week50.contains("id: extra"), "\(week50)")
        #expect(!week50.contains("waive"), "\(week50)")
        #expect(!(try CLITests.run(["check", "plans"], in: root).stdout.contains("unused-waiver")))
    }

    @Test func neverOverwritesAFile() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        // A rules file is no plan, so week 49 is still the latest, but the name is taken.
        // (An empty file would be an error of the folder, which stops it before.)
        let taken = "rules:\n  min-gap: off\n"
        try taken.write(to: root.appendingPathComponent("plans/2026-W50.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "thirds: plans/2026-W50.yaml already exists; nothing written (edit it, or remove it to write it again)\n")
        #expect(try Self.read("plans/2026-W50.yaml", in: root) == taken)
    }

    @Test func aWeekAskedForMovesTheStandingDatesWithIt() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans", "--week", "2026-W52"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("kept    offer: standing; not_before moved 21 days on\n"))
        let text = try Self.read("plans/2026-W52.yaml", in: root)
        #expect(text.contains("week: 2026-W52\n"))
        #expect(text.contains("  not_before: 2026-12-22T08:00\n"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("plans/2026-W50.yaml").path))
        #expect(try CLITests.run(["check", "plans"], in: root).status == 0)
        // A week that is not after the latest plan is refused.
        let early = try CLITests.run(["new", "plans", "--week", "2026-W49"], in: root)
        #expect(early.status == 2)
        #expect(early.stderr == "thirds: --week 2026-W49 is not after the latest plan, plans/2026-W52.yaml (to 2026-12-27): give a later week\n")
        let malformed = try CLITests.run(["new", "plans", "--week", "2026-53"], in: root)
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "thirds: --week '2026-53' is not an ISO week thirds works with: write it as 2027-W03\n")
    }

    @Test func withoutAScheduleNothingIsCarried() throws {
        let root = try Self.folder(schedule: false)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "plans", "--schedules", "elsewhere"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("note: no schedule at elsewhere/2026-W49/schedule.yaml: nothing to carry over"))
        #expect(result.stdout.contains("dropped case-study: a one-off item of 2026-W49\n"))
        #expect(!result.stdout.contains("carried"))
    }

    @Test func theSchedulesFolderIsAnOption() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.moveItem(at: root.appendingPathComponent("out"), to: root.appendingPathComponent("schedules"))
        let result = try CLITests.run(["new", "--schedules", "schedules"], in: root)
        #expect(result.stdout.contains("carried case-study: deferred in schedules/2026-W49/schedule.yaml: no slot left\n"))
    }

    @Test func aScheduleOfAnotherWeekIsRefused() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.schedule49.replacingOccurrences(of: "start: 2026-11-30", with: "start: 2026-11-23")
            .write(to: root.appendingPathComponent("out/2026-W49/schedule.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.contains("out/2026-W49/schedule.yaml is the schedule of the period from 2026-11-23, not of plans/2026-W49.yaml (from 2026-11-30)"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("plans/2026-W50.yaml").path))
    }

    @Test func aPlanWithErrorsStopsIt() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.week49.replacingOccurrences(of: "standing: true}", with: "standing: yes}")
            .write(to: root.appendingPathComponent("plans/2026-W49.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("plans/2026-W49.yaml:12:71: error: [invalid-value] 'standing' of item 'tips' is 'yes', not true or false"))
        #expect(result.stderr.hasSuffix("thirds: fix the plans in plans first; nothing written\n"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("plans/2026-W50.yaml").path))
    }

    @Test func aFolderWithoutPlansSaysSo() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLITests.run(["new", "out"], in: root)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("thirds: no plans in out: write the first week by hand"))
    }

    @Test func sameBytesUnderAnyTimeZone() throws {
        var written: [String] = []
        for zone in ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"] {
            let root = try Self.folder()
            defer { try? FileManager.default.removeItem(at: root) }
            #expect(try CLITests.run(["new"], environment: ["TZ": zone], in: root).status == 0)
            written.append(try Self.read("plans/2026-W50.yaml", in: root))
        }
        #expect(Set(written).count == 1)
    }

    @Test func aPlanWrittenByStartAndDaysMovesOnByItsDays() throws {
        let root = try Self.folder(schedule: false)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("plans/2026-W49.yaml"))
        try Self.week49.replacingOccurrences(of: "week: 2026-W49", with: "start: 2026-11-30\ndays: 4")
            .replacingOccurrences(of: "not_before: 2026-12-01T08:00", with: "not_before: 2026-12-01 08:00")
            .write(to: root.appendingPathComponent("plans/acme-2026-11-30.yaml"), atomically: true, encoding: .utf8)
        let result = try CLITests.run(["new", "plans"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try Self.read("plans/acme-2026-12-04.yaml", in: root)
        #expect(text.contains("\nstart: 2026-12-04\ndays: 4\n"))
        #expect(text.contains("  not_before: 2026-12-05 08:00\n"))
    }

    @Test func standingMustBeTrueOrFalse() {
        let report = check(plan(items: "  - {id: a, kind: content, text: \"A\", standing: maybe}"))
        #expect(report.findings.contains { $0.ruleID == "invalid-value" && $0.message == "'standing' of item 'a' is 'maybe', not true or false" })
    }

    /// Regression: duplicate-text counted a standing item of the week before
    /// as another item; a standing item is one item across a folder's weeks,
    /// and two ids with one text still repeat (as do one-off items copied
    /// with their ids: RuleTests.duplicateTextAcrossConsecutiveWeeks).
    @Test func duplicateTextAcrossWeeksIsByID() {
        let first = plan(items: balancedItems + "\n  - {id: tip, kind: content, text: \"The weekly tip\", standing: true}")
        let same = first.replacingOccurrences(of: "week: 2026-W49", with: "week: 2026-W50")
        let renamed = same.replacingOccurrences(of: "{id: tip,", with: "{id: tip-2,")
        let kept = check(["w/2026-W49.yaml": first, "w/2026-W50.yaml": same], directory: "w")
        #expect(!kept.findings.contains { $0.ruleID == "duplicate-text" && $0.message.hasPrefix("'tip'") }, "\(describe(kept))")
        #expect(kept.findings.contains { $0.ruleID == "duplicate-text" && $0.message.hasPrefix("'c1'") }, "\(describe(kept))")
        let copied = check(["w/2026-W49.yaml": first, "w/2026-W50.yaml": renamed], directory: "w")
        #expect(copied.findings.contains { $0.ruleID == "duplicate-text" && $0.message == "'tip-2' repeats the text of 'tip' in w/2026-W49.yaml within 30d" },
                "\(describe(copied))")
    }

    @Test func isoWeekOfADate() {
        // Hand-worked: 2026-12-28 is the Monday of 2026-W53; 2027-01-04 of 2027-W01; 2020-12-31 a Thursday of 2020-W53.
        #expect(NewWeek.isoWeekText(LocalDate(year: 2026, month: 12, day: 28)) == "2026-W53")
        #expect(NewWeek.isoWeekText(LocalDate(year: 2027, month: 1, day: 4)) == "2027-W01")
        #expect(NewWeek.isoWeekText(LocalDate(year: 2020, month: 12, day: 31)) == "2020-W53")
        #expect(NewWeek.isoWeekText(LocalDate(year: 2026, month: 12, day: 7)) == "2026-W50")
    }
}
