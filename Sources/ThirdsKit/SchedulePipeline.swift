import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck

/// From plan files to schedules: check first (bad input stops here, with the
/// check's diagnostics), then solve each plan; a directory's plans are solved
/// as consecutive weeks, each seeing the posts of the weeks before it.
public enum SchedulePipeline {
    public struct Outcome: Sendable {
        public var report: CheckReport
        public var schedules: [Schedule]
        /// Findings for plans the solver could not schedule without breaking an error rule.
        public var unschedulable: [Finding]

        public var succeeded: Bool { report.errorCount == 0 && unschedulable.isEmpty }
    }

    public static func run(paths: [String], options: SolveOptions = SolveOptions(), workspace: Workspace = Workspace()) throws -> Outcome {
        // One deadline for every plan of the run: the time limit bounds the command.
        let options = options.started()
        let groups = try Checker.groups(for: paths)
        let report = Checker.check(groups: groups, workspace: workspace)
        guard report.errorCount == 0 else { return Outcome(report: report, schedules: [], unschedulable: []) }
        var schedules: [Schedule] = []
        var unschedulable: [Finding] = []
        var seen = Set<String>()
        var folder = FolderHistory()
        for group in groups {
            for sequence in Checker.load(group, workspace: workspace, seen: &seen).sequences {
                var history: [Post] = []
                for (plan, occurrences) in sequence {
                    // A plan named alone is scheduled after its folder's earlier
                    // weeks, read as the check reads them.
                    if group.directory == nil, !group.context.isEmpty {
                        history = folder.history(before: plan, among: group.context, workspace: workspace)
                    }
                    // The week's drafts, and what it draws from its library (after the earlier weeks' uses).
                    let posts = Checker.drawing(plan, occurrences, history: history).occurrences
                    let schedule = Scheduler.schedule(PlanContext(plan: plan, occurrences: posts, history: history), options: options)
                    schedules.append(schedule)
                    unschedulable += schedule.violations.filter { $0.severity == .error }.map {
                        unschedulableFinding($0, context: schedule.problem.context)
                    }
                    history += schedule.posts.map { Post(occurrence: $0.occurrence, instant: $0.candidate.instant, local: $0.candidate.local) }
                }
            }
        }
        return Outcome(report: report, schedules: schedules, unschedulable: Finding.ordered(unschedulable))
    }

    /// An error rule the solver could not keep, said so that the reader knows
    /// which rule, which posts, why the solver could not simply defer them,
    /// and what to change.
    package static func unschedulableFinding(_ violation: Violation, context: PlanContext) -> Finding {
        let occurrences = violation.occurrenceIDs.compactMap { id in context.occurrences.first { $0.id == id } }
        // The solver defers any optional post rather than break an error rule:
        // what is left is pinned or required.
        var pinned: [String] = [], required: [String] = []
        for item in occurrences.map(\.item) where !(pinned + required).contains("'\(item.id.value)'") {
            if item.at != nil { pinned.append("'\(item.id.value)'") } else if item.required { required.append("'\(item.id.value)'") }
        }
        func list(_ names: [String]) -> String {
            guard let last = names.last, names.count > 1 else { return names.joined() }
            return names.dropLast().joined(separator: ", ") + " and " + last
        }
        var stuck: [String] = [], fixes: [String] = []
        if !required.isEmpty {
            stuck.append("\(list(required)) \(required.count == 1 ? "is" : "are") required")
            fixes.append("drop 'required: true' from \(list(required))")
        }
        if !pinned.isEmpty {
            stuck.append("\(list(pinned)) \(pinned.count == 1 ? "is" : "are") pinned with 'at'")
            fixes.append("move or unpin \(list(pinned))")
        }
        let rule = violation.ruleID
        var message = "cannot schedule \(context.plan.name) without breaking \(rule): \(violation.message)"
        if !stuck.isEmpty {
            message += "; \(stuck.joined(separator: " and ")), so the solver cannot defer \(required.count + pinned.count == 1 ? "it" : "them")"
        }
        let waivable = occurrences.first.map { "add 'waive: {\(rule): \"why\"}' to '\($0.item.id.value)'" }
        let relax = "set '\(rule): {severity: warning}' in the rules file"
        let hint = ([violation.hint].compactMap { $0 } + fixes + [waivable ?? relax]).joined(separator: "; or ")
        return Finding(ruleID: rule, severity: .error, location: violation.location, message: message, hint: hint,
                       related: violation.related.filter { $0 != violation.location && $0.line > 0 && $0.file != RulesLoader.builtInLocation.file })
    }
}

extension Paths {
    /// The path of `file` as seen from `directory` (both relative to the
    /// working directory, or both absolute).
    public static func relative(from directory: String, to file: String) -> String {
        func absolute(_ path: String) -> [Substring] {
            let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return normalise(full).split(separator: "/")
        }
        let from = absolute(directory), to = absolute(file)
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        return (Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)).joined(separator: "/")
    }
}
