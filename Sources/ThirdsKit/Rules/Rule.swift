import Foundation

/// A post placed in time: what the checker verifies and the solver builds.
public struct Post: Sendable {
    public var occurrence: Occurrence
    public var instant: Date
    /// The account's wall-clock time at the instant, worked out once: rules
    /// read it on every move the solver tries.
    public var local: LocalDateTime

    public init(occurrence: Occurrence, instant: Date, local: LocalDateTime) {
        self.occurrence = occurrence
        self.instant = instant
        self.local = local
    }

    public init(occurrence: Occurrence, instant: Date, clock: ZoneClock) {
        self.init(occurrence: occurrence, instant: instant, local: clock.local(instant))
    }
}

/// Posts in time order. A partial timeline holds only what the plan itself
/// pins (fixed `at` times); a complete one is a whole schedule.
public struct Timeline: Sendable {
    public var posts: [Post]
    public var isComplete: Bool

    public init(posts: [Post], isComplete: Bool) {
        self.posts = posts.sorted { ($0.instant, $0.occurrence.id) < ($1.instant, $1.occurrence.id) }
        self.isComplete = isComplete
    }

    /// Posts already in time order (the solver sorts cheaper keys itself).
    init(ordered posts: [Post], isComplete: Bool) {
        self.posts = posts
        self.isComplete = isComplete
    }
}

/// How many posts of each kind a selection holds.
public struct KindCounts: Sendable, Hashable {
    public var content = 0
    public var engagement = 0
    public var promotion = 0

    public init(content: Int = 0, engagement: Int = 0, promotion: Int = 0) {
        self.content = content
        self.engagement = engagement
        self.promotion = promotion
    }

    public init<S: Sequence>(kinds: S) where S.Element == ItemKind {
        for kind in kinds { self[kind] += 1 }
    }

    public var total: Int { content + engagement + promotion }

    public subscript(kind: ItemKind) -> Int {
        get {
            switch kind {
            case .content: content
            case .engagement: engagement
            case .promotion: promotion
            }
        }
        set {
            switch kind {
            case .content: content = newValue
            case .engagement: engagement = newValue
            case .promotion: promotion = newValue
            }
        }
    }

    public func share(_ kind: ItemKind) -> Double { total == 0 ? 0 : Double(self[kind]) / Double(total) }
}

/// What a rule sees besides the posts: the plan, its expanded items, and the
/// posts of earlier weeks when plans are checked or scheduled as a sequence.
public struct PlanContext: Sendable {
    public var plan: Plan
    public var occurrences: [Occurrence]
    public var history: [Post]
    /// The grid's precomputed reach and clock values, when scheduling.
    public var reach: ReachTable?

    public init(plan: Plan, occurrences: [Occurrence], history: [Post] = [], reach: ReachTable? = nil) {
        self.plan = plan
        self.occurrences = occurrences
        self.history = history
        self.reach = reach
    }

    public var clock: ZoneClock { plan.account.clock }

    /// Whole weeks the account has existed at the start of the period.
    public var accountAgeInWeeks: Int? {
        guard let since = plan.account.since?.value else { return nil }
        return since.days(until: plan.period.start) / 7
    }
}

/// Content and engagement counts → the promotion counts a rule may admit.
public typealias PromotionRange = (_ content: Int, _ engagement: Int) -> ClosedRange<Int>?

/// Whole counts from `low` to `high`, widened by one each way so that the
/// rounding of a rule's shares can never leave out a count it admits.
func promotionCounts(_ low: Double, _ high: Double) -> ClosedRange<Int>? {
    guard !low.isNaN, !high.isNaN else { return Int.min...Int.max }
    let lower = Int(saturating: max(-1e15, min(1e15, low)).rounded(.up)) - 1
    let upper = Int(saturating: max(-1e15, min(1e15, high)).rounded(.down)) + 1
    return lower <= upper ? lower...upper : nil
}

/// A rule broken: the posts involved and the message, before waivers and
/// before it becomes a finding.
public struct Violation: Sendable {
    public var ruleID: String
    public var severity: Severity
    /// Written only when read: the solver scores thousands of schedules and
    /// needs each violation's magnitude, not its sentence.
    public var message: String { render() }
    private let render: @Sendable () -> String
    /// Ids of the occurrences involved; the first is where it is reported.
    public var occurrenceIDs: [String]
    public var location: SourceLocation
    public var hint: String?
    public var related: [SourceLocation]
    /// How badly: posts over a limit, posts short of a target. A warning's
    /// penalty in the solver's score grows with it.
    public var magnitude: Int = 1

