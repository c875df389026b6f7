import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsExport
@testable import ThirdsKit

/// The iCalendar export: RFC 5545's text layer (folding, escaping, CRLF), the
/// events a schedule gives, and their stable identity across exports. The
/// golden calendar is the hand-made week's (HandmadeGoldenTests).
@Suite("iCalendar export")
struct ICalendarTests {
    static let stamp = Date(timeIntervalSince1970: 1_795_910_400)  // 2026-11-29T00:00:00Z

    // MARK: - Reading the output back, octet by octet

    /// The physical lines, split at CRLF only.
    static func physicalLines(_ ics: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [], current: [UInt8] = []
        let bytes = Array(ics.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// RFC 5545 unfolding on octets: each CRLF followed by a space is removed.
    static func unfold(_ ics: String) -> String {
        let bytes = Array(ics.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 2 < bytes.count, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x20 {
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The logical lines, unfolded.
    static func logicalLines(_ ics: String) -> [String] {
        physicalLines(unfold(ics)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func unescape(_ value: String) -> String {
        var out = ""
        var escaped = false
        for character in value {
            if escaped {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    struct Event {
        var properties: [String: String] = [:]
        var alarms: [[String: String]] = []
        subscript(_ name: String) -> String? { properties[name] }
    }

    /// Each VEVENT's properties by name (no event property repeats), and its alarms'.
    static func events(_ ics: String) -> [Event] {
        var events: [Event] = []
        var event: Event?
        var alarm: [String: String]?
        for line in logicalLines(ics) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon]), value = String(line[line.index(after: colon)...])
            switch (name, value) {
            case ("BEGIN", "VEVENT"): event = Event()
            case ("END", "VEVENT"): event.map { events.append($0) }; event = nil
            case ("BEGIN", "VALARM"): alarm = [:]
            case ("END", "VALARM"): if let alarm { event?.alarms.append(alarm) }; alarm = nil
            default:
                if alarm != nil { alarm?[name] = value } else { event?.properties[name] = value }
            }
        }
        return events
    }

    // MARK: - Schedules to export

    static func export(_ planText: String, at date: Date = stamp) throws -> String {
        let schedule = try #require(try solve(["plan.yaml": planText], options: SolveOptions(moves: 2_000)).schedules.first)
        let files = ICalendarExport.export(ExportInput(schedule, generatedAt: date))
        #expect(files.map(\.path) == ["schedule.ics"])
        return try #require(files.first).contents
    }

    /// The balanced week with one text full of what TEXT must escape and what
    /// folding must not cut, one link, and one cross-posted item.
    static let trickyText = "Café naïve 東京の電話窓口 👩🏽‍💻 👨‍👩‍👧‍👦 🇬🇧, costs; a\\b (see notes)\nline two: done {link}"
    static func trickyPlan(text: String = trickyText) -> String {
        // The balanced week, its first item replaced by the tricky one.
        plan(items: "  - {id: c1, kind: content, text: \(Self.yamlQuoted(text)), link: \"https://example.com/a?x=1\", crosspost: [linkedin]}\n"
             + balancedItems.split(separator: "\n").dropFirst().joined(separator: "\n"))
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    // MARK: - Folding

    @Test(arguments: [
        "Café naïve résumé à la crème brûlée, ça va? " + String(repeating: "é", count: 60),
        String(repeating: "東京の電話窓口は混んでいます。", count: 12),
        String(repeating: "👩🏽‍💻👨‍👩‍👧‍👦🇬🇧👍🏿🏳️‍🌈", count: 10),
        "x" + String(repeating: "👨‍👩‍👧‍👦", count: 20),
        "ab" + String(repeating: "e\u{301}", count: 80),
    ])
    func foldingKeepsCharactersWholeAndUnfoldsBack(text: String) throws {
        for prefix in ["DESCRIPTION:", "SUMMARY:a", "X:ab", "URL:abc"] {
            let line = prefix + ICalendarText.escape(text)
            let folded = ICalendarText.fold(line)
            let physical = Self.physicalLines(folded)
            #expect(physical.count > 1)
            for (index, bytes) in physical.enumerated() {
                #expect(bytes.count <= 75, "line \(index) has \(bytes.count) octets")
                #expect(String(validating: bytes, as: UTF8.self) != nil, "line \(index) is not valid UTF-8")
                if index > 0 {
                    #expect(bytes.first == 0x20 && bytes.dropFirst().first != 0x20, "a continuation starts with exactly one space")
                }
            }
            #expect(Array(Self.unfold(folded).utf8) == Array(line.utf8))
            // Each piece holds whole characters: the pieces' characters are the line's.
            let pieces = physical.enumerated().map { index, bytes in String(decoding: index == 0 ? bytes : Array(bytes.dropFirst()), as: UTF8.self) }
            #expect(pieces.map(\.count).reduce(0, +) == line.count, "a fold fell inside a character")
            #expect(pieces.flatMap { Array($0) } == Array(line))
        }
    }

    @Test func foldingFillsLinesToTheLimit() {
        let folded = ICalendarText.fold("DESCRIPTION:" + String(repeating: "a", count: 200))
        let lengths = Self.physicalLines(folded).map(\.count)
        #expect(lengths == [75, 75, 63 + 1])
        #expect(ICalendarText.fold(String(repeating: "a", count: 75)) == String(repeating: "a", count: 75))
    }

    @Test func aClusterLongerThanALineIsSplitBetweenScalars() {
        // One grapheme of 1 + 60 combining marks (121 octets): no line holds it,
        // so it is cut between scalars, never inside one.
        let line = "SUMMARY:" + "e" + String(repeating: "\u{301}", count: 60)
        let physical = Self.physicalLines(ICalendarText.fold(line))
        #expect(physical.allSatisfy { $0.count <= 75 && String(validating: $0, as: UTF8.self) != nil })
        #expect(Array(Self.unfold(ICalendarText.fold(line)).utf8) == Array(line.utf8))
    }

    // MARK: - Escaping

    @Test func textEscapesBackslashSemicolonCommaAndNewlines() {
        #expect(ICalendarText.escape("a,b;c\\d\ne (f) g:h \"q\"") == "a\\,b\\;c\\\\d\\ne (f) g:h \"q\"")
        #expect(ICalendarText.escape("one\r\ntwo\rthree\n") == "one\\ntwo\\nthree\\n")
        #expect(ICalendarText.escape("tab\there\u{7}bell\u{0}") == "tab\therebell")
        #expect(ICalendarText.escape("\\n is not a newline") == "\\\\n is not a newline")
        #expect(ICalendarText.list(["content", "a,b"]) == "content,a\\,b")
    }

    @Test func exportedTextUnescapesToTheTextAsItGoesOut() throws {
        let ics = try Self.export(Self.trickyPlan())
        let events = Self.events(ics).filter { $0["UID"]?.hasPrefix("c1.") == true }
        #expect(events.count == 2, "c1 on x and on linkedin")
        for event in events {
            let channel = try #require(event["CATEGORIES"]?.split(separator: ",").last.map(String.init))
            let tagged = "https://example.com/a?x=1&utm_source=\(channel)&utm_medium=social&utm_campaign=plan"
            let expected = Self.trickyText.replacingOccurrences(of: "{link}", with: tagged)
            let description = Self.unescape(try #require(event["DESCRIPTION"]))
            #expect(description.hasPrefix(expected + "\n\nuk: "), "\(description)")
            // Reach belongs to the X post's moment: the LinkedIn copy names it, not as its own.
            if channel == "x" {
                #expect(description.contains("\ntotal reach "))
            } else {
                let lines = description.split(separator: "\n").map(String.init)
                #expect(!description.contains("total reach"), "\(description)")
                #expect(lines.contains { $0.hasPrefix("uk: ") && !$0.contains("reach") }, "\(description)")
                #expect(lines.last?.hasPrefix("cross-post of the x post of ") == true, "\(description)")
            }
            #expect(event["URL"] == tagged)
            let summary = Self.unescape(try #require(event["SUMMARY"]))
            #expect(summary == "[\(channel)] content: Café naïve 東京の電話窓口 👩🏽‍💻 👨‍👩‍👧‍👦 🇬🇧, costs; a\\b…")
            // Raw values: every special character escaped, parentheses and colons left alone.
            let raw = try #require(event["DESCRIPTION"])
            #expect(raw.contains("🇬🇧\\, costs\\; a\\\\b (see notes)\\nline two: done"))
            #expect(!raw.contains("\n"))
        }
    }

    // MARK: - Bytes

    @Test func linesEndInCRLFOnlyWithNoByteOrderMark() throws {
        let ics = try Self.export(Self.trickyPlan())
        let bytes = Array(ics.utf8)
        #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        for index in bytes.indices {
            if bytes[index] == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at octet \(index)") }
            if bytes[index] == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at octet \(index)") }
        }
        for line in Self.physicalLines(ics) {
            #expect(line.count <= 75)
            #expect(String(validating: line, as: UTF8.self) != nil)
        }
    }

    @Test func calendarHeaderNamesThePlanAndAccount() throws {
        let lines = Self.logicalLines(try Self.export(Self.trickyPlan()))
        #expect(Array(lines.prefix(8)) == [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//thirds//thirds \(Thirds.version)//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "NAME:thirds: plan (acme)", "X-WR-CALNAME:thirds: plan (acme)", "X-WR-TIMEZONE:Europe/London",
        ])
        #expect(!lines.contains { $0.contains("TZID") || $0.contains("VTIMEZONE") })
    }

    // MARK: - Events

    @Test func oneEventPerPostAndChannelInTimeOrder() throws {
        let text = Self.trickyPlan()
        let schedule = try #require(try solve(["plan.yaml": text], options: SolveOptions(moves: 2_000)).schedules.first)
        let input = ExportInput(schedule, generatedAt: Self.stamp)
        let events = Self.events(ICalendarExport.export(input)[0].contents)
        #expect(events.count == schedule.posts.count + 1, "c1 is cross-posted to linkedin")
        let crosspostTimes = ICalendarExport.crosspostTimes(input)
        let starts = events.compactMap { $0["DTSTART"] }
        #expect(starts == starts.sorted())
        #expect(starts.allSatisfy { $0.count == 16 && $0.hasSuffix("Z") })
        for post in schedule.posts {
            let utc = ICalendarText.utc(post.candidate.instant)
            let mine = events.filter { $0["UID"]?.hasPrefix(ICalendarText.uidField(post.occurrence.id) + ".") == true }
            #expect(mine.count == post.occurrence.item.allChannels.count)
            for (event, channel) in zip(mine, mine.map { $0["CATEGORIES"]?.split(separator: ",").last.map(String.init) ?? "" }) {
                // The post on its own channel at its time; a cross-post at the manifest's, or with its post.
                let instant = channel == post.occurrence.item.channel.value ? post.candidate.instant
                    : crosspostTimes?[post.occurrence.id + "#" + channel] ?? post.candidate.instant
                #expect(event["DTSTART"] == ICalendarText.utc(instant))
                #expect(event["DTEND"] == ICalendarText.utc(instant.addingTimeInterval(15 * 60)))
            }
            #expect(mine.contains { $0["DTSTART"] == utc })
            #expect(mine.allSatisfy { $0["STATUS"] == "CONFIRMED" && $0["TRANSP"] == "TRANSPARENT" && $0["DTSTAMP"] == "20261129T000000Z" })
        }
        let withLink = events.filter { $0["URL"] != nil }
        #expect(withLink.count == 2 && withLink.allSatisfy { $0["UID"]?.hasPrefix("c1.") == true })
    }

    @Test func crosspostsTakeTheManifestsTimesWhenGiven() throws {
        let schedule = try #require(try solve(["plan.yaml": Self.trickyPlan()], options: SolveOptions(moves: 2_000)).schedules.first)
        let input = ExportInput(schedule, generatedAt: Self.stamp)
        let post = try #require(input.posts.first { $0.occurrence.id == "c1" })
        func starts(_ times: [String: Date]?) -> [String: String] {
            let events = Self.events(ICalendarExport.calendar(input, crosspostTimes: times))
            return Dictionary(events.filter { $0["UID"]?.hasPrefix("c1.") == true }.map { ($0["UID"]!, $0["DTSTART"]!) }, uniquingKeysWith: { a, _ in a })
        }
        let primary = ICalendarText.utc(post.instant)
        // No manifest times: the cross-post goes out with its post.
        #expect(starts(nil) == ["c1.x.plan.acme@thirds": primary, "c1.linkedin.plan.acme@thirds": primary])
        // The manifest's time for the copy; the post itself keeps its own.
        let later = post.instant.addingTimeInterval(2 * 3_600)
        #expect(starts(["c1#linkedin": later, "c1#x": later.addingTimeInterval(60)])
                == ["c1.x.plan.acme@thirds": primary, "c1.linkedin.plan.acme@thirds": ICalendarText.utc(later)])
        // A copy the manifest could not time is not published: no event.
        #expect(starts([:]) == ["c1.x.plan.acme@thirds": primary])
        let moved = Self.events(ICalendarExport.calendar(input, crosspostTimes: ["c1#linkedin": later])).compactMap { $0["DTSTART"] }
        #expect(moved == moved.sorted(), "a moved cross-post takes its place in time order")
    }

    @Test func alarmsOnlyOnEngagement() throws {
        let events = Self.events(try Self.export(Self.trickyPlan()))
        #expect(events.count == 10)
        for event in events {
            let engagement = event["CATEGORIES"]?.hasPrefix("engagement,") == true
            #expect(event.alarms.count == (engagement ? 1 : 0), "\(event["UID"] ?? "")")
            if let alarm = event.alarms.first {
                #expect(alarm["ACTION"] == "DISPLAY")
                #expect(alarm["TRIGGER"] == "-PT10M")
                #expect(alarm["DESCRIPTION"]?.isEmpty == false)
            }
        }
        #expect(events.filter { !$0.alarms.isEmpty }.count == 3)
    }

    @Test func summaryTakesTheOpeningWordsWithoutLinks() {
        #expect(ICalendarExport.summary(channel: "x", kind: "content", text: "One two three four five six seven eight nine https://a.example/x")
                == "[x] content: One two three four five six seven eight…")
        #expect(ICalendarExport.summary(channel: "linkedin", kind: "promotion", text: "Sign up https://a.example/x") == "[linkedin] promotion: Sign up")
        #expect(ICalendarExport.summary(channel: "x", kind: "content", text: "") == "[x] content")
    }

    // MARK: - Identity across exports

    @Test func uidsAreStableAcrossRunsAndTextChanges() throws {
        let first = Self.events(try Self.export(Self.trickyPlan()))
        let again = Self.events(try Self.export(Self.trickyPlan()))
        let edited = Self.events(try Self.export(Self.trickyPlan(text: "A different text altogether, same item {link}")))
        let uids = first.compactMap { $0["UID"] }
        #expect(uids.count == first.count && Set(uids).count == uids.count, "one UID per event, all different")
        #expect(again.compactMap { $0["UID"] } == uids)
        #expect(Set(edited.compactMap { $0["UID"] }) == Set(uids))
        #expect(uids.contains("c1.x.plan.acme@thirds") && uids.contains("c1.linkedin.plan.acme@thirds"))
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+@")
        #expect(uids.allSatisfy { $0.allSatisfy(safe.contains) })
    }

    @Test func uidOfARepeatingPostNamesItsDayAndEscapesTheRest() throws {
        let context = try #require(try solve(["plan.yaml": Self.trickyPlan()], options: SolveOptions(moves: 0)).schedules.first).plan
        var plan = context
        plan.name = "week 49.v2"
        plan.account.name = Located("acme+co", at: plan.account.name.location)
        #expect(ICalendarExport.uid(occurrenceID: "replies@2026-11-30", channel: "x", plan: plan)
                == "replies.2026-11-30.x.week+2049+2Ev2.acme+2Bco@thirds")
        #expect(ICalendarExport.uid(occurrenceID: "a.b", channel: "x", plan: plan)
                != ICalendarExport.uid(occurrenceID: "a@b", channel: "x", plan: plan))
    }

    @Test func sequenceGrowsWithTheExportTimeAndIsReproducible() throws {
        let text = Self.trickyPlan()
        let early = try Self.export(text, at: Self.stamp)
        let same = try Self.export(text, at: Self.stamp)
        let later = try Self.export(text, at: Self.stamp.addingTimeInterval(3_600))
        #expect(early == same, "same input and export time, same bytes")
        let earlySequences = Self.events(early).compactMap { $0["SEQUENCE"].flatMap { Int($0) } }
        let laterSequences = Self.events(later).compactMap { $0["SEQUENCE"].flatMap { Int($0) } }
        #expect(earlySequences.count == 10 && laterSequences.count == 10)
        #expect(Set(earlySequences) == [ICalendarExport.sequence(Self.stamp)])
        #expect(zip(earlySequences, laterSequences).allSatisfy { $0 + 60 == $1 })
        #expect(ICalendarExport.sequence(Date(timeIntervalSince1970: 1_704_067_200)) == 0)
        #expect(ICalendarExport.sequence(Date(timeIntervalSince1970: 1_704_067_259)) == 0)
        #expect(ICalendarExport.sequence(Date(timeIntervalSince1970: 1_704_067_260)) == 1)
        #expect(ICalendarExport.sequence(Date(timeIntervalSince1970: 0)) == 0)
        #expect(Self.events(later).allSatisfy { $0["DTSTAMP"] == "20261129T010000Z" })
    }

    // MARK: - The real pipeline

    /// examples/greencontact-week.yaml through the pipeline `thirds schedule`
    /// runs: an event per post and per cross-post. The byte-exact golden
    /// calendar is the hand-made week's (HandmadeGoldenTests), which no
    /// change to the solver can move.
    @Test func greencontactWeekHasAnEventPerPostAndCrossPost() throws {
        let path = CLITests.repository.appendingPathComponent("examples/greencontact-week.yaml").path
        let outcome = try SchedulePipeline.run(paths: [path])
        #expect(outcome.succeeded)
        let schedule = try #require(outcome.schedules.first)
        let ics = try #require(ICalendarExport.export(ExportInput(schedule, generatedAt: Self.stamp)).first).contents
        let crossposts = schedule.posts.map { $0.occurrence.item.crosspost.count }.reduce(0, +)
        #expect(Self.events(ics).count == schedule.posts.count + crossposts)
        #expect(Self.events(ics).allSatisfy { $0["DTSTAMP"] == "20261129T000000Z" })
    }
}
