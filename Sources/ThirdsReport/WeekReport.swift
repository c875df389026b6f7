import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSchedule
import ThirdsExport

/// One planned period as a person looks at it: the posts on every channel,
/// each audience's clock, the thirds, the reach against the old habit, what
/// waits and why, and what the schedule breaks. Built once, from a solved
/// schedule or a schedule file read back, and rendered as HTML, Markdown or text.
public struct WeekReport: Sendable {
    public struct Post: Sendable {
        public var id: String
        public var item: String
        public var kind: ItemKind
        public var channel: String
        public var priority: Priority
        public var instant: Date
        /// On the account's clock.
        public var local: LocalDateTime
        /// On the account's clock with its offset, `2026-12-01T09:00:00+00:00`.
        public var localText: String
        public var text: String
        public var audiences: [Part]
        /// Σ n·p: the people expected to see it.
        public var people: Double { audiences.reduce(0) { $0 + $1.people } }
        /// Σ w·n·p: its reach in the score's unit (weighted people), before the priority weight.
        public var score: Double { audiences.reduce(0) { $0 + $1.score } }
        /// The same post on other channels (a LinkedIn copy, a blog article), at their own times.
        public var copies: [Copy]
    }

    public struct Part: Sendable {
        public var audience: String
        /// The post's time on the audience's clock, with its offset.
        public var localText: String
        /// The chance one member sees it.
        public var probability: Double
        /// n · p.
        public var people: Double
        /// w · n · p.
        public var score: Double
    }

    public struct Copy: Sendable {
        public var channel: String
        public var instant: Date
        public var local: LocalDateTime
    }

    /// An audience's clock across the period, hour by hour of real time from
    /// the period's start: its local time then and its checks per member.
    public struct Audience: Sendable {
        public var id: String
        public var timezone: String
        public var size: Double
        public var weight: Double
        public var hours: [Hour]
    }

    public struct Hour: Sendable {
        public var instant: Date
        public var local: LocalDateTime
        /// Expected timeline checks per member in this local hour (the profile).
        public var rate: Double
    }

    public struct Share: Sendable {
        public var kind: ItemKind
        public var count: Int
        /// count ÷ the posts scheduled; 0 with none.
        public var share: Double
        /// The share the rules aim at (the thirds rule's settings), if a rule sets one.
        public var target: Double?
    }

    public struct Day: Sendable {
        public var date: LocalDate
        /// Posts on the account's own channel that day, by kind (ItemKind.allCases order).
        public var counts: [Int]
        public var total: Int { counts.reduce(0, +) }
    }

    public struct Deferred: Sendable {
        public var id: String
        public var kind: ItemKind
        public var priority: Priority
        public var reason: String

        public init(id: String, kind: ItemKind, priority: Priority, reason: String) {
            self.id = id
            self.kind = kind
            self.priority = priority
            self.reason = reason
        }
    }

    /// A rule the schedule breaks.
    public struct Problem: Sendable {
        public var severity: Severity
        public var rule: String
        public var message: String
        /// A warning's part of the score, in weighted people.
        public var penalty: Double?

        public init(severity: Severity, rule: String, message: String, penalty: Double?) {
            self.severity = severity
            self.rule = rule
            self.message = message
            self.penalty = penalty
        }
    }

    public var plan: String
    public var account: String
    public var timezone: String
    public var start: LocalDate
    /// The last day, inclusive.
    public var end: LocalDate
    public var days: Int
    /// The period's first and last instants (local midnights, the end exclusive).
    public var startInstant: Date
    public var endInstant: Date
    /// The account's clock.
    public var clock: ZoneClock
    /// The plan's channels and any a post goes to, X, LinkedIn and the blog first.
    public var channels: [String]
    /// In time order.
    public var posts: [Post]
    public var audiences: [Audience]
    public var shares: [Share]
    public var daily: [Day]
    public var reach: ReachSummary
    public var deferred: [Deferred]
    public var problems: [Problem]
    /// Items in the plan (posts of repeating items counted once a day).
    public var items: Int
    /// Σ priority × reach less the warnings' penalties: what the solver maximises, in weighted people.
    public var score: Double

    public var dates: [LocalDate] { (0..<days).map { start.adding(days: $0) } }

