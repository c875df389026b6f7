import Foundation
import ThirdsCore
import ThirdsModel

extension ReachModel {
    /// The 48 local hour classes of an activity profile: weekday hours 0–23
    /// are classes 0–23, weekend hours are 24–47.
    package static let hourClasses = 48

    /// The class of a local hour for an audience (its own weekend days).
    package static func hourClass(_ audience: Audience, weekday: Int, hour: Int) -> Int {
        audience.weekend.contains(weekday) ? 24 + hour : hour
    }

    /// Hours of `[start, start + seconds)` spent in each of the audience's 48
    /// local hour classes, cut exactly as `integral` cuts the window, so that
    /// Σ exposure[k] · rate of class k is `integral(...).checks` (to rounding)
    /// for any profile. Learning a profile needs the split, not the sum: the
    /// rates are what it fits.
    package static func hourlyExposure(of audience: Audience, from start: Date, seconds: Double,
                                       offsets: ZoneOffsets? = nil) -> [Double] {
        var hours = [Double](repeating: 0, count: hourClasses)
        guard seconds.isFinite, seconds > 0 else { return hours }
        let zone = offsets ?? ZoneOffsets(audience.timezone.value)
        let end = start.addingTimeInterval(seconds)
        if seconds > hourByHourLimit {
            weeklyExposure(audience, from: start, to: end, zone: zone, into: &hours)
            return hours
        }
        _ = forEachLocalHour(from: start, to: end, zone: zone) { local, seconds in
            hours[hourClass(audience, weekday: local.date.isoWeekday, hour: local.time.hour)] += seconds / 3_600
        }
        return hours
    }

    /// A long window stretch by stretch between clock changes, as `weekly`:
    /// whole local weeks add each class's hours in a week, the part-weeks at
    /// the ends are read from hour-by-hour running counts.
    private static func weeklyExposure(_ audience: Audience, from start: Date, to end: Date, zone: ZoneOffsets,
                                       into hours: inout [Double]) {
        let classes = (0..<168).map { hourClass(audience, weekday: $0 / 24 + 1, hour: $0 % 24) }
        var perWeek = [Double](repeating: 0, count: hourClasses)
        for kind in classes { perWeek[kind] += 1 }
        let week = 604_800.0
        let monday = 4 * 86_400.0  // 1970-01-05, a Monday, in wall seconds
        // Adds sign × (whole weeks and the hours into the week up to `wall`).
        func add(_ wall: Double, _ sign: Double) {
            let weeks = ((wall - monday) / week).rounded(.down)
            let rest = wall - monday - weeks * week
            let hour = min(167, max(0, Int(saturating: rest / 3_600)))
            for k in 0..<hourClasses { hours[k] += sign * weeks * perWeek[k] }
            for h in 0..<hour { hours[classes[h]] += sign }
            hours[classes[hour]] += sign * (rest - Double(hour) * 3_600) / 3_600
        }
        _ = forEachStretch(from: start, to: end, zone: zone) { from, to in
            add(to, 1)
            add(from, -1)
        }
    }
}
