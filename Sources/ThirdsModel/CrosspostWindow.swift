import Foundation
import ThirdsCore

/// When a LinkedIn copy may go out, shared by the check (which knows a
/// post's earliest time) and the cross-posting export (which knows its
/// scheduled time), so both agree on the marks and the window.
package enum CrosspostWindow {
    /// LinkedIn copies go out on these marks (seconds since 1970: whole 5 minutes).
    package static let step: TimeInterval = 300
    // A constant that parses: the unwrap cannot fail.
    package static let defaultLinkedIn = Availability.parse("Mon-Fri 09:00-17:00")!

    /// The channel's `window`, else weekday business hours.
    package static func window(of channel: Channel?) -> Availability {
        channel?.window ?? defaultLinkedIn
    }

    /// The first mark at or after `start`, up to `last`, whose local weekday
    /// and time on `clock` lie inside `window`.
    package static func firstMark(from start: Date, through last: Date, window: Availability, clock: ZoneClock) -> Date? {
        var seconds = (start.timeIntervalSince1970 / step).rounded(.up) * step
        let end = last.timeIntervalSince1970
        while seconds <= end {
            let instant = Date(timeIntervalSince1970: seconds)
            let local = clock.local(instant)
            if window.contains(weekday: local.date.isoWeekday, time: local.time) { return instant }
            seconds += step
        }
        return nil
    }

    /// The last mark before `end`, back to `start`, inside `window` on `clock`.
    package static func lastMark(before end: Date, after start: Date, window: Availability, clock: ZoneClock) -> Date? {
        var seconds = ((end.timeIntervalSince1970 - 1) / step).rounded(.down) * step
        while seconds >= start.timeIntervalSince1970 {
            let instant = Date(timeIntervalSince1970: seconds)
            let local = clock.local(instant)
            if window.contains(weekday: local.date.isoWeekday, time: local.time) { return instant }
            seconds -= step
        }
        return nil
    }

    /// The clock of the audience a post is mainly for: the item's first
    /// audience, else the plan's audience of largest weight × size (the first
    /// of equals), else the account's.
    package static func primaryClock(of item: Item, in plan: Plan) -> ZoneClock {
        if let first = item.audiences.first, let audience = plan.audience(first.value) { return audience.clock }
        var best: Audience?
        for audience in plan.audiences where best.map({ audience.weight * audience.size > $0.weight * $0.size }) ?? true {
            best = audience
        }
        return best?.clock ?? plan.account.clock
    }

    /// Errors for LinkedIn copies that no schedule can place: from the
    /// earliest time its post may go out (its pinned time, or its window's
    /// start) to the end of the period, no mark lies inside the channel's
    /// window. At the item's `crosspost` entry; copies that clash with each
    /// other depend on the schedule, and `thirds schedule` reports those.
    package static func unplaceable(_ occurrences: [Occurrence], in plan: Plan) -> [Finding] {
        var findings: [Finding] = []
        var reported = Set<String>()
        let end = plan.period.endInstant.addingTimeInterval(-1)
        for occurrence in occurrences {
            let item = occurrence.item
            guard item.channel.value != "linkedin", let target = item.crosspost.first(where: { $0.value == "linkedin" }) else { continue }
            let channel = plan.channel("linkedin")
            let window = window(of: channel)
            let clock = primaryClock(of: item, in: plan)
            let start = occurrence.fixed ?? occurrence.earliest
            guard firstMark(from: start, through: end, window: window, clock: clock) == nil,
                  reported.insert(occurrence.id).inserted else { continue }
            let local = clock.local(start)
            let windowText = "\"\(window.text)\" (\(channel?.settings["window"] == nil ? "the default, " : "")\(clock.zone.identifier))"
            findings.append(Finding(
                ruleID: "invalid-value", severity: .error, location: target.location,
                message: "the LinkedIn copy of '\(occurrence.id)' finds no time inside LinkedIn's window \(windowText) from \(occurrence.fixed == nil ? "the earliest time the post may go out" : "its pinned time"), \(local.date) \(local.time), to the end of the plan's period, 24:00 on \(plan.period.end.adding(days: -1))",
                hint: "widen 'window' under 'linkedin:' (weekends too, such as \"Mon-Sun 09:00-17:00\"), drop linkedin from this item's 'crosspost', or move the item earlier in the week",
                related: channel?.settings["window"].map { [$0.location] } ?? []))
        }
        return findings
    }
}
