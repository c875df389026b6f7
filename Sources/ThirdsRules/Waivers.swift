import Foundation
import ThirdsText
import ThirdsModel

/// The one reading of `waive:` that the checker, the schedule verifier and the
/// solver share: a violation is waived when an item of the plan involved in it
/// waives its rule. Built once per plan, since the solver asks on every move.
public struct Waivers: Sendable {
    /// Occurrence id → the item id and the rules that item waives, for items with waivers.
    private let byOccurrence: [String: (item: String, rules: Set<String>)]

    public init(_ context: PlanContext) {
        var map: [String: (item: String, rules: Set<String>)] = [:]
        for occurrence in context.occurrences where !occurrence.item.waivers.isEmpty && map[occurrence.id] == nil {
            map[occurrence.id] = (occurrence.item.id.value, Set(occurrence.item.waivers.map(\.rule.value)))
        }
        byOccurrence = map
    }

    public var isEmpty: Bool { byOccurrence.isEmpty }

    /// The ids of the items whose waivers cover the violation (empty: it stands).
    public func waivingItems(of violation: Violation) -> [String] {
        guard !byOccurrence.isEmpty else { return [] }
        var items: [String] = []
        for id in violation.occurrenceIDs {
            if let entry = byOccurrence[id], entry.rules.contains(violation.ruleID), !items.contains(entry.item) { items.append(entry.item) }
        }
        return items
    }

    public func waives(_ violation: Violation) -> Bool { !waivingItems(of: violation).isEmpty }

    /// The violations no waiver covers.
    public func standing(_ violations: [Violation]) -> [Violation] {
        byOccurrence.isEmpty ? violations : violations.filter { !waives($0) }
    }
}
