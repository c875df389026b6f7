import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// Every id a finding can carry: the loader's checks on the files themselves
/// and the rules of the catalogue. Reporters describe them (SARIF's rule list),
/// and docs/rules.md documents each.
public enum Diagnostics {
    public struct Entry: Sendable {
        public var id: String
        public var summary: String
        public var severity: Severity
        /// The docs page that explains it.
        public var page: String
    }

    public static let fileChecks: [(String, String)] = [
        ("yaml-syntax", "The file is well-formed YAML."),
        ("duplicate-key", "No key appears twice in one mapping."),
        ("empty-file", "The file holds a document."),
        ("not-utf8", "The file is UTF-8 text."),
        ("binary-data", "The file holds no control bytes (binary data)."),
        ("invalid-character", "No value holds a control character (other than tab and line breaks), a noncharacter or U+FEFF."),
        ("file-too-large", "The file is within the size limit."),
        ("nesting-too-deep", "Mappings and lists nest within the depth limit."),
        ("too-many-nodes", "The document, with aliases expanded, stays within the node limit."),
        ("unreadable-file", "The file can be read."),
        ("unknown-document", "The file is a plan, a rules file, a profile or a schedule (or, to thirds learn, an analytics CSV)."),
        ("unknown-key", "Every key is one the format defines."),
        ("missing-key", "Every required key is present."),
        ("wrong-type", "Every value has the type its key needs (a value, a list or a mapping)."),
        ("invalid-value", "Every value is one its key accepts."),
        ("invalid-date", "Dates, weeks and times exist in the calendar."),
        ("invalid-duration", "Durations are written as 90m, 2h, 30d, 4w."),
        ("unknown-timezone", "Time zones are IANA zone names."),
        ("undefined-reference", "Audiences, channels and rules files referred to are defined."),
        ("duplicate-id", "Item ids are unique within a plan."),
        ("nonexistent-time", "A fixed time exists in the account's zone (not skipped when clocks go forward)."),
        ("ambiguous-time", "A fixed time happens once in the account's zone (not repeated when clocks go back)."),
        ("outside-period", "Fixed times and windows lie inside the plan's period."),
        ("bound-outside-period", "A not_before or not_after lies inside the plan's period (one outside it limits nothing: a sign of a plan copied from another week), and so does an article's front matter date (one before it publishes the article back-dated)."),
        ("unused-waiver", "Every waiver waives a finding."),
        ("plan-too-large", "A plan stays within the limits on items, posts, audiences and grid slots."),
        ("too-many-findings", "A file has at most 200 findings; the rest are counted, not listed."),
        ("schedule-window", "Every post of a schedule lies inside its item's window, at its pinned time if it has one."),
        ("schedule-required", "Every required post of the plan is in the schedule."),
        ("ragged-row", "Every row of an analytics file has as many fields as its header."),
    ]

    /// Checks the exports make on what they write.
    public static let exportChecks: [Entry] = [
        Entry(id: "bulk-time", summary: "Times in a bulk-upload file are ones the tool accepts and reads as meant.",
              severity: .warning, page: "bulk-upload-formats.md"),
        Entry(id: "output-path", summary: "Every output's name is a safe file name, and no two plans write the same folder.",
              severity: .error, page: "exports.md"),
    ]

    public static let catalogue: [Entry] =
        fileChecks.map { Entry(id: $0.0, summary: $0.1, severity: .error, page: "diagnostics.md") }
        .map { entry in
            var entry = entry
            if ["unused-waiver", "bound-outside-period"].contains(entry.id) { entry.severity = .warning }
            return entry
        }
        + RuleCatalogue.all.map { Entry(id: $0.id, summary: $0.summary, severity: $0.defaultSeverity, page: "rules.md") }
        + exportChecks
}

