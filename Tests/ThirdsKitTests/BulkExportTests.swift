import Foundation
import Testing
import Yams
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsReport

/// The bulk-upload CSV exports (Hootsuite, Buffer, Sprout Social) and the plain
/// schedule CSV: RFC 4180 output, times as each tool takes them, files split at
/// the tools' row limits, the length check before anything is written, and
/// the greencontact example. The golden files are the hand-made week's
/// (HandmadeGoldenTests).
@Suite("Bulk CSV exports")
struct BulkExportTests {
    static let generatedAt = Date(timeIntervalSince1970: 1_795_910_400)  // 2026-11-29T00:00:00Z

    // MARK: - Helpers

    /// A plan read (not solved), with its posts placed by hand at local times
    /// on the account's clock: `("c1", "2026-11-30T08:31")`.
    static func input(_ items: String, at times: [(String, String)], generatedAt: Date = generatedAt,
                      channels: String = "") throws -> ExportInput {
        let written = plan(items: items)
        let text = channels.isEmpty ? written : written.replacingOccurrences(of: "  linkedin: {author: \"urn:li:person:1\"}", with: channels)
        let workspace = Workspace { path in
            guard path == "plan.yaml" else { throw CocoaError(.fileNoSuchFile) }
            return Data(text.utf8)
        }
        var seen = Set<String>()
        let loaded = Checker.load(FileGroup(directory: nil, files: ["plan.yaml"]), workspace: workspace, seen: &seen)
        let (plan, occurrences) = try #require(loaded.sequences.first?.first, "plan did not load: \(loaded.findings)")
        let posts = try times.map { id, local -> ExportInput.ScheduledPost in
            let occurrence = try #require(occurrences.first { $0.id == id }, "no occurrence \(id)")
            let time = try #require(try? ValueText.dateTime(local).get(), "bad time \(local)")
            let instant = try #require(plan.account.clock.instants(of: time).first)
            return ExportInput.ScheduledPost(occurrence: occurrence, instant: instant, reach: 1.5, audiences: [])
        }
        return ExportInput(plan: plan, posts: posts, generatedAt: generatedAt)
    }

    /// The greencontact example with a fixed schedule (the one `thirds
    /// schedule` wrote before the incremental search), read back as `thirds
    /// export` reads a schedule file: a change of the solver does not change
    /// these goldens.
    static let greencontactScheduleFile = "out/greencontact-week/schedule.yaml"
    static let greencontactWorkspace: Workspace = {
        let root = CLITests.repository
        var read: [String: Data] = [:]
        // The plan as it was when the schedule was written: the example now
        // uses the b2b profile, which would change the reach of each post.
        for (path, source) in [("examples/greencontact-week.yaml", "Tests/ThirdsKitTests/Fixtures/golden/exports/greencontact-week.plan.yaml"), ("rules/default.yaml", "rules/default.yaml"),
                               (greencontactScheduleFile, "Tests/ThirdsKitTests/Fixtures/golden/exports/greencontact-week.schedule.yaml")] {
            read[path] = try? Data(contentsOf: root.appendingPathComponent(source))
        }
        let files = read
        return Workspace { path in
            guard let data = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        }
    }()

