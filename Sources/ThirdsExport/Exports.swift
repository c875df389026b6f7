import Foundation
import ThirdsCore
import ThirdsText

/// The exports of a schedule, by name, and the files `thirds schedule` writes
/// beside every schedule.
public enum ExportKind: String, Sendable, CaseIterable {
    case ics, crosspost, hootsuite, buffer, sprout, csv

    /// What `thirds schedule` writes without being asked.
    public static let standard: [ExportKind] = [.ics, .crosspost]

    /// Throws when a file cannot be encoded (nothing is written then).
    public func run(_ input: ExportInput) throws -> (files: [ExportFile], findings: [Finding]) {
        switch self {
        case .ics: (ICalendarExport.export(input), [])
        case .crosspost: try CrosspostExport.export(input)
        case .hootsuite: BulkExport.export(input, to: .hootsuite)
        case .buffer: BulkExport.export(input, to: .buffer)
        case .sprout: BulkExport.export(input, to: .sprout)
        case .csv: BulkExport.export(input, to: .csv)
        }
    }

    /// Every export asked for; files only when none of them found an error,
    /// so a breach never leaves half a set of files behind.
    public static func run(_ kinds: [ExportKind], _ input: ExportInput) throws -> (files: [ExportFile], findings: [Finding]) {
        var files: [ExportFile] = []
        var findings: [Finding] = []
        for kind in kinds {
            let result = try kind.run(input)
            files += result.files
            findings += result.findings
        }
        findings = Finding.ordered(Array(Set(findings)))
        return (findings.contains { $0.severity == .error } ? [] : files, findings)
    }
}
