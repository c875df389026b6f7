import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsSolve
@testable import ThirdsCheck
@testable import ThirdsKit

/// The reach model against values worked out by hand (docs/reach-model.md).
@Suite("Reach model")
struct ReachModelTests {
    static func audience(_ zone: String, checks: [Double]? = nil, weekend: Set<Int> = [6, 7]) -> Audience {
        let here = SourceLocation(file: "t", line: 1, column: 1)
        let profile = checks.map { ActivityProfile(weekday: $0, weekend: $0) } ?? .standard
        return Audience(id: "a", timezone: Located(TimeZone(identifier: zone)!, at: here), size: 100, weight: 2,
                        activity: profile, depth: 200, feed: 150, weekend: weekend, location: here)
    }

    static func instant(_ text: String) -> Date { ScheduleVerifier.utcInstant(text)! }

    @Test func weekdayMorningAsInTheDocs() {
        // 08:00 on a weekday, in view until 09:20: 0.15 + 0.04 × 1/3.
        let london = Self.audience("Europe/London")
        let checks = ReachModel.expectedChecks(of: london, from: Self.instant("2026-12-01T08:00:00Z"), seconds: london.viewSeconds)
        #expect(abs(checks - (0.15 + 0.04 / 3)) < 1e-12)
        #expect(abs(ReachModel.probability(london, seesPostAt: Self.instant("2026-12-01T08:00:00Z")) - (1 - exp(-0.163333333333))) < 1e-9)
        #expect(abs(ReachModel.reach(london, at: Self.instant("2026-12-01T08:00:00Z")) - 200 * (1 - exp(-(0.15 + 0.04 / 3)))) < 1e-9)
    }

    @Test func nobodyAtThreeInTheMorning() {
        #expect(ReachModel.probability(Self.audience("Europe/London"), seesPostAt: Self.instant("2026-12-01T03:00:00Z")) == 0)
    }

    @Test func newYorkSeenFromLondon() {
        // 13:00 in London is 08:00 in New York in December.
        let newYork = Self.audience("America/New_York")
        let p = ReachModel.probability(newYork, seesPostAt: Self.instant("2026-12-01T13:00:00Z"))
        #expect(abs(p - (1 - exp(-(0.15 + 0.04 / 3)))) < 1e-9)
    }

    @Test func acrossMidnightIntoTheWeekend() {
        // Friday 23:30: 23:00 is 0; Saturday 00:00–00:50 takes weekday 22:00's 0.04 (two hours later).
        let london = Self.audience("Europe/London")
        let checks = ReachModel.expectedChecks(of: london, from: Self.instant("2026-12-04T23:30:00Z"), seconds: london.viewSeconds)
        #expect(abs(checks - 0.04 * 50 / 60) < 1e-12)
    }

    @Test func clocksGoForward() {
        // Sunday 29 March 2026, 00:30 GMT: half an hour of hour 0, then the clocks jump
        // to 02:00 BST; 50 minutes of hour 2. With h/100 checks per hour: 0 + 0.02 × 50/60.
        let london = Self.audience("Europe/London", checks: (0..<24).map { Double($0) / 100 })
        let checks = ReachModel.expectedChecks(of: london, from: Self.instant("2026-03-29T00:30:00Z"), seconds: london.viewSeconds)
        #expect(abs(checks - 0.02 * 50 / 60) < 1e-12)
    }

    @Test func clocksGoBack() {
        // Sunday 25 October 2026, 00:30 UTC is 01:30 BST; at 01:00 UTC it is 01:00 GMT
        // again, so hour 1 lasts for the whole 80 minutes: 0.01 × 80/60.
        let london = Self.audience("Europe/London", checks: (0..<24).map { Double($0) / 100 })
        let checks = ReachModel.expectedChecks(of: london, from: Self.instant("2026-10-25T00:30:00Z"), seconds: london.viewSeconds)
        #expect(abs(checks - 0.01 * 80 / 60) < 1e-12)
    }

    @Test func halfHourZone() {
        // Asia/Kolkata is UTC+5:30: 02:30 UTC is 08:00 local.
        let kolkata = Self.audience("Asia/Kolkata")
        let checks = ReachModel.expectedChecks(of: kolkata, from: Self.instant("2026-12-01T02:30:00Z"), seconds: kolkata.viewSeconds)
        #expect(abs(checks - (0.15 + 0.04 / 3)) < 1e-12)
    }

    @Test func weekendShiftsTheDayTwoHoursLater() {
        let profile = ActivityProfile.standard
        #expect(profile.weekend[9] == profile.weekday[7])
        #expect(profile.weekend[0] == profile.weekday[22])
        #expect(profile.weekend[1] == profile.weekday[23])
        #expect(abs(profile.checksPerWeekday - 1.0) < 1e-12)
    }

    @Test func wallClockArithmeticMatchesCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            // From 1700: Foundation's Gregorian calendar turns Julian before 1582; ours stays proleptic.
            let days = Int.random(in: -98_000...200_000, using: &generator)
            let date = LocalDate(daysSinceEpoch: days)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date == LocalDate(year: parts.year!, month: parts.month!, day: parts.day!))
            #expect(date.daysSinceEpoch == days)
            #expect(date.isoWeekday == (parts.weekday! + 5) % 7 + 1)
        }
    }

    @Test func zoneClockFindsGapsAndRepeats() {
        let clock = ZoneClock(TimeZone(identifier: "Europe/London")!)
        func local(_ text: String) -> LocalDateTime { try! ValueText.dateTime(text).get() }
        #expect(clock.instants(of: local("2026-03-29T01:30")).isEmpty)
        #expect(clock.instants(of: local("2026-10-25T01:30")).count == 2)
        #expect(clock.instants(of: local("2026-10-25T02:30")).count == 1)
        #expect(clock.startOfDay(LocalDate(year: 2026, month: 3, day: 29)) == Self.instant("2026-03-29T00:00:00Z"))
    }
}
