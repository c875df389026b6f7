import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel

/// At least `min` and at most `max` posts on each local day of the account.
public struct DailyLimitRule: Rule {
    public static let id = "daily-limit"
    public static let summary = "Each local day of the account has between `min` and `max` posts."
    public static let defaultSeverity = Severity.error
    public static let parameters = [
        ParameterSpec("min", .count, default: "1", "fewest posts on any day of the period", maximum: 1_000),
        ParameterSpec("max", .count, default: "4", "most posts on any day of the period", maximum: 1_000),
    ]
    public let settings: RuleSettings
    /// Fewest and most posts on any day.
    public let minimum: Int
    public let maximum: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        minimum = Self.count("min", of: settings)
        maximum = Self.count("max", of: settings)
    }

    public func admits(_ counts: KindCounts, in context: PlanContext) -> Bool {
        let days = context.plan.period.days
        return counts.total <= maximum.saturatingMultiplied(by: days)
            && counts.total >= minimum.saturatingMultiplied(by: days)
    }

    public func promotionRange(in context: PlanContext) -> PromotionRange? {
        let days = context.plan.period.days
        let least = Double(minimum.saturatingMultiplied(by: days))
        let most = Double(maximum.saturatingMultiplied(by: days))
        return { c, e in promotionCounts(least - Double(c + e), most - Double(c + e)) }
    }

    public func deferralReason(_ counts: KindCounts, in context: PlanContext) -> String {
        "\(counts.total) posts exceed the daily limit of \(maximum) over the period"
    }

    /// Too many posts for the period, whatever their kind.
    public func deferralRemedy(for kind: ItemKind) -> String { "move it to another week" }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        DailyLimitTally(self, occurrences, isComplete: isComplete, context)
    }

    public static func validate(_ settings: RuleSettings) -> [Finding] {
        let rule = Self(settings: settings)
        guard rule.minimum > rule.maximum else { return [] }
        return [Finding(ruleID: "invalid-value", severity: .error, location: settings.location,
                        message: "daily-limit min \(rule.minimum) is above max \(rule.maximum)")]
    }
}

/// Posts are spaced: followers see one at a time.
public struct MinGapRule: Rule {
    public static let id = "min-gap"
    public static let summary = "Consecutive posts are at least `gap` apart."
    public static let defaultSeverity = Severity.error
    public static let parameters = [ParameterSpec("gap", .duration, default: "90m", "shortest time between two posts")]
    public let settings: RuleSettings
    /// Shortest time between two posts, in seconds.
    public let gap: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        gap = Self.duration("gap", of: settings)
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        MinGapTally(self, occurrences)
    }
}

/// No posts while the account's followers sleep.
public struct QuietHoursRule: Rule {
    public static let id = "quiet-hours"
    public static let summary = "No post between `from` and `to` in the account's local time."
    public static let defaultSeverity = Severity.off
    public static let parameters = [
        ParameterSpec("from", .timeOfDay, default: "23:00", "start of the quiet time"),
        ParameterSpec("to", .timeOfDay, default: "06:30", "end of the quiet time (may be after midnight)"),
    ]
    public let settings: RuleSettings
    /// The quiet time, from `from` up to `to` (through midnight when `to` is earlier).
    public let from: TimeOfDay
    public let to: TimeOfDay

    public init(settings: RuleSettings) {
        self.settings = settings
        from = Self.time("from", of: settings)
        to = Self.time("to", of: settings)
    }

    public func isQuiet(_ time: TimeOfDay) -> Bool {
        from <= to ? (from <= time && time < to) : (time >= from || time < to)
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        QuietHoursTally(self, occurrences)
    }
}

/// No run of promotions: mostly content and engagement, not broadcasting ads.
public struct PromotionStreakRule: Rule {
    public static let id = "promotion-streak"
    public static let summary = "No more than `max` promotions in a row."
    public static let defaultSeverity = Severity.error
    public static let parameters = [ParameterSpec("max", .count, default: "1", "most promotions one after another")]
    public let settings: RuleSettings
    /// Most promotions one after another.
    public let maximum: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        maximum = Self.count("max", of: settings)
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        // On a partial timeline a post placed between could break the run.
        isComplete ? PromotionStreakTally(self, occurrences) : nil
    }
}

/// Post at different times of day.
public struct SpreadRule: Rule {
    public static let id = "spread"
    public static let summary = "At most `max-same-hour` posts at the same local hour of day in the period."
    public static let defaultSeverity = Severity.warning
    public static let parameters = [ParameterSpec("max-same-hour", .count, default: "2", "most posts that share a local hour of day")]
    public let settings: RuleSettings
    /// Most posts that share a local hour of day.
    public let maxSameHour: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        maxSameHour = Self.count("max-same-hour", of: settings)
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        SpreadTally(self, occurrences)
    }
}

