import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsKit

/// Issue 7, "what a new user hit": each mistake gets one finding that names
/// the cause and the fix, at the place to edit.
@Suite("Messages a new user needs")
struct MessageTests {
    /// The one finding of `rule` in `report`, or a recorded failure.
    func only(_ rule: String, in report: CheckReport, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Finding] {
        let found = report.findings.filter { $0.ruleID == rule }
        #expect(!found.isEmpty, "no [\(rule)] in: \(describe(report))", sourceLocation: sourceLocation)
        return found
    }

    @Test func misspeltAudiencesIsReportedOnceWithoutItsCascade() {
        let items = (1...13).map { "  - {id: i\($0), kind: \(["content", "engagement", "promotion"][$0 % 3]), text: \"Post number \($0)\", audiences: [uk]}" }
        let marked = Marked("""
            week: 2026-W49
            account: {name: acme, timezone: Europe/London}
            ⟨key⟩audience:
              uk: {timezone: Europe/London, size: 100, weight: 1}
            items:
            \(items.joined(separator: "\n"))
            """)
        let report = check(marked.text)
        // Before: the unknown key and 13 undefined-reference errors, one per item.
        #expect(report.findings.map(\.ruleID) == ["unknown-key"], "\(describe(report))")
        let finding = report.findings.first
        #expect(finding?.location == SourceLocation(file: "plan.yaml", line: 3, column: 1))
        #expect(finding?.message == "unknown key 'audience' at the top of the plan (did you mean 'audiences'?)")
        // A reference to an audience that a correct section lacks is still reported.
        let fixed = check(marked.text.replacingOccurrences(of: "audience:", with: "audiences:").replacingOccurrences(of: "audiences: [uk]}\n", with: "audiences: [uj]}\n"))
        #expect(fixed.findings.filter { $0.ruleID == "undefined-reference" }.count == 12, "\(describe(fixed))")
    }

    @Test func misspeltChannelsIsReportedOnceWithoutItsCascade() {
        let report = check(plan(items: balancedItems + "\n  - {id: li, kind: content, text: \"On LinkedIn\", channel: linkedin}")
            .replacingOccurrences(of: "channels:", with: "chanels:"))
        #expect(report.findings.map(\.ruleID) == ["unknown-key"], "\(describe(report))")
        #expect(report.findings.first?.message == "unknown key 'chanels' at the top of the plan (did you mean 'channels'?)")
    }

    @Test(arguments: [
        ("London", "Europe/London"), ("london", "Europe/London"), ("New York", "America/New_York"),
        ("Europe/Londn", "Europe/London"), ("Tokyo", "Asia/Tokyo"), ("Sao_Paulo", "America/Sao_Paulo"),
    ])
    func timeZoneSuggestsTheIANAName(written: String, meant: String) {
        let marked = Marked("""
            week: 2026-W49
            account: {name: acme, timezone: ⟨zone⟩\(written)}
            items: []
            """)
        let report = check(marked.text)
        let finding = only("unknown-timezone", in: report).first
        #expect(finding?.location == SourceLocation(file: "plan.yaml", line: 2, column: 33))
        #expect(finding?.message == "unknown time zone '\(written)' (did you mean '\(meant)'?)")
        #expect(finding?.hint == "use an IANA zone name such as Europe/London or America/New_York, not an abbreviation or offset")
    }

    @Test func timeZoneWithNothingNearHasNoGuess() {
        #expect(ValueText.nearestZone("Qwxyzzy") == nil)
        #expect(ValueText.nearestZone("EST") == nil)
    }

    @Test func timesPastTheClockGetTheTimeMeant() {
        let marked = Marked(plan(items: balancedItems + """

              - {id: late, kind: content, text: "Late", at: ⟨late⟩"2026-12-01T25:00"}
              - {id: round, kind: content, text: "Round", at: ⟨round⟩"2026-12-02T10:60"}
              - {id: daily, kind: engagement, text: "Daily", repeat: weekdays, at: ⟨daily⟩"24:30"}
            """, account: "  available: ⟨available⟩\"Mon-Fri 08:00-25:00\""))
        let report = check(marked.text)
        func finding(at mark: String) -> Finding? {
            let (line, column) = marked.marks[mark]!
            return report.findings.first { $0.location == SourceLocation(file: "plan.yaml", line: line, column: column) }
        }
        #expect(finding(at: "late")?.message == "'at' of item 'late' '2026-12-01T25:00' is not a date and time in the calendar")
        #expect(finding(at: "late")?.hint == "hours run 00-23 and minutes 00-59: for 25:00 use 01:00 the next day")
        #expect(finding(at: "round")?.hint == "hours run 00-23 and minutes 00-59: for 10:60 use 11:00")
        #expect(finding(at: "daily")?.message == "'at' of repeating item 'daily' is '24:30', not a time of day")
        #expect(finding(at: "daily")?.hint == "hours run 00-23 and minutes 00-59: for 24:30 use 00:30 the next day")
        #expect(finding(at: "available")?.message == "'available' is 'Mon-Fri 08:00-25:00', not a list of days and hours")
        #expect(finding(at: "available")?.hint == "hours run 00-23 and minutes 00-59: for 25:00 use 01:00 the next day")
    }

