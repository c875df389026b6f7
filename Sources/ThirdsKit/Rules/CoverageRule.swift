import Foundation

/// Every audience that matters hears from the account while it is reading.
public struct CoverageRule: Rule {
    public static let id = "coverage"
    public static let summary = "Every audience of weight `min-weight` or more gets at least `posts` posts in its own active hours."
    public static let defaultSeverity = Severity.warning
    public static let parameters = [
        ParameterSpec("min-weight", .number, default: "2", "audiences of at least this weight are covered"),
        ParameterSpec("posts", .count, default: "3", "posts each such audience gets in its active hours"),
    ]
    public let settings: RuleSettings
    public init(settings: RuleSettings) { self.settings = settings }

    /// An hour is active for an audience when its members check their timeline then.
    static func isActive(_ instant: Date, for audience: Audience, table: ReachTable? = nil, index: Int? = nil) -> Bool {
        if let table, let slot = table.slot(of: instant), let index = index ?? table.audienceIndex(audience.id) {
            return table.active[index][slot]
        }
        let local = audience.clock.local(instant)
        return audience.rate(weekday: local.date.isoWeekday, hour: local.time.hour) > 0
    }

    static func couldBeActive(_ occurrence: Occurrence, for audience: Audience) -> Bool {
        if let fixed = occurrence.fixed { return isActive(fixed, for: audience) }
        var instant = occurrence.earliest
        // Activity repeats every local week: eight days see every local day and
        // hour, however long the window (a year-long plan's unpinned item).
        let end = min(occurrence.latest, occurrence.earliest.addingTimeInterval(8 * 86_400))
        while instant < end {
            if isActive(instant, for: audience) { return true }
            instant += 15 * 60
        }
        return false
    }

    /// A partial timeline is judged by the posts' windows, not their places.
    public var partialCheckReadsPlacement: Bool { false }

    /// The audiences it covers, with what it asks of each.
    func covered(in context: PlanContext) -> [Audience] {
        context.plan.audiences.filter { $0.weight >= settings.number("min-weight") }
    }

    static func aims(_ occurrence: Occurrence, at audience: Audience) -> Bool {
        occurrence.item.audiences.isEmpty || occurrence.item.audiences.contains { $0.value == audience.id }
    }

    /// An audience reached by `reached` posts, complete or not: the violation, if short.
    func shortfall(_ audience: Audience, reached: Int, isComplete: Bool) -> Violation? {
        let needed = settings.count("posts")
        guard reached < needed else { return nil }
        let posts = "\(reached) post\(reached == 1 ? "" : "s")"
        let what = isComplete ? "gets \(posts) in its active hours" : "can get at most \(posts) in its active hours"
        var found = violation(at: audience.location, "audience '\(audience.id)' (weight \(ParameterValue.number(audience.weight))) \(what), fewer than \(needed)",
                              hint: "aim \(needed - reached) more items at '\(audience.id)'")
        found.magnitude = needed - reached
        return found
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        CoverageTally(self, occurrences, isComplete: isComplete, context)
    }
}
