import CSV
import Foundation
import ThirdsCore
import ThirdsModel

/// How large an analytics file may be, and the ranges of its values
/// (docs/diagnostics.md#analytics-files). A year of X's export for an account
/// posting 50 times a day is about 18,000 rows and 11 MB.
public enum AnalyticsLimits {
    /// Bytes of one file, checked before it is parsed.
    public static let maxBytes = 33_554_432
    /// Rows of one file, its header and blank lines not counted.
    public static let maxRows = 100_000
    /// Impressions of one post: 0 up to ten billion.
    public static let maxImpressions = 10_000_000_000.0
    /// Years a post's time may fall in, as a plan's dates.
    public static let firstYear = 1970
    public static let lastYear = 2199
    /// Findings listed for one file; the rest are counted.
    public static let maxFindings = 200
}

/// Which export a file is, told from its header.
public enum AnalyticsFormat: String, Sendable, Hashable, CaseIterable {
    /// X's tweet activity export: `Tweet id`, `Tweet permalink`, `Tweet text`, `time`, `impressions`, … (40 columns).
    case xTweetActivity = "x-tweet-activity"
    /// `time,impressions`, with optional `id` and `text`.
    case plain
}

/// An analytics file in memory: its name (as findings name it) and bytes.
public struct AnalyticsInput: Sendable {
    public var name: String
    public var data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// Why a row of an export is not used for the fit.
public enum LeftOutReason: String, Sendable, Hashable, CaseIterable {
    /// A reply (its text starts with `@`): seen by the thread, not the audience's feed.
    case reply
    /// A retweet (its text starts with `RT @`): another account's post.
    case retweet
    /// Before `since` or not before `until`.
    case outsidePeriod = "outside-period"
    /// The same id again (in the same file or another): the row with the most
    /// impressions is kept, since a post's count only grows as it ages.
    case duplicate
}

/// A post the fit uses, with the row it was read from (the line its record starts on).
public struct KeptPost: Sendable, Hashable {
    public var post: ObservedPost
    public var location: SourceLocation
}

/// A post left out, why, and where: a duplicate's `keptAt` is the row kept instead.
public struct LeftOutPost: Sendable, Hashable {
    public var post: ObservedPost
    public var reason: LeftOutReason
    public var location: SourceLocation
    public var keptAt: SourceLocation?
}

/// One file as read: its format (nil when it could not be told) and its rows.
public struct AnalyticsFile: Sendable, Hashable {
    public var name: String
    public var format: AnalyticsFormat?
    /// Rows after the header, blank lines not counted, whether readable or not.
    public var rows: Int
}

/// What the reader made of the files: the posts the fit may use, those left
/// out and why, and every problem found. With any error the posts must not be
/// used: `thirds learn` reports the findings, writes nothing and exits 1.
public struct AnalyticsRead: Sendable {
    /// Kept posts in order of time, then id.
    public var kept: [KeptPost]
    /// Left-out posts in the order of the files and their rows.
    public var leftOut: [LeftOutPost]
    public var files: [AnalyticsFile]
    /// In reporting order (`Finding.ordered`), at most `AnalyticsLimits.maxFindings` a file.
    public var findings: [Finding]

    public var posts: [ObservedPost] { kept.map(\.post) }
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }
    public func count(_ reason: LeftOutReason) -> Int { leftOut.filter { $0.reason == reason }.count }
}

/// Reads X's tweet activity export and plain `time,impressions` CSV files into
/// `ObservedPost`s (docs/learn.md#analytics-files). CSV is parsed by
/// yaslab/CSV.swift; this type checks the bytes before, and the header and
/// each row's values after, and reports each problem at its line and field.
public enum AnalyticsReader {
    /// Reads files from disk, at most `AnalyticsLimits.maxBytes + 1` bytes each.
    public static func read(paths: [String], since: Date? = nil, until: Date? = nil) -> AnalyticsRead {
        var inputs: [AnalyticsInput] = []
        var early: [Finding] = []
        for path in paths {
            do {
                inputs.append(AnalyticsInput(name: path, data: try BoundedFile.read(path, limit: AnalyticsLimits.maxBytes)))
            } catch let tooLarge as BoundedFile.TooLarge {
                early.append(tooLargeFinding(path, bytes: tooLarge.bytes))
            } catch {
                early.append(Finding(ruleID: "unreadable-file", severity: .error, location: SourceLocation(file: path, line: 1, column: 1),
                                     message: "cannot read '\(path)'", hint: "check the path and its permissions"))
            }
        }
        var result = read(inputs, since: since, until: until)
        for finding in early {
            result.files.append(AnalyticsFile(name: finding.location.file, format: nil, rows: 0))
        }
        result.findings = Finding.ordered(result.findings + early)
        return result
    }

