import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// The schedule as a calendar (RFC 5545) to subscribe to or import: one event
/// per post and channel it goes out on, so whoever posts, or keeps the
/// conversation going, sees it beside their meetings.
///
/// - Every time is UTC (`…Z`): no TZID, no VTIMEZONE. `X-WR-TIMEZONE` names
///   the account's zone for clients that show it; it changes no time.
/// - `UID` is `<item>[.<day>].<channel>.<plan>.<account>@thirds`, each part
///   with any character outside `A-Z a-z 0-9 - _` written `+XX`: the same for
///   the same plan, post and channel in every export, whatever the text or
///   time, so importing a new export updates the events instead of adding
///   copies.
/// - `SEQUENCE` is the whole minutes from 2024-01-01T00:00:00Z to the export
///   time (`SOURCE_DATE_EPOCH` when set) and `DTSTAMP` the export time: the
///   same input gives the same bytes, and a later export never has a lower
///   sequence, so calendars take its version.
/// - `DTEND` is `DTSTART` plus the plan's grid (15 minutes unless its rules
///   say otherwise): the slot the post was placed in; a task's, its duration.
/// - A cross-post's event sits at the time the cross-post manifest gives it
///   (a blog article before the post that links to it, a LinkedIn copy in
///   its window); a copy the manifest cannot time gets no event.
/// - Engagement events carry a display alarm 10 minutes before: they need
///   someone at the keyboard.
/// - A task (`task:`, engagement that is work to do) is a block from its
///   time to its `duration` later (30 minutes unless given), with `task` in
///   its summary and categories, and the same alarm.
/// - Events come in time order, then by channel, then by post id.
public enum ICalendarExport {
    public static let fileName = "schedule.ics"
    /// SEQUENCE counts minutes from here.
    package static let sequenceEpoch = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
    package static let summaryWords = 8
    package static let alarmMinutes = 10

    public static func export(_ input: ExportInput) -> [ExportFile] {
        [ExportFile(path: fileName, contents: calendar(input, crosspostTimes: crosspostTimes(input)))]
    }

    /// One post on one channel.
    package struct Event {
        package var post: ExportInput.ScheduledPost
        package var channel: String
        package var instant: Date
        package var isCrosspost: Bool
    }

    /// When each cross-post goes out, by `"<occurrence id>#<channel>"`, from
    /// the cross-post manifest.
    package static func crosspostTimes(_ input: ExportInput) -> [String: Date]? {
        CrosspostExport.publishTimes(input)
    }

    /// Every post on its own channel, and on each channel it is cross-posted
    /// to: at the time `crosspostTimes` gives, or with the post when there are
    /// none; a cross-post missing from given times is not published (the
    /// manifest could not time it) and has no event.
    package static func events(_ input: ExportInput, crosspostTimes times: [String: Date]?) -> [Event] {
        var events: [Event] = []
        for post in input.posts {
            let primary = post.item.channel.value
            events.append(Event(post: post, channel: primary, instant: post.instant, isCrosspost: false))
            var seen: Set = [primary]
            // An item's article goes to the blog even when 'crosspost' does not name it (once: later posts have no time for it).
            let channels = post.item.crosspost.map(\.value) + (post.item.article == nil ? [] : ["blog"])
            for channel in channels where seen.insert(channel).inserted {
                let instant: Date
                if let times {
                    guard let time = times[post.occurrence.id + "#" + channel] else { continue }
                    instant = time
                } else {
                    instant = post.instant
                }
                events.append(Event(post: post, channel: channel, instant: instant, isCrosspost: true))
            }
        }
        return events.sorted { ($0.instant, $0.channel, $0.post.occurrence.id) < ($1.instant, $1.channel, $1.post.occurrence.id) }
    }

