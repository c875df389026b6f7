import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck
import ThirdsExport
import ThirdsReport
import Yams

/// What `thirds report` writes.
public enum WeekReportFormat: String, Sendable, CaseIterable {
    /// One self-contained page.
    case html
    /// The summary for pull requests (MarkdownSummary): printed, or written to --out.
    case markdown

    /// The file's name when the user names only a folder, or none.
    public var fileName: String {
        switch self {
        case .html: "report.html"
        case .markdown: "summary.md"
        }
    }
}

extension Commands {
    /// What `thirds report` is asked to do.
    public struct ReportRequest: Sendable {
        /// A plan, a directory of weekly plans, or a schedule file.
        public var path: String
        /// The file to write; a folder (an existing one, or a path ending in
        /// `/`) gets `report.html` inside. Nil: `ReportOutput.defaultPath`.
        public var out: String?
        public var format: WeekReportFormat
        public var options: SolveOptions

        public init(path: String, out: String? = nil, format: WeekReportFormat = .html, options: SolveOptions = SolveOptions()) {
            self.path = path
            self.out = out
            self.format = format
            self.options = options
        }
    }

    /// `thirds report`: the plan solved as `thirds schedule` solves it (or the
    /// schedule file read back), then one page of it. Errors in the input are
    /// the check's diagnostics, exit 1, and nothing is written.
    public static func report(_ request: ReportRequest, environment: [String: String], colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        guard FileManager.default.fileExists(atPath: request.path) else { throw CommandFailure("no such file or directory: \(request.path)") }
        let fixed = ExportInput.fixedGenerationTime(environment: environment)
        let input: ReportInput
        switch try ReportInput.read(request, generatedAt: fixed) {
        case .failure(let report): return .rejected(report, color: colors.standardError)
        case .success(let read): input = read
        }
        let contents: String
        switch request.format {
        case .html:
            contents = HTMLReport.render(input.reports, source: HTMLReport.Source(path: request.path, how: input.how, generatedAt: fixed))
        case .markdown:
            // Without --out the summary is for standard output ($GITHUB_STEP_SUMMARY, a comment): nothing is written.
            guard request.out != nil else { return CommandOutcome(standardOutput: MarkdownSummary.render(input.reports)) }
            contents = MarkdownSummary.render(input.reports)
        }
        var set = OutputSet()
        switch ReportOutput.path(for: request, input: input) {
        case .failure(let problem):
            set.rejectSingle(problem.text)
        case .success(let path):
            if let problem = set.addSingle(path, contents) { set.rejectSingle("--out \(problem)") }
        }
        if !set.findings.isEmpty {
            return .rejected(CheckReport(findings: set.findings, filesChecked: 1, plansChecked: input.reports.count), color: colors.standardError)
        }
        let posts = input.reports.reduce(0) { $0 + $1.posts.count }
        let weeks = input.reports.count
        return CommandOutcome(files: set, writing: "the report",
                              standardOutput: "\(set.paths.joined(separator: ", ")): \(weeks) week\(weeks == 1 ? "" : "s"), \(posts) post\(posts == 1 ? "" : "s")\n")
    }
}

