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

    func validate() throws {
        guard moves >= 0 else { throw ValidationError("--moves must be 0 or more") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be above 0 seconds") }
    }

    var options: SolveOptions { SolveOptions(seed: seed, moves: moves, timeLimit: timeLimit) }
}

enum ScheduleFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json, text
}

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

    /// An encoding failure stops the command (status 2) before anything is written.
    func encoded(_ encode: () throws -> String) throws -> String {
        do {
            return try encode()
        } catch {
            throw CommandFailure("\(error); nothing written")
        }
    }

    func run() throws {
        let outcome: SchedulePipeline.Outcome
        do {
            outcome = try SchedulePipeline.run(paths: paths, options: solve.options)
        } catch {
            throw CommandFailure("\(error)")
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
        var files: [(path: String, contents: String)] = []
        var exportFiles: [(path: String, contents: String)] = []
        var exportFindings: [Finding] = []
        let generatedAt = ExportInput.generationTime()
        for schedule in outcome.schedules {
            let directory = out + "/" + schedule.plan.name
            let path = directory + "/schedule." + (format == .text ? "txt" : format.rawValue)
            let document = ScheduleDocument(schedule, planPath: Paths.relative(from: directory, to: schedule.plan.file))
            let contents: String
            switch format {
            case .yaml: contents = try encoded { try document.yaml() }
            case .json: contents = try encoded { try document.json() }
            case .text: contents = WeekView.render(schedule, color: false) + WeekView.list(schedule) + WeekView.scoreLine(schedule) + "\n"
            }
            files.append((path, contents))
            let exports = ExportKind.run(ExportKind.standard, ExportInput(schedule, generatedAt: generatedAt))
            exportFiles += exports.files.map { (directory + "/" + $0.path, $0.contents) }
            exportFindings += exports.findings
        }
        if exportFindings.contains(where: { $0.severity == .error }) {
            let report = CheckReport(findings: Finding.ordered(exportFindings), filesChecked: 0, plansChecked: outcome.schedules.count)
            FileHandle.standardError.write(Data(TextReporter.render(report, color: false).utf8))
            FileHandle.standardError.write(Data("thirds: nothing written\n".utf8))
            throw ExitCode(1)
        }
        if check {
            let stale = files.filter { (try? String(contentsOfFile: $0.path, encoding: .utf8)) != $0.contents }
            for file in stale { print("\(file.path): stale; run 'thirds schedule' again and commit the result") }
            if !stale.isEmpty { throw ExitCode(1) }
            print("\(files.count) schedule\(files.count == 1 ? "" : "s") up to date")
            return
        }
        if let dumpProblem, let schedule = outcome.schedules.first {
            files.append((dumpProblem, ProblemExport(schedule.problem).json()))
        }
        do {
            try AtomicWriter.write(files + exportFiles)
        } catch {
            throw CommandFailure("could not write the schedule: \(error.localizedDescription)")
        }
        for (schedule, file) in zip(outcome.schedules, files) {
            if view || isatty(STDOUT_FILENO) == 1 { print(WeekView.render(schedule, color: color), terminator: "") }
            print("\(file.path): \(WeekView.scoreLine(schedule))")
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

    @Argument(help: "The plan.")
    var plan: String

    @Argument(help: "An item id (every day of a repeating item) or one day's post, such as replies@2026-11-30.")
    var item: String

    @OptionGroup var solve: SolveOptionGroup

    func run() throws {
        let outcome: SchedulePipeline.Outcome
        do {
            outcome = try SchedulePipeline.run(paths: [plan], options: solve.options)
        } catch {
            throw CommandFailure("\(error)")
        }
        guard outcome.report.errorCount == 0, let schedule = outcome.schedules.first else {
            FileHandle.standardError.write(Data(TextReporter.render(outcome.report, color: false).utf8))
            throw ExitCode(1)
        }
        let ids = schedule.problem.context.occurrences.map(\.id).filter { $0 == item || $0.hasPrefix(item + "@") }
        guard !ids.isEmpty else {
            let known = Array(Set(schedule.plan.items.map(\.id.value))).sorted()
            throw CommandFailure("no item '\(item)' in \(plan); items: \(known.joined(separator: ", "))")
        }
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
            or into --out. Every text is checked against its channel's limit first; a breach writes nothing. \
            Exit status: 0 written, 1 the schedule or a text has errors, 2 the command could not run.
            """)

    @Argument(help: "Schedule files (schedule.yaml or schedule.json).")
    var schedules: [String]

    @Option(name: .customLong("to"), parsing: .upToNextOption,
            help: "What to write: \(ExportKind.allCases.map(\.rawValue).joined(separator: ", ")) (several allowed; default ics crosspost).")
    var kinds: [ExportKind] = ExportKind.standard

    @Option(help: "Folder for the files (default: the schedule's folder).")
    var out: String?

    func run() throws {
        var files: [(path: String, contents: String)] = []
        var findings: [Finding] = []
        let generatedAt = ExportInput.generationTime()
        for schedule in schedules {
            guard FileManager.default.fileExists(atPath: schedule) else { throw CommandFailure("no such file: \(schedule)") }
            switch ExportInput.load(scheduleFile: Paths.normalise(schedule), generatedAt: generatedAt) {
            case .failure(let report):
                findings += report.findings.filter { $0.severity == .error }
                if report.findings.isEmpty {
                    findings.append(Finding(ruleID: "unknown-document", severity: .error,
                                            location: SourceLocation(file: schedule, line: 1, column: 1),
                                            message: "not a schedule written by 'thirds schedule'"))
                }
            case .success(let input):
                let directory = out ?? (schedule as NSString).deletingLastPathComponent
                let result = ExportKind.run(kinds, input)
                findings += result.findings
                files += result.files.map { ((directory.isEmpty ? "" : directory + "/") + $0.path, $0.contents) }
            }
        }
        if findings.contains(where: { $0.severity == .error }) {
            let report = CheckReport(findings: Finding.ordered(findings), filesChecked: schedules.count, plansChecked: 0)
            FileHandle.standardError.write(Data(TextReporter.render(report, color: false).utf8))
            FileHandle.standardError.write(Data("thirds: nothing written\n".utf8))
            throw ExitCode(1)
        }
        do {
            try AtomicWriter.write(files)
        } catch {
            throw CommandFailure("could not write the exports: \(error.localizedDescription)")
        }
        for file in files { print(file.path) }
    }
}

extension ExportKind: ExpressibleByArgument {}