    /// Reads files already in memory: the same bytes give the same result,
    /// whatever the machine's zone and locale.
    public static func read(_ inputs: [AnalyticsInput], since: Date? = nil, until: Date? = nil) -> AnalyticsRead {
        var rows: [Row] = []
        var files: [AnalyticsFile] = []
        var findings: [Finding] = []
        for input in inputs {
            let file = AnalyticsFileReader(name: input.name).read(input.data)
            rows += file.rows
            files.append(AnalyticsFile(name: input.name, format: file.format, rows: file.rowCount))
            findings += capped(file.findings)
        }
        var (kept, leftOut) = sort(rows, since: since, until: until)
        kept.sort { ($0.post.instant, $0.post.id, $0.location) < ($1.post.instant, $1.post.id, $1.location) }
        return AnalyticsRead(kept: kept, leftOut: leftOut, files: files, findings: Finding.ordered(findings))
    }

    /// A readable row: the values and the row's text, if the file has one.
    struct Row {
        var post: ObservedPost
        var text: String?
        var location: SourceLocation
    }

    /// Duplicates first (each id once, the most impressions kept), then
    /// retweets, replies and the period: every row is counted under one reason.
    static func sort(_ rows: [Row], since: Date?, until: Date?) -> (kept: [KeptPost], leftOut: [LeftOutPost]) {
        var best: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            if let current = best[row.post.id] {
                if row.post.impressions > rows[current].post.impressions { best[row.post.id] = index }
            } else {
                best[row.post.id] = index
            }
        }
        var kept: [KeptPost] = []
        var leftOut: [LeftOutPost] = []
        for (index, row) in rows.enumerated() {
            let chosen = best[row.post.id] ?? index
            if chosen != index {
                leftOut.append(LeftOutPost(post: row.post, reason: .duplicate, location: row.location, keptAt: rows[chosen].location))
                continue
            }
            let text = row.text.map { $0.drop { $0 == " " || $0 == "\t" } } ?? ""
            let reason: LeftOutReason? =
                text.hasPrefix("RT @") ? .retweet
                : text.hasPrefix("@") ? .reply
                : (since.map { row.post.instant < $0 } ?? false) || (until.map { row.post.instant >= $0 } ?? false) ? .outsidePeriod
                : nil
            if let reason {
                leftOut.append(LeftOutPost(post: row.post, reason: reason, location: row.location, keptAt: nil))
            } else {
                kept.append(KeptPost(post: row.post, location: row.location))
            }
        }
        return (kept, leftOut)
    }

    static func capped(_ findings: [Finding]) -> [Finding] {
        let ordered = Finding.ordered(findings)
        guard ordered.count > AnalyticsLimits.maxFindings, let last = ordered.prefix(AnalyticsLimits.maxFindings).last else { return ordered }
        return Array(ordered.prefix(AnalyticsLimits.maxFindings)) + [
            Finding(ruleID: "too-many-findings", severity: .error, location: last.location,
                    message: "\(ordered.count - AnalyticsLimits.maxFindings) more findings in \(last.location.file) not shown",
                    hint: "fix these and read the file again"),
        ]
    }

    static func tooLargeFinding(_ file: String, bytes: Int?) -> Finding {
        let size = bytes.map { "file is \($0) bytes, over" } ?? "file is over"
        return Finding(ruleID: "file-too-large", severity: .error, location: SourceLocation(file: file, line: 1, column: 1),
                       message: "\(size) the limit of \(AnalyticsLimits.maxBytes) bytes for an analytics export",
                       hint: "export a shorter period, or split the file in two (each with the header line)")
    }
}
