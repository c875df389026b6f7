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

    /// The audiences it covers, with what it asks of each.
    package func covered(in context: PlanContext) -> [Audience] {
        context.plan.audiences.filter { $0.weight >= minWeight }
    }

    package static func aims(_ occurrence: Occurrence, at audience: Audience) -> Bool {
        occurrence.item.audiences.isEmpty || occurrence.item.audiences.contains { $0.value == audience.id }
    }

    /// An audience reached by `reached` posts, complete or not: the violation, if short.
    package func shortfall(_ audience: Audience, reached: Int, isComplete: Bool) -> Violation? {
        let needed = posts
        guard reached < needed else { return nil }
        let posts = "\(reached) post\(reached == 1 ? "" : "s")"
        let what = isComplete ? "gets \(posts) in its active hours" : "can get at most \(posts) in its active hours"
        var found = violation(at: audience.location, "audience '\(audience.id)' (weight \(ParameterValue.number(audience.weight))) \(what), fewer than \(needed)",
                              hint: "aim \(needed - reached) more items at '\(audience.id)'", what: audience.id)
        found.magnitude = needed - reached
        return found
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        CoverageTally(self, occurrences, isComplete: isComplete, context)
    }
}
