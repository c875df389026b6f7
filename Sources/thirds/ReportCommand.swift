import ArgumentParser
import Foundation
import ThirdsKit

extension WeekReportFormat: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML page of a week (or a directory's weeks): the posts on every channel, each audience's clock, the thirds and the reach against the old habit.",
        discussion: """
            Solves the plan as 'thirds schedule' does (the same seed gives the same schedule), or reads a schedule file back. \
            Writes out/<plan name>/report.html for a plan, out/report.html for a directory, report.html beside a schedule file, \
            or the file --out names (report.html inside it when it is a folder). The page loads nothing from anywhere. \
            SOURCE_DATE_EPOCH adds that time to the page; without it the page carries no time, so the same plan gives the same bytes.
            Exit status: 0 written, 1 the input has errors or cannot be scheduled (nothing written), 2 the command could not run.
            """)

    @Argument(help: "A plan file, a directory of weekly plans, or a schedule file written by 'thirds schedule'.")
    var path: String

    @Option(help: "The file to write (a folder gets report.html inside).")
    var out: String?

    @Option(help: "What to write: \(WeekReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: WeekReportFormat = .html

    @OptionGroup var solve: SolveOptionGroup

    func validate() throws {
        if let out, let problem = OutputPath.problem(withUserPath: out) { throw ValidationError("--out '\(out)' \(problem): give a file, such as report.html") }
    }

    func run() throws {
        try Commands.report(Commands.ReportRequest(path: path, out: out, format: format, options: solve.options),
                            environment: ProcessInfo.processInfo.environment, colors: Terminal.colors).perform()
    }
}
