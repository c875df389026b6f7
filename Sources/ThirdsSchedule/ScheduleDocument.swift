import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSolve
import Yams

/// The schedule file: what `thirds schedule` writes, `thirds check` verifies
/// and the exports read. Field order is the YAML file's order; the JSON file sorts its keys (the same bytes on every machine).
public struct ScheduleDocument: Codable, Sendable, Equatable {
    public var format = DocumentKind.scheduleFormat
    /// The plan, relative to the schedule file's folder.
    public var plan: String
    public var account: String
    public var timezone: String
    public var period: PeriodInfo
    public var posts: [PostInfo]
    public var deferred: [DeferredInfo]
    public var score: ScoreInfo
    /// Each audience's figures over the period against the old habit; nil
    /// in a file of format 1, which had none.
    public var reach: [AudienceReach]?

    public struct PeriodInfo: Codable, Sendable, Equatable {
        public var start: String
        public var end: String
        public var days: Int
        public var grid: String
    }

    public struct PostInfo: Codable, Sendable, Equatable {
        public var id: String
        public var item: String
        public var kind: String
        /// `true` for a task (work to do, not a post), with its length;
        /// left out for a post.
        public var task: Bool? = nil
        public var duration: String? = nil
        /// The library a post was drawn from (its `name`); left out for a
        /// drafted post, so a file without library posts reads as before.
        public var library: String? = nil
        public var channel: String
        public var crosspost: [String]?
        /// The instant in UTC, ISO 8601 with Z.
        public var at: String
        /// The same instant on the account's clock, with its offset.
        public var local: String
        public var priority: String
        public var audiences: [AudienceInfo]
        /// Σ n · p over its audiences: the members expected to see it.
        /// (Nil only when read from a file of format 1.)
        public var people: Measure?
        /// Expected reach R_i = Σ w · n · p (reach model), before the priority
        /// weight: in the file, `weighted-people`.
        public var reach: Measure
        /// priority weight × reach: this post's part of the score; in the
        /// file, `score` (format 1: `weighted`).
        public var weighted: Measure
        public var text: String

        enum CodingKeys: String, CodingKey {
            case id, item, kind, task, duration, library, channel, crosspost, at, local, priority, audiences, people
            case reach = "weighted-people", weighted = "score", text
        }
    }

    public struct AudienceInfo: Codable, Sendable, Equatable {
        public var id: String
        public var local: String
        /// The chance that one member sees the post.
        public var probability: Measure
        /// n · p: the members expected to see it (nil only from format 1).
        public var people: Measure?
        /// w · n · p: people × the audience's weight; in the file, `weighted-people`.
        public var reach: Measure

        enum CodingKeys: String, CodingKey {
            case id, local, probability, people, reach = "weighted-people"
        }
    }

    /// One audience over the period: the planned posts and the habit's.
    public struct AudienceReach: Codable, Sendable, Equatable {
        public var audience: String
        public var size: Measure
        public var planned: Figures
        public var baseline: Figures
        /// Planned reads per member ÷ the habit's; nil (left out) when the habit reaches nobody.
        public var ratio: Measure?
    }

    /// `ReachFigures` as the file writes them.
    public struct Figures: Codable, Sendable, Equatable {
        /// The habit's text, in `baseline` only.
        public var habit: String?
        public var posts: Int
        public var readsPerMember: Measure
        public var shareReached: Measure
        public var peopleReached: Measure
        public var perFortnight: Fortnight

        public struct Fortnight: Codable, Sendable, Equatable {
            public var readsPerMember: Measure
            public var shareReached: Measure
            public var peopleReached: Measure

            enum CodingKeys: String, CodingKey {
                case readsPerMember = "reads-per-member", shareReached = "share-reached", peopleReached = "people-reached"
            }
        }

        enum CodingKeys: String, CodingKey {
            case habit, posts, readsPerMember = "reads-per-member", shareReached = "share-reached", peopleReached = "people-reached"
            case perFortnight = "per-fortnight"
        }

        init(_ figures: ReachFigures, size: Double, habit: String? = nil) {
            self.habit = habit
            posts = figures.posts
            readsPerMember = Measure(figures.reads, places: 4)
            shareReached = Measure(figures.share, places: 4)
            peopleReached = Measure(figures.people, places: 3)
            perFortnight = Fortnight(readsPerMember: Measure(figures.readsPerFortnight, places: 4),
                                     shareReached: Measure(figures.sharePerFortnight, places: 4),
                                     peopleReached: Measure(size * figures.sharePerFortnight, places: 3))
        }

        var measures: [(String, Measure)] {
            [("reads per member", readsPerMember), ("share reached", shareReached), ("people reached", peopleReached),
             ("reads per member per fortnight", perFortnight.readsPerMember), ("share reached per fortnight", perFortnight.shareReached),
             ("people reached per fortnight", perFortnight.peopleReached)]
        }
    }