    static func greencontact() throws -> ExportInput {
        switch ExportInput.load(scheduleFile: greencontactScheduleFile, workspace: greencontactWorkspace, generatedAt: generatedAt) {
        case .success(let input): return input
        case .failure(let report): throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: describe(report)])
        }
    }

    /// The fixed schedule's own file, as `thirds check` reads it.
    static func greencontactDocument() throws -> ScheduleDocument {
        let url = CLITests.repository.appendingPathComponent("Tests/ThirdsKitTests/Fixtures/golden/exports/greencontact-week.schedule.yaml")
        return try YAMLDecoder().decode(ScheduleDocument.self, from: try String(contentsOf: url, encoding: .utf8))
    }

    /// With THIRDS_CSV_OUT set, files a test made are saved in a folder of
    /// that directory too, for `.ci/verify_csv.py` to check.
    static func save(_ files: [ExportFile], in folder: String) throws {
        guard let root = ProcessInfo.processInfo.environment["THIRDS_CSV_OUT"] else { return }
        let directory = URL(fileURLWithPath: root).appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files { try Data(file.contents.utf8).write(to: directory.appendingPathComponent(file.path)) }
    }

    static func file(_ files: [ExportFile], _ path: String) throws -> String {
        try #require(files.first { $0.path == path }, "no \(path) among \(files.map(\.path))").contents
    }

    /// RFC 4180 read back, independently of the writer: records and fields.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" { field.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.append(scalar)
                }
            } else if scalar == "\"" {
                quoted = true
            } else if scalar == "," {
                record.append(String(field)); field = String.UnicodeScalarView()
            } else if scalar == "\r", scalars.first == "\n" {
                scalars.removeFirst()
                record.append(String(field)); field = String.UnicodeScalarView()
                records.append(record); record = []
            } else {
                field.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(String(field)); records.append(record) }
        return records
    }

    /// Line breaks outside quoted fields: each must be CRLF.
    static func recordBreaks(_ text: String) -> [String] {
        var breaks: [String] = []
        var quoted = false
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 { quoted.toggle() }
            if !quoted, byte == 0x0D || byte == 0x0A {
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { breaks.append("CRLF"); index += 1 }
                else { breaks.append(byte == 0x0D ? "CR" : "LF") }
            }
            index += 1
        }
        return breaks
    }

    static let awkward: [String] = [
        "plain", "a, b", "say \"hi\"", "two\nlines", "cr\rlf\r\nmix", "semi;colon", #"back\slash"#, "(paren) [bracket]",
        "café naïve Zürich", "日本語のテキスト、句読点。", "👍🏽 thumbs, 👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag", "\"\u{301}quote with a combining mark",
        "", " leading and trailing ", "=SUM(A1)", "tab\there",
    ]

    // MARK: - RFC 4180

    @Test func fieldsAreQuotedOnlyWhenRFC4180NeedsIt() {
        func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
        #expect(bytes(CSVWriter.field("plain")) == bytes("plain"))
        #expect(bytes(CSVWriter.field("a, b")) == bytes("\"a, b\""))
        #expect(bytes(CSVWriter.field("say \"hi\"")) == bytes("\"say \"\"hi\"\"\""))
        #expect(bytes(CSVWriter.field("two\nlines")) == bytes("\"two\nlines\""))
        #expect(bytes(CSVWriter.field("a\r\nb")) == bytes("\"a\r\nb\""), "CRLF is one Character in Swift but still needs quotes")
        #expect(bytes(CSVWriter.field("a\rb")) == bytes("\"a\rb\""))
        #expect(bytes(CSVWriter.field("\"\u{301}")) == bytes("\"\"\"\u{301}\""), "a quote inside a grapheme cluster is still doubled")
        for unquoted in ["semi;colon", #"back\slash"#, "(paren)", "café", "日本語", "👍🏽", "👩‍👩‍👧‍👦", "", "=SUM(A1)", "tab\there"] {
            #expect(bytes(CSVWriter.field(unquoted)) == bytes(unquoted), "\(unquoted) needs no quotes")
        }
    }

    @Test func recordsEndInCRLF() {
        let text = CSVWriter.document(header: ["a", "b"], rows: [["1", "two\nlines"], ["3", "4"]])
        #expect(Array(text.utf8) == Array("a,b\r\n1,\"two\nlines\"\r\n3,4\r\n".utf8))
        #expect(Self.recordBreaks(text) == ["CRLF", "CRLF", "CRLF"], "the LF inside the quoted field is data, not a record break")
        #expect(!text.utf8.starts(with: [0xEF, 0xBB, 0xBF]), "no BOM")
    }

    @Test func awkwardTextsReadBackExactly() {
        let rows = Self.awkward.map { [$0, "x"] }
        let text = CSVWriter.document(header: ["text", "other"], rows: rows)
        let parsed = Self.parse(text)
        #expect(parsed.count == rows.count + 1)
        for (row, read) in zip(rows, parsed.dropFirst()) {
            #expect(read.map { Array($0.unicodeScalars) } == row.map { Array($0.unicodeScalars) }, "\(row[0]) read back as \(read)")
        }
    }

    @Test(arguments: BulkExport.Tool.allCases)
    func awkwardPlanTextsGoOutUnchanged(tool: BulkExport.Tool) throws {
        let texts = Self.awkward.filter { !$0.isEmpty && $0.trimmingCharacters(in: .whitespaces) == $0 }
        func yaml(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "\"": return "\\\""
                case "\\": return "\\\\"
                case "\n": return "\\n"
                case "\r": return "\\r"
                case "\t": return "\\t"
                default: return String(scalar)
                }
            }.joined() + "\""
        }
        let items = texts.enumerated().map { index, text in
            "  - {id: t\(index), kind: content, crosspost: [linkedin], text: \(yaml(text))}"
        }.joined(separator: "\n")
        // Inside LinkedIn's default window (Mon-Fri 09:00-17:00), so that each
        // LinkedIn copy goes out with its post.
        let times = texts.indices.map { ("t\($0)", $0 < 8 ? String(format: "2026-11-30T%02d:00", 9 + $0) : String(format: "2026-12-01T%02d:00", 1 + $0)) }
        let input = try Self.input(items, at: times)
        let (files, findings) = BulkExport.export(input, to: tool)
        #expect(findings.isEmpty, "\(findings)")
        #expect(!files.isEmpty)
        try Self.save(files, in: "awkward-\(tool)")
        for file in files {
            #expect(Self.recordBreaks(file.contents).allSatisfy { $0 == "CRLF" }, "\(file.path)")
            let parsed = Self.parse(file.contents)
            let column: Int
            switch tool {
            case .hootsuite: column = 1
            case .buffer: column = 0
            case .sprout: column = 2
            case .csv: column = 8
            }
            let header = tool == .hootsuite ? 0 : 1
            // The plain CSV has both channels in one file: read the X rows.
            let rows = parsed.dropFirst(header).filter { tool != .csv || $0[3] == "x" }
            let written = rows.map { Array($0[column].unicodeScalars) }
            #expect(written == texts.map { Array($0.unicodeScalars) }, "\(file.path)")
        }
    }

    // MARK: - Times

    @Test func hootsuiteTimesRoundUpToFiveMinutesOnTheAccountClock() throws {
        let input = try Self.input(balancedItems, at: [
            ("c1", "2026-11-30T08:30"), ("c2", "2026-11-30T08:31"), ("c3", "2026-11-30T12:44"), ("e1", "2026-11-30T23:58"),
            ("e2", "2026-12-01T09:00"),
        ])
        let (files, findings) = BulkExport.export(input, to: .hootsuite)
        #expect(findings.isEmpty, "\(findings)")
        let rows = Self.parse(try Self.file(files, "hootsuite-x.csv"))
        #expect(rows.map { $0[0] } == ["11/30/2026 08:30", "11/30/2026 08:35", "11/30/2026 12:45", "12/01/2026 00:00", "12/01/2026 09:00"])
        #expect(rows.map(\.count).allSatisfy { $0 == 3 })
        #expect(rows.allSatisfy { $0[2].isEmpty }, "the link is in the message; the link column would add it again")
    }

    @Test func localTimesFollowTheAccountZoneNotUTC() throws {
        // Summer in New York: UTC-4.
        let items = balancedItems
        let text = plan(items: items).replacingOccurrences(of: "timezone: Europe/London\n  since", with: "timezone: America/New_York\n  since")
            .replacingOccurrences(of: "week: 2026-W49", with: "week: 2026-W27")
        let workspace = Workspace { _ in Data(text.utf8) }
        var seen = Set<String>()
        let (plan, occurrences) = try #require(Checker.load(FileGroup(directory: nil, files: ["plan.yaml"]), workspace: workspace, seen: &seen).sequences.first?.first)
        let instant = Date(timeIntervalSince1970: 1_782_997_200)  // 2026-07-02T13:00:00Z
        let post = ExportInput.ScheduledPost(occurrence: occurrences[0], instant: instant, reach: 2, audiences: [])
        let input = ExportInput(plan: plan, posts: [post], generatedAt: Self.generatedAt.addingTimeInterval(-200 * 86_400))
        #expect(Self.parse(try Self.file(BulkExport.export(input, to: .hootsuite).files, "hootsuite-x.csv"))[0][0] == "07/02/2026 09:00")
        #expect(Self.parse(try Self.file(BulkExport.export(input, to: .sprout).files, "sprout-x.csv"))[1].prefix(2) == ["07/02/2026", "09:00"])
        #expect(Self.parse(try Self.file(BulkExport.export(input, to: .buffer).files, "buffer-x.csv"))[1][2] == "2026-07-02T13:00:00Z")
        let schedule = Self.parse(try Self.file(BulkExport.export(input, to: .csv).files, "schedule.csv"))[1]
        #expect(schedule[4] == "2026-07-02T13:00:00Z")
        #expect(schedule[5] == "2026-07-02T09:00:00-04:00")
    }

    @Test func roundingIntoOneSlotIsAWarningNotASilentCollision() throws {
        let input = try Self.input(balancedItems, at: [("c1", "2026-11-30T09:01"), ("c2", "2026-11-30T09:04")])
        let (files, findings) = BulkExport.export(input, to: .hootsuite)
        #expect(files.count == 1, "a warning still writes the file")
        let warning = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(warning.ruleID == "bulk-time")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("'c1' and 'c2'"), "\(warning.message)")
        #expect(warning.message.contains("rounded up to 5 minutes"), "\(warning.message)")
        // Buffer takes the minute as it is: no collision there.
        #expect(BulkExport.export(input, to: .buffer).findings.isEmpty)
    }

    @Test func sproutNeedsTenMinutesBetweenMessages() throws {
        let input = try Self.input(balancedItems, at: [("c1", "2026-11-30T09:00"), ("c2", "2026-11-30T09:05"), ("c3", "2026-11-30T09:15")])
        let findings = BulkExport.export(input, to: .sprout).findings
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.message.contains("5 minutes apart") == true, "\(findings)")
    }

    @Test func postsTooSoonAfterTheExportAreWarnedAbout() throws {
        let exported = try ValueText.dateTime("2026-11-30T08:55").get().wall  // London is UTC in winter
        let input = try Self.input(balancedItems, at: [("c1", "2026-11-30T09:00"), ("c2", "2026-11-30T09:10")], generatedAt: exported)
        let findings = BulkExport.export(input, to: .hootsuite).findings
        #expect(findings.map(\.message).count == 1, "\(findings)")
        #expect(findings.first?.message.contains("'c1'") == true)
        #expect(findings.first?.message.contains("less than 10 minutes after the export") == true)
        #expect(BulkExport.export(input, to: .buffer).findings.isEmpty, "Buffer only needs a time in the future")
    }

    @Test func aWallClockTimeThatHappensTwiceIsWarnedAbout() throws {
        // 2026-10-25 01:30 happens twice in London; the second is 01:30 GMT.
        let items = balancedItems
        let input = try Self.input(items, at: [("c1", "2026-11-30T09:00")])
        let second = Date(timeIntervalSince1970: 1_792_891_800)  // 2026-10-25T01:30:00Z
        let post = ExportInput.ScheduledPost(occurrence: input.posts[0].occurrence, instant: second, reach: 1, audiences: [])
        let early = ExportInput(plan: input.plan, posts: [post], generatedAt: second.addingTimeInterval(-86_400))
        let findings = BulkExport.export(early, to: .sprout).findings
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.message.contains("happens twice") == true)
        #expect(BulkExport.export(early, to: .buffer).findings.isEmpty, "Buffer's times are UTC instants")
    }

    // MARK: - Row limits

    @Test func filesSplitAtEachToolsRowLimit() throws {
        let loaded = try Self.input(balancedItems, at: [("c1", "2026-11-30T09:00")])
        let occurrence = loaded.posts[0].occurrence
        let start = loaded.posts[0].instant
        let posts = (0..<351).map { index in
            ExportInput.ScheduledPost(occurrence: Occurrence(id: "c1@\(index)", item: occurrence.item, day: nil, earliest: occurrence.earliest,
                                                             latest: occurrence.latest, fixed: nil),
                                      instant: start.addingTimeInterval(Double(index) * 900), reach: 1, audiences: [])
        }
        let input = ExportInput(plan: loaded.plan, posts: posts, generatedAt: Self.generatedAt)

        for tool in BulkExport.Tool.allCases { try Self.save(BulkExport.export(input, to: tool).files, in: "split-\(tool)") }
        let hootsuite = BulkExport.export(input, to: .hootsuite).files
        #expect(hootsuite.map(\.path) == ["hootsuite-x-1.csv", "hootsuite-x-2.csv"])
        #expect(hootsuite.map { Self.parse($0.contents).count } == [350, 1], "no header row")

        let sprout = BulkExport.export(input, to: .sprout).files
        #expect(sprout.map(\.path) == ["sprout-x-1.csv", "sprout-x-2.csv"])
        #expect(sprout.map { Self.parse($0.contents).count } == [351, 2], "a header row in each file")

        let buffer = BulkExport.export(input, to: .buffer).files
        #expect(buffer.map(\.path) == ["buffer-x-1.csv", "buffer-x-2.csv", "buffer-x-3.csv", "buffer-x-4.csv"])
        #expect(buffer.map { Self.parse($0.contents).count - 1 } == [90, 90, 90, 81])

        // Every row once, in time order, across the files.
        let times = hootsuite.flatMap { Self.parse($0.contents).map { $0[0] } }
        #expect(times.count == 351 && Set(times).count == 351)

        // Exactly at the limit: one file, no number.
        let exact = ExportInput(plan: loaded.plan, posts: Array(posts.prefix(350)), generatedAt: Self.generatedAt)
        #expect(BulkExport.export(exact, to: .hootsuite).files.map(\.path) == ["hootsuite-x.csv"])
        #expect(BulkExport.export(input, to: .csv).files.map(\.path) == ["schedule.csv"], "the plain CSV has no limit")
    }

    // MARK: - Text length

    @Test(arguments: BulkExport.Tool.allCases)
    func aTextTooLongOnItsChannelIsAnErrorAndNoFile(tool: BulkExport.Tool) throws {
        // Fits LinkedIn as written (2,972); the campaign tags on its link make it 3,000+.
        let long = String(repeating: "Queue notes. ", count: 228) + "Notes {link}"
        let items = balancedItems + "\n" + """
              - id: essay
                kind: content
                channel: linkedin
                text: "\(long)"
                link: https://example.com/a
            """
        let input = try Self.input(items, at: [("c1", "2026-11-30T09:00"), ("essay", "2026-11-30T12:00")])
        #expect(LinkedInText.length(input.posts[1].item.renderedText) <= LinkedInText.maxCommentaryLength)
        let (files, findings) = BulkExport.export(input, to: tool)
        #expect(files.isEmpty, "no \(tool) files at all, not even for the X posts that fit")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.ruleID == "text-length")
        #expect(finding.severity == .error)
        #expect(finding.location == input.posts[1].item.text.location)
        let tagged = LinkedInText.length(CampaignLinks.text(of: input.posts[1].item, on: input.plan.channel("linkedin"), campaign: "plan"))
        #expect(finding.message.contains("\(tagged) characters on linkedin"), "\(finding.message)")
        #expect(finding.message.contains(tool.rawValue), "\(finding.message)")
    }

    @Test func anXTextOverTheWeightedLimitIsAnError() throws {
        let items = balancedItems.replacingOccurrences(of: "Content one about queues", with: String(repeating: "日本", count: 71))
        let input = try Self.input(items, at: [("c1", "2026-11-30T09:00"), ("c2", "2026-11-30T12:00")])
        let (files, findings) = BulkExport.export(input, to: .buffer)
        #expect(files.isEmpty)
        #expect(findings.map(\.ruleID) == ["text-length"])
        #expect(findings.first?.message.contains("284 weighted characters on x") == true, "\(findings)")
        #expect(findings.first?.message.contains("buffer") == true)
    }

    // MARK: - The greencontact week

    @Test(arguments: BulkExport.Tool.allCases)
    func greencontactGivesEachToolItsFiles(tool: BulkExport.Tool) throws {
        let (files, findings) = BulkExport.export(try Self.greencontact(), to: tool)
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == Handmade.bulkFiles[tool])
    }

    @Test func greencontactRowsCarryTheChannelsTaggedLinks() throws {
        let files = BulkExport.export(try Self.greencontact(), to: .hootsuite).files
        let x = try Self.file(files, "hootsuite-x.csv")
        let linkedin = try Self.file(files, "hootsuite-linkedin.csv")
        #expect(x.contains("utm_source=x&utm_medium=social&utm_campaign=greencontact-week"))
        #expect(!x.contains("utm_source=linkedin"))
        #expect(linkedin.contains("utm_source=linkedin&utm_medium=social&utm_campaign=greencontact-week"))
        // klout-sausages and queue-myths cross-post to LinkedIn; nothing else does.
        #expect(Self.parse(linkedin).count == 2)
    }

    @Test func scheduleCSVAgreesWithTheScheduleFile() throws {
        let document = try Self.greencontactDocument()
        let rows = Self.parse(try Self.file(BulkExport.export(try Self.greencontact(), to: .csv).files, "schedule.csv"))
        #expect(rows.first == ["id", "item", "kind", "channel", "at", "local", "priority", "reach", "text", "link"])
        for post in document.posts {
            let row = try #require(rows.first { $0[0] == post.id && $0[3] == post.channel }, "no row for \(post.id)")
            #expect(row[1] == post.item && row[2] == post.kind && row[6] == post.priority)
            #expect(row[4] == post.at && row[5] == post.local)
            #expect(Double(row[7]) == post.reach.value, "\(row[7]) against \(post.reach)")
            #expect(row[7].split(separator: ".").last?.count == 3, "three decimals")
            for channel in post.crosspost ?? [] {
                #expect(rows.contains { $0[0] == post.id && $0[3] == channel }, "\(post.id) on \(channel)")
            }
        }
        #expect(rows.count - 1 == document.posts.reduce(0) { $0 + 1 + ($1.crosspost?.count ?? 0) })
    }

    @Test func crossPostsGoOutWhenTheCrossPostingExportSays() throws {
        // A LinkedIn copy waits for LinkedIn's window (Mon-Fri 09:00-17:00 by
        // default); the same moment in every export.
        let items = balancedItems.replacingOccurrences(of: "text: \"Content one about queues\"", with: "text: \"Content one about queues\", crosspost: [linkedin]")
        let input = try Self.input(items, at: [("c1", "2026-11-30T07:02")])
        let copyTime = try #require(CrosspostExport.publishTimes(input)["c1#linkedin"])
        #expect(ScheduleDocument.utc(copyTime) == "2026-11-30T09:00:00Z")
        let files = BulkExport.export(input, to: .hootsuite).files
        #expect(Self.parse(try Self.file(files, "hootsuite-x.csv")).map { $0[0] } == ["11/30/2026 07:05"])
        #expect(Self.parse(try Self.file(files, "hootsuite-linkedin.csv")).map { $0[0] } == ["11/30/2026 09:00"])
        let schedule = Self.parse(try Self.file(BulkExport.export(input, to: .csv).files, "schedule.csv"))
        #expect(schedule.dropFirst().map { [$0[3], $0[4]] } == [["x", "2026-11-30T07:02:00Z"], ["linkedin", "2026-11-30T09:00:00Z"]])
    }

    @Test func sameInputSameBytes() throws {
        let input = try Self.greencontact()
        for tool in BulkExport.Tool.allCases {
            #expect(BulkExport.export(input, to: tool).files == BulkExport.export(input, to: tool).files)
        }
    }
}
