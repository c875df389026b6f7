import ArgumentParser
import Foundation
import ThirdsKit

/// Options every command that solves shares.
struct SolveOptionGroup: ParsableArguments {
    @Option(help: "Seed of the local search; the same seed gives the same schedule.")
    var seed: UInt64 = 1

    @Option(help: "Moves the local search tries (its effort; the search is bounded by this, so results do not depend on the machine).")
    var moves: Int = SolveOptions().moves

    @Option(name: .customLong("time-limit"), help: "Stop the search after this many seconds even if moves remain (a safety cap).")
    var timeLimit: Double = SolveOptions().timeLimit

    @Flag(help: ArgumentHelp("Check every move of the search against a check from scratch and stop at the first difference (slow; for testing the solver).", visibility: .hidden))
    var verify = false

    func validate() throws {
        guard moves >= 0 else { throw ValidationError("--moves must be 0 or more") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be above 0 seconds") }
    }

    var options: SolveOptions { SolveOptions(seed: seed, moves: moves, timeLimit: timeLimit, verify: verify) }
}

extension ScheduleFormat: ExpressibleByArgument {}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Choose and place a week's posts by the rules and the audiences' clocks, and write the schedule.",
        discussion: """
            Writes OUT/<plan name>/schedule.yaml (or .json, .txt), schedule.ics (the calendar) and crosspost.json \
            (LinkedIn and blog requests, with Markdown files under blog/ for Hugo and Jekyll). \
            A directory is scheduled as consecutive weeks. SOURCE_DATE_EPOCH fixes the calendar's timestamps.
            Exit status: 0 scheduled (or up to date with --check), 1 a plan has errors, cannot be scheduled, \
            or its committed schedule is stale, 2 the command could not run.
            """)

    @Argument(help: "A plan file, or a directory of weekly plans.")
    var paths: [String]

    @Option(help: "Folder for the outputs; each plan gets a subfolder named after it.")
    var out: String = "out"

    @Option(help: "Format of the schedule file: \(ScheduleFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ScheduleFormat = .yaml

    @Flag(help: "Write nothing; exit 1 if a fresh solve differs from the schedule already written.")
    var check = false

    @Flag(help: "After the schedule, explain each post: reach per audience, the best other slot, what kept it there.")
    var explain = false

    @Flag(help: "Print the week view even when the output is not a terminal.")
    var view = false

    @Flag(help: "Print the search's statistics (moves, scored moves, seconds) to standard error.")
    var statistics = false

    @Option(name: .customLong("dump-problem"), help: ArgumentHelp("Also write the problem in numbers as JSON here (for the benchmark's reference solvers).", visibility: .hidden))
    var dumpProblem: String?

    @OptionGroup var solve: SolveOptionGroup

    func validate() throws {
        if let problem = OutputPath.problem(withUserPath: out) { throw ValidationError("--out '\(out)' \(problem): give a folder, such as out") }
    }

    func run() throws {
        let outcome: SchedulePipeline.Outcome
        do {
            outcome = try SchedulePipeline.run(paths: paths, options: solve.options)
        } catch {
            throw CommandFailure("\(error)")
        }
        if let failure = outcome.schedules.lazy.compactMap({ schedule in schedule.statistics.verifyFailure.map { "\(schedule.plan.name): \($0)" } }).first {
            throw CommandFailure("--verify: \(failure); nothing written")
        }
        let color = Terminal.wantsColor
        guard outcome.succeeded else {
            var report = outcome.report
            report.findings = Finding.ordered(report.findings + outcome.unschedulable)
            let errors = report.findings.filter { $0.severity == .error }
            report.findings = errors
            FileHandle.standardError.write(Data(TextReporter.render(report, color: color && isatty(STDERR_FILENO) == 1).utf8))
            FileHandle.standardError.write(Data("thirds: nothing written\n".utf8))
            throw ExitCode(1)
        }
        let outputs: ScheduleOutputs.Result
        do {
            outputs = try ScheduleOutputs.build(outcome.schedules, out: out, format: format, generatedAt: ExportInput.generationTime(),
                                                dumpProblem: check ? nil : dumpProblem)
        } catch {
            // An encoding failure stops the command (status 2) before anything is written.
            throw CommandFailure("\(error); nothing written")
        }
        let blocking = outputs.set.findings + outputs.exportFindings.filter { $0.severity == .error }
        if !blocking.isEmpty {
            let report = CheckReport(findings: Finding.ordered(blocking), filesChecked: outcome.schedules.count, plansChecked: outcome.schedules.count)
            FileHandle.standardError.write(Data(TextReporter.render(report, color: false).utf8))
            FileHandle.standardError.write(Data("thirds: nothing written\n".utf8))
            throw ExitCode(1)
        }
        if check {
            let files = outputs.set.folders.flatMap { folder in folder.files.filter { $0.path == format.fileName }.map { (folder.path + "/" + $0.path, $0.contents) } }
            let stale = files.filter { (try? Data(contentsOf: URL(fileURLWithPath: $0.0))) != $0.1 }
            for file in stale { print("\(file.0): stale; run 'thirds schedule' again and commit the result") }
            if !stale.isEmpty { throw ExitCode(1) }
            print("\(files.count) schedule\(files.count == 1 ? "" : "s") up to date")
            return
        }
        do {
            try AtomicWriter.write(outputs.set, hooks: .from(environment: ProcessInfo.processInfo.environment))
        } catch {
            throw CommandFailure("could not write the schedule: \(error); nothing changed")
        }
        for (schedule, file) in zip(outcome.schedules, outputs.schedulePaths) {
            if view || isatty(STDOUT_FILENO) == 1 { print(WeekView.render(schedule, color: color), terminator: "") }
            print("\(file): \(WeekView.scoreLine(schedule))")
            if explain { print(Explaining.all(schedule), terminator: "") }
            if statistics {
                let stats = schedule.statistics
                FileHandle.standardError.write(Data(String(format: "%@: %d moves, %d scored, %.3f s%@\n", schedule.plan.name, stats.moves,
                                                           stats.evaluations, stats.seconds, stats.stoppedByTimeLimit ? " (time limit)" : "").utf8))
            }
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain where an item was placed: its reach per audience, the best other slot, and which rule kept it from there.")

    @Argument(help: "The plan, or a directory of weekly plans.")
    var plan: String

    @Argument(help: "An item id (every day of a repeating item) or one day's post, such as replies@2026-11-30.")
    var item: String

    @Option(help: "Which week of a directory: an ISO week such as 2026-W50, or a plan's file name without .yaml.")
    var week: String?

    @OptionGroup var solve: SolveOptionGroup

    func run() throws {
        let outcome: SchedulePipeline.Outcome
        do {
            outcome = try SchedulePipeline.run(paths: [plan], options: solve.options)
        } catch {
            throw CommandFailure("\(error)")
        }
        guard outcome.report.errorCount == 0, !outcome.schedules.isEmpty else {
            FileHandle.standardError.write(Data(TextReporter.render(outcome.report, color: false).utf8))
            throw ExitCode(1)
        }
        let schedule: Schedule
        switch ExplainTarget.choose(outcome.schedules, item: item, week: week) {
        case .success(let chosen): schedule = chosen
        case .failure(let message): throw CommandFailure("\(message.text) (in \(plan))")
        }
        let ids = ExplainTarget.occurrences(of: item, in: schedule)
        print(ids.compactMap { Scheduler.explain(schedule, occurrenceID: $0) }.map(Explaining.text).joined(), terminator: "")
    }
}

enum Explaining {
    static func all(_ schedule: Schedule) -> String {
        schedule.problem.context.occurrences.compactMap { Scheduler.explain(schedule, occurrenceID: $0.id) }.map(text).joined()
    }

    static func text(_ explanation: Scheduler.Explanation) -> String {
        var out = "\(explanation.occurrence.id) (\(explanation.occurrence.kind.rawValue))\n"
        guard let placed = explanation.placed else {
            return out + "  deferred: \(explanation.keptBy)\n"
        }
        out += "  at \(describe(placed.local)): reach \(String(format: "%.2f", placed.reach))\n"
        for part in explanation.parts {
            out += "    \(part.audience): seen by \(String(format: "%.1f%%", part.probability * 100)) of members, reach \(String(format: "%.2f", part.reach))\n"
        }
        if let alternative = explanation.alternative {
            out += "  best other slot: \(describe(alternative.local)), reach \(String(format: "%.2f", alternative.reach))\n"
            out += "  kept from there by \(explanation.keptBy)\n"
        } else {
            out += "  \(explanation.keptBy)\n"
        }
        return out
    }

    static func describe(_ local: LocalDateTime) -> String {
        "\(weekdayName(local)) \(local.date) \(local.time)"
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a schedule's calendar, cross-posting manifest or bulk-upload CSVs.",
        discussion: """
            Reads a schedule file written by 'thirds schedule' (and its plan) and writes the exports beside it, \
            or into OUT/<plan name>/. Every text is checked against its channel's limit first; a breach writes nothing; \
            warnings are printed to standard error and the files written. \
            Exit status: 0 written, 1 the schedule or a text has errors, 2 the command could not run.
            """)

    @Argument(help: "Schedule files (schedule.yaml or schedule.json).")
    var schedules: [String]

    @Option(name: .customLong("to"), parsing: .upToNextOption,
            help: "What to write: \(ExportKind.allCases.map(\.rawValue).joined(separator: ", ")) (several allowed; default ics crosspost).")
    var kinds: [ExportKind] = ExportKind.standard

    @Option(help: "Folder for the files, a subfolder per plan as 'thirds schedule' writes (default: the schedule's own folder).")
    var out: String?

    func validate() throws {
        if let out, let problem = OutputPath.problem(withUserPath: out) { throw ValidationError("--out '\(out)' \(problem): give a folder, such as exports") }
    }

    func run() throws {
        for schedule in schedules where !FileManager.default.fileExists(atPath: schedule) { throw CommandFailure("no such file: \(schedule)") }
        let (set, exportFindings) = ExportOutputs.build(scheduleFiles: schedules, kinds: kinds, out: out, generatedAt: ExportInput.generationTime())
        let findings = Finding.ordered(set.findings + exportFindings)
        let report = CheckReport(findings: findings, filesChecked: schedules.count, plansChecked: 0)
        if report.errorCount > 0 {
            FileHandle.standardError.write(Data(TextReporter.render(report, color: false).utf8))
            FileHandle.standardError.write(Data("thirds: nothing written\n".utf8))
            throw ExitCode(1)
        }
        do {
            try AtomicWriter.write(set, hooks: .from(environment: ProcessInfo.processInfo.environment))
        } catch {
            throw CommandFailure("could not write the exports: \(error); nothing changed")
        }
        for path in set.paths { print(path) }
        // Warnings do not stop the export, but the user must see them.
        if !findings.isEmpty { FileHandle.standardError.write(Data(TextReporter.render(report, color: false).utf8)) }
    }
}

extension ExportKind: ExpressibleByArgument {}
