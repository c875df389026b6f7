import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

/// daily-limit: posts per local day of the period.
package final class DailyLimitTally: RuleTally {
    package let rule: DailyLimitRule
    package let context: PlanContext
    package let occurrences: [Occurrence]
    package let isComplete: Bool
    package let most: Int
    package let least: Int
    private var counts: [Int]
    private var posts: PlacedPosts
    package private(set) var magnitude = 0

    package init(_ rule: DailyLimitRule, _ occurrences: [Occurrence], isComplete: Bool, _ context: PlanContext) {
        self.rule = rule
        self.context = context
        self.occurrences = occurrences
        self.isComplete = isComplete
        most = rule.maximum
        least = rule.minimum
        counts = Array(repeating: 0, count: max(0, context.plan.period.days))
        posts = PlacedPosts(count: occurrences.count)
        magnitude = counts.count * breach(0)
    }

    /// How far a day of `count` posts is off its limits (the minimum only on a complete timeline).
    @inline(__always) package func breach(_ count: Int) -> Int {
        count > most ? count - most : (isComplete && count < least ? least - count : 0)
    }

    private func day(_ placement: Placement) -> Int? {
        let day = context.plan.period.start.days(until: placement.local.date)
        return counts.indices.contains(day) ? day : nil
    }

    package func add(_ index: Int, at placement: Placement) {
        posts.add(index, placement)
        guard let day = day(placement) else { return }
        magnitude += breach(counts[day] + 1) - breach(counts[day])
        counts[day] += 1
    }

    package func remove(_ index: Int, at placement: Placement) {
        posts.remove(index)
        guard let day = day(placement) else { return }
        magnitude += breach(counts[day] - 1) - breach(counts[day])
        counts[day] -= 1
    }

    package func violations() -> [Violation] {
        let period = context.plan.period, most = self.most, least = self.least
        var byDay = [[Occurrence]](repeating: [], count: counts.count)
        for (index, placement) in posts.inOrder() {
            if let day = day(placement) { byDay[day].append(occurrences[index]) }
        }
        var found: [Violation] = []
        for (offset, posts) in byDay.enumerated() {
            let day = period.start.adding(days: offset)
            if posts.count > most {
                var over = rule.violation("\(posts.count) posts on \(day), more than the daily limit of \(most)",
                                          posts: posts, hint: "move or drop \(posts.count - most) of them", what: "over")
                over.magnitude = posts.count - most
                found.append(over)
            } else if isComplete, posts.count < least {
                var under = rule.violation(at: period.location, "\(posts.count) posts on \(day), fewer than the daily minimum of \(least)", what: "under \(day)")
                under.magnitude = least - posts.count
                found.append(under)
            }
        }
        return found
    }
}

/// min-gap: neighbours in time closer than the gap.
package final class MinGapTally: RuleTally {
    package let rule: MinGapRule
    package let occurrences: [Occurrence]
    package let gap: Double
    private var order = TimeOrder()
    package private(set) var magnitude = 0

    package init(_ rule: MinGapRule, _ occurrences: [Occurrence]) {
        self.rule = rule
        self.occurrences = occurrences
        gap = Double(rule.gap)
    }

    @inline(__always) private func tooClose(_ a: Int, _ b: Int) -> Int {
        let entries = order.entries
        guard a >= 0, b < entries.count else { return 0 }
        return entries[b].instant - entries[a].instant < gap ? 1 : 0
    }

    package func add(_ index: Int, at placement: Placement) {
        let at = order.position(of: placement)
        magnitude -= tooClose(at - 1, at)
        _ = order.insert(index, placement)
        magnitude += tooClose(at - 1, at) + tooClose(at, at + 1)
    }

    package func remove(_ index: Int, at placement: Placement) {
        let at = order.position(of: placement)
        magnitude -= tooClose(at - 1, at) + tooClose(at, at + 1)
        _ = order.remove(index, placement)
        magnitude += tooClose(at - 1, at)
    }

    package func violations() -> [Violation] {
        let entries = order.entries
        return zip(entries, entries.dropFirst()).compactMap { earlier, later in
            let apart = later.instant - earlier.instant
            guard apart < gap else { return nil }
            let gap = self.gap, first = occurrences[earlier.index], second = occurrences[later.index]
            return rule.violation("'\(second.id)' is \(ValueText.durationText(Int(saturating: apart))) after '\(first.id)', less than the gap of \(ValueText.durationText(Int(saturating: gap)))",
                                  posts: [second, first])
        }
    }
}

