import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsSchedule
import ThirdsCheck

/// The output formats of `thirds check`. Each reporter is a pure function from
/// findings to text.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, github, sarif

    /// Throws when JSON cannot hold a value of the report (the JSON formats).
    public func render(_ report: CheckReport, color: Bool = false) throws -> String {
        switch self {
        case .text: TextReporter.render(report, color: color)
        case .json: try JSONReporter.render(report)
        case .github: GitHubReporter.render(report)
        case .sarif: try SARIFReporter.render(report)
        }
    }
}

public enum TextReporter {
    public static func render(_ report: CheckReport, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        for finding in report.findings {
            let label = finding.severity == .error ? paint("error", "1;31") : paint("warning", "1;33")
            // Values from the files are escaped: they must not drive the terminal.
            let place = TerminalText.escaped(finding.location.description)
            out += "\(paint(place, "1")): \(label): [\(finding.ruleID)] \(TerminalText.escaped(finding.message))\n"
            if let hint = finding.hint { out += "  \(paint("hint", "36")): \(TerminalText.escaped(hint))\n" }
            for place in finding.related { out += "  \(paint("see", "36")): \(TerminalText.escaped(place.description))\n" }
        }
        out += summary(report) + "\n"
        return out
    }

    package static func summary(_ report: CheckReport) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let scope = "\(count(report.filesChecked, "file")) (\(count(report.plansChecked, "plan")))"
        if report.findings.isEmpty { return "no problems in \(scope)" }
        return "\(count(report.errorCount, "error")), \(count(report.warningCount, "warning")) in \(scope)"
    }
}

public enum JSONReporter {
    package struct Document: Encodable {
        package var version = 1
        package var tool = "thirds"
        package var summary: Summary
        package var findings: [Entry]
    }

    package struct Summary: Encodable {
        package var files: Int
        package var plans: Int
        package var errors: Int
        package var warnings: Int
    }

    package struct Entry: Encodable {
        package var rule: String
        package var severity: String
        package var file: String
        package var line: Int
        package var column: Int
        package var message: String
        package var hint: String?
        package var related: [SourceLocation]
    }

    public static func render(_ report: CheckReport) throws -> String {
        let document = Document(
            summary: Summary(files: report.filesChecked, plans: report.plansChecked,
                             errors: report.errorCount, warnings: report.warningCount),
            findings: report.findings.map {
                Entry(rule: $0.ruleID, severity: $0.severity.rawValue, file: $0.location.file, line: $0.location.line,
                      column: $0.location.column, message: $0.message, hint: $0.hint, related: $0.related)
            })
        return try encodeJSON(document, what: "the report")
    }
}

/// GitHub Actions workflow commands, which annotate the pull request's files.
public enum GitHubReporter {
    public static func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.findings {
            let command = finding.severity == .error ? "error" : "warning"
            let properties = [
                "file=\(escapeProperty(TerminalText.escaped(finding.location.file)))",
                "line=\(finding.location.line)",
                "col=\(finding.location.column)",
                "title=\(escapeProperty("thirds [\(finding.ruleID)]"))",
            ].joined(separator: ",")
            // The runner prints annotations to the log, a terminal too.
            let message = TerminalText.escaped(finding.message) + (finding.hint.map { "\nhint: " + TerminalText.escaped($0) } ?? "")
            out += "::\(command) \(properties)::\(escapeData(message))\n"
        }
        return out
    }

    /// The escapes the Actions runner undoes in a command's message.
    package static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Properties also escape the characters that separate them.
    package static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

