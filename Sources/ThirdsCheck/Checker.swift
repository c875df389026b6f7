import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// What `thirds check` found across all the files it was given.
public struct CheckReport: Sendable {
    public var findings: [Finding]
    public var filesChecked: Int
    public var plansChecked: Int

    public init(findings: [Finding], filesChecked: Int, plansChecked: Int) {
        self.findings = findings
        self.filesChecked = filesChecked
        self.plansChecked = plansChecked
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}

/// Applies every rule it can decide from the files alone: texts, fixed times,
/// references, and what the counts of each kind allow.
public enum Checker {
    /// Checks files and directories. Plans of one account in one directory are
    /// checked as consecutive weeks.
    public static func check(paths: [String], workspace: Workspace = Workspace()) throws -> CheckReport {
        check(groups: try groups(for: paths), workspace: workspace)
    }

    /// A group per path: a directory's YAML files, or one file.
    public static func groups(for paths: [String]) throws -> [FileGroup] {
        try paths.map { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CheckError.missingPath(path)
            }
            if isDirectory.boolValue { return FileGroup(directory: path, files: try yamlFiles(under: path)) }
            // A plan named alone is still a week of its folder's sequence: the
            // other plans there give it the weeks before it (pre-commit passes
            // the changed files one by one).
            let file = Paths.normalise(path)
            return FileGroup(directory: nil, files: [file], context: siblingYAMLFiles(of: file).filter { $0 != file })
        }
    }

    /// Checks files as given; the files of a group that came from a directory
    /// are also checked as a sequence of weeks.
    public static func check(groups: [FileGroup], workspace: Workspace) -> CheckReport {
        var findings: [Finding] = []
        var seen = Set<String>()
        var plans = 0
        var files = 0
        var folder = FolderHistory()
        for group in groups {
            let loaded = load(group, workspace: workspace, seen: &seen)
            files += loaded.files
            findings += loaded.findings
            for sequence in loaded.sequences {
                var history: [Post] = []
                for (plan, occurrences) in sequence {
                    plans += 1
                    if group.directory == nil, !group.context.isEmpty {
                        history = folder.history(before: plan, among: group.context, workspace: workspace)
                    }
                    let (posts, draw) = drawing(plan, occurrences, history: history)
                    let checked = checkPlanAndSelection(PlanContext(plan: plan, occurrences: posts, history: history))
                    findings += checked.findings + libraryFindings(draw, plan: plan)
                    history += historyPosts(plan, checked.kept)
                }
            }
        }
        findings += workspace.rulesFindings + workspace.profileFindings + workspace.libraryFindings
        return CheckReport(findings: capped(Finding.ordered(Array(Set(findings)))), filesChecked: files, plansChecked: plans)
    }

    /// What a checked week leaves for the weeks after it: the posts its
    /// selection keeps (as the scheduler's history holds only what it
    /// scheduled, not what it deferred), each at its pinned time or at the
    /// start of its window.
    package static func historyPosts(_ plan: Plan, _ occurrences: [Occurrence]) -> [Post] {
        occurrences.map { Post(occurrence: $0, instant: $0.fixed ?? $0.earliest, clock: plan.account.clock) }
    }

