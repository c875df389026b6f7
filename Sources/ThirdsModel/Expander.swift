import Foundation
import ThirdsCore

/// Turns a plan's items into the posts to place: one per item, or one per day
/// for a repeating item, each with the span of time it may go out in.
package enum Expander {
    package static func occurrences(of plan: Plan, findings: inout FindingList) -> [Occurrence] {
        let period = plan.period
        let clock = plan.account.clock
        var result: [Occurrence] = []
        let periodText = "\(period.start) to \(period.end.adding(days: -1))"
        for item in plan.items {
            let label = "item '\(item.id.value)'"
            let notBefore = item.notBefore.map { bound($0, clock: clock, first: true) }
            let notAfter = item.notAfter.map { bound($0, clock: clock, first: false) + 1 }
            // Bounds the wrong way round are reported where they are read.
            if let notBefore = item.notBefore, let notAfter = item.notAfter, notAfter.value <= notBefore.value { continue }
            if let notBefore = item.notBefore, notBefore.value.date >= period.end {
                findings.error("outside-period", at: notBefore.location, "not_before \(notBefore.value) of \(label) is after the plan's period (\(periodText))")
                continue
            }
            if let notAfter = item.notAfter, notAfter.value.date < period.start {
                findings.error("outside-period", at: notAfter.location, "not_after \(notAfter.value) of \(label) is before the plan's period (\(periodText))")
                continue
            }
            // A bound beyond the period limits nothing; in a plan copied from
            // another week it is a date that was not updated.
            if let notBefore = item.notBefore, notBefore.value < LocalDateTime(date: period.start, time: TimeOfDay(hour: 0, minute: 0)) {
                findings.append(Finding(ruleID: "bound-outside-period", severity: .warning, location: notBefore.location,
                                        message: "not_before \(notBefore.value) of \(label) is before the plan's period (\(periodText)), so it limits nothing",
                                        hint: "was the plan copied from another week? Set a time within \(periodText), or remove it"))
            }
            if let notAfter = item.notAfter, notAfter.value >= LocalDateTime(date: period.end, time: TimeOfDay(hour: 0, minute: 0)) {
                findings.append(Finding(ruleID: "bound-outside-period", severity: .warning, location: notAfter.location,
                                        message: "not_after \(notAfter.value) of \(label) is after the plan's period (\(periodText)), so it limits nothing",
                                        hint: "was the plan copied from another week? Set a time within \(periodText), or remove it"))
            }
            // A post that links to its article goes out at or after the article's own date.
            let articleDate = item.article?.date
            // An article dated before the week is published back-dated (and its address
            // carries that date); likely a date left from the week the item came from.
            // One dated after the week is an article-after-post error below.
            if let articleDate, let article = item.article, articleDate.value < period.startInstant {
                let local = clock.local(articleDate.value)
                findings.append(Finding(ruleID: "bound-outside-period", severity: .warning, location: article.reference.location,
                                        message: "the article of \(label) would be published on \(local.date) at \(local.time) (\(clock.zone.identifier)), its front matter's date, before the plan's period (\(periodText)): back-dated, and its address carries that date",
                                        hint: "was the date left from another week? Change 'date' in the article's front matter to a time within \(periodText), or remove it (the article then goes out with the post)",
                                        related: [articleDate.location]))
            }
            // A pinned post keeps its time: a copy that cannot follow it is reported by the check (CrosspostWindow.unplaceable).
            let copyDeadline = item.at == nil ? linkedInCopyDeadline(of: item, in: plan) : nil
            func window(from start: Date, to end: Date) -> (Date, Date) {
                let earliest = max(start, notBefore ?? start, articleDate?.value ?? start)
                var latest = min(end, notAfter ?? end)
                // A post after its LinkedIn copy's last slot would leave the copy nowhere to go;
                // when even the earliest time is too late, the check reports it (CrosspostWindow.unplaceable).
                if let copyDeadline, copyDeadline > earliest { latest = min(latest, copyDeadline) }
                // A task's block ends by the end of the period (a pinned one is reported by pastPeriod).
                // (Ends are exclusive: a block may end at the period's end exactly.)
                if item.at == nil, let task = item.task { latest = min(latest, period.endInstant.addingTimeInterval(1 - Double(task.duration))) }
                return (earliest, latest)
            }
            if let repeats = item.repeats {
                var any = false
                for date in period.dates where repeats.value.includes(date) {
                    let (earliest, latest) = window(from: clock.startOfDay(date), to: clock.startOfDay(date.adding(days: 1)))
                    var fixed: Date?
                    if case .daily(let time)? = item.at?.value {
                        guard let instant = fixedInstant(LocalDateTime(date: date, time: time), item: item, clock: clock, findings: &findings) else { continue }
                        guard instant >= earliest, instant < latest else { continue }
                        if let past = pastPeriod(item, at: instant, period: period, clock: clock) { findings.append(past) }
                        fixed = instant
                    }
                    guard earliest < latest else { continue }
                    any = true
                    result.append(Occurrence(id: "\(item.id.value)@\(date)", item: item, day: date,
                                             earliest: earliest, latest: latest, fixed: fixed))
                }
                if !any {
                    findings.error("outside-period", at: repeats.location, "repeating \(label) has no day in the plan's period on which it may go out",
                                   hint: "check 'repeat', 'not_before' and 'not_after' against the period \(periodText)")
                }
                continue
            }
            let (earliest, latest) = window(from: period.startInstant, to: period.endInstant)
            var fixed: Date?
            if case .moment(let local)? = item.at?.value, let at = item.at {
                guard let instant = fixedInstant(local, item: item, clock: clock, findings: &findings) else { continue }
                guard period.contains(instant) else {
                    findings.error("outside-period", at: at.location, "'at' \(local) of \(label) is outside the plan's period (\(periodText))")
                    continue
                }
                if let articleDate, let article = item.article, instant < articleDate.value {
                    findings.append(articleAfterPost(article, label: label, clock: clock, post: "is pinned to \(local)"))
                    continue
                }
                if let past = pastPeriod(item, at: instant, period: period, clock: clock) { findings.append(past) }
                guard instant >= earliest, instant < latest else {
                    findings.error("outside-period", at: at.location, "'at' \(local) of \(label) is outside its own not_before/not_after")
                    continue
                }
                fixed = instant
            }
            if let articleDate, let article = item.article, articleDate.value >= latest {
                let last = clock.local(latest.addingTimeInterval(-1))
                findings.append(articleAfterPost(article, label: label, clock: clock, post: "must go out by \(last.date) \(last.time)"))
                continue
            }
            guard earliest < latest else {
                if let task = item.task, earliest.addingTimeInterval(Double(task.duration)) > period.endInstant {
                    let last = clock.local(period.endInstant.addingTimeInterval(-Double(task.duration)))
                    findings.error("outside-period", at: task.durationLocation ?? item.notBefore?.location ?? task.location,
                                   "task '\(item.id.value)' of \(ValueText.durationText(task.duration)) has no time inside the plan's period from which it ends by the period's end (24:00 on \(period.end.adding(days: -1)))",
                                   hint: "shorten 'duration', or let it start by \(last.date) \(last.time)")
                    continue
                }
                findings.error("outside-period", at: (item.notBefore ?? item.notAfter)?.location ?? item.location,
                               "\(label) has no time inside the plan's period on which it may go out")
                continue
            }
            result.append(Occurrence(id: item.id.value, item: item, day: nil, earliest: earliest, latest: latest, fixed: fixed))
        }
        return result
    }

    /// A task pinned so late that its block runs past the end of the period:
    /// the calendar would show work in the next plan's week.
    package static func pastPeriod(_ item: Item, at instant: Date, period: Period, clock: ZoneClock) -> Finding? {
        guard let task = item.task, let at = item.at, instant.addingTimeInterval(Double(task.duration)) > period.endInstant else { return nil }
        let start = clock.local(instant), end = clock.local(instant.addingTimeInterval(Double(task.duration)))
        let last = period.end.adding(days: -1)
        return Finding(ruleID: "outside-period", severity: .error, location: at.location,
                       message: "task '\(item.id.value)' at \(start) for \(ValueText.durationText(task.duration)) runs to \(end), past the end of the plan's period (24:00 on \(last))",
                       hint: "shorten 'duration' to \(ValueText.durationText(Int(period.endInstant.timeIntervalSince(instant)))) or less, or start it earlier: it must end by 24:00 on \(last)")
    }

    /// An article dated after every time its post may go out: the post would
    /// link to a page that is not there yet.
    package static func articleAfterPost(_ article: Article, label: String, clock: ZoneClock, post: String) -> Finding {
        let date = article.date.map { clock.local($0.value) }
        return Finding(ruleID: "article-after-post", severity: .error, location: article.reference.location,
                       message: "the article of \(label) goes out at \(date.map { "\($0.date) \($0.time)" } ?? "its date") (\(clock.zone.identifier)), but the post that links to it \(post)",
                       hint: "move the 'date' in the article's front matter earlier, or remove it (the article then goes out with the post)",
                       related: article.date.map { [$0.location] } ?? [])
    }

    /// Just after the last LinkedIn mark in the period, for an item copied to
    /// LinkedIn: the post must go out by then for its copy to follow it.
    static func linkedInCopyDeadline(of item: Item, in plan: Plan) -> Date? {
        guard item.channel.value != "linkedin", item.crosspost.contains(where: { $0.value == "linkedin" }) else { return nil }
        let window = CrosspostWindow.window(of: plan.channel("linkedin"))
        let clock = CrosspostWindow.primaryClock(of: item, in: plan)
        return CrosspostWindow.lastMark(before: plan.period.endInstant, after: plan.period.startInstant, window: window, clock: clock)
            .map { $0.addingTimeInterval(1) }
    }

    /// A pinned time must name exactly one instant: not one skipped when
    /// clocks go forward, nor one repeated when they go back.
    package static func fixedInstant(_ local: LocalDateTime, item: Item, clock: ZoneClock, findings: inout FindingList) -> Date? {
        let location = item.at?.location ?? item.location
        let instants = clock.instants(of: local)
        switch instants.count {
        case 1:
            return instants[0]
        case 0:
            findings.error("nonexistent-time", at: location,
                           "\(local) does not exist in \(clock.zone.identifier): the clocks go forward then",
                           hint: "pick a time outside the skipped hour")
        default:
            let offsets = instants.map { clock.offsetText(at: $0) }.joined(separator: " and ")
            findings.error("ambiguous-time", at: location,
                           "\(local) happens twice in \(clock.zone.identifier) (at offsets \(offsets)): the clocks go back then",
                           hint: "pick a time outside the repeated hour")
        }
        return nil
    }

    /// A window bound in a skipped or repeated hour takes the widest reading.
    package static func bound(_ local: Located<LocalDateTime>, clock: ZoneClock, first: Bool) -> Date {
        let instants = clock.instants(of: local.value)
        if let chosen = first ? instants.first : instants.last { return chosen }
        // In a gap: the moment the clocks jump is the nearest real time.
        let before = clock.zone.secondsFromGMT(for: local.value.wall.addingTimeInterval(-86_400))
        let after = local.value.wall.addingTimeInterval(-Double(before))
        return clock.zone.transition(after: after.addingTimeInterval(-3 * 3_600), before: after, offset: before)
    }
}
