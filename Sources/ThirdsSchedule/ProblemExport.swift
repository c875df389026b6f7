import Foundation
import ThirdsCore
import ThirdsText
import ThirdsReach
import ThirdsRules
import ThirdsSolve

/// The problem in numbers, as JSON, for outside solvers: the benchmark runs
/// an exact model (CP-SAT) and its linear relaxation (HiGHS) on exactly the
/// reach table, rules and objective thirds itself optimises.
public struct ProblemExport: Encodable {
    public struct Slot: Encodable {
        package var at: String
        /// Day of the period, from 0, on the account's clock.
        package var day: Int
        /// Local hour of day on the account's clock.
        package var hour: Int
    }

    public struct Post: Encodable {
        package var id: String
        package var kind: String
        package var priority: Int
        package var required: Bool
        /// [slot index, reach R_i] for every place the post may go.
        package var candidates: [[Double]]
    }

    public struct RuleSetting: Encodable {
        package var severity: String
        package var parameters: [String: Double]
    }

    package var plan: String
    package var grid: Int
    package var penaltyUnit: Double
    package var slots: [Slot]
    package var posts: [Post]
    package var rules: [String: RuleSetting]

    public init(_ problem: Problem) {
        // `Problem` always holds its table; the fallback is the one it would build.
        let table = problem.context.reach ?? ReachTable(plan: problem.context.plan)
        let start = problem.context.plan.period.start
        plan = problem.context.plan.name
        grid = table.grid
        penaltyUnit = problem.penaltyUnit
        slots = table.slots.indices.map { index in
            Slot(at: ScheduleDocument.utc(table.slots[index]), day: start.days(until: table.locals[index].date), hour: table.locals[index].time.hour)
        }
        posts = problem.context.occurrences.enumerated().map { index, occurrence in
            Post(id: occurrence.id, kind: occurrence.kind.rawValue, priority: occurrence.item.priority.weight, required: occurrence.item.required,
                 candidates: problem.candidates[index].compactMap { candidate in
                     table.slot(of: candidate.instant).map { [Double($0), candidate.reach] }
                 })
        }
        rules = Dictionary(uniqueKeysWithValues: problem.context.plan.rules.settings.map { settings in
            (settings.ruleID, RuleSetting(severity: settings.severity.value.rawValue,
                                          parameters: settings.parameters.mapValues { $0.value.asDouble }))
        })
    }

    /// Throws, and nothing is written, if a number is not finite.
    public func json() throws -> String { try encodeJSON(self, what: "the problem of \(plan)") }
}
