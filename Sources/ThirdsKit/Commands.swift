import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck
import ThirdsExport
import ThirdsReport

/// What a command does, worked out by the library: the files to write (all
/// of them or none, with `AtomicWriter`), then the text for standard output
/// and standard error, then the exit status. The command line only writes,
/// prints and exits.
public struct CommandOutcome: Sendable {
    /// Written before anything is printed; nil when the command writes nothing.
    public var files: OutputSet?
    /// What the files are, for the message when writing them fails.
    public var writing: String
    public var standardOutput: String
    public var standardError: String
    /// 0 done; 1 the input has errors, or the outputs are stale. (A command
    /// that could not run throws `CommandFailure`: status 2.)
    public var status: Int32

    public init(files: OutputSet? = nil, writing: String = "the files", standardOutput: String = "", standardError: String = "", status: Int32 = 0) {
        self.files = files
        self.writing = writing
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.status = status
    }

    /// The one way errors in the input are reported: the findings as text on
    /// standard error, then, for a command that writes, that nothing was
    /// written; status 1.
    public static func rejected(_ report: CheckReport, color: Bool, nothingWritten: Bool = true) -> CommandOutcome {
        CommandOutcome(standardError: TextReporter.render(report, color: color) + (nothingWritten ? "thirds: nothing written\n" : ""), status: 1)
    }

    /// Writing `files` failed: the writer has put everything back.
    public func writeFailure(_ error: Error) -> CommandFailure {
        CommandFailure("could not write \(writing): \(error); nothing changed")
    }
}

