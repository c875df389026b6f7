import CSV
import Foundation
import ThirdsCore
import ThirdsModel

/// The columns the reader uses; every other column is ignored.
enum AnalyticsColumn: CaseIterable {
    case id, text, time, impressions

    /// Header names, compared after `normalised`: X's and the plain CSV's.
    var names: [String] {
        switch self {
        case .id: ["tweetid", "id"]
        case .text: ["tweettext", "text"]
        case .time: ["time"]
        case .impressions: ["impressions"]
        }
    }

    func title(in format: AnalyticsFormat) -> String {
        switch (self, format) {
        case (.id, .xTweetActivity): "Tweet id"
        case (.text, .xTweetActivity): "Tweet text"
        case (.id, .plain): "id"
        case (.text, .plain): "text"
        case (.time, _): "time"
        case (.impressions, _): "impressions"
        }
    }

    static func required(in format: AnalyticsFormat) -> [AnalyticsColumn] {
        format == .xTweetActivity ? [.id, .text, .time, .impressions] : [.time, .impressions]
    }

    /// `Tweet id`, `tweet_id` and ` TWEET ID ` are one name: case, spaces, `_` and `-` do not count.
    static func normalised(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "_" && $0 != "-" }
            .map(Character.init))
    }

    /// Names only X's export has: their presence makes a file X's.
    static let xMarkers: Set<String> = ["tweetid", "tweetpermalink", "tweettext"]
}

/// Reads one file: bytes, header, rows. Findings point at `FILE:LINE:COLUMN`,
/// where LINE is the line a value starts on (quoted line breaks counted) and
/// COLUMN is the value's field number in its row.
struct AnalyticsFileReader {
    let name: String
    private(set) var findings: [Finding] = []
    private(set) var rows: [AnalyticsReader.Row] = []
    private(set) var rowCount = 0
    private(set) var format: AnalyticsFormat?

    init(name: String) { self.name = name }

