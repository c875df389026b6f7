import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsLearn

/// The analytics reader of `thirds learn`: X's tweet activity export and the
/// plain `time,impressions` CSV, read into posts with a finding for every
/// problem at its line and field (docs/learn.md, docs/diagnostics.md).
@Suite("Analytics exports")
struct AnalyticsReaderTests {
    static func fixture(_ name: String) throws -> AnalyticsInput {
        let url = Fixtures.root.appendingPathComponent("analytics").appendingPathComponent(name)
        return AnalyticsInput(name: name, data: try Data(contentsOf: url))
    }

    static func read(_ name: String, since: Date? = nil, until: Date? = nil) throws -> AnalyticsRead {
        AnalyticsReader.read([try fixture(name)], since: since, until: until)
    }

    static func read(text: String, name: String = "posts.csv") -> AnalyticsRead {
        AnalyticsReader.read([AnalyticsInput(name: name, data: Data(text.utf8))])
    }

    static func at(_ file: String, _ line: Int, _ column: Int) -> ThirdsCore.SourceLocation {
        ThirdsCore.SourceLocation(file: file, line: line, column: column)
    }

    /// Seconds since 1970 worked out with Python's datetime, not by the reader.
    static func utc(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    static func summary(_ read: AnalyticsRead) -> String {
        read.findings.map { "\($0.location): [\($0.ruleID)] \($0.message) | \($0.hint ?? "")" }.joined(separator: "\n")
    }

    // MARK: Formats

    @Test func xExportWithByteOrderMarkQuotedLineBreaksAndCommas() throws {
        let read = try Self.read("x-tweet-activity.csv")
        #expect(read.findings.isEmpty, "\(Self.summary(read))")
        #expect(read.files == [AnalyticsFile(name: "x-tweet-activity.csv", format: .xTweetActivity, rows: 5)])
        // Sorted by time. The first row's text runs over lines 2-6 (four quoted line breaks),
        // so the rows after it start on lines 7 to 10.
        #expect(read.kept == [
            KeptPost(post: ObservedPost(id: "1803650000000000005", instant: Self.utc(1_781_946_000), impressions: 1777),
                     location: Self.at("x-tweet-activity.csv", 10, 1)),
            KeptPost(post: ObservedPost(id: "1803650000000000004", instant: Self.utc(1_782_029_100), impressions: 1154),
                     location: Self.at("x-tweet-activity.csv", 9, 1)),
            KeptPost(post: ObservedPost(id: "1803650000000000001", instant: Self.utc(1_782_144_000), impressions: 2289),
                     location: Self.at("x-tweet-activity.csv", 2, 1)),
        ])
        // "@acme_support …" is a reply and "RT @partner: …" a retweet; ".@partner …" is neither.
        #expect(read.leftOut.map(\.post.id) == ["1803650000000000002", "1803650000000000003"])
        #expect(read.leftOut.map(\.reason) == [.reply, .retweet])
        #expect(read.leftOut.map(\.location.line) == [7, 8])
        #expect(read.count(.reply) == 1 && read.count(.retweet) == 1 && read.count(.duplicate) == 0)
    }

    @Test func plainCSVWithOffsetsZAndAThousandsComma() throws {
        let read = try Self.read("plain.csv")
        #expect(read.findings.isEmpty, "\(Self.summary(read))")
        #expect(read.files.first?.format == .plain)
        // +01:00 is an hour ahead of UTC and -04:00 four hours behind; line 4 is blank.
        #expect(read.posts == [
            ObservedPost(id: "plain.csv:2", instant: Self.utc(1_781_942_400), impressions: 120),
            ObservedPost(id: "plain.csv:3", instant: Self.utc(1_781_976_600), impressions: 1234),
            ObservedPost(id: "plain.csv:5", instant: Self.utc(1_782_044_100.5), impressions: 0),
        ])
    }

    @Test func duplicatesRepliesAndThePeriodAreLeftOutAndCounted() throws {
        // since 2026-06-20T00:00Z, until 2026-06-27T00:00Z (excluded).
        let read = try Self.read("plain-with-ids.csv", since: Self.utc(1_781_913_600), until: Self.utc(1_782_518_400))
        #expect(read.findings.isEmpty, "\(Self.summary(read))")
        // li-1 twice: the later export's 450 is kept (counts only grow), the 300 of line 2 left out.
        #expect(read.kept == [KeptPost(post: ObservedPost(id: "li-1", instant: Self.utc(1_781_942_400), impressions: 450),
                                       location: Self.at("plain-with-ids.csv", 4, 1))])
        #expect(read.leftOut.map(\.post.id) == ["li-1", "li-2", "li-3"])
        #expect(read.leftOut.map(\.reason) == [.duplicate, .reply, .outsidePeriod])
        #expect(read.leftOut[0].keptAt == Self.at("plain-with-ids.csv", 4, 1))
        #expect(LeftOutReason.allCases.map { read.count($0) } == [1, 0, 1, 1])
        // Without a period li-3 (2026-06-27T08:00Z) is kept.
        let all = try Self.read("plain-with-ids.csv")
        #expect(all.posts.map(\.id) == ["li-1", "li-3"])
        #expect(all.posts.last?.instant == Self.utc(1_782_547_200))
    }

    @Test func duplicatesAcrossFilesKeepTheLargestCount() throws {
        let first = AnalyticsInput(name: "june.csv", data: Data("id,time,impressions\na,2026-06-20T09:00:00Z,500\n".utf8))
        let second = AnalyticsInput(name: "july.csv", data: Data("id,time,impressions\na,2026-06-20T09:00:00Z,700\nb,2026-06-21T09:00:00Z,9\n".utf8))
        let read = AnalyticsReader.read([first, second])
        #expect(read.posts.map(\.impressions) == [700, 9])
        #expect(read.leftOut.map(\.location) == [Self.at("june.csv", 2, 1)])
        #expect(read.leftOut.first?.keptAt == Self.at("july.csv", 2, 1))
    }

    @Test func headerNamesIgnoreCaseSpacesAndUnknownColumns() {
        let read = Self.read(text: "\u{FEFF} Likes ,TWEET_ID, Time ,Impressions,Tweet Text,shares\n3,42,2026-06-20 09:00 +0000,10.0,hello,1\n")
        #expect(read.findings.isEmpty, "\(Self.summary(read))")
        #expect(read.files.first?.format == .xTweetActivity)
        #expect(read.posts == [ObservedPost(id: "42", instant: Self.utc(1_781_946_000), impressions: 10)])
    }

    // MARK: Header problems

    @Test func missingColumnsNameWhichAndSuggestNearMisses() throws {
        let read = try Self.read("missing-columns.csv")
        #expect(read.posts.isEmpty)
        #expect(read.findings.map(\.ruleID) == ["missing-key", "missing-key"])
        #expect(read.findings.map(\.location) == [Self.at("missing-columns.csv", 1, 1), Self.at("missing-columns.csv", 1, 5)])
        #expect(read.findings[0].message == "missing column 'time' in X's tweet activity export")
        #expect(read.findings[1].message == "missing column 'impressions' (did you mean 'impresions', field 5?)")
        #expect(read.findings[1].hint == "rename the column 'impresions' to 'impressions'")
    }

    @Test func aColumnTwiceIsADuplicateKey() {
        let read = Self.read(text: "time,impressions,Impressions\n2026-06-20T09:00:00Z,1,2\n")
        #expect(read.findings.map(\.ruleID) == ["duplicate-key"])
        #expect(read.findings.first?.location == Self.at("posts.csv", 1, 3))
    }

    @Test func aYAMLFileIsNotAnExport() throws {
        let read = try Self.read("not-csv.yaml")
        #expect(read.findings.count == 1)
        #expect(read.findings.first?.ruleID == "unknown-document")
        #expect(read.findings.first?.location == Self.at("not-csv.yaml", 1, 1))
        #expect(read.findings.first?.hint?.contains("looks like a YAML file") == true)
        let text = Self.read(text: "Dear diary,\ntoday I posted.\n", name: "notes.csv")
        #expect(text.findings.map(\.ruleID) == ["unknown-document"])
        #expect(text.findings.first?.hint?.contains("time,impressions") == true)
    }

    // MARK: Values

    @Test func badNumbersEachGetTheirLineAndField() throws {
        let read = try Self.read("bad-numbers.csv")
        #expect(read.findings.map(\.ruleID) == Array(repeating: "invalid-value", count: 6), "\(Self.summary(read))")
        #expect(read.findings.map(\.location.line) == [2, 3, 5, 6, 7, 8])
        #expect(read.findings.allSatisfy { $0.location.column == 2 })
        #expect(read.findings.map(\.message) == [
            "impressions '-5' is negative",
            "impressions 'n/a' is not a number",
            "impressions '1,5' is not a number: a comma may only group thousands, as in 1,234",
            "impressions '12.5' is not a whole number",
            "impressions '99999999999' is more than the most it can be",
            "impressions are empty",
        ])
        #expect(read.findings[0].hint == "give a whole number from 0 to 10,000,000,000")
        // "1,234" in quotes groups thousands: it is read, the other rows are not.
        #expect(read.posts.map(\.impressions) == [1234])
    }

    @Test func badDatesEachGetTheLineTheirFieldIsOn() throws {
        let read = try Self.read("bad-dates.csv")
        #expect(read.findings.map(\.ruleID) == Array(repeating: "invalid-date", count: 5), "\(Self.summary(read))")
        // Row 4's text runs over lines 5-6, so its time is on line 6 and row 5 starts on line 7.
        #expect(read.findings.map(\.location) == [2, 3, 4, 6, 7].map { Self.at("bad-dates.csv", $0, 3) })
        #expect(read.findings.map(\.message) == [
            "'time' '2026-02-30 09:00 +0000' is not a date and time in the calendar",
            "'time' '2026-06-20 25:00 +0000' is not a date and time in the calendar",
            "'time' '06/20/2026 09:00' is not a date and time",
            "'time' '2026-06-20T09:00' has no UTC offset",
            "'time' '2026-06-20' is a date without a time of day",
        ])
        #expect(read.findings[3].hint?.contains("never guesses a zone") == true)
        #expect(read.posts.isEmpty)
    }

    @Test func timesInEveryAcceptedSpelling() throws {
        // All 2026-06-20T08:00:00Z, 1,781,942,400 s.
        for text in ["2026-06-20 08:00 +0000", "2026-06-20T08:00Z", "2026-06-20T08:00:00z", "2026-06-20T09:00:00+01:00",
                     "2026-06-20 09:00+0100", "2026-06-20T09:00+01", "2026-06-20T03:00:00.000-05:00", "2026-06-20T13:45+05:45",
                     " 2026-06-20T08:00:00 Z "] {
            #expect(try AnalyticsValues.instant(text).get() == Self.utc(1_781_942_400), "\(text)")
        }
        for text in ["2026-06-20T08:00+19:00", "2026-06-20T08:00+01:60", "1969-12-31T23:00Z", "2200-01-01T00:00Z",
                     "2026-06-20T08:00:60Z", "2026-6-20T08:00Z", "2026-06-20T08:00 UTC", "", "2026-06-20T08:00Z extra"] {
            #expect(throws: AnalyticsValues.Problem.self, "\(text)") { try AnalyticsValues.instant(text).get() }
        }
    }

    @Test func impressionsInEveryAcceptedSpelling() throws {
        let accepted: [(String, Double)] = [("0", 0), ("1777.0", 1777), ("1,234", 1234), ("12,345,678.00", 12_345_678),
                                            (" 42 ", 42), ("007", 7), ("10000000000", 10_000_000_000)]
        for (text, value) in accepted {
            #expect(try AnalyticsValues.impressions(text).get() == value, "\(text)")
        }
        for text in ["-", "-0", "1.234", "1,23", "1234,567", ",123", "1e3", "0x10", "١٢", "10000000001", "99999999999999999999999", "1.", "."] {
            #expect(throws: AnalyticsValues.Problem.self, "\(text)") { try AnalyticsValues.impressions(text).get() }
        }
    }

    // MARK: Files that are not exports

    @Test func emptyAndHeaderOnlyFiles() throws {
        let empty = try Self.read("empty.csv")
        #expect(empty.findings.map(\.ruleID) == ["empty-file"])
        #expect(empty.findings.first?.message == "file is empty")
        let headerOnly = try Self.read("header-only.csv")
        #expect(headerOnly.findings.map(\.ruleID) == ["empty-file"])
        #expect(headerOnly.findings.first?.message == "file has a header but no rows of posts")
        #expect(headerOnly.findings.first?.location == Self.at("header-only.csv", 1, 1))
    }

    @Test func binaryDataAndWorkbooks() throws {
        let binary = try Self.read("binary.csv")
        #expect(binary.findings.map(\.ruleID) == ["binary-data"])
        // Line 2 is "2026-06-20T09:00:00Z,1" (22 characters) then 0x00, at offset 17 + 22.
        #expect(binary.findings.first?.location == Self.at("binary.csv", 2, 23))
        #expect(binary.findings.first?.message == "file holds binary data (control byte 0x00 at offset 39)")
        let workbook = try Self.read("workbook.csv")
        #expect(workbook.findings.map(\.ruleID) == ["binary-data"])
        #expect(workbook.findings.first?.message.contains(".xlsx") == true)
        let utf16 = AnalyticsReader.read([AnalyticsInput(name: "u.csv", data: Data([0xFF, 0xFE, 0x74, 0x00]))])
        #expect(utf16.findings.map(\.message) == ["file is UTF-16 text (it starts with a UTF-16 byte order mark)"])
        let latin1 = AnalyticsReader.read([AnalyticsInput(name: "l.csv", data: Data("time,impressions\ncaf".utf8) + Data([0xE9]))])
        #expect(latin1.findings.map(\.ruleID) == ["not-utf8"])
        #expect(latin1.findings.first?.location == Self.at("l.csv", 2, 4))
    }

    @Test func raggedRowsAndAnUnclosedQuote() throws {
        let read = try Self.read("ragged.csv")
        #expect(read.findings.map(\.ruleID) == ["ragged-row", "ragged-row"], "\(Self.summary(read))")
        // Line 3 has an unquoted comma in its text: five fields; line 4 opens a quote that
        // is never closed, so the rest of the file is its second field.
        #expect(read.findings.map(\.location) == [Self.at("ragged.csv", 3, 5), Self.at("ragged.csv", 4, 3)])
        #expect(read.findings[0].message == "row has 5 fields, the header 4")
        #expect(read.findings[1].message == "row has 2 fields, the header 4")
        #expect(read.findings[1].hint?.contains("runs over several lines: check that every quote is closed") == true)
        #expect(read.posts.map(\.id) == ["a"])
    }

    @Test func lineBreaksInQuotedFieldsCountAsEditorsCountThem() {
        // CR LF, a lone CR and LF inside quotes: each one line; rows end with CR LF.
        let text = "id,text,time,impressions\r\n" + "a,\"one\r\ntwo\rthree\nfour\",2026-06-20T09:00:00Z,x\r\n" + "b,plain,2026-06-20T09:00:00Z,y\r\n"
        let read = Self.read(text: text)
        // Row a starts on line 2 and its impressions are on line 5; row b starts on line 6.
        #expect(read.findings.map(\.location) == [Self.at("posts.csv", 5, 4), Self.at("posts.csv", 6, 4)], "\(Self.summary(read))")
        #expect(AnalyticsBytes.lineBreaks(in: ["a\r\nb", "c\rd", "e\nf", "\r\r\n"]) == 5)
    }

    // MARK: Limits

    @Test func aFileOverTheByteLimitIsNotParsed() {
        let data = Data(repeating: 0x61, count: AnalyticsLimits.maxBytes + 1)
        let read = AnalyticsReader.read([AnalyticsInput(name: "big.csv", data: data)])
        #expect(read.findings.map(\.ruleID) == ["file-too-large"])
        #expect(read.findings.first?.message == "file is 33554433 bytes, over the limit of 33554432 bytes for an analytics export")
    }

    @Test func aFileOverTheRowLimitStopsThere() {
        var text = "time,impressions\n"
        text.reserveCapacity(2_500_000)
        for _ in 0...AnalyticsLimits.maxRows { text += "2026-06-20T09:00:00Z,1\n" }
        let read = Self.read(text: text)
        #expect(read.findings.map(\.ruleID) == ["file-too-large"])
        #expect(read.findings.first?.location == Self.at("posts.csv", AnalyticsLimits.maxRows + 2, 1))
        #expect(read.files.first?.rows == AnalyticsLimits.maxRows)
    }

    @Test func findingsPerFileAreCapped() {
        var text = "time,impressions\n"
        for _ in 0..<250 { text += "2026-06-20T09:00:00Z,n/a\n" }
        let read = Self.read(text: text)
        #expect(read.findings.count == AnalyticsLimits.maxFindings + 1)
        #expect(read.findings.last?.ruleID == "too-many-findings")
        #expect(read.findings.last?.message == "50 more findings in posts.csv not shown")
    }

    @Test func pathsOnDiskUnreadableAndOversized() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-analytics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.csv").path
        try Data("time,impressions\n2026-06-20T08:00:00Z,5\n".utf8).write(to: URL(fileURLWithPath: good))
        let big = directory.appendingPathComponent("big.csv").path
        _ = FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: UInt64(AnalyticsLimits.maxBytes) + 1)  // sparse: nothing is read from it
        try handle.close()
        let missing = directory.appendingPathComponent("missing.csv").path
        let read = AnalyticsReader.read(paths: [good, big, missing])
        #expect(read.posts == [ObservedPost(id: good + ":2", instant: Self.utc(1_781_942_400), impressions: 5)])
        #expect(Set(read.findings.map(\.ruleID)) == ["file-too-large", "unreadable-file"])
        #expect(read.files.map(\.name).sorted() == [big, good, missing].sorted())
    }

    // MARK: Robustness and determinism

    @Test func theSameBytesGiveTheSameValues() throws {
        let inputs = try ["x-tweet-activity.csv", "plain.csv", "plain-with-ids.csv"].map(Self.fixture)
        let first = AnalyticsReader.read(inputs)
        let second = AnalyticsReader.read(inputs)
        #expect(first.kept == second.kept && first.leftOut == second.leftOut && first.findings == second.findings)
        #expect(first.kept.count == 3 + 3 + 2)
    }

    @Test func neverTrapsOnAnyBytes() throws {
        // Every fixture cut at many points and with bytes flipped, and random bytes: a result, never a trap.
        var state: UInt64 = 20_260_620
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let names = ["x-tweet-activity.csv", "plain.csv", "plain-with-ids.csv", "bad-dates.csv", "ragged.csv", "bad-numbers.csv"]
        var runs = 0
        for name in names {
            let data = [UInt8](try Self.fixture(name).data)
            for _ in 0..<60 {
                var bytes = Array(data.prefix(Int(next() % UInt64(data.count + 1))))
                for _ in 0..<Int(next() % 4) where !bytes.isEmpty {
                    bytes[Int(next() % UInt64(bytes.count))] = [0x22, 0x2C, 0x0A, 0x0D, 0x40, 0xFF, 0x00, 0x2D][Int(next() % 8)]
                }
                let read = AnalyticsReader.read([AnalyticsInput(name: name, data: Data(bytes))])
                #expect(read.posts.allSatisfy { $0.impressions >= 0 && $0.impressions.isFinite })
                runs += 1
            }
        }
        for _ in 0..<200 {
            let bytes = (0..<Int(next() % 300)).map { _ in UInt8(next() % 256) }
            _ = AnalyticsReader.read([AnalyticsInput(name: "random.csv", data: Data(bytes))])
            runs += 1
        }
        #expect(runs == 560)
    }
}

/// docs/diagnostics.md shows the findings of the fixtures word for word.
@Suite("Analytics findings in the docs")
struct AnalyticsDocsTests {
    @Test(arguments: ["missing-columns.csv", "bad-dates.csv", "bad-numbers.csv", "ragged.csv"])
    func diagnosticsPageShowsTheFindings(fixture: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        let read = try AnalyticsReaderTests.read(fixture)
        #expect(!read.findings.isEmpty)
        for finding in read.findings {
            let text = "\(finding.location): error: [\(finding.ruleID)] \(finding.message)" + (finding.hint.map { "\n  hint: \($0)" } ?? "")
            #expect(docs.contains(text), "not in docs/diagnostics.md:\n\(text)")
        }
        #expect(docs.contains("### ragged-row"))
    }
}