    package static func calendar(_ input: ExportInput, crosspostTimes times: [String: Date]?) -> String {
        let plan = input.plan
        let name = "thirds: \(plan.name) (\(plan.account.name.value))"
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//thirds//thirds \(Thirds.version)//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "NAME:" + ICalendarText.escape(name),
            "X-WR-CALNAME:" + ICalendarText.escape(name),
            "X-WR-TIMEZONE:" + ICalendarText.escape(plan.account.timezone.value.identifier),
        ]
        let stamp = ICalendarText.utc(input.generatedAt)
        let sequence = self.sequence(input.generatedAt)
        for event in events(input, crosspostTimes: times) {
            lines += self.lines(of: event, plan: plan, stamp: stamp, sequence: sequence)
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.fold).map { $0 + "\r\n" }.joined()
    }

    /// Whole minutes since 2024-01-01T00:00:00Z (0 before it).
    package static func sequence(_ generatedAt: Date) -> Int {
        max(0, Int((generatedAt.timeIntervalSince(sequenceEpoch) / 60).rounded(.down)))
    }

    package static func uid(occurrenceID: String, channel: String, plan: Plan) -> String {
        // "item@day" becomes two fields; the fields never hold a '.', so the
        // UID splits back into the same parts.
        let fields = occurrenceID.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
            + [channel, plan.name, plan.account.name.value]
        return fields.map(ICalendarText.uidField).joined(separator: ".") + "@thirds"
    }

    package static func lines(of event: Event, plan: Plan, stamp: String, sequence: Int) -> [String] {
        let post = event.post
        let item = post.item
        // A task is a block of work, not a post: its summary says so and it lasts its duration.
        let kind = item.isTask ? "task" : item.kind.value.rawValue
        let settings = plan.channel(event.channel)
        let text = CampaignLinks.text(of: item, on: settings, campaign: plan.name)
        let summary = self.summary(channel: event.channel, kind: kind, text: text)
        let grid = item.task?.duration ?? (plan.rules.grid.value > 0 ? plan.rules.grid.value : 15 * 60)
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + uid(occurrenceID: post.occurrence.id, channel: event.channel, plan: plan),
            "SEQUENCE:\(sequence)",
            "DTSTAMP:" + stamp,
            "DTSTART:" + ICalendarText.utc(event.instant),
            "DTEND:" + ICalendarText.utc(event.instant.addingTimeInterval(Double(grid))),
            "SUMMARY:" + ICalendarText.escape(summary),
            "DESCRIPTION:" + ICalendarText.escape(description(of: event, text: text, plan: plan)),
            "CATEGORIES:" + ICalendarText.list(item.isTask ? [item.kind.value.rawValue, kind, event.channel] : [kind, event.channel]),
        ]
        if let link = item.link?.value {
            // As in the text: tagged for the channel, except the blog's links to its own site.
            let tagged = settings.map { CampaignLinks.tagsLink(link, on: $0) } ?? true ? CampaignLinks.tag(link, channel: event.channel, campaign: plan.name) : link
            lines.append("URL:" + uri(tagged))
        }
        // A task is time someone spends at the keyboard: busy, where a post only goes out.
        lines += ["STATUS:CONFIRMED", item.isTask ? "TRANSP:OPAQUE" : "TRANSP:TRANSPARENT"]
        if item.kind.value == .engagement {
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:" + ICalendarText.escape("In \(alarmMinutes) minutes: \(summary)"),
                "TRIGGER:-PT\(alarmMinutes)M",
                "END:VALARM",
            ]
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// `[x] content: Three myths about call queues that cost you…`: the
    /// opening words of the text, links left out.
    package static func summary(channel: String, kind: String, text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).filter { word in
            !(word.hasPrefix("http://") || word.hasPrefix("https://") || word.hasPrefix("www."))
        }
        let head = "[\(channel)] \(kind)"
        guard !words.isEmpty else { return head }
        return head + ": " + words.prefix(summaryWords).joined(separator: " ") + (words.count > summaryWords ? "…" : "")
    }

    /// The text as it goes out on the channel, a blank line, then each
    /// audience's local time and expected reach, and the post's reach. Reach is
    /// modelled for the post on its own channel only: a cross-post's event
    /// gives its audiences' local times and names the post it copies, whose
    /// reach belongs to that post's moment, not the copy's.
    package static func description(of event: Event, text: String, plan: Plan) -> String {
        var lines = [text, ""]
        for part in event.post.audiences {
            let when = localTime(of: part, at: event, plan: plan)
            lines.append(event.isCrosspost ? "\(part.id): \(when)" : "\(part.id): \(when), reach \(String(format: "%.1f", part.reach))")
        }
        if event.isCrosspost {
            let clock = plan.account.clock
            let original = clock.local(event.post.instant)
            lines.append("cross-post of the \(event.post.item.channel.value) post of \(weekdayName(original)) \(original.time) \(clock.offsetText(at: event.post.instant)), reach \(String(format: "%.1f", event.post.reach))")
        } else {
            lines.append("total reach \(String(format: "%.1f", event.post.reach))")
        }
        return lines.joined(separator: "\n")
    }

    /// `Mon 08:00 +00:00`: the event's moment on the audience's clock.
    package static func localTime(of part: (id: String, local: String, reach: Double), at event: Event, plan: Plan) -> String {
        guard let clock = plan.audience(part.id)?.clock else { return part.local }
        let local = clock.local(event.instant)
        return "\(weekdayName(local)) \(local.time) \(clock.offsetText(at: event.instant))"
    }

    /// A link as a URI value: URIs are not escaped like TEXT, so anything a
    /// content line cannot carry (controls, spaces) is percent-encoded.
    package static func uri(_ link: String) -> String {
        var out = ""
        for scalar in link.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F || scalar == "\"" {
                out += String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
