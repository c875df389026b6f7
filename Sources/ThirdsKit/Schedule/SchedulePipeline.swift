import Foundation

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
        for group in groups {
            for sequence in Checker.load(group, workspace: workspace, seen: &seen).sequences {
                var history: [Post] = []
                for (plan, occurrences) in sequence {
                    let schedule = Scheduler.schedule(PlanContext(plan: plan, occurrences: occurrences, history: history), options: options)
                    schedules.append(schedule)
                    unschedulable += schedule.violations.filter { $0.severity == .error }.map {
                        Finding(ruleID: $0.ruleID, severity: .error, location: $0.location,
                                message: "cannot schedule: \($0.message)", hint: $0.hint ?? "relax the rule or move the posts involved",
                                related: $0.related.filter { $0.line > 0 && $0.file != RulesLoader.builtInLocation.file })
                    }
                    history += schedule.posts.map { Post(occurrence: $0.occurrence, instant: $0.candidate.instant, local: $0.candidate.local) }
                }
            }
        }
        return Outcome(report: report, schedules: schedules, unschedulable: Finding.ordered(unschedulable))
    }
}

/// Writes a set of files so that a reader never sees half of one and a
/// failure leaves the previous files as they were: every file is first
/// written to a temporary file beside its target, and only when all of them
/// are written are they renamed over their targets.
public enum AtomicWriter {
    public static func write(_ files: [(path: String, contents: String)]) throws {
        let manager = FileManager.default
        var staged: [(temporary: URL, target: URL)] = []
        do {
            for file in files {
                let target = URL(fileURLWithPath: file.path)
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).thirds-\(UUID().uuidString)")
                try Data(file.contents.utf8).write(to: temporary)
                staged.append((temporary, target))
            }
        } catch {
            for file in staged { try? manager.removeItem(at: file.temporary) }
            throw error
        }
        for file in staged {
            if rename(file.temporary.path, file.target.path) != 0 {
                for rest in staged { try? manager.removeItem(at: rest.temporary) }
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.target.path])
            }
        }
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
