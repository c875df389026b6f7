import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

/// coverage: per covered audience, the posts aimed at it in its active
/// hours. A partial timeline is judged by the plan's windows, so its count
/// is fixed when the tally is made.
package final class CoverageTally: RuleTally {
    package let rule: CoverageRule
    package let context: PlanContext
    package let isComplete: Bool
    package let needed: Int
    private let audiences: [Audience]
    /// The reach table's index of each covered audience, when there is a table.
    private let tableIndex: [Int?]
    /// For each post, the covered audiences (positions in `audiences`) it aims at.
    private let aims: [[Int]]
    private var reached: [Int]
    package private(set) var magnitude = 0

    package init(_ rule: CoverageRule, _ occurrences: [Occurrence], isComplete: Bool, _ context: PlanContext) {
        self.rule = rule
        self.context = context
        self.isComplete = isComplete
        needed = rule.posts
        let audiences = rule.covered(in: context)
        self.audiences = audiences
        tableIndex = audiences.map { context.reach?.audienceIndex($0.id) }
        if isComplete {
            aims = occurrences.map { occurrence in audiences.indices.filter { CoverageRule.aims(occurrence, at: audiences[$0]) } }
            reached = Array(repeating: 0, count: audiences.count)
        } else {
            aims = []
            reached = audiences.map { audience in
                context.occurrences.filter { CoverageRule.aims($0, at: audience) && CoverageRule.couldBeActive($0, for: audience) }.count
            }
        }
        magnitude = reached.map { max(0, needed - $0) }.reduce(0, +)
    }

    private func count(_ index: Int, _ placement: Placement, _ step: Int) {
        guard isComplete else { return }
        for audience in aims[index]
        where CoverageRule.isActive(placement.instant, for: audiences[audience], table: context.reach, index: tableIndex[audience]) {
            magnitude -= max(0, needed - reached[audience])
            reached[audience] += step
            magnitude += max(0, needed - reached[audience])
        }
    }

    package func add(_ index: Int, at placement: Placement) { count(index, placement, 1) }
    package func remove(_ index: Int, at placement: Placement) { count(index, placement, -1) }

    package func violations() -> [Violation] {
        audiences.indices.compactMap { rule.shortfall(audiences[$0], reached: reached[$0], isComplete: isComplete) }
    }
}