/// quiet-hours: posts in the quiet time.
package final class QuietHoursTally: RuleTally {
    package let rule: QuietHoursRule
    package let occurrences: [Occurrence]
    private var posts: PlacedPosts
    package private(set) var magnitude = 0

    package init(_ rule: QuietHoursRule, _ occurrences: [Occurrence]) {
        self.rule = rule
        self.occurrences = occurrences
        posts = PlacedPosts(count: occurrences.count)
    }

    package func add(_ index: Int, at placement: Placement) {
        posts.add(index, placement)
        if rule.isQuiet(placement.local.time) { magnitude += 1 }
    }

    package func remove(_ index: Int, at placement: Placement) {
        posts.remove(index)
        if rule.isQuiet(placement.local.time) { magnitude -= 1 }
    }

    package func violations() -> [Violation] {
        posts.inOrder().compactMap { index, placement in
            let local = placement.local, id = occurrences[index].id, from = rule.from, to = rule.to
            guard rule.isQuiet(local.time) else { return nil }
            return rule.violation("'\(id)' at \(local.time) falls in the quiet hours \(from)–\(to)",
                                  posts: [occurrences[index]])
        }
    }
}

/// promotion-streak: runs of promotions in time order (complete timelines only).
package final class PromotionStreakTally: RuleTally {
    package let rule: PromotionStreakRule
    package let occurrences: [Occurrence]
    package let most: Int
    private let isPromotion: [Bool]
    private var order = TimeOrder()
    package private(set) var magnitude = 0

    package init(_ rule: PromotionStreakRule, _ occurrences: [Occurrence]) {
        self.rule = rule
        self.occurrences = occurrences
        most = rule.maximum
        isPromotion = occurrences.map { $0.kind == .promotion }
    }

    @inline(__always) private func breaks(_ run: Int) -> Int { run > most ? 1 : 0 }

    /// Promotions right before `position` and from `position` on.
    private func runs(around position: Int) -> (before: Int, after: Int) {
        let entries = order.entries
        var before = 0, after = 0
        while position - before - 1 >= 0, isPromotion[entries[position - before - 1].index] { before += 1 }
        while position + after < entries.count, isPromotion[entries[position + after].index] { after += 1 }
        return (before, after)
    }

    package func add(_ index: Int, at placement: Placement) {
        let (before, after) = runs(around: order.position(of: placement))
        if isPromotion[index] {
            magnitude += breaks(before + after + 1) - breaks(before + after)
        } else {
            magnitude += breaks(before) + breaks(after) - breaks(before + after)
        }
        _ = order.insert(index, placement)
    }

    package func remove(_ index: Int, at placement: Placement) {
        _ = order.remove(index, placement)
        let (before, after) = runs(around: order.position(of: placement))
        if isPromotion[index] {
            magnitude -= breaks(before + after + 1) - breaks(before + after)
        } else {
            magnitude -= breaks(before) + breaks(after) - breaks(before + after)
        }
    }

    package func violations() -> [Violation] {
        var found: [Violation] = []
        var run: [Occurrence] = []
        func close() {
            if run.count > most {
                let streak = run, most = self.most
                found.append(rule.violation("\(streak.count) promotions in a row (\(streak.map { "'\($0.id)'" }.joined(separator: ", "))), more than \(most)",
                                            posts: streak, hint: "place content or engagement between them"))
            }
            run = []
        }
        for entry in order.entries {
            if isPromotion[entry.index] { run.append(occurrences[entry.index]) } else { close() }
        }
        close()
        return found
    }
}

/// spread: posts per local hour of day.
package final class SpreadTally: RuleTally {
    package let rule: SpreadRule
    package let occurrences: [Occurrence]
    package let limit: Int
    private var counts = [Int](repeating: 0, count: 24)
    private var posts: PlacedPosts
    package private(set) var magnitude = 0

    package init(_ rule: SpreadRule, _ occurrences: [Occurrence]) {
        self.rule = rule
        self.occurrences = occurrences
        limit = rule.maxSameHour
        posts = PlacedPosts(count: occurrences.count)
    }

    package func add(_ index: Int, at placement: Placement) {
        posts.add(index, placement)
        let hour = placement.local.time.hour
        counts[hour] += 1
        if counts[hour] > limit { magnitude += 1 }
    }

    package func remove(_ index: Int, at placement: Placement) {
        posts.remove(index)
        let hour = placement.local.time.hour
        if counts[hour] > limit { magnitude -= 1 }
        counts[hour] -= 1
    }

    package func violations() -> [Violation] {
        let placed = posts.inOrder()
        return (0..<24).filter { counts[$0] > limit }.map { hour in
            let posts = placed.filter { $0.placement.local.time.hour == hour }.map { occurrences[$0.index] }
            let limit = self.limit
            var found = rule.violation("\(posts.count) posts at \(TimeOfDay(hour: hour, minute: 0))–\(TimeOfDay(hour: hour, minute: 59)) local time, more than \(limit) at the same hour",
                                       posts: posts, hint: "post at different times of day")
            found.magnitude = posts.count - limit
            return found
        }
    }
}

