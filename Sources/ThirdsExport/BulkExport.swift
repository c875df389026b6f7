import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// CSV files for the bulk-upload screens of social-media tools (Hootsuite,
/// Buffer, Sprout Social), and a plain CSV of the schedule.
///
/// A bulk upload sends every row of a file to the profiles picked when the
/// file is uploaded, so each channel gets its own files: `hootsuite-x.csv`,
/// `hootsuite-linkedin.csv`, and `hootsuite-x-1.csv`, `hootsuite-x-2.csv`
/// when a channel has more rows than the tool takes in one file. A copy on a
/// `crosspost` channel goes out when the cross-posting export times it
/// (`CrosspostExport.publishTimes`: a LinkedIn copy inside LinkedIn's
/// window), so every export publishes it at the same moment.
///
/// Every text is checked against its channel's limit before anything is
/// written: one that does not fit is a `text-length` error and the tool gets
/// no files. Times the tool will refuse or misread (too soon after the export,
/// two posts in one slot, a wall-clock time that happens twice) are
/// `bulk-time` warnings; the files are still written.
public enum BulkExport {
    public enum Tool: String, CaseIterable, Sendable {
        case hootsuite, buffer, sprout, csv
    }

    /// The rule id of the warnings about times.
    public static let timeRuleID = "bulk-time"

    public static func export(_ input: ExportInput, to tool: Tool) -> (files: [ExportFile], findings: [Finding]) {
        guard let format = BulkFormat.of(tool) else { return BulkScheduleCSV.export(input) }
        return export(input, format: format)
    }

    package static func export(_ input: ExportInput, format: BulkFormat) -> (files: [ExportFile], findings: [Finding]) {
        let plan = input.plan
        let clock = plan.account.clock

        // Each post on each channel the tool publishes to, with its text and
        // time there.
        let variants = BulkCopies.of(input, on: format.channels)
        let lengthFindings = BulkTextCheck.findings(variants.map { ($0.post.item, $0.channel, $0.text) }, tool: format.tool)
        if !lengthFindings.isEmpty { return ([], Finding.ordered(lengthFindings)) }

        var findings: [Finding] = []
        var files: [ExportFile] = []
        for channel in format.channels {
            var rows: [BulkRow] = []
            for variant in variants where variant.channel == channel {
                guard let instant = variant.instant else {
                    findings.append(untimed(variant.post, channel: channel, tool: format.tool))
                    continue
                }
                let at = BulkTime.roundUp(instant, toMinutes: format.granularity, on: clock)
                rows.append(BulkRow(post: variant.post, channel: channel, text: variant.text, instant: instant, at: at, local: clock.local(at)))
            }
            rows.sort { ($0.at, $0.instant, $0.post.occurrence.id) < ($1.at, $1.instant, $1.post.occurrence.id) }
            guard !rows.isEmpty else { continue }
            findings += timeFindings(rows, format: format, clock: clock, generatedAt: input.generatedAt)

            let chunks = stride(from: 0, to: rows.count, by: format.rowLimit).map { Array(rows[$0..<min($0 + format.rowLimit, rows.count)]) }
            for (index, chunk) in chunks.enumerated() {
                let name = chunks.count == 1 ? "\(format.tool)-\(channel).csv" : "\(format.tool)-\(channel)-\(index + 1).csv"
                files.append(ExportFile(path: name, contents: CSVWriter.document(header: format.header, rows: chunk.map(format.fields))))
            }
        }
        return (files, Finding.ordered(findings))
    }

    /// A copy the cross-posting timing could not place (no time inside
    /// LinkedIn's window within reach): left out of the files.
    package static func untimed(_ post: ExportInput.ScheduledPost, channel: String, tool: String) -> Finding {
        Finding(ruleID: timeRuleID, severity: .warning, location: post.occurrence.location,
                message: "the \(channel) copy of '\(post.occurrence.id)' finds no time inside the channel's window before the plan's period ends, so it is left out of the \(tool) files",
                hint: "widen 'window' under '\(channel):', or shorten its 'gap'")
    }