    public init(
        ruleID: String, severity: Severity, message: @autoclosure @escaping @Sendable () -> String, occurrenceIDs: [String],
        location: SourceLocation, hint: String?, related: [SourceLocation], magnitude: Int = 1
    ) {
        self.ruleID = ruleID
        self.severity = severity
        render = message
        self.occurrenceIDs = occurrenceIDs
        self.location = location
        self.hint = hint
        self.related = related
        self.magnitude = magnitude
    }
}

/// One rule of the catalogue. The same type answers the checker (what a plan
/// or schedule breaks) and the solver (whether a selection or placement is
/// allowed), so no rule's logic exists twice.
public protocol Rule: Sendable {
    static var id: String { get }
    static var summary: String { get }
    static var defaultSeverity: Severity { get }
    static var parameters: [ParameterSpec] { get }

    var settings: RuleSettings { get }
    init(settings: RuleSettings)

    /// Problems of one post taken alone: its text, its window.
    func check(_ occurrence: Occurrence, in context: PlanContext) -> [Violation]
    /// Problems of posts in time. On a partial timeline a rule reports only
    /// what no later placement could undo.
    func check(_ timeline: Timeline, in context: PlanContext) -> [Violation]
    /// A running tally of this rule over posts of `occurrences` (added and
    /// removed by index), complete or partial as a timeline is; nil when the
    /// rule has nothing to say about such a timeline. `check(timeline)` is
    /// this tally folded over the timeline's posts.
    func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)?
    /// Whether a selection with these counts of posts can satisfy the rule.
    func admits(_ counts: KindCounts, in context: PlanContext) -> Bool
    /// For the selection search, worked out once per search: the promotion
    /// counts the rule may admit beside given counts of content and engagement
    /// (nil inside: none). The range may be wider than `admits`, never
    /// narrower; nil: every count is tried.
    func promotionRange(in context: PlanContext) -> PromotionRange?
    /// Whether the rule's check of a partial timeline reads where its posts
    /// are placed. When it does not (it reads the plan's windows), the solver
    /// leaves it out of the breaks it compares while placing posts one by
    /// one: the same on both sides of every comparison, and costly.
    var partialCheckReadsPlacement: Bool { get }
    /// Problems of the settings themselves (targets that do not add up).
    static func validate(_ settings: RuleSettings) -> [Finding]
}

extension Rule {
    public func check(_ occurrence: Occurrence, in context: PlanContext) -> [Violation] { [] }
    public func check(_ timeline: Timeline, in context: PlanContext) -> [Violation] { foldedCheck(timeline, in: context) }
    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? { nil }
    public func admits(_ counts: KindCounts, in context: PlanContext) -> Bool { true }
    public func promotionRange(in context: PlanContext) -> PromotionRange? { nil }
    public var partialCheckReadsPlacement: Bool { true }
    public static func validate(_ settings: RuleSettings) -> [Finding] { [] }

    public var id: String { Self.id }
    public var severity: Severity { settings.severity.value }

    func violation(
        _ message: @autoclosure @escaping @Sendable () -> String, posts: [Occurrence], at location: SourceLocation? = nil, hint: String? = nil
    ) -> Violation {
        Violation(
            ruleID: Self.id, severity: severity, message: message(), occurrenceIDs: posts.map(\.id),
            location: location ?? posts.first?.location ?? settings.location, hint: hint,
            related: [settings.location])
    }

    func violation(at location: SourceLocation, _ message: @autoclosure @escaping @Sendable () -> String, hint: String? = nil) -> Violation {
        Violation(ruleID: Self.id, severity: severity, message: message(), occurrenceIDs: [],
                  location: location, hint: hint, related: [settings.location])
    }
}

/// Every rule, in the order of the catalogue and of `docs/rules.md`.
public enum RuleCatalogue {
    public static let all: [any Rule.Type] = [
        ThirdsRule.self, DailyLimitRule.self, MinGapRule.self, QuietHoursRule.self,
        PromotionStreakRule.self, DuplicateTextRule.self, HashtagsRule.self, TextLengthRule.self,
        RampUpRule.self, CoverageRule.self, SpreadRule.self, AvailabilityRule.self,
    ]

    public static func type(for id: String) -> (any Rule.Type)? { all.first { $0.id == id } }
    public static var ids: [String] { all.map { $0.id } }

    /// The rules of a rule set that are switched on, as instances.
    public static func instantiate(_ rules: RuleSet) -> [any Rule] {
        rules.settings.compactMap { settings in
            guard settings.severity.value != .off, let type = type(for: settings.ruleID) else { return nil }
            return type.init(settings: settings)
        }
    }
}
