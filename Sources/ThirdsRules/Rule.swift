import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

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
    package init(ordered posts: [Post], isComplete: Bool) {
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
package func promotionCounts(_ low: Double, _ high: Double) -> ClosedRange<Int>? {
    guard !low.isNaN, !high.isNaN else { return Int.min...Int.max }
    let lower = Int(saturating: max(-1e15, min(1e15, low)).rounded(.up)) - 1
    let upper = Int(saturating: max(-1e15, min(1e15, high)).rounded(.down)) + 1
    return lower <= upper ? lower...upper : nil
}

/// What identifies a violation, whatever its sentence says: the rule, the
/// posts involved, and which of the rule's findings it is (a tag the rule
/// chooses, such as a day or a channel; empty when the rule and the posts
/// say it all). Violations are matched by it (waivers, before and after a
/// move), never by their message, whose numbers change as posts move.
public struct ViolationKey: Sendable, Hashable {
    public var ruleID: String
    public var occurrenceIDs: [String]
    public var what: String

    public init(ruleID: String, occurrenceIDs: [String], what: String = "") {
        self.ruleID = ruleID
        self.occurrenceIDs = occurrenceIDs
        self.what = what
    }
}

/// A rule broken: the posts involved and the message, before waivers and
/// before it becomes a finding.
public struct Violation: Sendable {
    public var ruleID: String
    public var severity: Severity
    /// Which of its rule's findings this is, beside the posts (see `ViolationKey`).
    public var what: String
    public var key: ViolationKey { ViolationKey(ruleID: ruleID, occurrenceIDs: occurrenceIDs, what: what) }
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
        location: SourceLocation, hint: String?, related: [SourceLocation], magnitude: Int = 1, what: String = ""
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.what = what
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

    /// The shares of each kind a selection should come closest to, when the
    /// selection search must choose between equally good ones; nil: the rule
    /// has no say (the search then takes the most even mix).
    func targetShares(in context: PlanContext) -> [ItemKind: Double]?
    /// A setting the selection search may suggest loosening when no
    /// selection meets the rules; nil: none.
    func loosening() -> Loosening?
    /// Why a plan's posts, all of them counted (`counts`), are too many for
    /// this rule, so that some must wait: the reason in a deferral warning.
    func deferralReason(_ counts: KindCounts, in context: PlanContext) -> String
    /// What to do about a post of `kind` that has to wait because of this rule.
    func deferralRemedy(for kind: ItemKind) -> String
    /// The local times at which the rule forbids a post of `occurrence`
    /// whatever else the schedule holds, and why in words ("while the owner is
    /// available …"); nil: it forbids no time outright. The solver leaves
    /// those times out of the post's candidates.
    func forbiddenTimes(for occurrence: Occurrence, in context: PlanContext) -> ForbiddenTimes?
    /// Plans that keep the rule and plans that break it, with where each
    /// finding is reported (see `RuleExample`): every rule has both.
    static var examples: [RuleExample] { get }
}

/// A rule's setting that can be loosened step by step, for the selection
/// search's remedies ("thirds tolerance 0.34").
public struct Loosening: Sendable {
    /// Steps 1 through `steps` are tried, each looser than the one before.
    public var steps: Int
    /// The rule with the setting at `step`.
    public var rule: @Sendable (_ step: Int) -> any Rule
    /// The remedy in words at `step`, or nil when that is no looser than the setting now.
    public var remedy: @Sendable (_ step: Int) -> String?

    public init(steps: Int, rule: @escaping @Sendable (_ step: Int) -> any Rule, remedy: @escaping @Sendable (_ step: Int) -> String?) {
        self.steps = steps
        self.rule = rule
        self.remedy = remedy
    }
}

/// Local times a rule rules out for one post, and why.
public struct ForbiddenTimes: Sendable {
    public var contains: @Sendable (LocalDateTime) -> Bool
    /// Completes "no slot in its window …".
    public var reason: String

    public init(reason: String, contains: @escaping @Sendable (LocalDateTime) -> Bool) {
        self.reason = reason
        self.contains = contains
    }
}

extension Rule {
    public func check(_ occurrence: Occurrence, in context: PlanContext) -> [Violation] { [] }
    public func check(_ timeline: Timeline, in context: PlanContext) -> [Violation] { foldedCheck(timeline, in: context) }
    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? { nil }
    public func admits(_ counts: KindCounts, in context: PlanContext) -> Bool { true }
    public func promotionRange(in context: PlanContext) -> PromotionRange? { nil }
    public var partialCheckReadsPlacement: Bool { true }
    public static func validate(_ settings: RuleSettings) -> [Finding] { [] }
    public func targetShares(in context: PlanContext) -> [ItemKind: Double]? { nil }
    public func loosening() -> Loosening? { nil }
    public func deferralReason(_ counts: KindCounts, in context: PlanContext) -> String {
        "with every item the shares are \(Self.describeShares(counts))"
    }
    public func deferralRemedy(for kind: ItemKind) -> String {
        "add \(ItemKind.allCases.filter { $0 != kind }.map(\.rawValue).joined(separator: " or ")) items, or mark it 'priority: high' to keep it over another"
    }
    public func forbiddenTimes(for occurrence: Occurrence, in context: PlanContext) -> ForbiddenTimes? { nil }

    /// "content 33.3%, engagement 33.3%, promotion 33.3%".
    package static func describeShares(_ counts: KindCounts) -> String {
        ItemKind.allCases.map { "\($0.rawValue) \(percent(counts.share($0)))" }.joined(separator: ", ")
    }

    public var id: String { Self.id }
    public var severity: Severity { settings.severity.value }

    package func violation(
        _ message: @autoclosure @escaping @Sendable () -> String, posts: [Occurrence], at location: SourceLocation? = nil, hint: String? = nil,
        what: String = ""
    ) -> Violation {
        Violation(
            ruleID: Self.id, severity: severity, message: message(), occurrenceIDs: posts.map(\.id),
            location: location ?? posts.first?.location ?? settings.location, hint: hint,
            related: [settings.location], what: what)
    }

    package func violation(at location: SourceLocation, _ message: @autoclosure @escaping @Sendable () -> String, hint: String? = nil,
                           what: String = "") -> Violation {
        Violation(ruleID: Self.id, severity: severity, message: message(), occurrenceIDs: [],
                  location: location, hint: hint, related: [settings.location], what: what)
    }
}

/// How a rule's initializer reads its settings into typed values: only
/// parameters the rule declares, of the kind declared (checked in debug
/// builds, so that a misspelt name in a rule's code fails every test that
/// makes the rule instead of reading a silent 0). A misspelt name or a wrong
/// value in a rules file never gets here: the loader reports it at the file's
/// line and column (`RuleSchema`).
extension Rule {
    package static func count(_ name: String, of settings: RuleSettings) -> Int {
        declared(name, [.count])
        return settings.count(name)
    }

    package static func number(_ name: String, of settings: RuleSettings) -> Double {
        declared(name, [.number, .fraction])
        return settings.number(name)
    }

    package static func duration(_ name: String, of settings: RuleSettings) -> Int {
        declared(name, [.duration])
        return settings.duration(name)
    }

    /// An optional duration (no default): nil when not set.
    package static func optionalDuration(_ name: String, of settings: RuleSettings) -> Int? {
        declared(name, [.duration])
        guard case .duration(let seconds)? = settings.parameters[name]?.value else { return nil }
        return seconds
    }

    package static func time(_ name: String, of settings: RuleSettings) -> TimeOfDay {
        declared(name, [.timeOfDay])
        return settings.time(name)
    }

    private static func declared(_ name: String, _ kinds: [ParameterKind]) {
        assert(parameters.contains { $0.name == name && kinds.contains($0.kind) },
               "\(id) reads '\(name)' as \(kinds), which it does not declare so")
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

extension RuleCatalogue {
    /// What the loader needs to read each rule's settings.
    public static let schemas = RuleSchemas(all.map { type in
        RuleSchema(id: type.id, defaultSeverity: type.defaultSeverity, parameters: type.parameters,
                   validate: { type.validate($0) })
    })
}

extension RulesLoader {
    /// The catalogue's own defaults: what `rules/default.yaml` spells out.
    package static var builtIn: RuleSet { RuleCatalogue.schemas.builtIn }
}

extension Workspace {
    /// A workspace that reads rules files against the rule catalogue.
    public convenience init(limits: LoadLimits = LoadLimits(), reader: Reader? = nil) {
        self.init(rules: RuleCatalogue.schemas, limits: limits, reader: reader)
    }
}
