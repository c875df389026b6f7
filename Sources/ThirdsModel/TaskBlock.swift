import Foundation
import ThirdsCore

extension Availability {
    /// Minutes of available time that run on without a break from `time` on
    /// `weekday`, at most `limit`: windows that touch or overlap run on into
    /// each other, across midnight too (`Mon-Sun 00:00-24:00` never ends).
    /// 0 when the owner is away at that time.
    public func unbrokenMinutes(weekday: Int, time: TimeOfDay, upTo limit: Int) -> Int {
        var day = weekday, minute = time.minutes, run = 0
        while run < limit {
            var end = minute
            for window in windows where window.weekdays.contains(day) && window.from.minutes <= minute && minute < window.to.minutes {
                end = max(end, window.to.minutes)
            }
            guard end > minute else { break }
            run += end - minute
            if end >= 1440 { day = day % 7 + 1; minute = 0 } else { minute = end }
        }
        return min(run, limit)
    }

    /// The longest unbroken stretch of available time in a week, at most `limit` minutes.
    public func longestStretch(upTo limit: Int) -> Int {
        var longest = 0
        for window in windows {
            for day in window.weekdays { longest = max(longest, unbrokenMinutes(weekday: day, time: window.from, upTo: limit)) }
        }
        return longest
    }
}

/// A task's block in the calendar, [start, start + duration), against the
/// owner's available hours: it must end by the end of the available time it
/// starts in.
public struct TaskBlock: Sendable {
    /// The block's start and end on the account's wall clock.
    public var start: LocalDateTime
    public var end: LocalDateTime
    /// The end of the available time the block starts in, looked for no
    /// further than the block's end (its start when the owner is away then).
    public var availableUntil: LocalDateTime

    public var fits: Bool { end <= availableUntil }

    /// The block of a task of `duration` seconds starting at `instant`.
    public init(at instant: Date, local: LocalDateTime, duration: Int, available: Availability, clock: ZoneClock) {
        start = local
        end = clock.local(instant.addingTimeInterval(Double(duration)))
        // Wall-clock minutes, so a clock change inside the block counts as the calendar shows it.
        let minute = LocalDateTime(date: local.date, time: local.time).wall
        let needed = max(0, Int((end.wall.timeIntervalSince(minute) / 60).rounded(.up)))
        let run = available.unbrokenMinutes(weekday: local.date.isoWeekday, time: local.time, upTo: needed)
        availableUntil = LocalDateTime(wall: minute.addingTimeInterval(Double(run * 60)))
    }

    /// The block of a task starting at the wall-clock time `local` (the first
    /// instant showing it); nil when no instant does (the clocks skip it).
    public init?(at local: LocalDateTime, duration: Int, available: Availability, clock: ZoneClock) {
        guard let instant = clock.instants(of: local).first else { return nil }
        self.init(at: instant, local: local, duration: duration, available: available, clock: clock)
    }
}
