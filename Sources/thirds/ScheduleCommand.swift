import ArgumentParser
import Foundation
import ThirdsSolve
import ThirdsExport
import ThirdsReport
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
extension SummaryFormat: ExpressibleByArgument {}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Choose and place a week's posts by the rules and the audiences' clocks, and write the schedule.",
        discussion: """
            Writes OUT/<plan name>/schedule.yaml (or .json, .txt), schedule.ics (the calendar) and crosspost.json \
            (LinkedIn and blog requests, with Markdown files under blog/ for Hugo and Jekyll). \
            A directory is scheduled as consecutive weeks. SOURCE_DATE_EPOCH fixes the calendar's timestamps.
            --check compares every one of those files with the one on disk and lists each that is stale or missing, \
            and each file under blog/ the run would not write. Without SOURCE_DATE_EPOCH it makes the exports again \
            with the export time the files already carry (the calendar's DTSTAMP), so an unchanged plan is up to date.
            Exit status: 0 scheduled (or up to date with --check), 1 a plan has errors, cannot be scheduled, \
            or (--check) a file it writes is stale, missing or extra, 2 the command could not run.
            """)

    @Argument(help: "A plan file, or a directory of weekly plans.")
    var paths: [String]

    @Option(help: "Folder for the outputs; each plan gets a subfolder named after it.")
    var out: String = "out"

    @Option(help: "Format of the schedule file: \(ScheduleFormat.allCases.map(\.rawValue).joined(separator: ", ")) (a Markdown summary: --summary markdown).")
    var format: ScheduleFormat = .yaml

    @Flag(help: "Write nothing; exit 1 if any file a fresh run would write differs from the one already written.")
    var check = false

    @Flag(help: "After the schedule, explain each post: reach per audience in people, its audiences' week against the habit, and each other day's best slot with the rule that forbids it or how much less it scores.")
    var explain = false

    @Flag(help: "Print the week view even when the output is not a terminal.")
    var view = false

    @Flag(help: "Print the search's statistics (moves, scored moves, seconds) to standard error.")
    var statistics = false

    @Option(help: ArgumentHelp("Print a summary of the schedules instead of the usual lines (the files are still written): markdown, for a pull request or $GITHUB_STEP_SUMMARY.",
                               valueName: "format"))
    var summary: SummaryFormat?

    @Option(name: .customLong("dump-problem"), help: ArgumentHelp("Also write the problem in numbers as JSON here (for the benchmark's reference solvers).", visibility: .hidden))
    var dumpProblem: String?

    @OptionGroup var solve: SolveOptionGroup

    func validate() throws {
        if let problem = OutputPath.problem(withUserPath: out) { throw ValidationError("--out '\(out)' \(problem): give a folder, such as out") }
        // The summary is all that goes to standard output: nothing may be mixed into it.
        if summary != nil, let other = [(check, "--check"), (explain, "--explain"), (view, "--view")].first(where: \.0)?.1 {
            throw ValidationError("--summary prints only the summary and cannot be used with \(other)")
        }
    }

    func run() throws {
        var request = Commands.ScheduleRequest(paths: paths, out: out, format: format, check: check, explain: explain,
                                               weekView: view || isatty(STDOUT_FILENO) == 1, statistics: statistics,
                                               dumpProblem: dumpProblem, options: solve.options)
        request.summary = summary
        try Commands.schedule(request, environment: ProcessInfo.processInfo.environment, colors: Terminal.colors).perform()
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain where an item was placed: its reach per audience in people, and why here and not there (each other day's best slot, and the rule that forbids it or how much less it scores).")

    @Argument(help: "The plan, or a directory of weekly plans.")
    var plan: String

    @Argument(help: "An item id (every day of a repeating item) or one day's post, such as replies@2026-11-30.")
    var item: String

    @Option(help: "Which week of a directory: an ISO week such as 2026-W50, or a plan's file name without .yaml.")
    var week: String?

    @OptionGroup var solve: SolveOptionGroup

    func run() throws {
        try Commands.explain(plan: plan, item: item, week: week, options: solve.options, colors: Terminal.colors).perform()
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
        try Commands.export(scheduleFiles: schedules, kinds: kinds, out: out, environment: ProcessInfo.processInfo.environment,
                            colors: Terminal.colors).perform()
    }
}

extension ExportKind: ExpressibleByArgument {}