    private func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: name, line: line, column: column) }

    private mutating func error(_ rule: String, _ line: Int, _ column: Int, _ message: String, hint: String? = nil) {
        findings.append(Finding(ruleID: rule, severity: .error, location: at(line, column), message: message, hint: hint))
    }

    func read(_ data: Data) -> AnalyticsFileReader {
        var copy = self
        copy.readAll(data)
        return copy
    }

    private mutating func readAll(_ data: Data) {
        if data.count > AnalyticsLimits.maxBytes {
            findings.append(AnalyticsReader.tooLargeFinding(name, bytes: data.count))
            return
        }
        let bytes = [UInt8](data)
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        if body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            error("empty-file", 1, 1, "file is empty", hint: "export the account's post activity as CSV (see docs/learn.md)")
            return
        }
        if let problem = AnalyticsBytes.firstProblem(bytes, file: name) {
            findings.append(problem)
            return
        }
        // The CSV reader takes the bytes as a stream: it skips the byte order mark itself.
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: false)
        } catch {
            self.error("unreadable-file", 1, 1, "cannot read '\(name)' as CSV: \(error)")
            return
        }
        guard let header = reader.next() else {
            error("empty-file", 1, 1, "file is empty")
            return
        }
        guard let columns = readHeader(header, firstLine: String(decoding: body.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self))
        else { return }
        var line = 2 + AnalyticsBytes.lineBreaks(in: header)
        while let fields = reader.next() {
            let start = line
            line += 1 + AnalyticsBytes.lineBreaks(in: fields)
            if fields == [""] { continue }  // a blank line
            rowCount += 1
            if rowCount > AnalyticsLimits.maxRows {
                error("file-too-large", start, 1, "file has more than \(AnalyticsValues.grouped(Double(AnalyticsLimits.maxRows))) rows, the limit for an analytics export",
                      hint: "export a shorter period, or split the file in two (each with the header line)")
                rowCount -= 1
                break
            }
            readRow(fields, start: start, header: header, columns: columns)
        }
        if reader.error != nil {
            error("not-utf8", line, 1, "file is not UTF-8 text", hint: "save the file as UTF-8")
        }
        if rowCount == 0, findings.isEmpty {
            error("empty-file", 1, 1, "file has a header but no rows of posts",
                  hint: "export a period in which the account posted")
        }
    }

    /// Which field holds each column; nil (with findings) when the header is not one the reader knows.
    private mutating func readHeader(_ header: [String], firstLine: String) -> [AnalyticsColumn: Int]? {
        let names = header.map(AnalyticsColumn.normalised)
        var columns: [AnalyticsColumn: Int] = [:]
        for (index, name) in names.enumerated() {
            guard let column = AnalyticsColumn.allCases.first(where: { $0.names.contains(name) }) else { continue }
            if let first = columns[column] {
                if names[first] == name {
                    error("duplicate-key", 1, index + 1, "column '\(header[index])' appears twice (first as field \(first + 1))",
                          hint: "keep one of the two columns")
                }
                continue  // X's own name wins over the plain one ("Tweet id" over "id"), and the first over a repeat
            }
            columns[column] = index
        }
        // An X name replaces a plain name found earlier.
        for column in [AnalyticsColumn.id, .text] {
            if let xIndex = names.firstIndex(of: column.names[0]) { columns[column] = xIndex }
        }
        let isX = names.contains { AnalyticsColumn.xMarkers.contains($0) }
        let format: AnalyticsFormat = isX ? .xTweetActivity : .plain
        let unused = names.enumerated().filter { !columns.values.contains($0.offset) }
        func nearMiss(_ column: AnalyticsColumn) -> (index: Int, name: String)? {
            let wanted = column.names[format == .xTweetActivity ? 0 : column.names.count - 1]
            let scored = unused.map { (index: $0.offset, distance: editDistance($0.element, wanted)) }
            guard let best = scored.min(by: { ($0.distance, $0.index) < ($1.distance, $1.index) }),
                  best.distance <= max(1, wanted.count / 4) else { return nil }
            return (best.index, header[best.index])
        }
        let missing = AnalyticsColumn.required(in: format).filter { columns[$0] == nil }
        if columns.isEmpty, nearMiss(.time) == nil, nearMiss(.impressions) == nil {
            let looksLikeYAML = name.hasSuffix(".yaml") || name.hasSuffix(".yml") || firstLine.hasPrefix("---")
                || firstLine.range(of: #"^[A-Za-z_][A-Za-z0-9_-]*:( |$)"#, options: .regularExpression) != nil
            error("unknown-document", 1, 1,
                  "not an analytics export: its first line names no column of X's tweet activity export ('Tweet id', 'time', 'impressions', …) or of a plain 'time,impressions' CSV",
                  hint: looksLikeYAML
                    ? "this looks like a YAML file (a plan?); thirds learn reads analytics exports in CSV"
                    : "the first line must be the header: export tweet activity from X's analytics, or write a CSV whose header is time,impressions")
            return nil
        }
        guard missing.isEmpty else {
            for column in missing {
                let title = column.title(in: format)
                let what = format == .xTweetActivity ? "X's tweet activity export" : "a plain analytics CSV"
                if let near = nearMiss(column) {
                    error("missing-key", 1, near.index + 1, "missing column '\(title)' (did you mean '\(near.name)', field \(near.index + 1)?)",
                          hint: "rename the column '\(near.name)' to '\(title)'")
                } else {
                    error("missing-key", 1, 1, "missing column '\(title)' in \(what)",
                          hint: format == .xTweetActivity
                            ? "the export needs 'Tweet id', 'Tweet text', 'time' and 'impressions'; export it again from X's analytics"
                            : "a plain CSV needs 'time' and 'impressions' (and may have 'id' and 'text')")
                }
            }
            return nil
        }
        self.format = format
        return columns
    }

    private mutating func readRow(_ fields: [String], start: Int, header: [String], columns: [AnalyticsColumn: Int]) {
        guard fields.count == header.count else {
            let breaks = AnalyticsBytes.lineBreaks(in: fields)
            error("ragged-row", start, min(fields.count, header.count) + 1,
                  "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header \(header.count)",
                  hint: breaks > 0
                    ? "a quoted field of this row runs over several lines: check that every quote is closed (a quote inside a field is written \"\")"
                    : "a value with a comma or a line break must be in double quotes (a quote inside is written \"\")")
            return
        }
        /// The line a field starts on: the row's line plus the line breaks of the fields before it.
        func line(of index: Int) -> Int { start + AnalyticsBytes.lineBreaks(in: fields[..<index]) }
        var ok = true
        var instant = Date(timeIntervalSince1970: 0)
        var impressions = 0.0
        let timeIndex = columns[.time]!, impressionsIndex = columns[.impressions]!
        switch AnalyticsValues.instant(fields[timeIndex]) {
        case .success(let value): instant = value
        case .failure(let problem):
            ok = false
            error("invalid-date", line(of: timeIndex), timeIndex + 1, "'\(header[timeIndex])' \(problem.message)", hint: problem.hint)
        }
        switch AnalyticsValues.impressions(fields[impressionsIndex]) {
        case .success(let value): impressions = value
        case .failure(let problem):
            ok = false
            error("invalid-value", line(of: impressionsIndex), impressionsIndex + 1, problem.message, hint: problem.hint)
        }
        var id = "\(name):\(start)"
        if let idIndex = columns[.id] {
            id = fields[idIndex].trimmingCharacters(in: .whitespaces)
            if id.isEmpty {
                ok = false
                error("invalid-value", line(of: idIndex), idIndex + 1, "'\(header[idIndex])' is empty",
                      hint: "each post needs its id; remove the row or the whole '\(header[idIndex])' column")
            }
        }
        guard ok else { return }
        rows.append(AnalyticsReader.Row(post: ObservedPost(id: id, instant: instant, impressions: impressions),
                                        text: columns[.text].map { fields[$0] }, location: at(start, 1)))
    }
}

