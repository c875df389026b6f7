import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel

/// The blog's rule of thirds: a third original content, a third engagement,
/// a third promotion, each within a tolerance.
public struct ThirdsRule: Rule {
    public static let id = "thirds"
    public static let summary = "Each kind's share of the period's posts lies within the tolerance of its target."
    public static let defaultSeverity = Severity.error
    public static let parameters = [
        ParameterSpec("content", .fraction, default: "1/3", "target share of original content"),
        ParameterSpec("engagement", .fraction, default: "1/3", "target share of engagement"),
        ParameterSpec("promotion", .fraction, default: "1/3", "target share of promotion"),
        ParameterSpec("tolerance", .fraction, default: "0.1", "how far each share may stray from its target"),
        ParameterSpec("window", .duration, default: nil, "when scheduling weeks in sequence, measure shares over this rolling window (e.g. 4w)"),
    ]
    public let settings: RuleSettings
    /// Each kind's target share.
    public let targets: [ItemKind: Double]
    /// How far each share may stray from its target.
    public let tolerance: Double
    /// The rolling window in seconds, when shares are measured over earlier weeks too.
    public let window: Int?

    public init(settings: RuleSettings) {
        self.settings = settings
        targets = Dictionary(uniqueKeysWithValues: ItemKind.allCases.map { ($0, Self.number($0.rawValue, of: settings)) })
        tolerance = Self.number("tolerance", of: settings)
        window = Self.optionalDuration("window", of: settings)
    }

    public func target(_ kind: ItemKind) -> Double { targets[kind] ?? 0 }

    /// The configured shares: the selection search comes as close to them as it can.
    public func targetShares(in context: PlanContext) -> [ItemKind: Double]? { targets }

    /// The tolerance, in hundredths up to 1: the smallest that lets a selection through is the remedy.
    public func loosening() -> Loosening? {
        let settings = self.settings, tolerance = self.tolerance
        return Loosening(steps: 100, rule: { step in
            var looser = settings
            looser.parameters["tolerance"] = Located(.number(Double(step) / 100), at: settings.parameters["tolerance"]?.location ?? settings.location)
            return ThirdsRule(settings: looser)
        }, remedy: { step in
            Double(step) / 100 > tolerance ? "\(Self.id) tolerance \(ParameterValue.number(Double(step) / 100))" : nil
        })
    }

    public func deferralReason(_ counts: KindCounts, in context: PlanContext) -> String {
        "with every item the shares are \(Self.describeShares(counts)) (thirds allows \(describeTargets()))"
    }

    public func admits(_ counts: KindCounts, in context: PlanContext) -> Bool {
        admitsWindowed(withWindow(counts, in: context))
    }

    /// Counts that already include the window's earlier posts.
    package func admitsWindowed(_ counts: KindCounts) -> Bool {
        Self.admits(counts, targets: KindShares(ItemKind.allCases.map(target)), tolerance: tolerance)
    }

    /// The targets of the three kinds, read from the settings once (the
    /// solver asks on every move).
    package struct KindShares {
        package var shares: [Double]
        package init(_ shares: [Double]) { self.shares = shares }
    }

    package static func admits(_ counts: KindCounts, targets: KindShares, tolerance: Double) -> Bool {
        counts.total > 0 && ItemKind.allCases.indices.allSatisfy { abs(counts.share(ItemKind.allCases[$0]) - targets.shares[$0]) <= tolerance + 1e-9 }
    }

    /// Each share n/T within the tolerance of its target t is
    /// (t − tol)·T ≤ n ≤ (t + tol)·T, linear in the promotion count P, as
    /// T = content + engagement + P (with the window's earlier posts).
    public func promotionRange(in context: PlanContext) -> PromotionRange? {
        let earlier = withWindow(KindCounts(), in: context)
        let slack = tolerance + 1e-9
        let content = target(.content), engagement = target(.engagement), promotion = target(.promotion)
        return { c, e in
            let n = Double(c + earlier.content), m = Double(e + earlier.engagement), s = n + m
            var low = -Double.infinity, high = Double.infinity
            low = max(low, n / (content + slack) - s, m / (engagement + slack) - s)
            if content - slack > 0 { high = min(high, n / (content - slack) - s) }
            if engagement - slack > 0 { high = min(high, m / (engagement - slack) - s) }
            let least = promotion - slack, most = promotion + slack
            if least > 0, least < 1 { low = max(low, least * s / (1 - least)) }
            if most < 1 { high = min(high, most * s / (1 - most)) }
            return promotionCounts(low - Double(earlier.promotion), high - Double(earlier.promotion))
        }
    }