    /// The plans of a group, read and expanded. A directory's plans come as one
    /// sequence per account in order of their periods; files named one by one
    /// are each a sequence of their own.
    public static func load(_ group: FileGroup, workspace: Workspace, seen: inout Set<String>)
        -> (sequences: [[(plan: Plan, occurrences: [Occurrence])]], findings: [Finding], files: Int) {
        var loaded: [(plan: Plan, occurrences: [Occurrence])] = []
        var schedules: [(file: String, node: YAMLNode)] = []
        var list = FindingList()
        var files = 0
        for file in group.files where seen.insert(file).inserted {
            files += 1
            switch workspace.node(at: file) {
            case .failure(let finding):
                list.append(finding)
            case .success(let node):
                switch DocumentKind.classify(node) {
                case .rules:
                    _ = workspace.ruleSet(at: file)
                case .schedule:
                    schedules.append((file, node))
                case .profile:
                    _ = workspace.profile(at: file)
                case .library:
                    _ = workspace.library(at: file)
                case .plan:
                    if let plan = PlanLoader.load(node, file: file, workspace: workspace, findings: &list) {
                        loaded.append((plan, Expander.occurrences(of: plan, findings: &list)))
                    }
                case nil:
                    list.error("unknown-document", at: node.location,
                               "not a thirds plan, rules, schedule, profile or library file: expected 'week', 'account' and 'items' (a plan), 'rules' (a rules file), 'posts' (a schedule), 'format: \(ProfileDocument.format)' (a profile) or 'format: \(Library.format)' (a library)")
                }
            }
        }
        // A folder's schedules are weeks in sequence too: each is verified
        // with the posts of the same account's earlier weeks.
        let ordered = schedules.map { (key: ScheduleVerifier.sequenceKey($0.node), schedule: $0) }
            .sorted { ($0.key?.account ?? "", $0.key?.start ?? "", $0.schedule.file) < ($1.key?.account ?? "", $1.key?.start ?? "", $1.schedule.file) }
        var histories: [String: [Post]] = [:]
        for (key, schedule) in ordered {
            let account = group.directory == nil ? nil : key?.account
            let posts = ScheduleVerifier.verify(schedule.node, file: schedule.file, workspace: workspace,
                                                history: account.map { histories[$0] ?? [] } ?? [], findings: &list)
            if let account { histories[account, default: []] += posts }
        }
        guard group.directory != nil else { return (loaded.map { [$0] }, list.findings, files) }
        let byAccount = Dictionary(grouping: loaded) { $0.plan.account.name.value }
        let sequences = byAccount.keys.sorted().map { account in
            byAccount[account]!.sorted { ($0.plan.period.start, $0.plan.file) < ($1.plan.period.start, $1.plan.file) }
        }
        return (sequences, list.findings, files)
    }

    /// Every rule on one plan: its posts one by one, the times it pins, and
    /// whether any selection of its items can meet the rules about shares.
    public static func checkPlan(_ context: PlanContext) -> [Finding] { checkPlanAndSelection(context).findings }

    /// The findings, and the posts the selection keeps: every post when no
    /// selection meets the error rules.
    package static func checkPlanAndSelection(_ context: PlanContext) -> (findings: [Finding], kept: [Occurrence]) {
        let rules = RuleCatalogue.instantiate(context.plan.rules)
        var violations: [Violation] = []
        for rule in rules {
            for occurrence in context.occurrences { violations += rule.check(occurrence, in: context) }
            let pinned = context.occurrences.compactMap { occurrence in occurrence.fixed.map { Post(occurrence: occurrence, instant: $0, clock: context.clock) } }
            violations += rule.check(Timeline(posts: pinned, isComplete: false), in: context)
        }
        let selection = selectionViolations(context, rules: rules)
        violations += selection.violations
        // A LinkedIn copy no schedule can place inside the week is known before solving.
        let unplaceable = CrosspostWindow.unplaceable(context.occurrences, in: context.plan)
        return (findings(from: violations, context: context) + unplaceable, selection.kept ?? context.occurrences)
    }

    /// An error when no selection meets the error rules about shares; a
    /// warning when only warning rules cannot be met; and a warning for each
    /// item that will have to wait for a later week.
    package static func selectionViolations(_ context: PlanContext, rules: [any Rule]) -> (violations: [Violation], kept: [Occurrence]?) {
        let occurrences = context.occurrences
        guard !occurrences.isEmpty else { return ([], nil) }
        let hard = rules.filter { $0.severity == .error }
        guard let feasible = Selection.best(of: occurrences, rules: hard, in: context) else {
            let diagnosed = SelectionConflict.diagnose(occurrences, rules: hard, in: context)
            return (conflict(diagnosed, rules: hard, context: context).map { [$0] } ?? [], nil)
        }
        var violations: [Violation] = []
        var selection = feasible
        if let preferred = Selection.best(of: occurrences, rules: rules, in: context) {
            selection = preferred
        } else {
            let conflict = SelectionConflict.diagnose(occurrences, rules: rules, in: context)
            let broken = rules.filter { $0.severity == .warning && !$0.admits(feasible.counts, in: context) }
            violations += broken.map { rule in
                Violation(ruleID: rule.id, severity: .warning,
                          message: "no selection of the plan's items meets \(rule.id) together with the error rules: the best has \(describe(feasible.counts))",
                          occurrenceIDs: [], location: context.plan.location,
                          hint: conflict.remedies.isEmpty ? nil : "needs " + conflict.remedies.joined(separator: ", or "),
                          related: [rule.settings.location], what: "no selection")
            }
        }
        let all = KindCounts(kinds: occurrences.map(\.kind))
        // Posts wait only because some rule refuses them all (the selection
        // keeps every post a rule admits): that rule says why and what to do.
        guard !selection.deferred.isEmpty, let blocking = rules.first(where: { !$0.admits(all, in: context) }) else {
            return (violations, selection.kept)
        }
        let kept = selection.counts.total
        let reason = blocking.deferralReason(all, in: context)
        return (violations + selection.deferred.map { occurrence in
            Violation(ruleID: blocking.id, severity: .warning,
                      message: "'\(occurrence.id)' will have to be deferred: \(reason); \(kept) of \(all.total) posts can go out",
                      occurrenceIDs: [occurrence.id], location: occurrence.location,
                      hint: blocking.deferralRemedy(for: occurrence.kind),
                      related: [blocking.settings.location], what: "deferred")
        }, selection.kept)
    }