/// Engagement needs the owner at the keyboard.
public struct AvailabilityRule: Rule {
    public static let id = "availability"
    public static let summary = "Engagement items go out only while the owner is `available`."
    public static let defaultSeverity = Severity.error
    public static let parameters: [ParameterSpec] = []
    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    public func isAvailable(_ local: LocalDateTime, in context: PlanContext) -> Bool {
        guard let available = context.plan.account.available?.value else { return true }
        return available.contains(weekday: local.date.isoWeekday, time: local.time)
    }

    /// An engagement post cannot go out while the owner is away, nor a task
    /// start where its block would run past the owner's hours.
    public func forbiddenTimes(for occurrence: Occurrence, in context: PlanContext) -> ForbiddenTimes? {
        guard occurrence.kind == .engagement, let available = context.plan.account.available?.value else { return nil }
        if let task = occurrence.item.task {
            let clock = context.clock
            // The duration is in the reason: tasks of different lengths must not share a candidate list.
            return ForbiddenTimes(reason: "while the owner is available (\(available.text)) for the whole of its \(ValueText.durationText(task.duration))") { local in
                guard available.contains(weekday: local.date.isoWeekday, time: local.time) else { return true }
                return !(TaskBlock(at: local, duration: task.duration, available: available, clock: clock)?.fits ?? false)
            }
        }
        return ForbiddenTimes(reason: "while the owner is available (\(available.text))") { local in
            !available.contains(weekday: local.date.isoWeekday, time: local.time)
        }
    }

    /// A task longer than any unbroken stretch of the owner's hours fits
    /// nowhere, whenever it is put: reported once, at its `duration`.
    package func tooLong(_ task: ItemTask, _ available: Availability) -> Int? {
        let longest = available.longestStretch(upTo: task.duration / 60 + 1)
        return task.duration > longest * 60 ? longest : nil
    }

    public func check(_ occurrence: Occurrence, in context: PlanContext) -> [Violation] {
        guard occurrence.kind == .engagement, let available = context.plan.account.available else { return [] }
        let task = occurrence.item.task
        if let task, let longest = tooLong(task, available.value) {
            return [violation("task '\(occurrence.id)' takes \(ValueText.durationText(task.duration)), longer than any unbroken stretch of the owner's available hours (\(available.value.text)), the longest of which is \(ValueText.durationText(longest * 60))",
                              posts: [occurrence], at: task.durationLocation ?? task.location,
                              hint: "shorten 'duration' to \(ValueText.durationText(longest * 60)) or less, or widen the account's 'available' hours",
                              what: "duration")]
        }
        guard occurrence.fixed == nil, occurrence.earliest < occurrence.latest else { return [] }
        var instant = occurrence.earliest, anyAvailable = false
        while instant < occurrence.latest {
            let local = context.clock.local(instant)
            if isAvailable(local, in: context) {
                guard let task else { return [] }
                anyAvailable = true
                if TaskBlock(at: instant, local: local, duration: task.duration, available: available.value, clock: context.clock).fits { return [] }
            }
            instant += 5 * 60
        }
        if let task, anyAvailable {
            return [violation("task '\(occurrence.id)' has no time inside its window from which its \(ValueText.durationText(task.duration)) ends within the owner's available hours (\(available.value.text))",
                              posts: [occurrence], hint: "shorten 'duration', or widen not_before/not_after or the account's 'available' hours",
                              what: "window")]
        }
        return [violation("engagement '\(occurrence.id)' has no time inside its window when the owner is available (\(available.value.text))",
                          posts: [occurrence], hint: repeatHint(occurrence, available.value) ?? "widen not_before/not_after, or the account's 'available' hours",
                          what: "window")]
    }

    /// A repeating item that falls on days the owner is never available (the
    /// usual case: `repeat: daily` with `available: Mon-Fri …`) is fixed by
    /// repeating it on the available days only.
    package func repeatHint(_ occurrence: Occurrence, _ available: Availability) -> String? {
        guard let day = occurrence.day, let repeats = occurrence.item.repeats?.value,
              !available.windows.contains(where: { $0.weekdays.contains(day.isoWeekday) }) else { return nil }
        let days = Set(available.windows.flatMap(\.weekdays))
        let repeated: Set<Int>
        switch repeats {
        case .daily: repeated = Set(1...7)
        case .weekdays: repeated = Set(1...5)
        case .on(let set): repeated = set
        }
        let kept = repeated.intersection(days)
        guard !kept.isEmpty else { return nil }
        if kept == Set(1...5) { return "use 'repeat: weekdays': the owner is not available at the weekend" }
        return "repeat it only on days the owner is available: 'repeat: [\(kept.sorted().map { ValueText.weekdayNames[$0 - 1] }.joined(separator: ", "))]'"
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        context.plan.account.available.map { AvailabilityTally(self, occurrences, $0, isComplete: isComplete, clock: context.clock) }
    }
}

