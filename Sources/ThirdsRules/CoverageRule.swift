import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

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
    /// Audiences of at least this weight are covered.
    public let minWeight: Double
    /// Posts each such audience gets in its active hours.
    public let posts: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        minWeight = Self.number("min-weight", of: settings)
        posts = Self.count("posts", of: settings)
    }

    /// An hour is active for an audience as the reach model defines it.
    package static func isActive(_ instant: Date, for audience: Audience, table: ReachTable? = nil, index: Int? = nil) -> Bool {
        table?.isActive(audience, at: instant, index: index) ?? ReachModel.isActive(audience, at: instant)
    }

    package static func couldBeActive(_ occurrence: Occurrence, for audience: Audience) -> Bool {
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

    public func check(_ timeline: Timeline, in context: PlanContext) -> [Violation] {
        let plan = context.plan
        let needed = settings.count("posts")
        return plan.audiences.filter { $0.weight >= settings.number("min-weight") }.compactMap { audience in
            func aims(_ occurrence: Occurrence) -> Bool {
                occurrence.item.audiences.isEmpty || occurrence.item.audiences.contains { $0.value == audience.id }
            }
            let reached: Int
            if timeline.isComplete {
                let index = context.reach?.audienceIndex(audience.id)
                reached = timeline.posts.filter { aims($0.occurrence) && Self.isActive($0.instant, for: audience, table: context.reach, index: index) }.count
            } else {
                reached = context.occurrences.filter { aims($0) && Self.couldBeActive($0, for: audience) }.count
            }
            guard reached < needed else { return nil }
            let posts = "\(reached) post\(reached == 1 ? "" : "s")"
            let what = timeline.isComplete ? "gets \(posts) in its active hours" : "can get at most \(posts) in its active hours"
            var found = violation(at: audience.location, "audience '\(audience.id)' (weight \(ParameterValue.number(audience.weight))) \(what), fewer than \(needed)",
                                  hint: "aim \(needed - reached) more items at '\(audience.id)'", what: audience.id)
            found.magnitude = needed - reached
            return found
        }
    }
}