    /// With `window`, earlier weeks' posts inside the rolling window count too.
    package func withWindow(_ counts: KindCounts, in context: PlanContext) -> KindCounts {
        guard let seconds = window else { return counts }
        let since = context.plan.period.endInstant.addingTimeInterval(-Double(seconds))
        var total = counts
        for post in context.history where post.instant >= since && post.instant < context.plan.period.startInstant {
            total[post.occurrence.kind] += 1
        }
        return total
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        // Shares are of the whole schedule: a partial one says nothing yet.
        guard isComplete else { return nil }
        let earlier = withWindow(KindCounts(), in: context)
        func windowed(_ counts: KindCounts) -> KindCounts {
            KindCounts(content: counts.content + earlier.content, engagement: counts.engagement + earlier.engagement,
                       promotion: counts.promotion + earlier.promotion)
        }
        let targets = KindShares(ItemKind.allCases.map(target)), tolerance = self.tolerance
        return KindsTally(occurrences, broken: { counts in !Self.admits(windowed(counts), targets: targets, tolerance: tolerance) }) { [self] counts in
            let total = windowed(counts)
            guard !admitsWindowed(total) else { return nil }
            return violation(at: context.plan.location,
                             "the schedule's shares \(describe(total)) break the rule of thirds (targets \(describeTargets()))",
                             hint: "add items of the kinds below their share or drop some of the others, or widen 'tolerance'")
        }
    }

    package func describe(_ counts: KindCounts) -> String {
        ItemKind.allCases.map { "\($0.rawValue) \(counts[$0])/\(counts.total)" }.joined(separator: ", ")
    }

    package func describeTargets() -> String {
        ItemKind.allCases.map { "\($0.rawValue) \(percent(target($0)))" }.joined(separator: ", ") + " ± \(percent(tolerance))"
    }

    public static func validate(_ settings: RuleSettings) -> [Finding] {
        let targets = Self(settings: settings).targets
        let sum = ItemKind.allCases.map { targets[$0] ?? 0 }.reduce(0, +)
        guard abs(sum - 1) > 0.01 else { return [] }
        return [Finding(ruleID: "invalid-value", severity: .error, location: settings.location,
                        message: "thirds targets add up to \(percent(sum)), not 100%",
                        hint: "make content, engagement and promotion add up to 1")]
    }
}

/// New accounts concentrate on content and engagement until they know their audience.
public struct RampUpRule: Rule {
    public static let id = "ramp-up"
    public static let summary = "While the account is younger than `weeks`, promotion's share stays at or below `promotion`."
    public static let defaultSeverity = Severity.error
    public static let parameters = [
        ParameterSpec("weeks", .count, default: "8", "how many weeks an account counts as new"),
        ParameterSpec("promotion", .fraction, default: "0.15", "the largest share of promotion for a new account"),
    ]
    public let settings: RuleSettings
    /// How many weeks an account counts as new.
    public let weeks: Int
    /// The largest share of promotion while it is new.
    public let cap: Double

    public init(settings: RuleSettings) {
        self.settings = settings
        weeks = Self.count("weeks", of: settings)
        cap = Self.number("promotion", of: settings)
    }

    package func applies(in context: PlanContext) -> Bool {
        guard let age = context.accountAgeInWeeks else { return false }
        return age < weeks
    }

    public func deferralReason(_ counts: KindCounts, in context: PlanContext) -> String {
        "with every item promotion is \(percent(counts.share(.promotion))) (ramp-up allows \(percent(cap)) while the account is new)"
    }

    public func admits(_ counts: KindCounts, in context: PlanContext) -> Bool {
        !applies(in: context) || Self.withinCap(counts, cap)
    }

    package static func withinCap(_ counts: KindCounts, _ cap: Double) -> Bool { counts.share(.promotion) <= cap + 1e-9 }

    /// P / (c + e + P) ≤ cap is P ≤ cap · (c + e) / (1 − cap).
    public func promotionRange(in context: PlanContext) -> PromotionRange? {
        let cap = self.cap + 1e-9
        guard applies(in: context), cap < 1 else { return nil }
        return { c, e in promotionCounts(-.infinity, cap * Double(c + e) / (1 - cap)) }
    }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        guard isComplete, applies(in: context) else { return nil }
        let cap = self.cap
        return KindsTally(occurrences, broken: { counts in !Self.withinCap(counts, cap) }) { [self] counts in
            guard !admits(counts, in: context) else { return nil }
            return violation(at: context.plan.account.since?.location ?? context.plan.location,
                             "the account is \(context.accountAgeInWeeks ?? 0) weeks old and promotion is \(percent(counts.share(.promotion))) of the schedule (at most \(percent(cap)) for accounts younger than \(weeks) weeks)")
        }
    }
}

