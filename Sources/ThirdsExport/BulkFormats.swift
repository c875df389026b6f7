import Foundation
import ThirdsCore
import ThirdsText
import ThirdsSchedule

/// What one bulk-upload tool's CSV looks like and what it accepts. The facts,
/// with their sources and the assumptions where no source was found, are in
/// docs/bulk-upload-formats.md; keep the two in step.
package struct BulkFormat: Sendable {
    /// The tool's name: the files' prefix and the findings' wording.
    package var tool: String
    /// The header record, or nil when the tool takes none.
    package var header: [String]?
    /// The most rows one file may hold; more are split over numbered files.
    package var rowLimit: Int
    /// Times are rounded up to a multiple of this many minutes of the clock
    /// they are written on (1: whole minutes).
    package var granularity: Int
    /// How long after the upload the earliest post may be (the export time
    /// stands in for the upload time).
    package var minimumLead: TimeInterval
    /// The least time between two posts of one file, when the tool asks for one.
    package var minimumSpacing: TimeInterval?
    /// Whether times are written as wall-clock times (the account's zone), so
    /// that a time in the hour repeated when clocks go back is ambiguous.
    package var writesLocalTime: Bool
    /// The channels the tool publishes to, in file order.
    package var channels: [String]
    /// The fields of one row.
    package var fields: @Sendable (BulkRow) -> [String]

    package static func of(_ tool: BulkExport.Tool) -> BulkFormat? {
        switch tool {
        case .hootsuite: hootsuite
        case .buffer: buffer
        case .sprout: sprout
        case .csv: nil
        }
    }

    /// Hootsuite's bulk composer: no header; date and time, message, link;
    /// `MM/DD/YYYY HH:mm` (chosen at upload); 5-minute marks; 350 messages.
    package static let hootsuite = BulkFormat(
        tool: "hootsuite", header: nil, rowLimit: 350, granularity: 5, minimumLead: 10 * 60, minimumSpacing: nil,
        writesLocalTime: true, channels: ["x", "linkedin"],
        fields: { row in [BulkTime.monthDayYear(row.local.date) + " " + row.local.time.description, row.text, ""] })

    /// Buffer: no CSV import format was found documented; a header row, the
    /// text, an empty media column and the instant in UTC (ISO 8601 with Z,
    /// the form of Buffer's API), at most 90 rows (the smallest limit found).
    package static let buffer = BulkFormat(
        tool: "buffer", header: ["Text", "Image URL", "Scheduled At"], rowLimit: 90, granularity: 1, minimumLead: 0,
        minimumSpacing: nil, writesLocalTime: false, channels: ["x", "linkedin"],
        fields: { row in [row.text, "", ScheduleDocument.utc(row.at)] })

    /// Sprout Social's bulk scheduling: required, case-sensitive headers
    /// `date` (`mm/dd/yyyy`, chosen at upload), `time_24hr`, `message_text`;
    /// 350 messages; 10 minutes apart and 10 minutes after the upload.
    package static let sprout = BulkFormat(
        tool: "sprout", header: ["date", "time_24hr", "message_text"], rowLimit: 350, granularity: 1, minimumLead: 10 * 60,
        minimumSpacing: 10 * 60, writesLocalTime: true, channels: ["x", "linkedin"],
        fields: { row in [BulkTime.monthDayYear(row.local.date), row.local.time.description, row.text] })
}

/// One post on one channel, as a bulk file carries it.
package struct BulkRow: Sendable {
    package var post: ExportInput.ScheduledPost
    package var channel: String
    /// The text as it goes out on the channel (campaign-tagged links).
    package var text: String
    /// When the copy goes out on the channel (for a cross-post, as the
    /// cross-posting export times it).
    package var instant: Date
    /// When the tool is told to publish it: `instant` rounded up.
    package var at: Date
    /// `at` on the account's clock.
    package var local: LocalDateTime
}

package enum BulkTime {
    /// `12/03/2026`.
    package static func monthDayYear(_ date: LocalDate) -> String {
        twoDigits(date.month) + "/" + twoDigits(date.day) + "/" + String(date.year)
    }

    /// The first instant at or after `instant` whose time on `clock` is a
    /// whole multiple of `minutes` (so a post never goes out early).
    package static func roundUp(_ instant: Date, toMinutes minutes: Int, on clock: ZoneClock) -> Date {
        let step = Double(minutes * 60)
        let offset = Double(clock.zone.secondsFromGMT(for: instant))
        let wall = instant.timeIntervalSince1970 + offset
        let rounded = (wall / step).rounded(.up) * step
        return Date(timeIntervalSince1970: rounded - offset)
    }
}