    @Test func timeHintOnlyForTimesPastTheClock() {
        #expect(ValueText.timeHint("2026-12-01T23:59") == nil)
        #expect(ValueText.timeHint("Mon-Fri 08:00-24:00", allowEndOfDay: true) == nil)
        #expect(ValueText.timeHint("24:00") == "hours run 00-23 and minutes 00-59: for 24:00 use 00:00 the next day")
        #expect(ValueText.timeHint("49:15") == "hours run 00-23 and minutes 00-59: for 49:15 use 01:15 2 days later")
        #expect(ValueText.timeHint("2026-12-01T12:00:75") == nil)
    }

    @Test func dailyEngagementAgainstWeekdayAvailabilitySuggestsWeekdays() {
        let marked = Marked(plan(items: """
              - {id: c1, kind: content, text: "Content one"}
              - {id: p1, kind: promotion, text: "Promotion one"}
              ⟨replies⟩- {id: replies, kind: engagement, text: "Reply to the list", repeat: daily}
            """, account: "  available: \"Mon-Fri 08:00-18:00\""))
        let report = check(marked.text)
        let found = only("availability", in: report)
        #expect(found.map(\.message) == [
            "engagement 'replies@2026-12-05' has no time inside its window when the owner is available (Mon-Fri 08:00-18:00)",
            "engagement 'replies@2026-12-06' has no time inside its window when the owner is available (Mon-Fri 08:00-18:00)",
        ])
        let (line, column) = marked.marks["replies"]!
        for finding in found {
            #expect(finding.location == SourceLocation(file: "plan.yaml", line: line, column: column + 2))
            #expect(finding.hint == "use 'repeat: weekdays': the owner is not available at the weekend")
        }
    }

    @Test func repeatOnSomeUnavailableDaysSuggestsTheAvailableOnes() {
        let report = check(plan(items: """
              - {id: replies, kind: engagement, text: "Reply to the list", repeat: [mon, wed, sat]}
            """, account: "  available: \"Mon-Fri 08:00-18:00, Sun 10:00-12:00\""))
        let found = only("availability", in: report)
        #expect(found.map(\.hint) == ["repeat it only on days the owner is available: 'repeat: [mon, wed]'"])
    }

    @Test func boundsOutsideThePeriodAreWarnedWhereTheyAreWritten() {
        // A plan copied from week 48 to week 49 without updating its dates.
        let marked = Marked(plan(items: balancedItems + """

              - {id: early, kind: content, text: "Early", not_before: ⟨early⟩2026-11-26T09:00}
              - {id: late, kind: content, text: "Late", not_after: ⟨late⟩2026-12-10T12:00}
              - {id: edge, kind: content, text: "Edge", not_before: 2026-11-30T00:00, not_after: 2026-12-06T23:45}
            """, rules: "    thirds: {tolerance: 0.2}\n"))
        let report = check(marked.text)
        let found = only("bound-outside-period", in: report)
        #expect(found.count == 2, "\(describe(report))")
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found.first?.location == SourceLocation(file: "plan.yaml", line: marked.marks["early"]!.line, column: marked.marks["early"]!.column))
        #expect(found.first?.message == "not_before 2026-11-26T09:00 of item 'early' is before the plan's period (2026-11-30 to 2026-12-06), so it limits nothing")
        #expect(found.first?.hint == "was the plan copied from another week? Set a time within 2026-11-30 to 2026-12-06, or remove it")
        #expect(found.last?.location == SourceLocation(file: "plan.yaml", line: marked.marks["late"]!.line, column: marked.marks["late"]!.column))
        #expect(found.last?.message == "not_after 2026-12-10T12:00 of item 'late' is after the plan's period (2026-11-30 to 2026-12-06), so it limits nothing")
        #expect(report.errorCount == 0, "\(describe(report))")
    }

    @Test func unclosedQuotePointsWhereItOpened() {
        let marked = Marked("""
            week: 2026-W49
            account: {name: acme, timezone: Europe/London}
            items:
              - {id: c1, kind: content, text: "One"}
              - id: c2
                kind: content
                text: ⟨quote⟩"Two, and the quote is never closed
                priority: high
            """)
        let report = check(marked.text)
        #expect(report.findings.count == 1)
        let finding = report.findings.first
        #expect(finding?.ruleID == "yaml-syntax")
        // Before: at line 8, column 19, the end of the file.
        #expect(finding?.location == SourceLocation(file: "plan.yaml", line: 7, column: 11))
        #expect(finding?.message == "malformed YAML: the quote opened here is never closed (found unexpected end of stream at line 8, column 19)")
        #expect(finding?.hint == "close the quote; inside double quotes write a quote as \\\", inside single quotes as ''")
    }

    @Test func unclosedSingleQuoteToo() {
        let report = check("week: 2026-W49\nitems:\n  - text: 'Two\n    kind: content\n")
        #expect(report.findings.map(\.location) == [SourceLocation(file: "plan.yaml", line: 3, column: 11)], "\(describe(report))")
    }

    /// Review 11, finding 9: a window that crosses midnight is named as such,
    /// with the two windows to write (the morning part on each next day).
    @Test func aWindowThatCrossesMidnightSaysSo() {
        let marked = Marked(plan(items: balancedItems, account: "  available: ⟨available⟩\"Sat-Sun 22:00-06:00\"")
            .replacingOccurrences(of: "linkedin: {author: \"urn:li:person:1\"}",
                                  with: "linkedin: {author: \"urn:li:person:1\", window: ⟨window⟩\"Mon-Fri 17:00-09:00\"}"))
        let report = check(marked.text)
        func finding(at mark: String) -> Finding? {
            let (line, column) = marked.marks[mark]!
            return report.findings.first { $0.location == SourceLocation(file: "plan.yaml", line: line, column: column) }
        }
        #expect(finding(at: "window")?.message == "'window' of channel 'linkedin' is 'Mon-Fri 17:00-09:00': 17:00-09:00 ends before it starts",
                "\(describe(report))")
        #expect(finding(at: "window")?.hint == "a window may not cross midnight; write it as two windows, \"Mon-Fri 17:00-24:00, Tue-Sat 00:00-09:00\"")
        // Saturday and Sunday nights run into Sunday and Monday mornings.
        #expect(finding(at: "available")?.message == "'available' is 'Sat-Sun 22:00-06:00': 22:00-06:00 ends before it starts", "\(describe(report))")
        #expect(finding(at: "available")?.hint == "a window may not cross midnight; write it as two windows, \"Sat-Sun 22:00-24:00, Mon+Sun 00:00-06:00\"")
        // The suggested split reads back as days and hours.
        #expect(Availability.parse("Sat-Sun 22:00-24:00, Mon+Sun 00:00-06:00")?.contains(weekday: 1, time: TimeOfDay(hour: 5, minute: 0)) == true)
        // 00:00 as an end is the next day's start: write 24:00.
        #expect(Availability.backwardsWindow("Mon 09:00-00:00")?.problem == "09:00-00:00 ends at 00:00, the start of the day")
        #expect(Availability.backwardsWindow("Mon 09:00-00:00")?.fix == "write the end of the day as 24:00: \"Mon 09:00-24:00\"")
        #expect(Availability.backwardsWindow("Mon 09:00-09:00")?.problem == "09:00-09:00 ends when it starts")
        // Another mistake in the text keeps the general message.
        #expect(Availability.backwardsWindow("Mon-Fri 17:00-09:00, Sat 25:00-26:00") == nil)
        #expect(Availability.backwardsWindow("Mon-Fri 09:00-17:00") == nil)
    }

    /// Review 11, finding 9: a blog site that is not http(s) and a library
    /// name that is not an id say how to fix them.
    @Test func aBadSiteOrLibraryNameHasAHint() {
        let site = check(plan(items: balancedItems).replacingOccurrences(
            of: "channels:\n", with: "channels:\n  blog: {engine: hugo, site: \"ftp://x\"}\n"))
        let siteFinding = site.findings.first { $0.message == "blog site 'ftp://x' is not an http(s) address" }
        #expect(siteFinding?.hint == "write the address the blog is read at, such as https://acme.example.com", "\(describe(site))")
        let library = check(["library.yaml": "format: thirds-library/1\nname: \"bad name!\"\nitems:\n  - {id: ev-tip, kind: content, text: \"A tip\"}\n"])
        let nameFinding = library.findings.first { $0.message == "library name 'bad name!' may hold only letters, digits, '-', '_' and '.'" }
        #expect(nameFinding?.hint == "write it as one word such as 'evergreen' or 'spring-tips', or leave 'name' out for the file's name", "\(describe(library))")
    }

}