/// Checks on the bytes before the CSV reader sees them.
enum AnalyticsBytes {
    /// Line breaks inside the fields of a record: LF, CR LF and a lone CR each
    /// end a line, as they end a record. The CSV reader keeps a quoted field's
    /// breaks as written, so a record's fields tell how many lines it spans.
    static func lineBreaks<S: Sequence>(in fields: S) -> Int where S.Element == String {
        var count = 0
        for field in fields {
            var previous: UInt8 = 0
            for byte in field.utf8 {
                if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { count += 1 }
                previous = byte
            }
        }
        return count
    }

    /// The first thing that makes the file not text: a workbook or another
    /// encoding's byte order mark, invalid UTF-8, or a control byte. The
    /// column counts characters here, since no field is known yet.
    static func firstProblem(_ bytes: [UInt8], file: String) -> Finding? {
        func finding(_ rule: String, _ line: Int, _ column: Int, _ message: String, _ hint: String) -> Finding {
            Finding(ruleID: rule, severity: .error, location: SourceLocation(file: file, line: line, column: column), message: message, hint: hint)
        }
        let saveAsCSV = "export or save it as CSV (UTF-8)"
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return finding("not-utf8", 1, 1, "file is UTF-32 text (it starts with a UTF-32 byte order mark)", "save the file as UTF-8")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return finding("not-utf8", 1, 1, "file is UTF-16 text (it starts with a UTF-16 byte order mark)",
                           "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)")
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return finding("binary-data", 1, 1, "file is a zip archive (an Excel .xlsx workbook?), not CSV text", saveAsCSV)
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return finding("binary-data", 1, 1, "file is an Excel .xls workbook, not CSV text", saveAsCSV)
        }
        var line = 1, column = 1, index = 0
        var previous: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            if length == 0 || index + length > bytes.count || String(validating: bytes[index..<index + length], as: UTF8.self) == nil {
                return finding("not-utf8", line, column, "file is not UTF-8 text (byte 0x\(hex(byte)) at offset \(index))", "save the file as UTF-8")
            }
            if length == 1, byte < 0x20 || byte == 0x7F, byte != 0x09, byte != 0x0A, byte != 0x0D {
                return finding("binary-data", line, column, "file holds binary data (control byte 0x\(hex(byte)) at offset \(index))",
                               "an analytics export is CSV text; \(saveAsCSV)")
            }
            if byte == 0x0D || (byte == 0x0A && previous != 0x0D) {
                line += 1
                column = 1
            } else if byte != 0x0A {
                column += 1
            }
            previous = byte
            index += length
        }
        return nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
