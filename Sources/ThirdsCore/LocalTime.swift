import Foundation

/// A calendar date with no zone: `2026-11-30`.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether the date exists in the Gregorian calendar (no 2026-02-30).
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= LocalDate.daysIn(month: month, year: year)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Midnight of this date on a clock that never changes: the basis of
    /// "wall time" arithmetic, never an instant in itself.
    package var wallMidnight: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    package init(_ wall: Date) {
        self.init(daysSinceEpoch: Int((wall.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Monday is 1, Sunday 7 (ISO 8601); 1970-01-01 was a Thursday.
    public var isoWeekday: Int { ((daysSinceEpoch % 7 + 7) % 7 + 3) % 7 + 1 }

    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    // Proleptic Gregorian day numbers (H. Hinnant's civil-date algorithms):
    // the wall clock's hot path in the solver, where Calendar is too slow.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

/// A time of day with no date or zone: `08:30`.
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var minutes: Int  // since midnight, 0..<1440

    public init(hour: Int, minute: Int) { minutes = hour * 60 + minute }
    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    public var description: String { twoDigits(hour) + ":" + twoDigits(minute) }
    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// A date and time as a clock on the wall shows it: `2026-12-03T12:00`.
public struct LocalDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var date: LocalDate
    public var time: TimeOfDay
    public var second: Int = 0

    public init(date: LocalDate, time: TimeOfDay, second: Int = 0) {
        self.date = date
        self.time = time
        self.second = second
    }

    public var description: String {
        second == 0 ? "\(date)T\(time)" : "\(date)T\(time):\(String(format: "%02d", second))"
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time, lhs.second) < (rhs.date, rhs.time, rhs.second)
    }

    package var wall: Date { date.wallMidnight.addingTimeInterval(Double(time.minutes * 60 + second)) }

    package init(wall: Date) {
        let seconds = Int(wall.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let inDay = seconds - days * 86_400
        self.init(date: LocalDate(daysSinceEpoch: days), time: TimeOfDay(hour: inDay / 3_600, minute: inDay % 3_600 / 60),
                  second: inDay % 60)
    }
}

package enum Calendars {
    package static let iso8601: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!  // UTC is in every zone database
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }()
}

/// A zone's clock: converts between instants (UTC) and local wall time using
/// only the zone's own rules, so clock changes come out right.
public struct ZoneClock: Sendable {
    public let zone: TimeZone

    public init(_ zone: TimeZone) { self.zone = zone }

    /// Every instant at which the wall clock shows `local`: none in a gap when
    /// clocks go forward, two in the repeated hour when they go back.
    public func instants(of local: LocalDateTime) -> [Date] {
        let wall = local.wall
        var offsets: [Int] = []
        for probe: TimeInterval in [-86_400, -10_800, 0, 10_800, 86_400] {
            let offset = zone.secondsFromGMT(for: wall.addingTimeInterval(probe))
            if !offsets.contains(offset) { offsets.append(offset) }
        }
        return offsets
            .map { wall.addingTimeInterval(-Double($0)) }
            .filter { zone.secondsFromGMT(for: $0) == Int(wall.timeIntervalSince($0)) }
            .sorted()
    }

    public func local(_ instant: Date) -> LocalDateTime {
        LocalDateTime(wall: instant.addingTimeInterval(Double(zone.secondsFromGMT(for: instant))))
    }

    /// The first instant of a local day (midnight, or the first minute after a
    /// gap when a zone skips midnight).
    public func startOfDay(_ date: LocalDate) -> Date {
        for minute in stride(from: 0, to: 24 * 60, by: 15) {
            let time = LocalDateTime(date: date, time: TimeOfDay(hour: minute / 60, minute: minute % 60))
            if let first = instants(of: time).first { return first }
        }
        return date.wallMidnight  // unreachable for real zones
    }

    /// The UTC offset at an instant, formatted `+01:00`.
    public func offsetText(at instant: Date) -> String {
        let seconds = zone.secondsFromGMT(for: instant)
        let sign = seconds < 0 ? "-" : "+"
        return String(format: "%@%02d:%02d", sign, abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }
}

package func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

/// `Mon` … `Sun`, as schedules and messages print a day.
public func weekdayName(_ local: LocalDateTime) -> String {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][local.date.isoWeekday - 1]
}

extension TimeZone {
    /// The first second at which the zone's offset is no longer `offset`.
    package func transition(after low: Date, before high: Date, offset: Int) -> Date {
        var low = low.timeIntervalSince1970, high = high.timeIntervalSince1970
        while high - low > 1 {
            let middle = ((low + high) / 2).rounded(.down)
            if secondsFromGMT(for: Date(timeIntervalSince1970: middle)) == offset { low = middle } else { high = middle }
        }
        return Date(timeIntervalSince1970: high)
    }
}