/// The weeks a report shows, and where they come from.
package struct ReportInput {
    enum Kind { case plan(name: String), directory, schedule }

    var reports: [WeekReport]
    var kind: Kind
    /// For the page's footer: how the schedule was made.
    var how: String

    /// A schedule file is read back; anything else is checked and solved as
    /// `thirds schedule` does. A failure is the findings to print.
    static func read(_ request: Commands.ReportRequest, generatedAt fixed: Date?) throws -> Result<ReportInput, CheckReport> {
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: request.path, isDirectory: &isDirectory)
        let workspace = Workspace()
        let file = Paths.normalise(request.path)
        if !isDirectory.boolValue, case .success(let node) = workspace.node(at: file), DocumentKind.classify(node) == .schedule {
            return readSchedule(file, workspace: workspace, generatedAt: fixed)
        }
        let outcome = try Commands.failing { try SchedulePipeline.run(paths: [request.path], options: request.options, workspace: workspace) }
        if let failure = outcome.schedules.lazy.compactMap({ schedule in schedule.statistics.verifyFailure.map { "\(schedule.plan.name): \($0)" } }).first {
            throw CommandFailure("--verify: \(failure); nothing written")
        }
        guard outcome.succeeded else {
            var report = outcome.report
            report.findings = Finding.ordered(report.findings + outcome.unschedulable).filter { $0.severity == .error }
            return .failure(report)
        }
        guard !outcome.schedules.isEmpty else {
            throw CommandFailure("no plans in \(request.path): give a plan, a directory of weekly plans or a schedule file; nothing written")
        }
        let time = fixed ?? Date(timeIntervalSince1970: 0)
        let options = request.options
        return .success(ReportInput(reports: outcome.schedules.map { WeekReport($0, generatedAt: time) },
                                    kind: isDirectory.boolValue ? .directory : .plan(name: outcome.schedules[0].plan.name),
                                    how: "solved with seed \(options.seed) and up to \(options.moves) moves"))
    }

    /// The posts and their figures come from the file and its plan (as
    /// `thirds export` reads them), the deferred items and the findings from
    /// the file itself.
    static func readSchedule(_ file: String, workspace: Workspace, generatedAt fixed: Date?) -> Result<ReportInput, CheckReport> {
        let time = fixed ?? Date(timeIntervalSince1970: 0)
        switch ExportInput.load(scheduleFile: file, workspace: workspace, generatedAt: time) {
        case .failure(let report):
            var findings = report.findings.filter { $0.severity == .error }
            if findings.isEmpty { findings.append(notASchedule(file)) }
            return .failure(CheckReport(findings: findings, filesChecked: 1, plansChecked: 0))
        case .success(let input):
            // The file was read and verified just now; only its own lists are decoded here.
            guard let data = FileManager.default.contents(atPath: file),
                  let document = try? YAMLDecoder().decode(ScheduleDocument.self, from: String(decoding: data, as: UTF8.self)) else {
                return .failure(CheckReport(findings: [notASchedule(file)], filesChecked: 1, plansChecked: 0))
            }
            let deferred = document.deferred.map {
                WeekReport.Deferred(id: $0.id, kind: ItemKind(rawValue: $0.kind) ?? .content, priority: Priority(rawValue: $0.priority) ?? .normal, reason: $0.reason)
            }
            let problems = document.score.errors.map { WeekReport.Problem(severity: .error, rule: $0.rule, message: $0.message, penalty: nil) }
                + document.score.warnings.map { WeekReport.Problem(severity: .warning, rule: $0.rule, message: $0.message, penalty: $0.penalty?.value) }
            return .success(ReportInput(reports: [WeekReport(input: input, deferred: deferred, problems: problems)], kind: .schedule,
                                        how: "read from the schedule file"))
        }
    }

    static func notASchedule(_ file: String) -> Finding {
        Finding(ruleID: "unknown-document", severity: .error, location: SourceLocation(file: file, line: 1, column: 1),
                message: "not a schedule written by 'thirds schedule'")
    }
}

/// Where `thirds report` writes.
package enum ReportOutput {
    /// Without `--out`: beside the outputs `thirds schedule` writes, so the
    /// page sits with the schedule it shows. A plan: `out/<plan name>/report.html`;
    /// a directory of plans: `out/report.html` (above each week's folder); a
    /// schedule file: `report.html` beside it. With `--out`: that file, or
    /// `report.html` in that folder.
    static func path(for request: Commands.ReportRequest, input: ReportInput) -> Result<String, OutputPath.Problem> {
        let name = request.format.fileName
        if let out = request.out {
            if let problem = OutputPath.problem(withUserPath: out) { return .failure(OutputPath.Problem(text: "--out '\(out)' \(problem)")) }
            var isDirectory: ObjCBool = false
            if out.hasSuffix("/") || (FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue) {
                return .success(Paths.normalise(out.hasSuffix("/") ? out + name : out + "/" + name))
            }
            return .success(out)
        }
        switch input.kind {
        case .plan(let plan):
            if let problem = OutputPath.problem(with: plan) {
                return .failure(OutputPath.Problem(text: "the output folder's name '\(plan)' (the plan's file name) \(problem): rename the file or give --out"))
            }
            return .success("out/\(plan)/\(name)")
        case .directory:
            return .success("out/\(name)")
        case .schedule:
            let folder = (Paths.normalise(request.path) as NSString).deletingLastPathComponent
            return .success(folder.isEmpty ? name : folder + "/" + name)
        }
    }
}
