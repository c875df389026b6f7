import ArgumentParser
import Foundation
import ThirdsCore
import ThirdsReport
import ThirdsKit

@main
struct ThirdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thirds",
        abstract: "Plan-as-code posting scheduler: check weekly posting plans and place their posts when each audience reads.",
        version: Thirds.version,
        subcommands: [CheckCommand.self, ScheduleCommand.self, ExplainCommand.self, ExportCommand.self, ReportCommand.self, LearnCommand.self, NewCommand.self, MeasureCommand.self])

    /// ArgumentParser exits 64 on usage errors; `thirds` promises 2 for "could
    /// not run", as linters do.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("thirds: \(failure.message)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data(("thirds: " + message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check plans and rule files; a directory of plans is checked as consecutive weeks.",
        discussion: "Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 the check could not run.")

    @Argument(help: "Plan or rules files, or directories holding them.")
    var paths: [String] = ["."]

    @Option(help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Flag(help: "Treat warnings as errors for the exit status.")
    var strict = false

    func run() throws {
        try Commands.check(paths: paths, format: format, strict: strict, color: Terminal.colors.standardOutput).perform()
    }
}

enum Terminal {
    /// Colour only for a person at a terminal, and never when NO_COLOR is set.
    static var colors: OutputColors {
        let allowed = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        return OutputColors(standardOutput: allowed && isatty(STDOUT_FILENO) == 1, standardError: allowed && isatty(STDERR_FILENO) == 1)
    }
}

extension CommandOutcome {
    /// The files first (all or none), then the text, then the status.
    func perform() throws {
        if let files {
            do {
                try AtomicWriter.write(files, hooks: .from(environment: ProcessInfo.processInfo.environment))
            } catch {
                throw writeFailure(error)
            }
        }
        FileHandle.standardOutput.write(Data(standardOutput.utf8))
        FileHandle.standardError.write(Data(standardError.utf8))
        if status != 0 { throw ExitCode(status) }
    }
}
