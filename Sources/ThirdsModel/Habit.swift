import Foundation
import ThirdsCore

/// The account's old posting habit, the baseline every reach figure is set
/// against: `weekdays 09:00`, or groups of days and local times separated by
/// commas (`Mon-Fri 09:00 13:00, Sat 10:30`), on the account's clock.
/// Without one a plan is compared with one post each business day at 09:00,
/// the habit docs/reach-model.md works through.
public struct Habit: Sendable, Hashable {
    public struct Group: Sendable, Hashable {
        public var weekdays: Set<Int>
        public var times: [TimeOfDay]
    }

    public var groups: [Group]
    /// As the plan wrote it (or the default's text).
    public var text: String

    public static let standard = Habit(groups: [Group(weekdays: [1, 2, 3, 4, 5], times: [TimeOfDay(hour: 9, minute: 0)])],
                                       text: "weekdays 09:00")

    /// Most posts a habit may make in a day: every quarter of an hour.
    public static let timesPerDay = 96

    /// Reads `weekdays 09:00, Sat 10:30`; nil when the text is not one.
    /// Days are `daily`, `weekdays`, `weekends`, a day (`mon`, `Monday`), a
    /// range (`Mon-Fri`) or days joined by `+` (`mon+wed+fri`).
    public static func parse(_ text: String) -> Habit? {
        var groups: [Group] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let words = part.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count >= 2, let days = weekdays(words[0]) else { return nil }
            var times: [TimeOfDay] = []
            for word in words.dropFirst() {
                guard let time = ValueText.timeOfDay(word) else { return nil }
                times.append(time)
            }
            groups.append(Group(weekdays: days, times: times))
        }
        guard !groups.isEmpty else { return nil }
        return Habit(groups: groups, text: text)
    }

    static func weekdays(_ word: String) -> Set<Int>? {
        switch word.lowercased() {
        case "daily": return Set(1...7)
        case "weekdays": return Set(1...5)
        case "weekends": return [6, 7]
        default: break
        }
        return ValueText.weekdaySpans(word)
    }

    /// The local times of one weekday, in order, each once.
    public func times(onWeekday weekday: Int) -> [TimeOfDay] {
        Array(Set(groups.filter { $0.weekdays.contains(weekday) }.flatMap(\.times))).sorted()
    }

    /// The habit's posts over a period, in time order. A time the clock skips
    /// (clocks going forward) is posted when the clock shows it again, an hour
    /// later in wall time; a repeated one, at its first occurrence.
    public func instants(in period: Period, clock: ZoneClock) -> [Date] {
        period.dates.flatMap { date in
            times(onWeekday: date.isoWeekday).map { time in
                let local = LocalDateTime(date: date, time: time)
                if let first = clock.instants(of: local).first { return first }
                // In a gap: the offset in force before it, which lands after the gap.
                let before = clock.zone.secondsFromGMT(for: clock.startOfDay(date))
                return local.wall.addingTimeInterval(-Double(before))
            }
        }.sorted()
    }
}
