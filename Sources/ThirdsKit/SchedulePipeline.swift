import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck
import Yams

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

    /// `written`: the folder earlier runs wrote schedules to (`--out`); a
    /// plan named alone takes its earlier weeks' library uses from the
    /// schedules there (`written/<plan name>/schedule.yaml`), where they went out.
    public static func run(paths: [String], options: SolveOptions = SolveOptions(), workspace: Workspace = Workspace(),
                           written: String? = nil) throws -> Outcome {
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
                        if let written {
                            history = writtenUses(history, weeks: folder.earlierPlans(before: plan, among: group.context, workspace: workspace),
                                                  folder: written)
                        }
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

    /// The history of a plan named alone with each earlier week's library
    /// posts taken from the schedule written for it, when there is one for
    /// that week's period: the posts that went out, at their times, rather
    /// than the draw worked out again without solving the week.
    package static func writtenUses(_ history: [Post], weeks: [Plan], folder: String) -> [Post] {
        var history = history
        var changed = false
        for week in weeks where week.library != nil {
            let path = Paths.normalise(folder + "/" + week.name + "/schedule.yaml")
            guard let data = try? BoundedFile.read(path, limit: LoadLimits().maxScheduleBytes),
                  let document = try? YAMLDecoder().decode(ScheduleDocument.self, from: String(decoding: data, as: UTF8.self)),
                  document.period.start == week.period.start.description else { continue }
            let library = week.libraryOccurrences
            let clock = week.account.clock
            changed = true
            history.removeAll { $0.occurrence.item.library != nil && week.period.contains($0.instant) }
            for post in document.posts where post.library != nil {
                guard let occurrence = library.first(where: { $0.id == post.id }), let instant = ScheduleVerifier.utcInstant(post.at) else { continue }
                history.append(Post(occurrence: occurrence, instant: instant, clock: clock))
            }
        }
        // Earlier weeks first, as the history is read (its posts are each week's, in turn).
        guard changed else { return history }
        return history.enumerated().sorted { ($0.element.instant, $0.offset) < ($1.element.instant, $1.offset) }.map(\.element)
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
