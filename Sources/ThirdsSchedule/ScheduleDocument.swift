import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
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
        public var channel: String
        public var crosspost: [String]?
        /// The instant in UTC, ISO 8601 with Z.
        public var at: String
        /// The same instant on the account's clock, with its offset.
        public var local: String
        public var priority: String
        public var audiences: [AudienceInfo]
        /// Expected reach R_i (reach model), before the priority weight.
        public var reach: Measure
        /// priority weight × reach: this post's part of the objective.
        public var weighted: Measure
        public var text: String
    }

    public struct AudienceInfo: Codable, Sendable, Equatable {
        public var id: String
        public var local: String
        public var probability: Measure
        public var reach: Measure
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
        public var reach: Measure
        public var penalty: Measure
        public var errors: [Problem]
        public var warnings: [Problem]
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
            return PostInfo(
                id: entry.occurrence.id, item: item.id.value, kind: item.kind.value.rawValue, channel: item.channel.value,
                crosspost: item.crosspost.isEmpty ? nil : item.crosspost.map(\.value),
                at: Self.utc(entry.candidate.instant), local: Self.local(entry.candidate.instant, clock), priority: item.priority.rawValue,
                audiences: schedule.problem.parts(of: entry.occurrence, at: entry.candidate).map { part in
                    AudienceInfo(id: part.audience.id, local: Self.local(entry.candidate.instant, part.audience.clock),
                                 probability: Measure(part.probability, places: 6), reach: round(part.reach))
                },
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
        var measures: [(String, Measure)] = [("score reach", score.reach), ("score penalty", score.penalty)]
        for post in posts {
            measures += [("reach of '\(post.id)'", post.reach), ("weighted reach of '\(post.id)'", post.weighted)]
            measures += post.audiences.flatMap { [("probability of '\(post.id)' for '\($0.id)'", $0.probability), ("reach of '\(post.id)' for '\($0.id)'", $0.reach)] }
        }
        measures += score.warnings.compactMap { warning in warning.penalty.map { ("penalty of a \(warning.rule) warning", $0) } }
        if let bad = measures.first(where: { !$0.1.value.isFinite }) {
            throw ScheduleEncodingError(plan: plan, reason: "the \(bad.0) is \(bad.1.value), not a finite number")
        }
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