    public struct DeferredInfo: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var priority: String
        public var reason: String
    }

    public struct ScoreInfo: Codable, Sendable, Equatable {
        public var scheduled: Int
        public var items: Int
        public var priority: Int
        /// Σ priority weight × R, in weighted people: in the file, `score` (format 1: `reach`).
        public var reach: Measure
        public var penalty: Measure
        public var errors: [Problem]
        public var warnings: [Problem]

        enum CodingKeys: String, CodingKey {
            case scheduled, items, priority, reach = "score", penalty, errors, warnings
        }
    }

    public struct Problem: Codable, Sendable, Equatable {
        public var rule: String
        public var penalty: Measure?
        public var message: String
    }
}

extension ScheduleDocument {
    public init(_ schedule: Schedule, planPath: String) {
        let plan = schedule.plan
        let clock = plan.account.clock
        func round(_ value: Double) -> Measure { Measure(value, places: 3) }
        posts = schedule.posts.map { entry in
            let item = entry.occurrence.item
            let parts = schedule.problem.parts(of: entry.occurrence, at: entry.candidate)
            return PostInfo(
                id: entry.occurrence.id, item: item.id.value, kind: item.kind.value.rawValue,
                task: item.isTask ? true : nil, duration: item.task.map { ValueText.durationText($0.duration) }, library: item.library?.name,
                channel: item.channel.value,
                crosspost: item.crosspost.isEmpty ? nil : item.crosspost.map(\.value),
                at: Self.utc(entry.candidate.instant), local: Self.local(entry.candidate.instant, clock), priority: item.priority.rawValue,
                audiences: parts.map { part in
                    AudienceInfo(id: part.audience.id, local: Self.local(entry.candidate.instant, part.audience.clock),
                                 probability: Measure(part.probability, places: 6), people: round(part.audience.size * part.probability),
                                 reach: round(part.reach))
                },
                people: round(parts.map { $0.audience.size * $0.probability }.reduce(0, +)),
                reach: round(entry.candidate.reach), weighted: round(entry.weighted), text: entry.occurrence.text)
        }
        deferred = schedule.deferred.map {
            DeferredInfo(id: $0.occurrence.id, kind: $0.occurrence.kind.rawValue, priority: $0.occurrence.item.priority.rawValue, reason: $0.reason)
        }
        let unit = schedule.problem.penaltyUnit
        score = ScoreInfo(
            scheduled: schedule.posts.count, items: schedule.assignment.count, priority: schedule.score.priority,
            reach: round(schedule.score.reach), penalty: round(schedule.score.penalty),
            errors: schedule.violations.filter { $0.severity == .error }.map { Problem(rule: $0.ruleID, penalty: nil, message: $0.message) },
            warnings: schedule.violations.filter { $0.severity == .warning }.map {
                Problem(rule: $0.ruleID, penalty: round(Double($0.magnitude) * unit), message: $0.message)
            })
        self.plan = planPath
        account = plan.account.name.value
        timezone = plan.account.timezone.value.identifier
        period = PeriodInfo(start: plan.period.start.description, end: plan.period.end.adding(days: -1).description,
                            days: plan.period.days, grid: ValueText.durationText(plan.rules.grid.value))
        let summary = ReachSummary(schedule)
        reach = summary.lines.map { line in
            AudienceReach(audience: line.audience, size: round(line.size), planned: Figures(line.planned, size: line.size),
                          baseline: Figures(line.habit, size: line.size, habit: summary.habit.text), ratio: line.ratio.map { Measure($0, places: 3) })
        }
    }

    package static func utc(_ instant: Date) -> String {
        LocalDateTime(wall: instant).description(withSeconds: true) + "Z"
    }

    package static func local(_ instant: Date, _ clock: ZoneClock) -> String {
        clock.local(instant).description(withSeconds: true) + clock.offsetText(at: instant)
    }

    /// The schedule as YAML; throws rather than write a number that is not
    /// one (`nan`) or an empty file.
    public func yaml() throws -> String {
        try checkNumbers()
        let encoder = YAMLEncoder()
        encoder.options.allowUnicode = true
        encoder.options.sortKeys = false
        encoder.options.width = -1
        let body: String
        do {
            body = try encoder.encode(self)
        } catch {
            throw ScheduleEncodingError(plan: plan, reason: "\(error)")
        }
        return "# Written by thirds schedule from \(plan); do not edit by hand: re-run it.\n" + body
    }

    /// The schedule as JSON; throws where JSONEncoder would fail, never `{}`.
    public func json() throws -> String {
        try checkNumbers()
        do {
            return try encodeJSON(self, what: "the schedule")
        } catch let failure as JSONEncodingFailure {
            throw ScheduleEncodingError(plan: plan, reason: failure.reason)
        }
    }