    /// The error for a plan no selection of whose items meets the rules,
    /// under the first rule to blame (nil only without rules, when every selection is met).
    package static func conflict(_ conflict: SelectionConflict, rules: [any Rule], context: PlanContext) -> Violation? {
        let blamed = rules.filter { conflict.rules.contains($0.id) }
        let counts = ItemKind.allCases.map { kind in
            "\(conflict.available[kind]) \(kind.rawValue)" + (conflict.required[kind] > 0 ? " (\(conflict.required[kind]) required)" : "")
        }.joined(separator: ", ")
        guard let first = blamed.first ?? rules.first else { return nil }
        return Violation(
            ruleID: first.id, severity: .error,
            message: "no selection of the plan's items meets \(conflict.rules.joined(separator: " and ")): it has \(counts)",
            occurrenceIDs: [], location: context.plan.location,
            hint: conflict.remedies.isEmpty ? nil : "needs " + conflict.remedies.joined(separator: ", or "),
            related: blamed.map(\.settings.location), what: "no selection")
    }

    package static func describe(_ counts: KindCounts) -> String {
        ItemKind.allCases.map { "\(counts[$0]) \($0.rawValue)" }.joined(separator: ", ")
    }

    /// Applies waivers and turns violations into findings; a waiver that waives
    /// nothing is itself reported.
    package static func findings(from violations: [Violation], context: PlanContext, reportUnusedWaivers: Bool = true) -> [Finding] {
        findingsWithViolations(from: violations, context: context, reportUnusedWaivers: reportUnusedWaivers).map(\.finding)
    }

    /// The findings, each with the violation it reports (nil for an unused waiver).
    package static func findingsWithViolations(from violations: [Violation], context: PlanContext, reportUnusedWaivers: Bool = true)
        -> [(violation: Violation?, finding: Finding)] {
        let waivers = Waivers(context)
        var used = Set<String>()
        var result: [(violation: Violation?, finding: Finding)] = []
        for violation in violations {
            let waiving = waivers.waivingItems(of: violation)
            if !waiving.isEmpty {
                for item in waiving { used.insert("\(item)#\(violation.ruleID)") }
                continue
            }
            result.append((violation, Finding(ruleID: violation.ruleID, severity: violation.severity, location: violation.location,
                                              message: violation.message, hint: violation.hint,
                                              related: violation.related.filter { $0 != violation.location && $0.line > 0 && $0.file != RulesLoader.builtInLocation.file })))
        }
        for item in context.plan.items where reportUnusedWaivers {
            for waiver in item.waivers where !used.contains("\(item.id.value)#\(waiver.rule.value)") {
                let off = context.plan.rules.settings(for: waiver.rule.value)?.severity.value == .off
                result.append((nil, Finding(ruleID: "unused-waiver", severity: .warning, location: waiver.rule.location,
                                            message: "item '\(item.id.value)' waives '\(waiver.rule.value)', which it does not break"
                                              + (off ? " (the rule is off)" : ""),
                                            hint: "remove the waiver")))
            }
        }
        return result
    }

    /// At most `limit` findings a file: a generated file with a mistake in every
    /// entry gets the first ones and a count, not a flood.
    package static func capped(_ findings: [Finding], limit: Int = 200) -> [Finding] {
        var result: [Finding] = []
        var counts: [String: Int] = [:]
        for finding in findings {
            counts[finding.location.file, default: 0] += 1
            if counts[finding.location.file]! <= limit { result.append(finding) }
        }
        for (file, count) in counts.sorted(by: { $0.key < $1.key }) where count > limit {
            // With a limit of 0 no finding of the file is kept: the count goes at the first.
            guard let last = result.last(where: { $0.location.file == file }) ?? findings.first(where: { $0.location.file == file }) else { continue }
            result.append(Finding(ruleID: "too-many-findings", severity: .error, location: last.location,
                                  message: "\(count - limit) more findings in \(file) not shown", hint: "fix these and check again"))
        }
        return Finding.ordered(result)
    }

