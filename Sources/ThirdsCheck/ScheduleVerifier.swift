import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// `thirds check` on a schedule file: every post is an occurrence of the plan,
/// at most once, inside its window, required posts are all there, and every
/// rule holds on the schedule as a whole.
package enum ScheduleVerifier {
    package static let topKeys = ["format", "plan", "account", "timezone", "period", "posts", "deferred", "score", "reach"]

    /// Verifies one schedule; `history` holds the posts of the account's
    /// earlier schedules in the same folder (for rolling windows and
    /// duplicate texts across weeks). Returns this schedule's posts.
    @discardableResult
    package static func verify(_ node: YAMLNode, file: String, workspace: Workspace, history: [Post] = [], findings: inout FindingList) -> [Post] {
        guard let root = MappingReader(node, context: "at the top of the schedule", allowed: topKeys, findings: &findings),
              let planNode = root.require("plan", findings: &findings, hint: "the plan's path, relative to the schedule"),
              let planText = scalar(planNode, "'plan'", findings: &findings),
              let postsNode = root.require("posts", findings: &findings) else { return [] }
        let planFile = Paths.resolve(planText.text, relativeTo: file)
        var planFindings = FindingList()
        guard case .success(let planRoot) = workspace.node(at: planFile), DocumentKind.classify(planRoot) == .plan,
              let plan = PlanLoader.load(planRoot, file: planFile, workspace: workspace, findings: &planFindings) else {
            findings.error("undefined-reference", at: planText.location, "plan '\(planText.text)' cannot be read as a plan (looked for '\(planFile)')",
                           hint: "run 'thirds check \(planFile)'")
            return []
        }
        let occurrences = Expander.occurrences(of: plan, findings: &planFindings)
        if planFindings.hasErrors {
            findings.error("invalid-value", at: planText.location, "plan '\(planFile)' has errors", hint: "run 'thirds check \(planFile)'")
            return []
        }
        guard case .sequence(let entries, _) = postsNode else {
            findings.error("wrong-type", at: postsNode.location, "'posts' must be a list, found \(postsNode.kindName)")
            return []
        }
        // A post drawn from the plan's library is one of the library's items.
        let byID = Dictionary((occurrences + plan.libraryOccurrences).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var posts: [Post] = []
        var where_: [String: SourceLocation] = [:]
        // A drawn post whose library item is gone leaves the week short of a
        // post: the rules would only report what follows from that.
        var libraryPostGone = false
        for entry in entries {
            guard case .mapping(let pairs, let location) = entry,
                  case .scalar(let id)? = pairs.first(where: { $0.key.text == "id" })?.value,
                  case .scalar(let at)? = pairs.first(where: { $0.key.text == "at" })?.value else {
                findings.error("missing-key", at: entry.location, "each post needs 'id' and 'at'")
                continue
            }
            guard let occurrence = byID[id.text] else {
                if case .scalar(let source)? = pairs.first(where: { $0.key.text == "library" })?.value {
                    findings.append(drawnPostGone(id, from: source.text, plan: plan, planFile: planFile))
                    libraryPostGone = true
                    continue
                }
                findings.error("undefined-reference", at: id.location, "post '\(id.text)' is not an item of \(planFile)"
                               + (nearest(id.text, among: occurrences.map(\.id)).map { " (did you mean '\($0)'?)" } ?? ""))
                continue
            }
            guard let instant = utcInstant(at.text) else {
                findings.error("invalid-date", at: at.location, "'at' of post '\(id.text)' is '\(at.text)', not a UTC instant",
                               hint: "write it as 2026-11-30T08:00:00Z")
                continue
            }
            if let first = where_[id.text] {
                findings.error("duplicate-id", at: id.location, "post '\(id.text)' is scheduled twice (first at line \(first.line))")
                continue
            }
            where_[id.text] = location
            if let fixed = occurrence.fixed, fixed != instant {
                findings.error("schedule-window", at: at.location, "post '\(id.text)' is pinned to \(ScheduleDocument.utc(fixed)) in the plan, not \(at.text)")
            } else if instant < occurrence.earliest || instant >= occurrence.latest {
                findings.error("schedule-window", at: at.location,
                               "post '\(id.text)' at \(at.text) is outside its window (\(ScheduleDocument.utc(occurrence.earliest)) to \(ScheduleDocument.utc(occurrence.latest)))")
            }
            posts.append(Post(occurrence: occurrence, instant: instant, clock: plan.account.clock))
        }
        for occurrence in occurrences where occurrence.item.required && where_[occurrence.id] == nil {
            findings.error("schedule-required", at: postsNode.location, "required post '\(occurrence.id)' is not in the schedule")
        }
        if libraryPostGone { return posts }
        // The library posts the schedule drew belong to the week (their waivers too).
        let context = PlanContext(plan: plan, occurrences: occurrences + posts.map(\.occurrence).filter { $0.item.library != nil }, history: history)
        var violations: [Violation] = []
        for rule in RuleCatalogue.instantiate(plan.rules) {
            violations += rule.check(Timeline(posts: posts, isComplete: true), in: context)
        }
        // Rules speak about posts; in a schedule file they point at the post's entry.
        for (violation, finding) in Checker.findingsWithViolations(from: violations, context: context, reportUnusedWaivers: false) {
            var moved = finding
            let post = violation?.occurrenceIDs.first.flatMap { where_[$0] }
            moved.location = post ?? postsNode.location
            moved.related = [finding.location] + finding.related
            findings.append(moved)
        }
        return posts
    }

    /// A post the schedule marks as drawn from a library (`library: NAME`)
    /// that the plan's library no longer supplies: the item was removed,
    /// the library's `active` dates moved, or the plan names no library now.
    static func drawnPostGone(_ id: YAMLScalar, from name: String, plan: Plan, planFile: String) -> Finding {
        let rerun = "run 'thirds schedule \(planFile)' again to draw from the library as it is now"
        guard let named = plan.library else {
            return Finding(ruleID: "undefined-reference", severity: .error, location: id.location,
                           message: "post '\(id.text)' was drawn from the library '\(name)', which \(planFile) no longer names",
                           hint: "name the library again in the plan ('library: PATH'), or \(rerun)")
        }
        let library = named.library
        let message = library.items.contains(where: { $0.id.value == id.text })
            ? "post '\(id.text)' was drawn from the library '\(name)', and item '\(id.text)' of \(library.file) is not active in the plan's period"
            : "post '\(id.text)' was drawn from the library '\(name)', and \(library.file) no longer has an item '\(id.text)'"
        return Finding(ruleID: "undefined-reference", severity: .error, location: id.location, message: message,
                       hint: "restore the item to \(library.file), or \(rerun)", related: [named.location])
    }

    /// The account and first day a schedule file names, to order a folder's
    /// schedules as consecutive weeks before verifying them.
    package static func sequenceKey(_ node: YAMLNode) -> (account: String, start: String)? {
        guard case .mapping(let pairs, _) = node,
              case .scalar(let account)? = pairs.first(where: { $0.key.text == "account" })?.value,
              case .mapping(let period, _)? = pairs.first(where: { $0.key.text == "period" })?.value,
              case .scalar(let start)? = period.first(where: { $0.key.text == "start" })?.value else { return nil }
        return (account.text, start.text)
    }

    package static func utcInstant(_ text: String) -> Date? {
        guard text.hasSuffix("Z"), case .success(let local) = ValueText.dateTime(String(text.dropLast())) else { return nil }
        return local.wall
    }
}
