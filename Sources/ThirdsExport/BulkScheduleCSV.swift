import Foundation
import ThirdsCore
import ThirdsText
import ThirdsSchedule

/// The schedule as a plain CSV (`schedule.csv`), for spreadsheets and for
/// tools without a format of their own: one row per post per channel.
///
/// Columns: `id` (the post), `item`, `kind`, `channel`, `at` (UTC, ISO 8601
/// with Z), `local` (the account's clock, with its offset), `priority`,
/// `reach` (the post's expected reach R, three decimals, the same on each of
/// its channels), `text` (as it goes out on the channel) and `link` (the
/// item's link as tagged for the channel; empty when it has none).
///
/// A cross-post is at the time the cross-posting export gives it (a blog
/// article the blog's `lead` before the post, a LinkedIn copy inside
/// LinkedIn's window); the item's own channel at the post's time.
package enum BulkScheduleCSV {
    package static let fileName = "schedule.csv"
    package static let header = ["id", "item", "kind", "channel", "at", "local", "priority", "reach", "text", "link"]

    package static func export(_ input: ExportInput) -> (files: [ExportFile], findings: [Finding]) {
        let plan = input.plan
        let clock = plan.account.clock
        let copies = BulkCopies.of(input)
        let findings = BulkTextCheck.findings(copies.map { ($0.post.item, $0.channel, $0.text) }, tool: "csv")
        if !findings.isEmpty { return ([], Finding.ordered(findings)) }

        var rows: [(at: Date, fields: [String])] = []
        var untimed: [Finding] = []
        for copy in copies {
            let item = copy.post.item
            guard let at = copy.instant else {
                untimed.append(BulkExport.untimed(copy.post, channel: copy.channel, tool: "csv"))
                continue
            }
            let link = item.link.map { link in
                plan.channel(copy.channel)?.tagsLinks ?? true ? CampaignLinks.tag(link.value, channel: copy.channel, campaign: plan.name) : link.value
            } ?? ""
            rows.append((at, [
                copy.post.occurrence.id, item.id.value, item.kind.value.rawValue, copy.channel, ScheduleDocument.utc(at),
                ScheduleDocument.local(at, clock), item.priority.rawValue, String(format: "%.3f", copy.post.reach), copy.text, link,
            ]))
        }
        // Stable: posts are in time order already, each post's channels in the
        // plan's order; a copy timed apart from its post takes its own place.
        let ordered = rows.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element.fields)
        return ([ExportFile(path: fileName, contents: CSVWriter.document(header: header, rows: ordered))], Finding.ordered(untimed))
    }
}
