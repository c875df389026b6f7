import Foundation
import Testing
import Yams
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsReport
@testable import ThirdsKit
@testable import ThirdsSolve

/// The cross-posting manifest: LinkedIn's little text, its length limit after
/// escaping, when copies go out, the WordPress request, Hugo and Jekyll files,
/// and the greencontact example; the golden manifest is the hand-made week's
/// (HandmadeGoldenTests).
@Suite("Cross-posting")
struct CrosspostTests {
    static let generatedAt = Date(timeIntervalSince1970: 1_795_910_400)  // 2026-11-29T00:00:00Z

    /// Text with everything awkward: accents, CJK, emoji with skin tones and
    /// ZWJ sequences, commas, semicolons, a backslash, a newline, parentheses.
    static let awkward = "Café déjà vu, naïve; 日本語のテキスト 👩🏽‍💻 👨‍👩‍👧‍👦 👍🏿 (really) C:\\path\\to\nline two"

    // MARK: Helpers

    static func planText(items: String, channels: String, timezone: String = "Europe/London",
                         audiences: String = "  uk: {timezone: Europe/London, size: 100, weight: 1}") -> String {
        """
        week: 2026-W49
        account:
          name: acme
          timezone: \(timezone)
        channels:
        \(channels)
        audiences:
        \(audiences)
        items:
        \(items)
        """
    }

    static let linkedInChannels = """
          x: {handle: acme}
          linkedin: {author: "urn:li:person:1"}
        """

    static func blogChannels(_ settings: String) -> String {
        """
          x: {handle: acme}
          linkedin: {author: "urn:li:person:1"}
          blog: {\(settings)}
        """
    }

    /// The plan read through the real loader, its posts placed at the given
    /// UTC instants (occurrence id → `YYYY-MM-DDTHH:MM:SSZ`).
    static func input(_ text: String, at times: [String: String], file: String = "plan.yaml",
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ExportInput {
        let workspace = Workspace { path in
            guard path == file else { throw CocoaError(.fileNoSuchFile) }
            return Data(text.utf8)
        }
        var seen = Set<String>()
        let loaded = Checker.load(FileGroup(directory: nil, files: [file]), workspace: workspace, seen: &seen)
        let errors = loaded.findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        let (plan, occurrences) = try #require(loaded.sequences.first?.first, sourceLocation: sourceLocation)
        let posts = try times.sorted { $0.key < $1.key }.map { id, at in
            let occurrence = try #require(occurrences.first { $0.id == id }, "no occurrence \(id)", sourceLocation: sourceLocation)
            let instant = try #require(ScheduleVerifier.utcInstant(at), sourceLocation: sourceLocation)
            return ExportInput.ScheduledPost(occurrence: occurrence, instant: instant, reach: 0, audiences: [])
        }
        return ExportInput(plan: plan, posts: posts, generatedAt: generatedAt)
    }

    struct Manifest: Decodable {
        var format: String
        var entries: [Entry]
    }

    struct Entry: Decodable {
        var id: String
        var kind: String
        var item: String?
        var items: [String]?
        var channel: String
        var primary_at: String?
        var publish_at: String
        var engine: String?
        var file: String?
        var request: Request?
    }

    struct Request: Decodable {
        var method: String
        var path: String?
        var url: String?
        var headers: [String: String]
        var body: [String: JSONValue]
    }

    enum JSONValue: Decodable, Equatable {
        case string(String), number(Double), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null } else if let value = try? container.decode(Bool.self) { self = .bool(value) } else if let value = try? container.decode(Double.self) { self = .number(value) } else if let value = try? container.decode(String.self) { self = .string(value) } else if let value = try? container.decode([JSONValue].self) { self = .array(value) } else { self = .object(try container.decode([String: JSONValue].self)) }
        }

