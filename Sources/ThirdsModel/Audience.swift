import Foundation
import ThirdsCore

/// A group of followers in one time zone, read by the reach model.
public struct Audience: Sendable {
    public var id: String
    public var timezone: Located<TimeZone>
    public var size: Double
    public var weight: Double
    public var activity: ActivityProfile
    /// Posts read per check (`depth`) and posts arriving per hour (`feed`):
    /// a post stays in view for depth / feed hours.
    public var depth: Double
    public var feed: Double
    public var weekend: Set<Int>
    public var location: SourceLocation

    public var clock: ZoneClock { ZoneClock(timezone.value) }

    /// What a plan may set, checked at load (docs/diagnostics.md#limits): with
    /// these, w · n ≤ 10^15, a post is in view for at most 100,000 hours and
    /// every reach is a finite number.
    public struct Range: Sendable {
        public var lowerBound: Double
        public var upperBound: Double
        /// Whether the lower bound itself is allowed (weight 0 is, size 0 is not).
        public var includesLower: Bool

        package func contains(_ value: Double) -> Bool {
            (includesLower ? value >= lowerBound : value > lowerBound) && value <= upperBound
        }

        package var text: String {
            let top = ParameterSpec.grouped(upperBound)
            if includesLower { return "a number from \(Self.plain(lowerBound)) to \(top)" }
            return "a number above \(Self.plain(lowerBound)), up to \(top)"
        }

        package static func plain(_ value: Double) -> String { value == value.rounded() ? "\(Int(saturating: value))" : "\(value)" }
    }

    public static let ranges: [String: Range] = [
        "size": Range(lowerBound: 0, upperBound: 1_000_000_000, includesLower: false),
        "weight": Range(lowerBound: 0, upperBound: 1_000_000, includesLower: true),
        "depth": Range(lowerBound: 0, upperBound: 10_000, includesLower: false),
        "feed": Range(lowerBound: 0.1, upperBound: 100_000, includesLower: true),
        "checks-per-day": Range(lowerBound: 0, upperBound: 1_000, includesLower: false),
    ]

    /// The most checks per member in one hour a `checks` list may give.
    public static let maximumChecksPerHour: Double = 1_000
    public var viewSeconds: Double { depth / feed * 3_600 }

    /// Expected checks per member in this local hour.
    public func rate(weekday: Int, hour: Int) -> Double {
        weekend.contains(weekday) ? activity.weekend[hour] : activity.weekday[hour]
    }
}

/// Checks per member per local hour, 24 values for weekdays and 24 for weekend days.
public struct ActivityProfile: Sendable, Hashable {
    public var weekday: [Double]
    public var weekend: [Double]

    public init(weekday: [Double], weekend: [Double]) {
        self.weekday = weekday
        self.weekend = weekend
    }

    /// The reach model's default: one check a day, in the commute, at lunch and
    /// in the evening.
    public static let standard: ActivityProfile = {
        var day = [Double](repeating: 0, count: 24)
        day[7] = 0.15
        day[8] = 0.15
        for hour in 9...11 { day[hour] = 0.04 }
        day[12] = 0.12
        for hour in 13...16 { day[hour] = 0.03 }
        for hour in 17...21 { day[hour] = 0.06 }
        day[22] = 0.04
        return ActivityProfile(weekday: day, weekend: shiftedTwoHoursLater(day))
    }()

    /// Office hours (docs/reach-model.md#b2b): a weekday of one check that
    /// peaks at the start of the working day, at lunch and at its end, and a
    /// quiet weekend of a quarter of a check.
    public static let b2b = ActivityProfile(
        weekday: [0, 0, 0, 0, 0, 0, 0.02, 0.08, 0.12, 0.10, 0.08, 0.07,
                  0.10, 0.07, 0.05, 0.05, 0.05, 0.07, 0.04, 0.03, 0.03, 0.02, 0.02, 0],
        weekend: [0, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.02, 0.03, 0.03,
                  0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.01, 0, 0])

    /// Leisure hours (docs/reach-model.md#consumer): a weekday of one check
    /// that peaks from 19:00 to 22:00, and a weekend of a check and a quarter
    /// that starts later and stays busy through the day.
    public static let consumer = ActivityProfile(
        weekday: [0.02, 0.01, 0, 0, 0, 0, 0.01, 0.04, 0.04, 0.02, 0.02, 0.02,
                  0.05, 0.04, 0.03, 0.03, 0.03, 0.05, 0.08, 0.11, 0.14, 0.13, 0.09, 0.04],
        weekend: [0.04, 0.02, 0.01, 0, 0, 0, 0, 0.01, 0.02, 0.04, 0.06, 0.08,
                  0.08, 0.06, 0.07, 0.06, 0.06, 0.06, 0.07, 0.10, 0.13, 0.13, 0.09, 0.06])

    /// Named profiles a plan may pick with `profile:`.
    public static let named: [String: ActivityProfile] = ["default": standard, "b2b": b2b, "consumer": consumer]

    /// At the weekend the same curve comes two hours later: hour h takes the
    /// weekday value of hour h − 2 (hours 0 and 1 take 22 and 23).
    public static func shiftedTwoHoursLater(_ day: [Double]) -> [Double] {
        (0..<24).map { day[($0 + 22) % 24] }
    }

    public var checksPerWeekday: Double { weekday.reduce(0, +) }

    public func scaled(toChecksPerDay target: Double) -> ActivityProfile {
        let total = checksPerWeekday
        guard total > 0 else { return self }
        let factor = target / total
        return ActivityProfile(weekday: weekday.map { $0 * factor }, weekend: weekend.map { $0 * factor })
    }
}
