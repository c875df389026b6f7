import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsRules
import ThirdsSolve

extension Scheduler.Explanation {
    /// What `thirds explain` and `thirds schedule --explain` print for one
    /// post: where it went, its reach per audience, the best other slot and
    /// what kept it from there (or why it waits).
    public var text: String {
        var out = "\(occurrence.id) (\(occurrence.kind.rawValue))\n"
        guard let placed else {
            return out + "  deferred: \(keptBy)\n"
        }
        out += "  at \(Self.describe(placed.local)): reach \(String(format: "%.2f", placed.reach))\n"
        for part in parts {
            out += "    \(part.audience): seen by \(String(format: "%.1f%%", part.probability * 100)) of members, reach \(String(format: "%.2f", part.reach))\n"
        }
        if let alternative {
            out += "  best other slot: \(Self.describe(alternative.local)), reach \(String(format: "%.2f", alternative.reach))\n"
            out += "  kept from there by \(keptBy)\n"
        } else {
            out += "  \(keptBy)\n"
        }
        return out
    }

    package static func describe(_ local: LocalDateTime) -> String {
        "\(weekdayName(local)) \(local.date) \(local.time)"
    }
}

extension Scheduler {
    /// Every post of the schedule explained, in the plan's order.
    public static func explainAll(_ schedule: Schedule) -> String {
        schedule.problem.context.occurrences.compactMap { explain(schedule, occurrenceID: $0.id) }.map(\.text).joined()
    }

    /// The posts of `ids` explained, in that order.
    public static func explain(_ schedule: Schedule, occurrenceIDs ids: [String]) -> String {
        ids.compactMap { explain(schedule, occurrenceID: $0) }.map(\.text).joined()
    }
}