        var string: String? { if case .string(let value) = self { value } else { nil } }
        subscript(key: String) -> JSONValue? { if case .object(let fields) = self { fields[key] } else { nil } }
    }

    static func manifest(_ files: [ExportFile]) throws -> Manifest {
        let file = try #require(files.first { $0.path == "crosspost.json" })
        return try JSONDecoder().decode(Manifest.self, from: Data(file.contents.utf8))
    }

    static func entry(_ id: String, in files: [ExportFile]) throws -> Entry {
        try #require(try manifest(files).entries.first { $0.id == id }, "no entry \(id)")
    }

    /// The front matter of a Markdown file, read back with Yams, and its body.
    static func frontMatter(_ file: ExportFile) throws -> (fields: [String: Any], body: String) {
        let parts = file.contents.components(separatedBy: "---\n")
        #expect(parts.count >= 3 && parts[0].isEmpty, "front matter fenced by ---")
        let fields = try #require(try Yams.load(yaml: parts[1]) as? [String: Any])
        return (fields, parts[2...].joined(separator: "---\n"))
    }

    /// little back to text, for checking that escaping loses nothing.
    static func unescapeLittle(_ text: String) -> String {
        var out = ""
        var escaped = false
        for character in text {
            if escaped { out.append(character); escaped = false } else if character == "\\" { escaped = true } else { out.append(character) }
        }
        return out
    }

    /// Writes an export where `.ci/verify-crosspost.sh` can check it.
    static func write(_ files: [ExportFile], to name: String) throws {
        let root = CLITests.repository.appendingPathComponent(".build/test-out/crosspost/\(name)")
        try? FileManager.default.removeItem(at: root)
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    // MARK: little text

    @Test(arguments: ["|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "\\", "*", "_", "~"])
    func littleTextEscapesEachReservedCharacter(character: String) {
        #expect(LinkedInLittleText.escape("a \(character) b") == "a \\\(character) b")
        #expect(LinkedInLittleText.escape(character) == "\\" + character)
    }

    @Test func littleTextLeavesOtherCharactersAlone() {
        let plain = "Hello, world; it's 50% off! \"Quotes\" & ampersands: = + - / ? $ ^ ` é 日本 👩🏽‍💻"
        #expect(LinkedInLittleText.escape(plain) == plain)
    }

    @Test func hashtagsStayHashtags() {
        #expect(LinkedInLittleText.escape("Love #custserv today") == "Love {hashtag|#|custserv} today")
        #expect(LinkedInLittleText.escape("#socialmedia first") == "{hashtag|#|socialmedia} first")
        #expect(LinkedInLittleText.escape("tag #my_tag.") == #"tag {hashtag|#|my\_tag}."#)
        #expect(LinkedInLittleText.escape("全角 ＃日本語 と #café") == "全角 {hashtag|＃|日本語} と {hashtag|#|café}")
        // Not hashtags: a number, a sign inside a word, a lone sign.
        #expect(LinkedInLittleText.escape("We're #1, a#b, # alone") == ##"We're \#1, a\#b, \# alone"##)
        // The plan's hashtags, appended to the text, come out as hashtags too.
        #expect(LinkedInLittleText.escape("(Why) #a #b") == #"\(Why\) {hashtag|#|a} {hashtag|#|b}"#)
    }

    @Test func urlsAreEscapedButNotReadAsHashtags() {
        let url = "https://example.com/a_b/(c)?utm_source=linkedin&q=~x#frag"
        #expect(LinkedInLittleText.escape("Read \(url). Then #tag")
            == ##"Read https://example.com/a\_b/\(c\)?utm\_source=linkedin&q=\~x\#frag. Then {hashtag|#|tag}"##)
        // A fragment after `/` or `=` is part of the link, not a hashtag.
        #expect(LinkedInLittleText.escape("https://example.com/#top and https://example.com/?q=#x")
            == ##"https://example.com/\#top and https://example.com/?q=\#x"##)
        #expect(CrosspostText.urls(in: "see (https://en.wikipedia.org/wiki/Queue_(abstract_data_type)), then https://a.example/b.")
            == ["https://en.wikipedia.org/wiki/Queue_(abstract_data_type)", "https://a.example/b"])
    }

    @Test func awkwardTextSurvivesEscaping() {
        let escaped = LinkedInLittleText.escape(Self.awkward)
        #expect(escaped == #"Café déjà vu, naïve; 日本語のテキスト 👩🏽‍💻 👨‍👩‍👧‍👦 👍🏿 \(really\) C:\\path\\to"# + "\nline two")
        #expect(Self.unescapeLittle(escaped) == Self.awkward)
        // Four added backslashes; emoji count in UTF-16 code units.
        #expect(LinkedInText.length(escaped) == LinkedInText.length(Self.awkward) + 4)
        #expect(LinkedInText.length("👨‍👩‍👧‍👦") == 11)
    }

    // MARK: Length after escaping

    static func longItem(_ text: String) -> String {
        "  - id: long\n    kind: content\n    text: ⟨text-length⟩\"\(text)\"\n    crosspost: [linkedin]"
    }

    @Test func commentaryOverTheLimitOnlyOnceEscapedIsAFinding() throws {
        // 3,000 characters as written, within the limit; 20 parentheses make it 3,020 as sent.
        let text = String(repeating: "(a)", count: 10) + String(repeating: "x", count: 2_970)
        #expect(LinkedInText.length(text) == 3_000)
        let marked = Marked(Self.planText(items: Self.longItem(text), channels: Self.linkedInChannels))
        let input = try Self.input(marked.text, at: ["long": "2026-12-01T10:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        let finding = try #require(findings.first { $0.ruleID == "text-length" })
        #expect(findings.filter { $0.ruleID == "text-length" }.count == 1)
        #expect(finding.severity == .error)
        let mark = try #require(marked.marks["text-length"])
        #expect(finding.location == ThirdsCore.SourceLocation(file: "plan.yaml", line: mark.line, column: mark.column))
        #expect(finding.message.contains("3020"), "\(finding.message)")
        #expect(finding.hint?.contains("shorten it by 20") == true, "\(finding.hint ?? "")")
        // The request is still written, so the breach can be seen in it.
        let body = try #require(try Self.entry("long#linkedin", in: files).request?.body)
        #expect(body["commentary"]?.string.map(LinkedInText.length) == 3_020)
    }

    @Test func commentaryAtTheLimitOnceEscapedIsFine() throws {
        let text = String(repeating: "(a)", count: 10) + String(repeating: "x", count: 2_950)
        let input = try Self.input(Self.planText(items: Marked(Self.longItem(text)).text, channels: Self.linkedInChannels),
                                   at: ["long": "2026-12-01T10:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        let body = try #require(try Self.entry("long#linkedin", in: files).request?.body)
        #expect(body["commentary"]?.string.map(LinkedInText.length) == 3_000)
    }

    // MARK: Timing

    static let timingItems = """
          - {id: late-friday, kind: content, text: "Friday late", crosspost: [linkedin, blog]}
          - {id: saturday, kind: content, text: "Saturday", crosspost: [linkedin]}
          - {id: midweek, kind: content, text: "Midweek", crosspost: [linkedin]}
          - {id: for-new-york, kind: content, text: "For New York", audiences: [ny, uk], crosspost: [linkedin]}
        """

    static let midweekOnly = "  - {id: midweek, kind: content, text: \"Midweek\", crosspost: [linkedin]}"

    static let twoAudiences = """
          uk: {timezone: Europe/London, size: 100, weight: 1}
          ny: {timezone: America/New_York, size: 300, weight: 1}
        """

    /// Under a window that takes weekends, every copy lands inside the week
    /// (Monday 30 November to Sunday 6 December) and the window, 2 hours
    /// (the default gap) clear of the others.
    @Test func linkedInCopiesStayInsideTheWeekAndTheWindow() throws {
        let channels = """
              x: {handle: acme}
              linkedin: {author: "urn:li:person:1", window: "Mon-Sun 09:00-17:00"}
              blog: {site: "https://blog.example", lead: 2h}
            """
        let input = try Self.input(
            Self.planText(items: Self.timingItems, channels: channels,
                          audiences: Self.twoAudiences.replacingOccurrences(of: "size: 300", with: "size: 50")),
            at: ["late-friday": "2026-12-04T16:58:00Z", "saturday": "2026-12-05T10:00:00Z",
                 "midweek": "2026-12-02T10:02:00Z", "for-new-york": "2026-12-04T22:30:00Z"])
        let times = CrosspostExport.publishTimes(input)
        // Inside the window: the next 5-minute mark.
        #expect(times["midweek#linkedin"].map(ScheduleDocument.utc) == "2026-12-02T10:05:00Z")
        // Friday 16:58 London: 17:00 is the window's end, so Saturday 09:00, not the next Monday.
        #expect(times["late-friday#linkedin"].map(ScheduleDocument.utc) == "2026-12-05T09:00:00Z")
        // The item's first audience is in New York: Friday 17:30 there, so Saturday 09:00 there.
        #expect(times["for-new-york#linkedin"].map(ScheduleDocument.utc) == "2026-12-05T14:00:00Z")
        // Saturday 10:00 is an hour after Friday's copy: 2 hours after it, 11:00.
        #expect(times["saturday#linkedin"].map(ScheduleDocument.utc) == "2026-12-05T11:00:00Z")
        // The blog article goes out `lead` before the post that links to it.
        #expect(times["late-friday#blog"].map(ScheduleDocument.utc) == "2026-12-04T14:58:00Z")
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        for entry in try Self.manifest(files).entries {
            let primary = try #require(entry.primary_at)
            if entry.channel == "linkedin" { #expect(entry.publish_at >= primary, "\(entry.id)") }
            if entry.channel == "blog" { #expect(entry.publish_at <= primary, "\(entry.id)") }
            #expect(entry.publish_at < "2026-12-07T00:00:00Z", "\(entry.id) inside the week")
        }
        try Self.write(files, to: "weekend")
    }

    @Test func windowFollowsTheLargestAudienceWhenTheItemNamesNone() throws {
        // New York's 300 × 1 outweighs London's 100 × 1.
        let input = try Self.input(Self.planText(items: Self.midweekOnly, channels: Self.linkedInChannels, audiences: Self.twoAudiences),
                                   at: ["midweek": "2026-12-02T10:02:00Z"])
        #expect(CrosspostExport.publishTimes(input)["midweek#linkedin"].map(ScheduleDocument.utc) == "2026-12-02T14:00:00Z")
    }

    /// Four Monday posts under the default window and a 3-hour gap: the
    /// copies take 09:00, 12:00 and 15:00; the fourth finds 18:00 past the
    /// window's end and goes out on Tuesday at 09:00. None shares an instant.
    @Test func linkedInCopiesAreSpreadByTheChannelGap() throws {
        let items = """
              - {id: early, kind: content, text: "Early read", crosspost: [linkedin]}
              - {id: early-2, kind: content, text: "Second early read", crosspost: [linkedin]}
              - {id: nine, kind: content, text: "Nine o'clock read", crosspost: [linkedin]}
              - {id: ten, kind: content, text: "Ten o'clock read", crosspost: [linkedin]}
            """
        let channels = """
              x: {handle: acme}
              linkedin: {author: "urn:li:person:1", gap: 3h}
            """
        let input = try Self.input(Self.planText(items: items, channels: channels),
                                   at: ["early": "2026-11-30T08:00:00Z", "early-2": "2026-11-30T08:30:00Z",
                                        "nine": "2026-11-30T09:00:00Z", "ten": "2026-11-30T10:00:00Z"])
        let times = CrosspostExport.publishTimes(input).mapValues(ScheduleDocument.utc)
        #expect(times == ["early#linkedin": "2026-11-30T09:00:00Z", "early-2#linkedin": "2026-11-30T12:00:00Z",
                          "nine#linkedin": "2026-11-30T15:00:00Z", "ten#linkedin": "2026-12-01T09:00:00Z"])
    }

    /// Without `gap`, copies are 2 hours apart: two posts at Monday 09:00 and 09:30.
    @Test func defaultGapIsTwoHours() throws {
        let items = """
              - {id: a, kind: content, text: "First", crosspost: [linkedin]}
              - {id: b, kind: content, text: "Second", crosspost: [linkedin]}
            """
        let input = try Self.input(Self.planText(items: items, channels: Self.linkedInChannels),
                                   at: ["a": "2026-11-30T09:00:00Z", "b": "2026-11-30T09:30:00Z"])
        #expect(CrosspostExport.publishTimes(input).mapValues(ScheduleDocument.utc)
                == ["a#linkedin": "2026-11-30T09:00:00Z", "b#linkedin": "2026-11-30T11:00:00Z"])
    }

    /// A Saturday post under the default weekday window has no time left in
    /// its week: an error at its `crosspost` entry, no copy in the manifest,
    /// none in the calendar's times; the Wednesday post's copy is untouched.
    @Test func aCopyWithNoTimeInItsWeekIsAFindingAtTheCrosspostEntry() throws {
        let items = """
              - {id: saturday, kind: content, text: "Saturday", crosspost: [linkedin]}
              - {id: midweek, kind: content, text: "Midweek", crosspost: [linkedin]}
            """
        let input = try Self.input(Self.planText(items: items, channels: Self.linkedInChannels),
                                   at: ["saturday": "2026-12-05T10:00:00Z", "midweek": "2026-12-02T10:02:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.ruleID == "invalid-value" && finding.severity == .error)
        // Line 11 is the Saturday item; `linkedin` inside `crosspost: [` starts at column 65.
        #expect(finding.location.line == 11 && finding.location.column == 65, "\(finding.location)")
        // The period's last day is Sunday 2026-12-06 (its `end` is the exclusive Monday).
        #expect(finding.message == "the LinkedIn copy of 'saturday' (posted 2026-12-05T10:00:00+00:00 Europe/London) finds no time inside LinkedIn's window \"Mon-Fri 09:00-17:00\" (the default) before the plan's period ends at 24:00 on 2026-12-06 (LinkedIn copies go out at least 2h apart)", "\(finding.message)")
        #expect(finding.hint?.contains("window") == true && finding.hint?.contains("gap") == true)
        #expect(try Self.manifest(files).entries.map(\.id) == ["midweek#linkedin"])
        #expect(CrosspostExport.publishTimes(input).mapValues(ScheduleDocument.utc) == ["midweek#linkedin": "2026-12-02T10:05:00Z"])
    }

    /// The last mark of the week is Sunday 23:55: with a 5-minute gap the
    /// second copy takes it; the third would be Monday 00:00, inside the
    /// window but the next week, so it is reported at line 13.
    @Test func theWeekEndsAtMidnightOnSunday() throws {
        let channels = """
              x: {handle: acme}
              linkedin: {author: "urn:li:person:1", window: "Sun 23:00-24:00, Mon 00:00-01:00", gap: 5m}
            """
        let items = """
              - {id: late, kind: content, text: "Late", crosspost: [linkedin]}
              - {id: later, kind: content, text: "Later", crosspost: [linkedin]}
              - {id: latest, kind: content, text: "Latest", crosspost: [linkedin]}
            """
        let input = try Self.input(Self.planText(items: items, channels: channels),
                                   at: ["late": "2026-12-06T23:50:00Z", "later": "2026-12-06T23:51:00Z", "latest": "2026-12-06T23:52:00Z"])
        let (_, findings) = try CrosspostExport.export(input)
        #expect(CrosspostExport.publishTimes(input).mapValues(ScheduleDocument.utc)
                == ["late#linkedin": "2026-12-06T23:50:00Z", "later#linkedin": "2026-12-06T23:55:00Z"])
        #expect(findings.map(\.location.line) == [13])
    }

    /// Through the real binary: a post pinned on Sunday under the default
    /// weekday window. `thirds schedule` exits 1 with the error at the
    /// `crosspost` entry (line 14, column 97: the helper leaves blank lines 6 and 7) and writes nothing; with a
    /// window that takes Sundays the same plan schedules, its copy on Sunday.
    @Test func scheduleReportsACopyWithNoSlotAndWritesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let items = balancedItems.replacingOccurrences(
            of: "text: \"Content one about queues\"", with: "text: \"Content one about queues\", at: 2026-12-06T12:00, crosspost: [linkedin]")
        let text = plan(items: items)
        try text.write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: directory)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("w49.yaml:14:97: error: [invalid-value] the LinkedIn copy of 'c1'"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("nothing written"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))

        try text.replacingOccurrences(of: "linkedin: {author: \"urn:li:person:1\"}",
                                      with: "linkedin: {author: \"urn:li:person:1\", window: \"Mon-Sun 09:00-17:00\"}")
            .write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        let fixed = try CLITests.run(["schedule", "w49.yaml"], in: directory)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let manifest = try Self.manifest([ExportFile(path: "crosspost.json", contents: try String(
            contentsOf: directory.appendingPathComponent("out/w49/crosspost.json"), encoding: .utf8))])
        // Sunday 12:00 London is 12:00Z in December; the window is open then.
        #expect(manifest.entries.map { [$0.id, $0.publish_at] } == [["c1#linkedin", "2026-12-06T12:00:00Z"]])
    }

    /// `thirds check` knows a copy no schedule can place: a post pinned on
    /// Saturday, or one that may not go out before Saturday, under the
    /// default weekday window. A post that may go out on Friday is left to
    /// the schedule.
    @Test func checkReportsACopyNoScheduleCanPlace() {
        let items = """
              - {id: pinned, kind: content, text: "Pinned on Saturday", at: 2026-12-05T10:00, crosspost: [linkedin]}
              - {id: late, kind: content, text: "Not before Saturday", not_before: 2026-12-05T08:00, crosspost: [linkedin]}
              - {id: free, kind: content, text: "Any time", not_before: 2026-12-04T16:00, crosspost: [linkedin]}
            """
        let report = check(Self.planText(items: items, channels: Self.linkedInChannels))
        let copies = report.findings.filter { $0.message.hasPrefix("the LinkedIn copy of") }
        #expect(copies.map { "\($0.location.line):\($0.location.column)" } == ["11:95", "12:102"], "\(describe(report))")
        #expect(copies.allSatisfy { $0.severity == .error && $0.ruleID == "invalid-value" })
        #expect(copies.first?.message == "the LinkedIn copy of 'pinned' finds no time inside LinkedIn's window \"Mon-Fri 09:00-17:00\" (the default, Europe/London) from its pinned time, 2026-12-05 10:00, to the end of the plan's period, 24:00 on 2026-12-06", "\(copies)")
    }

    /// The solver knows a LinkedIn copy must follow its post inside the
    /// week: an item that may go out from Friday 16:00 London, for a consumer
    /// audience that reads most at weekends, is placed by Friday 16:55 (the
    /// last 5-minute mark of the default weekday window, 09:00-17:00), so
    /// the schedule is written with the copy inside the week.
    @Test func theSolverPlacesAPostWhereItsCopyCanFollow() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let items = balancedItems.replacingOccurrences(
            of: "text: \"Content one about queues\"", with: "text: \"Content one about queues\", not_before: 2026-12-04T16:00, crosspost: [linkedin]")
        let text = plan(items: items, audiences: "  uk: {timezone: Europe/London, size: 100, weight: 1, profile: consumer}")
        try text.write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CLITests.run(["schedule", "w49.yaml"], in: directory)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let manifest = try Self.manifest([ExportFile(path: "crosspost.json", contents: try String(
            contentsOf: directory.appendingPathComponent("out/w49/crosspost.json"), encoding: .utf8))])
        let copy = try #require(manifest.entries.first { $0.id == "c1#linkedin" })
        // London is on UTC in December.
        let primary = try #require(copy.primary_at)
        #expect(primary >= "2026-12-04T16:00:00Z" && primary <= "2026-12-04T16:55:00Z", "\(primary)")
        #expect(copy.publish_at >= primary && copy.publish_at <= "2026-12-04T16:55:00Z", "\(copy.publish_at)")
    }

    /// `gap` is a duration from 5m to 1d.
    @Test func gapIsCheckedByTheLoader() {
        for (gap, fine) in [("2h", true), ("5m", true), ("1d", true), ("4m", false), ("2d", false), ("2 hours", false)] {
            let text = Self.planText(items: Self.midweekOnly,
                                     channels: "  x: {handle: acme}\n  linkedin: {author: \"urn:li:person:1\", gap: \"\(gap)\"}")
            let report = check(text)
            #expect(report.findings.contains { $0.ruleID == "invalid-duration" && $0.location.line == 7 } == !fine, "\(gap): \(describe(report))")
        }
    }

    @Test func channelWindowIsUsedWhenSet() throws {
        let channels = """
              x: {handle: acme}
              linkedin: {author: "urn:li:organization:42", window: "Sat-Sun 10:00-12:00", visibility: CONNECTIONS, version: "202601"}
            """
        let input = try Self.input(Self.planText(items: Self.midweekOnly, channels: channels), at: ["midweek": "2026-12-02T10:02:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty)
        let entry = try Self.entry("midweek#linkedin", in: files)
        #expect(entry.publish_at == "2026-12-05T10:00:00Z")
        let request = try #require(entry.request)
        #expect(request.path == "/rest/posts" && request.method == "POST")
        #expect(request.headers == ["Content-Type": "application/json", "LinkedIn-Version": "202601", "X-Restli-Protocol-Version": "2.0.0"])
        #expect(request.body["author"]?.string == "urn:li:organization:42")
        #expect(request.body["visibility"]?.string == "CONNECTIONS")
        #expect(request.body["lifecycleState"]?.string == "PUBLISHED")
        #expect(request.body["isReshareDisabledByAuthor"] == .bool(false))
        #expect(request.body["distribution"] == .object(["feedDistribution": .string("MAIN_FEED"), "targetEntities": .array([]),
                                                         "thirdPartyDistributionChannels": .array([])]))
        #expect(request.body["content"] == nil, "no link, no article")
    }

    @Test func noWindowInReachIsReported() throws {
        let window = try #require(Availability.parse("Mon 09:00-10:00"))
        let clock = ZoneClock(TimeZone(identifier: "Europe/London")!)
        let friday = try #require(ScheduleVerifier.utcInstant("2026-12-04T12:00:00Z"))
        #expect(CrosspostExport.linkedInTime(after: friday, window: window, clock: clock, horizon: 86_400) == nil)
        #expect(CrosspostExport.linkedInTime(after: friday, window: window, clock: clock).map(ScheduleDocument.utc) == "2026-12-07T09:00:00Z")
    }

    @Test func missingAuthorIsAFindingAtTheChannel() throws {
        let channels = "  x: {handle: acme}\n  linkedin: {version: \"202510\"}"
        let input = try Self.input(Self.planText(items: Self.midweekOnly, channels: channels), at: ["midweek": "2026-12-02T10:02:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.map(\.ruleID) == ["missing-key"])
        #expect(findings.first?.location.line == 7, "at 'linkedin:' under 'channels:'")
        #expect(try Self.manifest(files).entries.isEmpty)
    }

    // MARK: LinkedIn articles

    @Test func linkedInArticleCarriesTheTaggedLink() throws {
        let items = """
              - id: article
                kind: content
                text: "New: queues (and why) {link}"
                link: https://blog.example/queues
                description: "A long read"
                hashtags: [custserv]
                crosspost: [linkedin]
              - {id: untitled, kind: content, text: "Three myths about call queues that cost you customers, and what the numbers say instead {link}", link: "https://blog.example/q", crosspost: [linkedin]}
            """
        let input = try Self.input(Self.planText(items: items, channels: Self.linkedInChannels),
                                   at: ["article": "2026-12-01T09:00:00Z", "untitled": "2026-12-02T09:00:00Z"])
        let (files, _) = try CrosspostExport.export(input)
        let body = try #require(try Self.entry("article#linkedin", in: files).request?.body)
        let tagged = "https://blog.example/queues?utm_source=linkedin&utm_medium=social&utm_campaign=plan"
        #expect(body["commentary"]?.string == #"New: queues \(and why\) https://blog.example/queues?utm\_source=linkedin&utm\_medium=social&utm\_campaign=plan {hashtag|#|custserv}"#)
        #expect(body["content"] == .object(["article": .object(["source": .string(tagged), "title": .string("New: queues (and why)"),
                                                                  "description": .string("A long read")])]))
        let other = try #require(try Self.entry("untitled#linkedin", in: files).request?.body)
        #expect(other["content"]?["article"]?["title"]?.string == "Three myths about call queues that cost you customers")
        #expect(other["content"]?["article"]?["description"] == nil)
    }

    // MARK: WordPress

    @Test func wordPressBodyIsAScheduledPost() throws {
        let items = """
              - id: article
                kind: content
                text: "Queues <b>&</b> \\"rotas\\"\\n\\nSecond paragraph\\nnext line {link}"
                link: https://blog.example/queues
                title: "Queues & rotas"
                description: "Why <queues> matter"
                slug: queues-and-rotas
                crosspost: [blog]
              - {id: plain, kind: content, text: "Plain, no description", crosspost: [blog]}
            """
        let input = try Self.input(Self.planText(items: items, channels: Self.blogChannels("site: \"https://blog.example/\", utm: false")),
                                   at: ["article": "2026-12-01T09:00:00Z", "plain": "2026-12-02T09:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == ["crosspost.json"])
        let entry = try Self.entry("article#blog", in: files)
        #expect(entry.publish_at == "2026-12-01T09:00:00Z" && entry.primary_at == "2026-12-01T09:00:00Z" && entry.engine == "wordpress")
        let request = try #require(entry.request)
        #expect(request.url == "https://blog.example/wp-json/wp/v2/posts" && request.path == nil && request.method == "POST")
        #expect(request.body["status"]?.string == "future")
        #expect(request.body["date_gmt"]?.string == "2026-12-01T09:00:00")
        #expect(request.body["date"] == nil)
        #expect(request.body["title"]?.string == "Queues &amp; rotas")
        #expect(request.body["slug"]?.string == "queues-and-rotas")
        #expect(request.body["excerpt"]?.string == "Why &lt;queues&gt; matter")
        #expect(request.body["content"]?.string == """
            <p>Queues &lt;b&gt;&amp;&lt;/b&gt; &quot;rotas&quot;</p>
            <p>Second paragraph<br>
            next line <a href="https://blog.example/queues">https://blog.example/queues</a></p>
            """)
        let plain = try #require(try Self.entry("plain#blog", in: files).request?.body)
        #expect(plain["excerpt"]?.string == "Plain, no description")
        #expect(plain["title"]?.string == "Plain, no description")
        #expect(plain["slug"]?.string == "plain")
    }

    @Test func awkwardTextAsHTMLAndYAML() throws {
        #expect(BlogPost.html(from: Self.awkward)
            == "<p>Café déjà vu, naïve; 日本語のテキスト 👩🏽‍💻 👨‍👩‍👧‍👦 👍🏿 (really) C:\\path\\to<br>\nline two</p>")
        // Whatever a title holds, its quoted form reads back the same.
        for text in [Self.awkward, "tab\there, bell\u{7}, line\u{2028}separator, \u{85}next, \u{FEFF}bom, \"quote\": yes #no", "- [x] {y}: 'z'"] {
            let yaml = "title: " + CrosspostText.yamlQuoted(text) + "\n"
            #expect((try Yams.load(yaml: yaml) as? [String: Any])?["title"] as? String == text, "\(yaml)")
        }
    }

    @Test func wordPressWithoutSiteIsAFinding() throws {
        let input = try Self.input(Self.planText(items: Self.timingItems, channels: Self.blogChannels("lead: 1h"), audiences: Self.twoAudiences),
                                   at: ["late-friday": "2026-12-04T16:58:00Z"])
        let (_, findings) = try CrosspostExport.export(input)
        #expect(findings.map(\.ruleID) == ["missing-key"])
        #expect(findings.first?.message.contains("site") == true)
    }

    // MARK: Hugo and Jekyll

    static let markdownItems = """
          - id: cafe
            kind: content
            text: "\(awkward.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")) *bold* # {link}"
            link: https://blog.example/a_b
            title: "Café: \\"déjà vu\\" — 日本 👩🏽‍💻 \\\\ #1"
            description: "Line one\\nline two: yes"
            hashtags: [custserv, socialmedia]
            crosspost: [blog, linkedin]
          - {id: nihon, kind: content, text: "日本語だけ", title: "日本語だけ", crosspost: [blog]}
        """

    @Test(arguments: ["hugo", "jekyll"])
    func markdownFrontMatterReadsBack(engine: String) throws {
        let text = Self.planText(items: Self.markdownItems,
                                 channels: Self.blogChannels("engine: \(engine)"), timezone: "Asia/Tokyo",
                                 audiences: "  jp: {timezone: Asia/Tokyo, size: 100, weight: 1}")
        // 20:00 UTC is 05:00 the next day in Tokyo.
        let input = try Self.input(text, at: ["cafe": "2026-12-01T20:00:00Z", "nihon": "2026-12-02T01:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        let expectedPaths = engine == "hugo"
            ? ["blog/cafe-deja-vu-1.md", "blog/nihon.md"]
            : ["blog/_posts/2026-12-02-cafe-deja-vu-1.md", "blog/_posts/2026-12-02-nihon.md"]
        #expect(files.map(\.path) == ["crosspost.json"] + expectedPaths)
        let file = try #require(files.first { $0.path == expectedPaths[0] })
        let (fields, body) = try Self.frontMatter(file)
        #expect(fields["title"] as? String == "Café: \"déjà vu\" — 日本 👩🏽‍💻 \\ #1")
        #expect(fields["slug"] as? String == "cafe-deja-vu-1")
        #expect(fields["tags"] as? [String] == ["custserv", "socialmedia"])
        #expect(fields["description"] as? String == "Line one\nline two: yes")
        let date = fields["date"].map { "\($0)" }
        if engine == "hugo" {
            // RFC 3339 with the account's offset: Yams reads it as a timestamp.
            #expect(file.contents.contains("\ndate: 2026-12-02T05:00:00+09:00\n"))
            #expect((fields["date"] as? Date).map(ScheduleDocument.utc) == "2026-12-01T20:00:00Z", "\(date ?? "")")
        } else {
            #expect(fields["date"] as? String == "2026-12-02 05:00:00 +0900", "\(date ?? "")")
        }
        let tagged = "https://blog.example/a_b?utm_source=blog&utm_medium=social&utm_campaign=plan"
        #expect(body.contains("<\(tagged)>"), "\(body)")
        #expect(body.contains("(really) C:\\\\path\\\\to  \nline two \\*bold\\* # <"), "\(body)")
        let entry = try Self.entry("cafe#blog", in: files)
        #expect(entry.file == expectedPaths[0] && entry.request == nil && entry.engine == engine)
        try Self.write(files, to: "awkward-\(engine)")
    }

    @Test func slugsComeFromSlugTitleOrIdAndStayUnique() throws {
        #expect(CrosspostText.slug("Café déjà vu — Straße 2026!") == "cafe-deja-vu-strasse-2026")
        #expect(CrosspostText.slug("日本語だけ") == "")
        #expect(CrosspostText.slug("SM influence: myth or reality?") == "sm-influence-myth-or-reality")
        let items = """
              - {id: one, kind: content, text: "One", slug: same, crosspost: [blog]}
              - {id: two, kind: content, text: "Two", slug: same, crosspost: [blog]}
              - {id: daily, kind: content, text: "Daily", repeat: [mon, tue], crosspost: [blog]}
            """
        let input = try Self.input(Self.planText(items: items, channels: Self.blogChannels("engine: hugo")),
                                   at: ["one": "2026-12-01T09:00:00Z", "two": "2026-12-01T10:00:00Z",
                                        "daily@2026-11-30": "2026-11-30T09:00:00Z", "daily@2026-12-01": "2026-12-01T11:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(files.map(\.path) == ["crosspost.json", "blog/daily-2026-11-30.md", "blog/daily-2026-12-01.md", "blog/same-two.md", "blog/same.md"])
        #expect(findings.count == 1 && findings.first?.severity == .warning && findings.first?.message.contains("same-two") == true)
    }

    // MARK: Digest

    @Test(arguments: ["wordpress", "hugo"])
    func weeklyDigestCollectsTheContentPosts(engine: String) throws {
        let items = """
              - {id: first, kind: content, text: "First & best", link: "https://blog.example/1"}
              - {id: second, kind: content, text: "Second"}
              - {id: promo, kind: promotion, text: "Buy"}
              - {id: too-late, kind: content, text: "After the digest"}
            """
        let input = try Self.input(Self.planText(items: items, channels: Self.blogChannels("site: \"https://blog.example\", digest: true, engine: \(engine)")),
                                   at: ["first": "2026-12-01T09:00:00Z", "second": "2026-12-02T09:00:00Z", "promo": "2026-12-03T09:00:00Z",
                                        "too-late": "2026-12-06T18:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        let entry = try Self.entry("digest@2026-11-30#blog", in: files)
        #expect(entry.kind == "digest" && entry.publish_at == "2026-12-06T17:00:00Z" && entry.items == ["first", "second"])
        #expect(CrosspostExport.digestTime(input).map(ScheduleDocument.utc) == "2026-12-06T17:00:00Z")
        if engine == "wordpress" {
            let content = try #require(entry.request?.body["content"]?.string)
            // A link to the blog's own site carries no campaign tags from the blog itself.
            #expect(content.contains(#"<li><a href="https://blog.example/1">First &amp; best</a></li>"#), "\(content)")
            #expect(content.contains("<li>Second</li>"))
        } else {
            let file = try #require(files.first { $0.path == entry.file })
            #expect(file.path == "blog/acme-digest-2026-11-30.md")
            #expect(file.contents.contains("- [First & best](<https://blog.example/1>)\n- Second\n"))
        }
        try Self.write(files, to: "digest-\(engine)")
    }

    // MARK: Determinism and the greencontact example

    @Test func sameOutputEveryTimeInAnyOrder() throws {
        let text = Self.planText(items: Self.timingItems, channels: Self.blogChannels("site: \"https://blog.example\", digest: true"),
                                 audiences: Self.twoAudiences)
        let times = ["late-friday": "2026-12-04T16:58:00Z", "saturday": "2026-12-05T10:00:00Z",
                     "midweek": "2026-12-02T10:02:00Z", "for-new-york": "2026-12-04T22:30:00Z"]
        let input = try Self.input(text, at: times)
        let reversed = ExportInput(plan: input.plan, posts: input.posts.reversed(), generatedAt: input.generatedAt)
        let first = try CrosspostExport.export(input), second = try CrosspostExport.export(reversed)
        #expect(first.files == second.files && first.findings == second.findings)
        let ids = try Self.manifest(first.files).entries.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(CrosspostExport.publishTimes(input).keys) == Set(ids.filter { !$0.hasPrefix("digest@") }))
    }

    static func greencontact(engine: String? = nil) throws -> ExportInput {
        let root = CLITests.repository
        var text = try String(contentsOf: root.appendingPathComponent("examples/greencontact-week.yaml"), encoding: .utf8)
        if let engine { text = text.replacingOccurrences(of: "engine: wordpress}", with: "engine: \(engine), digest: true, lead: 30m}") }
        let rules = try String(contentsOf: root.appendingPathComponent("rules/default.yaml"), encoding: .utf8)
        // The plan and the files it names, in a folder of their own: the article is read, not scheduled.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-greencontact-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, contents) in ["examples/greencontact-week.yaml": Data(text.utf8), "rules/default.yaml": Data(rules.utf8),
                                 "examples/drafts/influence-myth.md": try Data(contentsOf: root.appendingPathComponent("examples/drafts/influence-myth.md"))] {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url)
        }
        let outcome = try SchedulePipeline.run(paths: [folder.path + "/examples/greencontact-week.yaml"], options: SolveOptions(moves: 3_000))
        let schedule = try #require(outcome.schedules.first)
        return ExportInput(schedule, generatedAt: generatedAt)
    }

    /// The example through the pipeline `thirds schedule` runs; its bytes
    /// depend on the solver, so they are checked for what must hold, not
    /// against a golden file.
    @Test func greencontactManifestTimesTheCopies() throws {
        let (files, findings) = try CrosspostExport.export(try Self.greencontact())
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == ["crosspost.json"])
        try Self.write(files, to: "greencontact-week")
        let manifest = try Self.manifest(files)
        #expect(manifest.format == "thirds-crosspost/1")
        // LinkedIn copies go out at or after their post, inside the default window
        // (Mon-Fri 09:00-17:00 in London, which is UTC in December); the blog
        // goes with its post.
        for id in ["klout-sausages#linkedin", "queue-myths#linkedin"] {
            let entry = try Self.entry(id, in: files)
            #expect(entry.publish_at >= (entry.primary_at ?? ""), "\(id)")
            let instant = try #require(ScheduleVerifier.utcInstant(entry.publish_at))
            let local = ZoneClock(TimeZone(identifier: "Europe/London")!).local(instant)
            #expect(local.date.isoWeekday <= 5 && (9..<17).contains(local.time.hour), "\(id) at \(entry.publish_at)")
        }
        let blog = try Self.entry("klout-sausages#blog", in: files)
        #expect(blog.publish_at == blog.primary_at)
    }

    /// The example again as a Hugo and a Jekyll blog with a digest, written
    /// out for `.ci/verify-crosspost.sh`.
    @Test(arguments: ["hugo", "jekyll"])
    func greencontactAsStaticBlog(engine: String) throws {
        let (files, findings) = try CrosspostExport.export(try Self.greencontact(engine: engine))
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.count == 3, "\(files.map(\.path))")
        for file in files where file.path.hasSuffix(".md") {
            let (fields, _) = try Self.frontMatter(file)
            #expect(fields["title"] is String && fields["slug"] is String && fields["date"] != nil)
        }
        let blog = try Self.entry("klout-sausages#blog", in: files)
        let primary = try #require(ScheduleVerifier.utcInstant(blog.primary_at ?? ""))
        #expect(ScheduleVerifier.utcInstant(blog.publish_at) == primary.addingTimeInterval(-30 * 60), "30 minutes before X")
        try Self.write(files, to: "greencontact-\(engine)")
    }
}
