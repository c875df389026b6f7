import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsRules

extension Checker {
    /// A week's posts with those it draws from its plan's library (the same
    /// draw for `check` and `schedule`), and the draw itself; `history`
    /// holds the earlier weeks' posts, whose library posts are its uses.
    package static func drawing(_ plan: Plan, _ occurrences: [Occurrence], history: [Post]) -> (occurrences: [Occurrence], draw: LibraryDraw?) {
        guard plan.library != nil else { return (occurrences, nil) }
        let context = PlanContext(plan: plan, occurrences: occurrences, history: history)
        guard let draw = LibraryDraw.draw(context, rules: RuleCatalogue.instantiate(plan.rules)) else { return (occurrences, nil) }
        return (occurrences + draw.drawn, draw)
    }

    /// A warning at the plan's `library:` when the week needs more of a kind
    /// than the library can give this week, naming why its other items of
    /// that kind cannot be drawn.
    package static func libraryFindings(_ draw: LibraryDraw?, plan: Plan) -> [Finding] {
        guard let draw, let entry = plan.library else { return [] }
        let short = draw.shortfall
        let kinds = ItemKind.allCases.filter { short[$0] > 0 }
        guard !kinds.isEmpty else { return [] }
        func posts(_ n: Int) -> String { n == 1 ? "1 post" : "\(n) posts" }
        let needs = kinds.map { "\(posts(draw.needed[$0])) of \($0.rawValue) (it has \(draw.usable[$0]) usable)" }.joined(separator: " and ")
        let blocked = draw.unusable.filter { kinds.contains($0.kind) }
        let why = blocked.prefix(4).map { "'\($0.id)' \($0.reason)" }.joined(separator: "; ")
            + (blocked.count > 4 ? "; and \(blocked.count - 4) more" : "")
        let names = kinds.map(\.rawValue).joined(separator: " and ")
        return [Finding(ruleID: "library-short", severity: .warning, location: entry.location,
                        message: "library '\(entry.path)' cannot supply what \(plan.name) needs: \(needs)" + (why.isEmpty ? "" : "; \(why)"),
                        hint: "add \(names) items to \(entry.library.file), shorten its 'cooldown' or raise its 'max_uses', or draft more \(names) items for the week",
                        related: [SourceLocation(file: entry.library.file, line: 1, column: 1)])]
    }
}