    /// From posts already placed (a schedule solved, or read back from its file).
    public init(input: ExportInput, deferred: [Deferred], problems: [Problem]) {
        let plan = input.plan
        let clock = plan.account.clock
        self.plan = plan.name
        account = plan.account.name.value
        timezone = plan.account.timezone.value.identifier
        start = plan.period.start
        end = plan.period.end.adding(days: -1)
        days = plan.period.days
        startInstant = plan.period.startInstant
        endInstant = plan.period.endInstant
        self.clock = clock
        let copyTimes = CrosspostExport.publishTimes(input)
        let posts = input.posts.map { post in
            let parts = plan.audiences(of: post.item).map { audience in
                let p = ReachModel.probability(audience, seesPostAt: post.instant)
                return Part(audience: audience.id, localText: ScheduleDocument.local(post.instant, audience.clock), probability: p,
                            people: audience.size * p, score: ReachModel.reach(audience, probability: p))
            }
            let copies = post.item.crosspost.map(\.value).filter { $0 != post.item.channel.value }
                .compactMap { channel in copyTimes["\(post.occurrence.id)#\(channel)"].map { Copy(channel: channel, instant: $0, local: clock.local($0)) } }
            return Post(id: post.occurrence.id, item: post.item.id.value, kind: post.item.kind.value, channel: post.item.channel.value,
                        priority: post.item.priority, instant: post.instant, local: clock.local(post.instant),
                        localText: ScheduleDocument.local(post.instant, clock), text: post.occurrence.text, audiences: parts, copies: copies)
        }
        self.posts = posts
        let named = Set(plan.channels.map(\.name) + posts.flatMap { [$0.channel] + $0.copies.map(\.channel) })
        channels = Channel.known.filter(named.contains) + named.subtracting(Channel.known).sorted()
        let hours = Int(plan.period.endInstant.timeIntervalSince(plan.period.startInstant) / 3_600)
        audiences = plan.audiences.map { audience in
            Audience(id: audience.id, timezone: audience.timezone.value.identifier, size: audience.size, weight: audience.weight,
                     hours: (0..<max(0, hours)).map { hour in
                         let instant = plan.period.startInstant.addingTimeInterval(Double(hour * 3_600))
                         let local = audience.clock.local(instant)
                         return Hour(instant: instant, local: local, rate: audience.rate(weekday: local.date.isoWeekday, hour: local.time.hour))
                     })
        }
        let context = PlanContext(plan: plan, occurrences: input.posts.map(\.occurrence))
        let targets = RuleCatalogue.instantiate(plan.rules).lazy.compactMap { $0.targetShares(in: context) }.first
        let counted = posts.count
        shares = ItemKind.allCases.map { kind in
            let count = posts.filter { $0.kind == kind }.count
            return Share(kind: kind, count: count, share: counted == 0 ? 0 : Double(count) / Double(counted), target: targets?[kind])
        }
        let byDate = Dictionary(grouping: posts, by: \.local.date)
        daily = plan.period.dates.map { date in
            Day(date: date, counts: ItemKind.allCases.map { kind in byDate[date, default: []].filter { $0.kind == kind }.count })
        }
        reach = ReachSummary(plan: plan, posts: input.posts.map { ($0.instant, plan.audiences(of: $0.item).map(\.id)) })
        self.deferred = deferred
        self.problems = problems
        items = posts.count + deferred.count
        let penalty = problems.compactMap(\.penalty).reduce(0, +)
        score = posts.reduce(0) { $0 + Double($1.priority.weight) * $1.score } - penalty
    }

    /// A schedule just solved.
    public init(_ schedule: Schedule, generatedAt: Date) {
        let unit = schedule.problem.penaltyUnit
        self.init(input: ExportInput(schedule, generatedAt: generatedAt),
                  deferred: schedule.deferred.map { Deferred(id: $0.occurrence.id, kind: $0.occurrence.kind, priority: $0.occurrence.item.priority, reason: $0.reason) },
                  problems: schedule.violations.map {
                      Problem(severity: $0.severity, rule: $0.ruleID, message: $0.message, penalty: $0.severity == .warning ? Double($0.magnitude) * unit : nil)
                  })
    }
}