    /// Every number the file holds is finite: the load limits make reach
    /// finite, and this keeps a broken number from ever reaching a file.
    package func checkNumbers() throws {
        var measures: [(String, Measure)] = [("score", score.reach), ("score penalty", score.penalty)]
        for post in posts {
            measures += [("weighted people of '\(post.id)'", post.reach), ("score of '\(post.id)'", post.weighted)]
            measures += post.people.map { [("people of '\(post.id)'", $0)] } ?? []
            for part in post.audiences {
                measures += [("probability of '\(post.id)' for '\(part.id)'", part.probability), ("weighted people of '\(post.id)' for '\(part.id)'", part.reach)]
                measures += part.people.map { [("people of '\(post.id)' for '\(part.id)'", $0)] } ?? []
            }
        }
        for line in reach ?? [] {
            measures.append(("size of '\(line.audience)'", line.size))
            measures += line.planned.measures.map { ("planned \($0.0) of '\(line.audience)'", $0.1) }
            measures += line.baseline.measures.map { ("baseline \($0.0) of '\(line.audience)'", $0.1) }
            measures += line.ratio.map { [("ratio of '\(line.audience)'", $0)] } ?? []
        }
        measures += score.warnings.compactMap { warning in warning.penalty.map { ("penalty of a \(warning.rule) warning", $0) } }
        if let bad = measures.first(where: { !$0.1.value.isFinite }) {
            throw ScheduleEncodingError(plan: plan, reason: "the \(bad.0) is \(bad.1.value), not a finite number")
        }
    }
}

// A file of format 1 (`thirds-schedule/1`) named the weighted figures
// `reach` and `weighted`, and had no people: it still reads.
extension ScheduleDocument.PostInfo {
    private enum FormatOneKeys: String, CodingKey { case reach, weighted }

    public init(from decoder: Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        let old = try decoder.container(keyedBy: FormatOneKeys.self)
        id = try keys.decode(String.self, forKey: .id)
        item = try keys.decode(String.self, forKey: .item)
        kind = try keys.decode(String.self, forKey: .kind)
        task = try keys.decodeIfPresent(Bool.self, forKey: .task)
        duration = try keys.decodeIfPresent(String.self, forKey: .duration)
        library = try keys.decodeIfPresent(String.self, forKey: .library)
        channel = try keys.decode(String.self, forKey: .channel)
        crosspost = try keys.decodeIfPresent([String].self, forKey: .crosspost)
        at = try keys.decode(String.self, forKey: .at)
        local = try keys.decode(String.self, forKey: .local)
        priority = try keys.decode(String.self, forKey: .priority)
        audiences = try keys.decode([ScheduleDocument.AudienceInfo].self, forKey: .audiences)
        people = try keys.decodeIfPresent(Measure.self, forKey: .people)
        reach = try keys.decodeIfPresent(Measure.self, forKey: .reach) ?? old.decode(Measure.self, forKey: .reach)
        weighted = try keys.decodeIfPresent(Measure.self, forKey: .weighted) ?? old.decode(Measure.self, forKey: .weighted)
        text = try keys.decode(String.self, forKey: .text)
    }
}

extension ScheduleDocument.AudienceInfo {
    private enum FormatOneKeys: String, CodingKey { case reach }

    public init(from decoder: Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        id = try keys.decode(String.self, forKey: .id)
        local = try keys.decode(String.self, forKey: .local)
        probability = try keys.decode(Measure.self, forKey: .probability)
        people = try keys.decodeIfPresent(Measure.self, forKey: .people)
        reach = try keys.decodeIfPresent(Measure.self, forKey: .reach)
            ?? decoder.container(keyedBy: FormatOneKeys.self).decode(Measure.self, forKey: .reach)
    }
}

extension ScheduleDocument.ScoreInfo {
    private enum FormatOneKeys: String, CodingKey { case reach }

    public init(from decoder: Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        scheduled = try keys.decode(Int.self, forKey: .scheduled)
        items = try keys.decode(Int.self, forKey: .items)
        priority = try keys.decode(Int.self, forKey: .priority)
        reach = try keys.decodeIfPresent(Measure.self, forKey: .reach)
            ?? decoder.container(keyedBy: FormatOneKeys.self).decode(Measure.self, forKey: .reach)
        penalty = try keys.decode(Measure.self, forKey: .penalty)
        errors = try keys.decode([ScheduleDocument.Problem].self, forKey: .errors)
        warnings = try keys.decode([ScheduleDocument.Problem].self, forKey: .warnings)
    }
}

/// A schedule that cannot be written as it is: the command reports it and
/// writes nothing.
public struct ScheduleEncodingError: Error, CustomStringConvertible {
    public var plan: String
    public var reason: String

    public var description: String { "cannot write the schedule of \(plan): \(reason)" }
}

extension LocalDateTime {
    package func description(withSeconds: Bool) -> String {
        withSeconds ? "\(date)T\(time):\(String(format: "%02d", second))" : description
    }
}

/// A number as the schedule prints it: rounded to a fixed number of decimal
/// places, written in plain decimal (YAML and JSON alike), never in exponent form.
public struct Measure: Codable, Sendable, Equatable, YAMLEncodable, CustomStringConvertible {
    public var value: Double
    public var places: Int

    public init(_ value: Double, places: Int) {
        let scale = pow(10, Double(places))
        self.value = (value * scale).rounded() / scale
        self.places = places
    }

    public var description: String {
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    public init(from decoder: Decoder) throws {
        value = try decoder.singleValueContainer().decode(Double.self)
        places = 6
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public func box() -> Node { Node(description, Tag(.float)) }
}