    /// The YAML files beside a file (not below), in a stable order; none when
    /// the folder cannot be listed.
    package static func siblingYAMLFiles(of file: String) -> [String] {
        let directory = (file as NSString).deletingLastPathComponent
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return listed.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
            .map { directory.isEmpty ? $0 : Paths.normalise(directory + "/" + $0) }
    }

    /// Every YAML file below a directory, in a stable order.
    package static func yamlFiles(under directory: String) throws -> [String] {
        let root = Paths.normalise(directory)
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { throw CheckError.missingPath(directory) }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { enumerator.skipDescendants(); continue }
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                files.append(root == "." ? relative : root + "/" + relative)
            }
        }
        return files.sorted()
    }
}

/// Files to read together: a directory's plans form sequences of weeks.
public struct FileGroup: Sendable {
    public var directory: String?
    public var files: [String]
    /// For a file named alone: the other files of its folder, read only for
    /// the weeks before it, never reported on.
    public var context: [String]

    public init(directory: String?, files: [String], context: [String] = []) {
        self.directory = directory
        self.files = files
        self.context = context
    }
}

public enum CheckError: Error, CustomStringConvertible {
    case missingPath(String)

    public var description: String {
        switch self {
        case .missingPath(let path): "no such file or directory: \(path)"
        }
    }
}

/// A report can also be why a command stops: the findings it could not get past.
extension CheckReport: Error {}

/// The history a plan named alone gets from the plans before it in its folder,
/// for `thirds check FILE` and `thirds schedule FILE` alike: each earlier week
/// leaves the posts its selection keeps. Worked out once per week, since the
/// earlier weeks of every named file of a folder are a prefix of one sequence.
package struct FolderHistory {
    private var plans: [String: (plan: Plan, occurrences: [Occurrence])?] = [:]
    private var after: [String: [Post]] = [:]

    package init() {}

    package mutating func history(before plan: Plan, among files: [String], workspace: Workspace) -> [Post] {
        var history: [Post] = []
        for week in earlierWeeks(of: plan, among: files, workspace: workspace) {
            if let known = after[week.plan.file] { history = known; continue }
            // An earlier week's library posts are uses of the library for the weeks after it.
            let posts = Checker.drawing(week.plan, week.occurrences, history: history).occurrences
            let context = PlanContext(plan: week.plan, occurrences: posts, history: history)
            let kept = Checker.selectionViolations(context, rules: RuleCatalogue.instantiate(week.plan.rules)).kept
            history += Checker.historyPosts(week.plan, kept ?? posts)
            after[week.plan.file] = history
        }
        return history
    }

    /// The plans among `files` of the same account that come before `plan`,
    /// in sequence order.
    package mutating func earlierPlans(before plan: Plan, among files: [String], workspace: Workspace) -> [Plan] {
        earlierWeeks(of: plan, among: files, workspace: workspace).map(\.plan)
    }

    /// The plans among `files` of the same account that come before `plan`
    /// in the order a directory's sequence takes, read quietly: their own
    /// findings belong to a check of those files.
    private mutating func earlierWeeks(of plan: Plan, among files: [String], workspace: Workspace) -> [(plan: Plan, occurrences: [Occurrence])] {
        var earlier: [(plan: Plan, occurrences: [Occurrence])] = []
        for file in files {
            if plans[file] == nil {
                var ignored = FindingList()
                var loaded: (plan: Plan, occurrences: [Occurrence])?
                if case .success(let node) = workspace.node(at: file), DocumentKind.classify(node) == .plan,
                   let other = PlanLoader.load(node, file: file, workspace: workspace, findings: &ignored) {
                    loaded = (other, Expander.occurrences(of: other, findings: &ignored))
                }
                plans[file] = .some(loaded)
            }
            guard let other = plans[file] ?? nil, other.plan.account.name.value == plan.account.name.value,
                  (other.plan.period.start, other.plan.file) < (plan.period.start, plan.file) else { continue }
            earlier.append(other)
        }
        return earlier.sorted { ($0.plan.period.start, $0.plan.file) < ($1.plan.period.start, $1.plan.file) }
    }
}
