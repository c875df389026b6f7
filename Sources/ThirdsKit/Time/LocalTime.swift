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

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether the date exists in the Gregorian calendar (no 2026-02-30).
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= LocalDate.daysIn(month: month, year: year)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Midnight of this date on a clock that never changes: the basis of
    /// "wall time" arithmetic, never an instant in itself.
    var wallMidnight: Date {
        Calendars.utc.date(from: DateComponents(year: year, month: month, day: day))!
    }

    public func adding(days: Int) -> LocalDate {
        LocalDate(wallMidnight.addingTimeInterval(Double(days) * 86_400))
    }

    init(_ wall: Date) {
        let parts = Calendars.utc.dateComponents([.year, .month, .day], from: wall)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Monday is 1, Sunday 7 (ISO 8601).
    public var isoWeekday: Int {
        let weekday = Calendars.utc.component(.weekday, from: wallMidnight)  // Sunday 1
        return (weekday + 5) % 7 + 1
    }

    public func days(until other: LocalDate) -> Int {
        Int((other.wallMidnight.timeIntervalSince(wallMidnight) / 86_400).rounded())
    }
}

/// A time of day with no date or zone: `08:30`.
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var minutes: Int  // since midnight, 0..<1440

    public init(hour: Int, minute: Int) { minutes = hour * 60 + minute }
    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    public var description: String { String(format: "%02d:%02d", hour, minute) }
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

    var wall: Date { date.wallMidnight.addingTimeInterval(Double(time.minutes * 60 + second)) }

    init(wall: Date) {
        let parts = Calendars.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: wall)
        self.init(date: LocalDate(year: parts.year!, month: parts.month!, day: parts.day!),
                  time: TimeOfDay(hour: parts.hour!, minute: parts.minute!), second: parts.second!)
    }
}

enum Calendars {
    /// Gregorian in UTC: used only for arithmetic on wall-clock values.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }()

    static let iso8601: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
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
