import Foundation
import ThirdsCore
import ThirdsModel

/// What a run of posts does for one audience, in the measures of the analysis
/// the product grew from (docs/reach-model.md, "Reach in people"): with `p`
/// each post's chance that one member sees it, posts taken as independent.
public struct ReachFigures: Sendable, Equatable {
    public var posts: Int
    /// Σ p: posts an average member reads over the period.
    public var reads: Double
    /// 1 − Π(1 − p): the share of members who see at least one post.
    public var share: Double
    /// The same two per fortnight, the period repeated (or cut) to 14 days:
    /// reads × 14 / days, and 1 − Π(1 − p)^(14 / days).
    public var readsPerFortnight: Double
    public var sharePerFortnight: Double
    /// n · Σ p: the sightings all the members make (people, counted once per post seen).
    public var views: Double
    /// n · share: the members expected to see at least one post.
    public var people: Double

    public init(probabilities: [Double], size: Double, days: Int) {
        posts = probabilities.count
        reads = probabilities.reduce(0, +)
        // Summed in logarithms so a long period's product does not underflow to a wrong 1.
        let missed = probabilities.reduce(0) { $0 + log1p(-min($1, 1)) }
        share = -expm1(missed)
        let scale = 14 / Double(max(1, days))
        readsPerFortnight = reads * scale
        sharePerFortnight = -expm1(missed * scale)
        views = size * reads
        people = size * share
    }
}

/// Each audience's figures for the planned posts and for the old habit over
/// the same period, side by side.
public struct ReachSummary: Sendable {
    public struct Line: Sendable {
        public var audience: String
        public var size: Double
        public var timezone: String
        public var planned: ReachFigures
        public var habit: ReachFigures
        /// planned reads ÷ the habit's reads; nil when the habit reaches nobody.
        public var ratio: Double? { habit.reads > 0 ? planned.reads / habit.reads : nil }
    }

    public var habit: Habit
    /// The habit's posts over the period, in time order.
    public var habitInstants: [Date]
    public var days: Int
    /// In the plan's order of audiences.
    public var lines: [Line]

    /// `posts`: each planned post's instant and the audiences it is for (the
    /// plan's rule: the ones it names, or all). The habit's posts are for every audience.
    public init(plan: Plan, posts: [(instant: Date, audiences: [String])]) {
        habit = plan.account.habit
        days = plan.period.days
        let instants = habit.instants(in: plan.period, clock: plan.account.clock)
        habitInstants = instants
        lines = plan.audiences.map { audience in
            let planned = posts.filter { $0.audiences.contains(audience.id) }
                .map { ReachModel.probability(audience, seesPostAt: $0.instant) }
            let old = instants.map { ReachModel.probability(audience, seesPostAt: $0) }
            return Line(audience: audience.id, size: audience.size, timezone: audience.timezone.value.identifier,
                        planned: ReachFigures(probabilities: planned, size: audience.size, days: plan.period.days),
                        habit: ReachFigures(probabilities: old, size: audience.size, days: plan.period.days))
        }
    }

    /// "uk-contact-centres: 61% see at least one post this week (habit: 23%)".
    public func sentence(_ line: Line) -> String {
        let span = days == 7 ? "this week" : "in these \(days) days"
        return "\(line.audience): \(Self.percent(line.planned.share)) see at least one post \(span) (habit: \(Self.percent(line.habit.share)))"
    }

    /// A share in whole percent, as a person says it: "<1%" rather than a
    /// misleading 0% for a few people, ">99%" rather than 100% short of all.
    public static func percent(_ share: Double) -> String {
        let scaled = share * 100
        if scaled > 0 && scaled < 0.5 { return "<1%" }
        if scaled < 100 && scaled >= 99.5 { return ">99%" }
        return "\(Int(saturating: scaled.rounded()))%"
    }
}