/// The command could not run (a missing path, an unwritable folder, a file
/// that cannot be encoded): a message and exit status 2, without the usage
/// text that argument errors get.
public struct CommandFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Colour for each stream, as the command line decides it (a terminal, and
/// no `NO_COLOR`).
public struct OutputColors: Sendable {
    public var standardOutput: Bool
    public var standardError: Bool

    public init(standardOutput: Bool = false, standardError: Bool = false) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// Each command of `thirds`, from its parsed arguments to its outcome.
public enum Commands {
    /// `thirds check`.
    public static func check(paths: [String], format: ReportFormat, strict: Bool, color: Bool) throws -> CommandOutcome {
        let report = try failing { try Checker.check(paths: paths) }
        let text = try failing { try format.render(report, color: color && format == .text) }
        return CommandOutcome(standardOutput: text, status: report.errorCount > 0 || (strict && report.warningCount > 0) ? 1 : 0)
    }

    /// What `thirds schedule` is asked to do.
    public struct ScheduleRequest: Sendable {
        public var paths: [String]
        public var out: String
        public var format: ScheduleFormat
        /// Write nothing: compare every file with the one on disk.
        public var check: Bool
        /// Explain each post after its schedule's score line.
        public var explain: Bool
        /// Print each schedule's week view.
        public var weekView: Bool
        /// The search's statistics on standard error.
        public var statistics: Bool
        public var dumpProblem: String?
        public var options: SolveOptions
        /// Print this summary of the schedules instead of the lines for people
        /// (the files are written as usual).
        public var summary: SummaryFormat? = nil

        public init(paths: [String], out: String = "out", format: ScheduleFormat = .yaml, check: Bool = false, explain: Bool = false,
                    weekView: Bool = false, statistics: Bool = false, dumpProblem: String? = nil, options: SolveOptions = SolveOptions()) {
            self.paths = paths
            self.out = out
            self.format = format
            self.check = check
            self.explain = explain
            self.weekView = weekView
            self.statistics = statistics
            self.dumpProblem = dumpProblem
            self.options = options
        }
    }

    /// `thirds schedule`: checked, solved, every output built; then either
    /// compared with what is on disk (`check`) or handed back to be written.
    public static func schedule(_ request: ScheduleRequest, environment: [String: String], colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        let outcome = try failing { try SchedulePipeline.run(paths: request.paths, options: request.options, written: request.out) }
        if let failure = outcome.schedules.lazy.compactMap({ schedule in schedule.statistics.verifyFailure.map { "\(schedule.plan.name): \($0)" } }).first {
            throw CommandFailure("--verify: \(failure); nothing written")
        }
        guard outcome.succeeded else {
            var report = outcome.report
            report.findings = Finding.ordered(report.findings + outcome.unschedulable).filter { $0.severity == .error }
            return .rejected(report, color: colors.standardError)
        }
        let fixed = ExportInput.fixedGenerationTime(environment: environment)
        let now = fixed ?? Date()
        // Without SOURCE_DATE_EPOCH, --check makes each folder's exports with
        // the time its files already carry (see OutputCheck).
        let time: (String) -> Date = request.check && fixed == nil ? { OutputCheck.recordedGenerationTime(inFolder: $0) ?? now } : { _ in now }
        let outputs: ScheduleOutputs.Result
        do {
            outputs = try ScheduleOutputs.build(outcome.schedules, out: request.out, format: request.format, generatedAt: time,
                                                dumpProblem: request.check ? nil : request.dumpProblem)
        } catch {
            throw CommandFailure("\(error); nothing written")
        }
        let count = outcome.schedules.count
        let blocking = outputs.set.findings + outputs.exportFindings.filter { $0.severity == .error }
        if !blocking.isEmpty {
            return .rejected(CheckReport(findings: Finding.ordered(blocking), filesChecked: count, plansChecked: count), color: colors.standardError)
        }
        // The exports' warnings (a blog slug taken by another post) do not stop
        // the run, but are printed, as `thirds export` prints them.
        let warnings = outputs.exportFindings.isEmpty ? ""
            : TextReporter.render(CheckReport(findings: outputs.exportFindings, filesChecked: count, plansChecked: count), color: colors.standardError)
        if request.check {
            let differences = try failing { try OutputCheck.differences(outputs.set) }
            guard differences.isEmpty else {
                return CommandOutcome(standardOutput: differences.map { $0.line + "\n" }.joined(), standardError: warnings, status: 1)
            }
            let count = outputs.schedulePaths.count
            return CommandOutcome(standardOutput: "\(count) schedule\(count == 1 ? "" : "s") up to date\n", standardError: warnings)
        }
        var standardOutput = "", standardError = warnings
        for (schedule, file) in zip(outcome.schedules, outputs.schedulePaths) {
            if request.weekView { standardOutput += WeekView.render(schedule, color: colors.standardOutput, copies: WeekView.copies(of: schedule)) }
            standardOutput += "\(file): \(WeekView.scoreLine(schedule))\n" + WeekView.reachLines(schedule)
            if request.explain { standardOutput += Scheduler.explainAll(schedule) }
            if request.statistics {
                let stats = schedule.statistics
                standardError += String(format: "%@: %d moves, %d scored, %.3f s%@\n", schedule.plan.name, stats.moves, stats.evaluations,
                                        stats.seconds, stats.stoppedByTimeLimit ? " (time limit)" : "")
            }
        }
        if request.summary == .markdown {
            // Standard output is then the summary alone, for `>> "$GITHUB_STEP_SUMMARY"`.
            standardOutput = MarkdownSummary.render(outcome.schedules.map { WeekReport($0, generatedAt: now) })
        }
        return CommandOutcome(files: outputs.set, writing: "the schedule", standardOutput: standardOutput, standardError: standardError)
    }

    /// The Markdown summary of plans (a file or a directory of weeks), solved
    /// as `thirds schedule` solves them; writes nothing. Errors in the plans,
    /// or a plan that cannot be scheduled, are reported as `schedule` reports them.
    public static func summary(paths: [String], options: SolveOptions, colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        let outcome = try failing { try SchedulePipeline.run(paths: paths, options: options) }
        guard outcome.succeeded else {
            var report = outcome.report
            report.findings = Finding.ordered(report.findings + outcome.unschedulable).filter { $0.severity == .error }
            return .rejected(report, color: colors.standardError, nothingWritten: false)
        }
        // The summary shows no timestamps: any generation time gives the same text.
        let reports = outcome.schedules.map { WeekReport($0, generatedAt: Date(timeIntervalSince1970: 0)) }
        return CommandOutcome(standardOutput: MarkdownSummary.render(reports))
    }

    /// `thirds explain`: one item (or one day's post) of one week.
    public static func explain(plan: String, item: String, week: String?, options: SolveOptions, colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        let outcome = try failing { try SchedulePipeline.run(paths: [plan], options: options) }
        guard outcome.report.errorCount == 0, !outcome.schedules.isEmpty else {
            return .rejected(outcome.report, color: colors.standardError, nothingWritten: false)
        }
        switch ExplainTarget.choose(outcome.schedules, item: item, week: week) {
        case .failure(let message):
            throw CommandFailure("\(message.text) (in \(plan))")
        case .success(let schedule):
            return CommandOutcome(standardOutput: Scheduler.explain(schedule, occurrenceIDs: ExplainTarget.occurrences(of: item, in: schedule)))
        }
    }

    /// `thirds export`: the exports of schedule files; warnings printed, errors stop it.
    public static func export(scheduleFiles: [String], kinds: [ExportKind], out: String?, environment: [String: String],
                              colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        for schedule in scheduleFiles where !FileManager.default.fileExists(atPath: schedule) { throw CommandFailure("no such file: \(schedule)") }
        let built: (set: OutputSet, findings: [Finding])
        do {
            built = try ExportOutputs.build(scheduleFiles: scheduleFiles, kinds: kinds, out: out,
                                            generatedAt: ExportInput.generationTime(environment: environment))
        } catch {
            throw CommandFailure("\(error); nothing written")
        }
        let report = CheckReport(findings: Finding.ordered(built.set.findings + built.findings), filesChecked: scheduleFiles.count, plansChecked: 0)
        if report.errorCount > 0 { return .rejected(report, color: colors.standardError) }
        // Warnings do not stop the export, but the user must see them.
        return CommandOutcome(files: built.set, writing: "the exports", standardOutput: built.set.paths.map { $0 + "\n" }.joined(),
                              standardError: report.findings.isEmpty ? "" : TextReporter.render(report, color: colors.standardError))
    }

    /// `thirds measure` (hidden), for the differential test against
    /// twitter-text: line `number` of standard input, a JSON string, as
    /// `{"valid":…,"weightedLength":…}` and a newline.
    public static func measure(line: String, number: Int) throws -> String {
        struct Measure: Encodable {
            var weightedLength: Int
            var valid: Bool
        }
        guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
            throw CommandFailure("stdin line \(number) is not a JSON string")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try failing { try encoder.encode(Measure(weightedLength: XText.weightedLength(text), valid: XText.isValid(text))) }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Any error of `body` as a `CommandFailure` (status 2), its text kept.
    package static func failing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