/// availability: engagement outside the owner's hours, and a task whose
/// block runs past them.
package final class AvailabilityTally: RuleTally {
    package let rule: AvailabilityRule
    package let occurrences: [Occurrence]
    package let available: Located<Availability>
    private let isEngagement: [Bool]
    /// Each task's duration, where its block is checked; nil for posts, and
    /// in a partial timeline for a task longer than any stretch of the
    /// owner's hours (the rule's check reports that at its `duration`).
    private let blockDuration: [Int?]
    private let clock: ZoneClock
    private var posts: PlacedPosts
    package private(set) var magnitude = 0

    package init(_ rule: AvailabilityRule, _ occurrences: [Occurrence], _ available: Located<Availability>, isComplete: Bool, clock: ZoneClock) {
        self.rule = rule
        self.occurrences = occurrences
        self.available = available
        self.clock = clock
        isEngagement = occurrences.map { $0.kind == .engagement }
        blockDuration = occurrences.map { occurrence in
            guard occurrence.kind == .engagement, let task = occurrence.item.task else { return nil }
            return !isComplete && rule.tooLong(task, available.value) != nil ? nil : task.duration
        }
        posts = PlacedPosts(count: occurrences.count)
    }

    /// Whether the owner is away, by minute of the week, worked out when first asked.
    private var away = [Int8](repeating: -1, count: 7 * 1440)

    @inline(__always) private func outside(_ index: Int, _ placement: Placement) -> Bool {
        guard isEngagement[index] else { return false }
        let local = placement.local, weekday = local.date.isoWeekday
        let minute = (weekday - 1) * 1440 + local.time.hour * 60 + local.time.minute
        guard away.indices.contains(minute) else { return !available.value.contains(weekday: weekday, time: local.time) }
        if away[minute] < 0 { away[minute] = available.value.contains(weekday: weekday, time: local.time) ? 0 : 1 }
        return away[minute] == 1
    }

    /// The block of a task that starts inside the owner's hours but runs past them.
    private func overrun(_ index: Int, _ placement: Placement) -> TaskBlock? {
        guard let duration = blockDuration[index], !outside(index, placement) else { return nil }
        let block = TaskBlock(at: placement.instant, local: placement.local, duration: duration, available: available.value, clock: clock)
        return block.fits ? nil : block
    }

    package func add(_ index: Int, at placement: Placement) {
        posts.add(index, placement)
        if outside(index, placement) || overrun(index, placement) != nil { magnitude += 1 }
    }

    package func remove(_ index: Int, at placement: Placement) {
        posts.remove(index)
        if outside(index, placement) || overrun(index, placement) != nil { magnitude -= 1 }
    }

    package func violations() -> [Violation] {
        posts.inOrder().compactMap { index, placement in
            let local = placement.local, available = self.available, occurrence = occurrences[index], id = occurrence.id
            if let block = overrun(index, placement) {
                let until = block.availableUntil, end = block.end
                let duration = ValueText.durationText(blockDuration[index] ?? 0)
                let endText = end.date == local.date ? "\(end.time)" : "\(weekdayName(end)) \(end.time)"
                return rule.violation("task '\(id)' at \(weekdayName(local)) \(local.time) for \(duration) runs to \(endText), past the end of the owner's available hours (\(available.value.text)) at \(weekdayName(until)) \(until.time)",
                                      posts: [occurrence], at: occurrence.item.at?.location,
                                      hint: "shorten 'duration' to \(ValueText.durationText(Int(until.wall.timeIntervalSince(local.wall)))) or less, or start it earlier: it must end by \(weekdayName(until)) \(until.time)",
                                      what: "block")
            }
            guard outside(index, placement) else { return nil }
            return rule.violation("engagement '\(id)' at \(weekdayName(local)) \(local.time) is outside the owner's available hours (\(available.value.text))",
                                  posts: [occurrence], hint: "engagement needs someone at the keyboard to reply")
        }
    }
}