    /// Warnings about times the tool will refuse or misread.
    package static func timeFindings(_ rows: [BulkRow], format: BulkFormat, clock: ZoneClock, generatedAt: Date) -> [Finding] {
        var findings: [Finding] = []
        func warn(_ row: BulkRow, _ message: String, hint: String? = nil, related: [SourceLocation] = []) {
            findings.append(Finding(ruleID: timeRuleID, severity: .warning, location: row.post.occurrence.location,
                                    message: message, hint: hint, related: related))
        }
        func written(_ row: BulkRow) -> String {
            format.writesLocalTime ? ScheduleDocument.local(row.at, clock) : ScheduleDocument.utc(row.at)
        }

        let earliest = generatedAt.addingTimeInterval(format.minimumLead)
        for row in rows where row.at < earliest {
            let minutes = Int(format.minimumLead / 60)
            warn(row, "'\(row.post.occurrence.id)' on \(row.channel) is at \(written(row)), "
                 + (minutes > 0 ? "less than \(minutes) minutes after the export (\(ScheduleDocument.utc(generatedAt))): \(format.tool) refuses it"
                                : "before the export (\(ScheduleDocument.utc(generatedAt))): \(format.tool) cannot schedule it in the past"),
                 hint: "re-solve the schedule from now, or leave this post out of the upload")
        }
        if format.writesLocalTime {
            for row in rows where clock.instants(of: row.local).count > 1 {
                warn(row, "'\(row.post.occurrence.id)' on \(row.channel) is at \(row.local.description) on the account's clock, a time that happens twice when the clocks go back: \(format.tool) may take the other one",
                     hint: "move it out of the repeated hour")
            }
        }
        for (previous, row) in zip(rows, rows.dropFirst()) {
            if let spacing = format.minimumSpacing {
                let apart = row.at.timeIntervalSince(previous.at)
                if apart < spacing {
                    warn(row, "'\(previous.post.occurrence.id)' and '\(row.post.occurrence.id)' on \(row.channel) are \(Int(apart / 60)) minutes apart: \(format.tool) needs \(Int(spacing / 60))",
                         hint: "move one of them", related: [previous.post.occurrence.location])
                }
            } else if format.granularity > 1, row.at == previous.at {
                // One message per time slot: rounding must not merge two.
                let rounded = row.at != row.instant || previous.at != previous.instant
                warn(row, "'\(previous.post.occurrence.id)' and '\(row.post.occurrence.id)' on \(row.channel) both go to \(format.tool) at \(written(row))"
                     + (rounded ? " once rounded up to \(format.granularity) minutes" : ""),
                     hint: "move one of them to another \(format.granularity)-minute slot", related: [previous.post.occurrence.location])
            }
        }
        return findings
    }
}

/// Each post on each of its channels, with the text and time it goes out
/// with there: the item's own channel at the post's time, a cross-post when
/// the cross-posting export times it (`CrosspostExport.publishTimes`: a blog
/// article `lead` before the post, a LinkedIn copy inside LinkedIn's window),
/// so that every export publishes a copy at the same moment.
package enum BulkCopies {
    package struct Copy {
        package var post: ExportInput.ScheduledPost
        package var channel: String
        package var text: String
        /// nil when the copy cannot be timed.
        package var instant: Date?
    }

    /// In post order, each post's channels in the plan's order; only the
    /// channels in `channels` when given.
    package static func of(_ input: ExportInput, on channels: [String]? = nil) -> [Copy] {
        let plan = input.plan
        let copyTimes = CrosspostExport.publishTimes(input)
        var copies: [Copy] = []
        // A task is work to do, not a post: no tool is asked to publish it.
        for post in input.posts where !post.item.isTask {
            var seen = Set<String>()
            for channel in post.item.allChannels.map(\.value)
            where seen.insert(channel).inserted && channels.map({ $0.contains(channel) }) ?? true {
                let instant = channel == post.item.channel.value ? post.instant : copyTimes["\(post.occurrence.id)#\(channel)"]
                copies.append(Copy(post: post, channel: channel,
                                   text: CampaignLinks.text(of: post.item, on: plan.channel(channel), campaign: plan.name), instant: instant))
            }
        }
        return copies
    }
}

/// The length check every CSV export makes before it writes anything.
package enum BulkTextCheck {
    /// A `text-length` error for each item whose text does not fit a channel,
    /// once per item and channel however often the item repeats.
    package static func findings(_ variants: [(item: Item, channel: String, text: String)], tool: String) -> [Finding] {
        var seen = Set<String>()
        var findings: [Finding] = []
        for (item, channel, text) in variants {
            // The tool refuses what the channel refuses, whatever the plan's rules allow.
            guard let measure = TextLengthRule.measure(text, on: channel), let limit = TextLengthRule.channelLimit(on: channel) else { continue }
            let measured = (length: measure.length, limit: limit, unit: measure.unit)
            guard measured.length > measured.limit, seen.insert(item.id.value + "\u{0}" + channel).inserted else { continue }
            let tagged = text != item.renderedText ? " with its campaign-tagged link" : ""
            findings.append(Finding(
                ruleID: TextLengthRule.id, severity: .error, location: item.text.location,
                message: "text of '\(item.id.value)' for \(tool) is \(measured.length) \(measured.unit) on \(channel)\(tagged), over the limit of \(measured.limit)",
                hint: "shorten it by \(measured.length - measured.limit); no \(tool) files were written"))
        }
        return findings
    }
}
