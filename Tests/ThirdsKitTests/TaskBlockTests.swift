import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsKit

/// A task occupies [start, start + duration): the whole block must lie in the
/// owner's available hours and in the plan's period (review 11, finding 5).
/// The plan is week 2026-W49, Monday 30 November to Sunday 6 December, in
/// London (on UTC then).
@Suite("Task blocks fit the available hours and the period")
struct TaskBlockTests {
    static let weekdays = "  available: \"Mon-Fri 09:00-17:00\""

    static func items(_ task: String) -> String {
        balancedItems.replacingOccurrences(of: #"{id: e3, kind: engagement, text: "Engagement three: shares"}"#, with: task)
    }

    @Test func aPinnedTaskRunningPastTheOwnersHours() {
        // Friday 16:45 + 8h = Saturday 00:45; the owner's day ends at 17:00.
        expectFinding("availability", in: Marked(plan(items: Self.items(
            #"{id: t, kind: engagement, task: "Night shift", at: ⟨availability⟩2026-12-04T16:45, duration: 8h}"#), account: Self.weekdays)),
            message: "task 't' at Fri 16:45 for 8h runs to Sat 00:45, past the end of the owner's available hours (Mon-Fri 09:00-17:00) at Fri 17:00")
        let report = check(plan(items: Self.items(#"{id: t, kind: engagement, task: "Night shift", at: 2026-12-04T16:45, duration: 8h}"#),
                                account: Self.weekdays))
        #expect(report.findings.first { $0.ruleID == "availability" }?.hint == "shorten 'duration' to 15m or less, or start it earlier: it must end by Fri 17:00")
        // 15 minutes end at 17:00 exactly: the block fits.
        let fits = check(plan(items: Self.items(#"{id: t, kind: engagement, task: "Wrap up", at: 2026-12-04T16:45, duration: 15m}"#),
                              account: Self.weekdays))
        #expect(!fits.findings.contains { $0.ruleID == "availability" }, "\(describe(fits))")
    }

    @Test func touchingWindowsRunOnIntoEachOtherAcrossMidnight() {
        // Saturday 23:30 + 8h = Sunday 07:30, all of it available: no finding.
        let report = check(plan(items: Self.items(#"{id: t, kind: engagement, task: "Night shift", at: 2026-12-05T23:30, duration: 8h}"#),
                                account: "  available: \"Mon-Sun 00:00-24:00\""))
        #expect(report.errorCount == 0, "\(describe(report))")
        let availability = Availability.parse("Mon-Fri 09:00-12:00, Mon 12:00-18:00")!
        #expect(availability.unbrokenMinutes(weekday: 1, time: TimeOfDay(hour: 10, minute: 0), upTo: 1_000) == 8 * 60)  // 10:00 to 18:00
        #expect(availability.unbrokenMinutes(weekday: 2, time: TimeOfDay(hour: 10, minute: 0), upTo: 1_000) == 2 * 60)  // 10:00 to 12:00
        #expect(availability.unbrokenMinutes(weekday: 6, time: TimeOfDay(hour: 10, minute: 0), upTo: 1_000) == 0)
        #expect(availability.longestStretch(upTo: 1_000) == 9 * 60)  // Monday 09:00 to 18:00
    }

    /// London's clocks go forward at 01:00 GMT on Sunday 28 March 2027: a
    /// block is measured on the wall clock, as the calendar shows it.
    @Test func aBlockAcrossTheClockChangeIsMeasuredOnTheWallClock() throws {
        let available = try #require(Availability.parse("Sat 20:00-24:00, Sun 00:00-02:30"))
        let clock = ZoneClock(try #require(TimeZone(identifier: "Europe/London")))
        let start = LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 27), time: TimeOfDay(hour: 23, minute: 30))
        // 23:30 GMT + 2h = 01:30 GMT = 02:30 BST: the end of the available time exactly.
        let two = try #require(TaskBlock(at: start, duration: 2 * 3_600, available: available, clock: clock))
        #expect(two.end == LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 28), time: TimeOfDay(hour: 2, minute: 30)))
        #expect(two.fits)
        // 2h15m ends at 02:45 BST, past 02:30, though 2h15m is less than the 3h of wall-clock time from 23:30 to 02:30.
        let longer = try #require(TaskBlock(at: start, duration: 2 * 3_600 + 900, available: available, clock: clock))
        #expect(!longer.fits)
        #expect(longer.availableUntil == LocalDateTime(date: LocalDate(year: 2027, month: 3, day: 28), time: TimeOfDay(hour: 2, minute: 30)))
    }

    @Test func aPinnedTaskRunningPastThePeriodsEnd() {
        // Sunday 23:30 + 8h = Monday 07:30, in the next week, though always available.
        expectFinding("outside-period", in: Marked(plan(items: Self.items(
            #"{id: t, kind: engagement, task: "Night shift", at: ⟨outside-period⟩2026-12-06T23:30, duration: 8h}"#),
            account: "  available: \"Mon-Sun 00:00-24:00\"")),
            message: "task 't' at 2026-12-06T23:30 for 8h runs to 2026-12-07T07:30, past the end of the plan's period (24:00 on 2026-12-06)")
        let report = check(plan(items: Self.items(#"{id: t, kind: engagement, task: "Night shift", at: 2026-12-06T23:30, duration: 8h}"#)))
        // 23:30 to 24:00: 30 minutes are left.
        #expect(report.findings.first { $0.ruleID == "outside-period" }?.hint == "shorten 'duration' to 30m or less, or start it earlier: it must end by 24:00 on 2026-12-06")
    }

    @Test func anUnpinnedTaskThatCannotEndInThePeriod() {
        // Not before Sunday 20:00, for 8h: it would have to start by 16:00.
        expectFinding("outside-period", in: Marked(plan(items: Self.items(
            #"{id: t, kind: engagement, task: "Night shift", ⟨outside-period⟩duration: 8h, not_before: 2026-12-06T20:00}"#))),
            message: "task 't' of 8h has no time inside the plan's period from which it ends by the period's end (24:00 on 2026-12-06)")
    }

    @Test func aTaskLongerThanEveryStretchIsReportedAtItsDuration() {
        // The longest stretch is 13:00 to 17:00, 4h.
        let account = "  available: \"Mon-Fri 09:00-12:00, Mon-Fri 13:00-17:00\""
        expectFinding("availability", in: Marked(plan(items: Self.items(
            #"{id: t, kind: engagement, task: "Long replies", ⟨availability⟩duration: 5h}"#), account: account)),
            message: "task 't' takes 5h, longer than any unbroken stretch of the owner's available hours (Mon-Fri 09:00-12:00, Mon-Fri 13:00-17:00), the longest of which is 4h")
        // Pinned, it is reported once, at the duration, not again at `at`.
        expectFinding("availability", in: Marked(plan(items: Self.items(
            #"{id: t, kind: engagement, task: "Long replies", at: 2026-12-01T13:00, ⟨availability⟩duration: 5h}"#), account: account)))
        let fits = check(plan(items: Self.items(#"{id: t, kind: engagement, task: "Long replies", duration: 4h}"#), account: account))
        #expect(fits.errorCount == 0, "\(describe(fits))")
    }

    @Test func anUnpinnedTaskWhoseWindowHoldsNoStartThatFits() {
        // Friday from 16:00 only: a 90m block would end at 17:30 at the earliest.
        expectFinding("availability", in: Marked(plan(items: Self.items(
            #"⟨availability⟩{id: t, kind: engagement, task: "Replies", duration: 90m, not_before: 2026-12-04T16:00, not_after: 2026-12-04T16:59}"#),
            account: Self.weekdays)),
            message: "task 't' has no time inside its window from which its 90m ends within the owner's available hours (Mon-Fri 09:00-17:00)")
    }

    /// Los Angeles's audience peaks in London's late afternoon: left to reach
    /// alone (as before the fix), the task started at 16:00, its block running to 17:30.
    @Test func theSolverPlacesATaskOnlyWhereItsBlockFits() throws {
        let text = plan(items: Self.items(#"{id: t, kind: engagement, task: "Replies", duration: 90m, audiences: [la], not_before: 2026-12-02T00:00, not_after: 2026-12-02T23:59}"#),
                        account: Self.weekdays,
                        audiences: "  uk: {timezone: Europe/London, size: 100, weight: 1}\n  la: {timezone: America/Los_Angeles, size: 1000, weight: 1}")
        let outcome = try solve(["plan.yaml": text])
        let schedule = try #require(outcome.schedules.first, "\(describe(outcome.report))")
        let task = try #require(schedule.posts.first { $0.occurrence.id == "t" }).candidate
        // Wednesday 2 December, at or after 09:00 and at or before 17:00 − 90m = 15:30.
        #expect(task.local.date == LocalDate(year: 2026, month: 12, day: 2))
        #expect(task.local.time >= TimeOfDay(hour: 9, minute: 0) && task.local.time <= TimeOfDay(hour: 15, minute: 30), "placed at \(task.local)")
        let report = verify(schedule, planText: text)
        #expect(!report.findings.contains { $0.ruleID == "availability" }, "\(describe(report))")
    }
}

/// `thirds export` of a schedule whose drawn post's item was since removed
/// from the library (review 11, finding 6): one error that says so, no
/// knock-on findings from the rules.
@Suite("A drawn post whose library item is gone")
struct DrawnPostGoneTests {
    @Test func exportSaysTheLibraryItemIsGoneAndWhatToDo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-drawn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let tip = #"  - {id: ev-tip, kind: content, text: "An evergreen tip about queues"}"#
        let ask = #"  - {id: ev-ask, kind: engagement, text: "What do you ask new agents on day one?"}"#
        let files = [
            "plans/2026-W49.yaml": LibraryTests.shortPlan(library: "../library/evergreen.yaml"),
            "library/evergreen.yaml": LibraryTests.library(items: tip + "\n" + ask),
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let scheduled = try CLITests.run(["schedule", "plans/2026-W49.yaml", "--out", "out"], in: root)
        #expect(scheduled.status == 0, "\(scheduled.stdout)\(scheduled.stderr)")
        let schedule = try String(contentsOf: root.appendingPathComponent("out/2026-W49/schedule.yaml"), encoding: .utf8)
        #expect(schedule.contains("- id: ev-ask\n  item: ev-ask\n  kind: engagement\n  library: evergreen\n"), "\(schedule)")
        // The item leaves the library; the schedule still holds it.
        try Data(LibraryTests.library(items: tip).utf8).write(to: root.appendingPathComponent("library/evergreen.yaml"))
        let exported = try CLITests.run(["export", "out/2026-W49/schedule.yaml", "--to", "csv"], in: root)
        #expect(exported.status == 1)
        let output = exported.stdout + exported.stderr
        #expect(output.contains("error: [undefined-reference] post 'ev-ask' was drawn from the library 'evergreen', and library/evergreen.yaml no longer has an item 'ev-ask'"), "\(output)")
        #expect(output.contains("hint: restore the item to library/evergreen.yaml, or run 'thirds schedule plans/2026-W49.yaml' again to draw from the library as it is now"), "\(output)")
        // Without the post the week breaks the thirds: that follows, and is not reported.
        #expect(output.contains("1 error, 0 warnings"), "\(output)")
        #expect(!output.contains("[thirds]"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/2026-W49/schedule.csv").path))
    }
}
