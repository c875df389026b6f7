import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsKit

/// Every number a plan or rules file sets has a range, checked where it is
/// written (docs/diagnostics.md#limits): extreme values are diagnosed, never
/// a trap, a NaN in a schedule or a run without end.
@Suite("Numbers in range")
struct ParameterRangeTests {
    static func rules(_ line: String) -> Marked { Marked("rules:\n  \(line)\n") }

    @Test func hugeRuleNumbersAreDiagnosedWhereTheyAreWritten() {
        // Each of these trapped (exit 132) before it had a range.
        expectFinding("invalid-duration", in: Self.rules("duplicate-text: {within: ⟨invalid-duration⟩9223372036854775807s}"), file: "r.yaml",
                      message: "'within' of rule 'duplicate-text' is '9223372036854775807s', more than the most it can be")
        expectFinding("invalid-duration", in: Self.rules("min-gap: {gap: ⟨invalid-duration⟩9223372036854775807s}"), file: "r.yaml",
                      message: "more than the most it can be")
        expectFinding("invalid-value", in: Self.rules("daily-limit: {max: ⟨invalid-value⟩9223372036854775807}"), file: "r.yaml",
                      message: "'max' of rule 'daily-limit' is '9223372036854775807', more than the most it can be")
        expectFinding("invalid-value", in: Self.rules("coverage: {min-weight: ⟨invalid-value⟩1e19}"), file: "r.yaml",
                      message: "more than the most it can be")
    }

    @Test func numbersBeyondIntAreOutOfRangeNotMalformed() {
        expectFinding("invalid-value", in: Self.rules("hashtags: {max: ⟨invalid-value⟩99999999999999999999}"), file: "r.yaml",
                      message: "more than the most it can be")
        expectFinding("invalid-duration", in: Self.rules("duplicate-text: {within: ⟨invalid-duration⟩99999999999999999999w}"), file: "r.yaml",
                      message: "more than the most it can be")
        expectFinding("invalid-value", in: Self.rules("coverage: {min-weight: ⟨invalid-value⟩1e400}"), file: "r.yaml",
                      message: "more than the most it can be")
    }

    @Test func theHintStatesTheRange() {
        let report = check("rules:\n  daily-limit: {max: 1001}\n  duplicate-text: {within: 3661d}\n  text-length: {x: 1000001}\n", file: "r.yaml")
        let hints = report.findings.compactMap(\.hint).sorted()
        #expect(hints == ["use a duration from 1s to 3660d", "use a whole number from 0 to 1,000", "use a whole number from 0 to 1,000,000"],
                "\(describe(report))")
    }

    @Test func theLargestAllowedValuesPass() {
        let report = check("""
            rules:
              daily-limit: {min: 0, max: 1000}
              duplicate-text: {within: 3660d}
              min-gap: {gap: 3660d}
              thirds: {window: 3660d}
              promotion-streak: {max: 10000}
              hashtags: {max: 10000}
              text-length: {x: 1000000, linkedin: 1000000}
              ramp-up: {weeks: 10000}
              coverage: {min-weight: 1000000, posts: 10000}
              spread: {max-same-hour: 10000}
            """, file: "r.yaml")
        #expect(report.findings.isEmpty, "\(describe(report))")
    }

    static func audience(_ settings: String) -> Marked {
        Marked(plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, \(settings)}"))
    }

    @Test func audienceNumbersOutOfRange() {
        // size 1e308 with weight 1e300 made reach infinite and schedule.json `{}`.
        expectFinding("invalid-value", in: Self.audience("size: ⟨invalid-value⟩1e308, weight: 1"),
                      message: "'size' of audience 'uk' is '1e308', more than the most it can be")
        expectFinding("invalid-value", in: Self.audience("size: 100, weight: ⟨invalid-value⟩1e300"),
                      message: "'weight' of audience 'uk' is '1e300', more than the most it can be")
        expectFinding("invalid-value", in: Self.audience("size: 100, weight: ⟨invalid-value⟩1e19"))
        expectFinding("invalid-value", in: Self.audience("size: ⟨invalid-value⟩1e400"), message: "more than the most it can be")
        // feed 1e-9 or depth 1e12 kept a post in view for ages: the integral never ended.
        expectFinding("invalid-value", in: Self.audience("size: 100, feed: ⟨invalid-value⟩1e-9"),
                      message: "'feed' of audience 'uk' is '1e-9', not a number from 0.1 to 100,000")
        expectFinding("invalid-value", in: Self.audience("size: 100, depth: ⟨invalid-value⟩1e12"),
                      message: "more than the most it can be")
        expectFinding("invalid-value", in: Self.audience("size: 100, checks-per-day: ⟨invalid-value⟩1e6"))
        expectFinding("invalid-value", in: Self.audience("size: 100, checks: [⟨invalid-value⟩1e9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"),
                      message: "more checks per hour than the most it can be")
        expectFinding("invalid-value", in: Self.audience("size: ⟨invalid-value⟩0"), message: "not a number above 0, up to 1,000,000,000")
    }

    @Test func aBlogLeadOutOfRange() {
        // publishAt = the post less the lead: 9223372036854775807s trapped in the calendar.
        let text = plan(items: balancedItems).replacingOccurrences(of: "channels:\n", with: "channels:\n  blog: {site: \"https://example.com\", lead: ⟨invalid-duration⟩9223372036854775807s}\n")
        expectFinding("invalid-duration", in: Marked(text), message: "'lead' of channel 'blog' is '9223372036854775807s', more than the most it can be")
        let fine = check(plan(items: balancedItems).replacingOccurrences(of: "channels:\n", with: "channels:\n  blog: {site: \"https://example.com\", lead: 3660d}\n"))
        #expect(fine.errorCount == 0, "\(describe(fine))")
    }

    @Test func audienceLimitsThemselvesPass() {
        let report = check(plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, size: 1000000000, weight: 1000000, depth: 10000, feed: 0.1}\n  us: {timezone: America/New_York, size: 1, weight: 0, feed: 100000, checks-per-day: 1000}"))
        #expect(report.errorCount == 0, "\(describe(report))")
    }

    @Test func conversionsSaturateInsteadOfTrapping() {
        #expect(Int(saturating: 1e19) == Int.max)
        #expect(Int(saturating: -1e19) == Int.min)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: 2.9) == 2)
        #expect(Int.max.saturatingMultiplied(by: 366) == Int.max)
        #expect(4.saturatingMultiplied(by: 7) == 28)
        // SOURCE_DATE_EPOCH past the year 9999 overflowed the calendar; it is ignored.
        #expect(ExportInput.generationTime(environment: ["SOURCE_DATE_EPOCH": "253402300799"]) == Date(timeIntervalSince1970: 253_402_300_799))
        #expect(ExportInput.generationTime(environment: ["SOURCE_DATE_EPOCH": "9223372036854775807"]).timeIntervalSinceNow.magnitude < 3_600)
        // A weight of 1e19 set from code prints as a number, not a trap.
        #expect(ParameterValue.number(1e19).description == "1e+19")
        #expect(ParameterValue.number(2).description == "2")
    }
}

/// Past the size limits a plan gets one `plan-too-large` finding at the key
/// that made it too large, and is not checked further.
/// Dates stay within 1970-2199, so every instant of a plan has a four-digit
/// year in every zone and no zone offset carries seconds (the fuzzer's
/// `week: 9999-W52` wrote `10000-01-01T04:59:00Z`, which check then refused).
@Suite("Dates in range")
struct DateRangeTests {
    @Test(arguments: [
        ("week: ⟨invalid-date⟩9999-W52\naccount: {name: acme, timezone: America/New_York}", "week '9999-W52' is outside the dates thirds works with, 1970-01-01 to 2199-12-31"),
        ("start: ⟨invalid-date⟩1969-12-29\naccount: {name: acme, timezone: Europe/London}", "'1969-12-29' is outside the dates thirds works with"),
        ("week: 2026-W49\naccount: {name: acme, timezone: Europe/London, since: ⟨invalid-date⟩0001-01-01}", "'0001-01-01' is outside the dates"),
    ])
    func aDateOutsideTheRangeIsRefusedWhereItIsWritten(head: String, message: String) {
        expectFinding("invalid-date", in: Marked(head + "\nitems:\n" + PlanLimitTests.items(3)), message: message)
    }

    @Test func aPinnedTimeOutsideTheRangeIsRefused() {
        let marked = Marked("week: 2026-W49\naccount: {name: acme, timezone: Europe/London}\nitems:\n  - {id: c, kind: content, text: \"C\", at: ⟨invalid-date⟩2200-01-01T09:00}\n" + PlanLimitTests.items(2))
        expectFinding("invalid-date", in: marked, message: "'at' of item 'c' '2200-01-01T09:00' is outside the dates thirds works with")
    }

    @Test func theLastWeekInRangeIsFine() {
        let report = check("week: 2199-W52\naccount: {name: acme, timezone: Pacific/Kiritimati}\nitems:\n" + PlanLimitTests.items(3))
        #expect(!report.findings.contains { $0.ruleID == "invalid-date" }, "\(describe(report))")
    }
}

@Suite("Plan size limits")
struct PlanLimitTests {
    static func items(_ count: Int, repeating: String? = nil) -> String {
        (0..<count).map { index in
            let kind = ["content", "engagement", "promotion"][index % 3]
            return "  - {id: i\(index), kind: \(kind), text: \"Text \(index)\"" + (repeating.map { ", repeat: \($0)" } ?? "") + "}"
        }.joined(separator: "\n")
    }

    @Test func tooManyItems() {
        let marked = Marked("week: 2026-W49\naccount: {name: acme, timezone: Europe/London}\nitems:\n  ⟨plan-too-large⟩" + Self.items(1_001).dropFirst(2))
        expectFinding("plan-too-large", in: marked, message: "the plan has 1001 items, more than the limit of 1,000")
        #expect(check(marked.text).findings.count == 1)
    }

    @Test func tooManyAudiences() {
        let audiences = (0..<101).map { "  a\($0): {timezone: Europe/London, size: 10}" }.joined(separator: "\n")
        let marked = Marked("week: 2026-W49\naccount: {name: acme, timezone: Europe/London}\naudiences:\n  ⟨plan-too-large⟩\(audiences.dropFirst(2))\nitems:\n" + Self.items(9))
        expectFinding("plan-too-large", in: marked, message: "the plan has 101 audiences, more than the limit of 100")
    }

    @Test func tooManySlots() {
        // 30 days at 1m: 43,200 slots.
        let marked = Marked("start: 2026-11-01\n⟨plan-too-large⟩days: 30\naccount: {name: acme, timezone: Europe/London}\nrules: {grid: 1m}\nitems:\n" + Self.items(9))
        expectFinding("plan-too-large", in: marked, message: "30 days on a grid of 1m make 43200 slots, more than the limit of 35,136")
    }

    @Test func tooManyReachValues() {
        // 30 audiences over 366 days at 15m: 30 × 35,136 = 1,054,080.
        let audiences = (0..<30).map { "  a\($0): {timezone: Europe/London, size: 10}" }.joined(separator: "\n")
        let marked = Marked("start: 2026-01-05\ndays: 366\naccount: {name: acme, timezone: Europe/London}\n⟨plan-too-large⟩audiences:\n\(audiences)\nitems:\n" + Self.items(9))
        expectFinding("plan-too-large", in: marked, message: "30 audiences over 35136 slots make 1054080 reach values")
    }

    @Test func tooManyPostsOnceRepeatsAreCounted() {
        // 6 daily items over 366 days: 2,196 posts; weekly ones count their days only.
        let marked = Marked("start: 2026-01-05\ndays: 366\naccount: {name: acme, timezone: Europe/London}\n⟨plan-too-large⟩items:\n" + Self.items(6, repeating: "daily"))
        expectFinding("plan-too-large", in: marked, message: "the plan's items make up to 2196 posts over its 366 days, more than the limit of 2,000")
        // 5 items on Mondays and Thursdays over 366 days from a Monday: 5 × (53 + 52) = 525.
        let fine = check("start: 2026-01-05\ndays: 366\naccount: {name: acme, timezone: Europe/London}\nrules:\n  rules:\n    daily-limit: {min: 0}\n    thirds: 'off'\nitems:\n" + Self.items(5, repeating: "[mon, thu]"))
        #expect(!fine.findings.contains { $0.ruleID == "plan-too-large" }, "\(describe(fine))")
    }

    @Test func tooManyAudienceEntries() {
        // 100 daily items over a week to all of 100 audiences: 700 posts × 100 = 70,000 entries.
        let audiences = (0..<100).map { "  a\($0): {timezone: Europe/London, size: 10}" }.joined(separator: "\n")
        let marked = Marked("week: 2026-W49\naccount: {name: acme, timezone: Europe/London}\naudiences:\n\(audiences)\n⟨plan-too-large⟩items:\n" + Self.items(100, repeating: "daily"))
        expectFinding("plan-too-large", in: marked, message: "the plan's posts reach up to 70000 audiences in all (each post once for each of its audiences), more than the limit of 60,000")
        // The same items each for 8 of the audiences: 700 × 8 = 5,600.
        let narrowed = Self.items(100, repeating: "daily").replacingOccurrences(of: "}", with: ", audiences: [a0, a1, a2, a3, a4, a5, a6, a7]}")
        let fine = check("week: 2026-W49\naccount: {name: acme, timezone: Europe/London}\naudiences:\n\(audiences)\nitems:\n" + narrowed)
        #expect(!fine.findings.contains { $0.ruleID == "plan-too-large" }, "\(describe(fine))")
    }

    @Test func tooManyPlacesToWeigh() {
        // 60 items free to go anywhere in 366 days at 15m: 60 × 35,136 = 2,108,160.
        let marked = Marked("start: 2026-01-05\ndays: 366\naccount: {name: acme, timezone: Europe/London}\n⟨plan-too-large⟩items:\n" + Self.items(60))
        expectFinding("plan-too-large", in: marked, message: "the plan's posts have up to 2108160 slots to choose from, more than the limit of 2,000,000")
        // Narrowed to a week each by not_before and not_after (7 × 96 slots): 40,320.
        let narrowed = Self.items(60).replacingOccurrences(of: "}", with: ", not_before: 2026-03-02T00:00, not_after: 2026-03-08T23:00}")
        let fine = check("start: 2026-01-05\ndays: 366\naccount: {name: acme, timezone: Europe/London}\nitems:\n" + narrowed)
        #expect(!fine.findings.contains { $0.ruleID == "plan-too-large" }, "\(describe(fine))")
    }

    @Test func aYearOfThreeDailyItemsIsCheckedAndItsConflictExplained() {
        // 1,098 posts, none allowed: the selection search used to try every
        // count of each kind (87 s); the error is the same, found at once.
        let report = check("start: 2026-01-05\ndays: 366\naccount: {name: acme, timezone: Europe/London}\nrules:\n  rules:\n    daily-limit: {max: 0}\nitems:\n" + Self.items(3, repeating: "daily"))
        #expect(report.findings.map(\.ruleID).contains("daily-limit"), "\(describe(report))")
    }
}

/// The selection search skips promotion counts that a rule's range rules
/// out; it must find exactly what trying every count finds.
@Suite("Selection search")
struct SelectionSearchTests {
    static func context(rules: String, since: String = "2015-01-01") -> PlanContext? {
        let text = """
            week: 2026-W49
            account: {name: acme, timezone: Europe/London, since: \(since)}
            rules:
              rules:
            \(rules)
            items:
              - {id: x, kind: content, text: X}
            """
        guard case .success(let node) = YAMLReader.read(Data(text.utf8), file: "p.yaml") else { return nil }
        var findings = FindingList()
        guard let plan = PlanLoader.load(node, file: "p.yaml", workspace: Workspace(), findings: &findings) else { return nil }
        return PlanContext(plan: plan, occurrences: [])
    }

    /// The best counts by trying every combination, as the search did before ranges.
    static func bruteForce(_ available: KindCounts, rules: [any Rule], context: PlanContext) -> KindCounts? {
        var best: (score: Int, counts: KindCounts, spread: Int)?
        for c in 0...available.content {
            for e in 0...available.engagement {
                for p in stride(from: available.promotion, through: 0, by: -1) {
                    let counts = KindCounts(content: c, engagement: e, promotion: p)
                    guard counts.total > 0, rules.allSatisfy({ $0.admits(counts, in: context) }) else { continue }
                    let spread = ItemKind.allCases.map { abs(3 * counts[$0] - counts.total) }.reduce(0, +)
                    if best == nil || (counts.total, counts.total, -spread) > (best!.score, best!.counts.total, -best!.spread) {
                        best = (counts.total, counts, spread)
                    }
                    break
                }
            }
        }
        return best?.counts
    }

    @Test(arguments: [
        "    thirds: {tolerance: 0.1}",
        "    thirds: {content: 0.5, engagement: 0.3, promotion: 0.2, tolerance: 0.05}",
        "    thirds: {content: 0, engagement: 0.5, promotion: 0.5, tolerance: 0}",
        "    thirds: {content: 1, engagement: 0, promotion: 0, tolerance: 0.2}",
        "    daily-limit: {min: 2, max: 3}",
        "    daily-limit: {max: 0}",
        "    ramp-up: {promotion: 0.15}",
        "    ramp-up: {promotion: 0}",
    ])
    func rangesFindWhatTryingEveryCountFinds(rules: String) throws {
        let context = try #require(Self.context(rules: rules, since: "2026-11-01"))
        let active = RuleCatalogue.instantiate(context.plan.rules).filter { $0.severity == .error || $0 is RampUpRule }
        for (c, e, p) in [(0, 0, 5), (3, 3, 3), (7, 2, 9), (12, 0, 4), (1, 11, 6), (10, 10, 10)] {
            let occurrences = Self.occurrences(content: c, engagement: e, promotion: p, plan: context.plan)
            let pools = Selection.Pools(occurrences)
            let found = pools.bestCounts(rules: active, context: context)
            let expected = Self.bruteForce(KindCounts(content: c, engagement: e, promotion: p), rules: active, context: context)
            #expect(found == expected, "\(rules) with \(c)/\(e)/\(p)")
        }
    }

    static func occurrences(content: Int, engagement: Int, promotion: Int, plan: Plan) -> [Occurrence] {
        var text = "week: 2026-W49\naccount: {name: acme, timezone: Europe/London}\nitems:\n"
        var index = 0
        for (kind, count) in [("content", content), ("engagement", engagement), ("promotion", promotion)] {
            for _ in 0..<count {
                text += "  - {id: i\(index), kind: \(kind), text: \"T\(index)\"}\n"
                index += 1
            }
        }
        guard case .success(let node) = YAMLReader.read(Data(text.utf8), file: "o.yaml") else { return [] }
        var findings = FindingList()
        guard let items = PlanLoader.load(node, file: "o.yaml", workspace: Workspace(), findings: &findings) else { return [] }
        var full = plan
        full.items = items.items
        return Expander.occurrences(of: full, findings: &findings)
    }
}

/// The reach integral's cost does not grow with the window.
@Suite("Reach integral is bounded")
struct ReachBoundTests {
    static func audience(_ zone: String, checks: [Double], depth: Double = 200, feed: Double = 150) -> Audience {
        let here = SourceLocation(file: "t", line: 1, column: 1)
        return Audience(id: "a", timezone: Located(TimeZone(identifier: zone)!, at: here), size: 100, weight: 1,
                        activity: ActivityProfile(weekday: checks, weekend: checks), depth: depth, feed: feed, weekend: [6, 7], location: here)
    }

    static func instant(_ text: String) -> Date { ScheduleVerifier.utcInstant(text)! }

    /// One check in local hour 01:00-01:59 every day, none otherwise.
    static let oneAM: [Double] = (0..<24).map { $0 == 1 ? 1 : 0 }

    @Test func aWeekInClosedFormCountsTheClockChanges() {
        let london = Self.audience("Europe/London", checks: Self.oneAM)
        // A plain week: seven 01:00 hours.
        #expect(abs(ReachModel.expectedChecks(of: london, from: Self.instant("2026-03-16T00:00:00Z"), seconds: 7 * 86_400) - 7) < 1e-9)
        // Clocks go forward at 01:00 on Sunday 29 March: that day has no 01:00 hour.
        #expect(abs(ReachModel.expectedChecks(of: london, from: Self.instant("2026-03-23T00:00:00Z"), seconds: 7 * 86_400) - 6) < 1e-9)
        // Clocks go back on Sunday 25 October: its 01:00 hour happens twice.
        // From Monday 00:00 BST (Sunday 23:00Z) for a week: Mon-Sat 6, Sunday 2.
        #expect(abs(ReachModel.expectedChecks(of: london, from: Self.instant("2026-10-18T23:00:00Z"), seconds: 7 * 86_400) - 8) < 1e-9)
    }

    @Test func bothWaysAgreeAcrossAClockChange() {
        // Sunday 00:00 BST for two days: Sunday's two 01:00 hours and Monday's one.
        let london = Self.audience("Europe/London", checks: Self.oneAM)
        let start = Self.instant("2026-10-24T23:00:00Z")
        let hourly = ReachModel.integral(of: london, from: start, seconds: 2 * 86_400)
        let weekly = ReachModel.weekly(london, from: start, seconds: 2 * 86_400, zone: ZoneOffsets(london.timezone.value))
        #expect(abs(hourly.checks - 3) < 1e-9)
        #expect(abs(weekly.checks - 3) < 1e-9)
        // One stretch before the change and one after.
        #expect(weekly.pieces == 2)
    }

    @Test func theLongestViewIsAFewPiecesNotOneAnHour() {
        // depth 10,000 over feed 0.1: 100,000 hours (over eleven years) in view.
        // At one check an hour that is 100,000 checks; the integral takes one
        // piece per stretch between clock changes (two a year), not 100,000.
        let flat = Self.audience("Europe/London", checks: Array(repeating: 1, count: 24), depth: 10_000, feed: 0.1)
        let result = ReachModel.integral(of: flat, from: Self.instant("2026-11-30T00:00:00Z"), seconds: flat.viewSeconds)
        #expect(flat.viewSeconds == 360_000_000)
        #expect(abs(result.checks - 100_000) < 1e-6)
        #expect(result.pieces <= 2 * 12 + 1)
        #expect(ReachModel.probability(flat, seesPostAt: Self.instant("2026-11-30T00:00:00Z")) == 1)
    }

    @Test func aShortWindowIsCutHourByHour() {
        // The default 80 minutes from 08:00: two pieces (08:00-09:00, 09:00-09:20).
        let standard = Self.audience("Europe/London", checks: ActivityProfile.standard.weekday)
        #expect(ReachModel.integral(of: standard, from: Self.instant("2026-12-01T08:00:00Z"), seconds: standard.viewSeconds).pieces == 2)
    }

    @Test func theTableReadsEachZoneOnceAndAgreesWithTheZone() throws {
        // A week with a clock change in London and none in New York.
        let text = plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, size: 100}\n  ny: {timezone: America/New_York, size: 50, depth: 2000, feed: 10}")
            .replacingOccurrences(of: "week: 2026-W49", with: "week: 2026-W43")
        guard case .success(let node) = YAMLReader.read(Data(text.utf8), file: "p.yaml") else { Issue.record("unreadable"); return }
        var findings = FindingList()
        let plan = try #require(PlanLoader.load(node, file: "p.yaml", workspace: Workspace(), findings: &findings))
        let table = ReachTable(plan: plan)
        for (index, audience) in plan.audiences.enumerated() {
            for slot in stride(from: 0, to: table.slots.count, by: 7) {
                #expect(table.probability[index][slot] == ReachModel.probability(audience, seesPostAt: table.slots[slot]))
            }
        }
    }
}

/// The time limit bounds the whole run, construction and insertion included.
@Suite("Time limit")
struct TimeLimitTests {
    @Test func aPassedDeadlineStopsConstructionSearchAndInsertion() throws {
        let text = plan(items: balancedItems + "\n  - {id: must, kind: content, text: \"Required one\", required: true}")
        guard case .success(let node) = YAMLReader.read(Data(text.utf8), file: "p.yaml") else { Issue.record("unreadable"); return }
        var findings = FindingList()
        let plan = try #require(PlanLoader.load(node, file: "p.yaml", workspace: Workspace(), findings: &findings))
        let occurrences = Expander.occurrences(of: plan, findings: &findings)
        var options = SolveOptions()
        options.deadline = .distantPast
        let schedule = Scheduler.schedule(PlanContext(plan: plan, occurrences: occurrences), options: options)
        // Only what must go in went in, and the search made no move.
        #expect(schedule.posts.map(\.occurrence.id) == ["must"])
        #expect(schedule.statistics.moves == 0)
        #expect(schedule.statistics.stoppedByTimeLimit)
        #expect(schedule.deferred.allSatisfy { $0.reason == "the time limit ran out before a place was found for it; allow more time" })
    }
}

/// The solver leaves out of its one-by-one placement the rules whose
/// partial check reads windows, not places (they cost O(n²) on a year of
/// repeats and add the same to both sides of every comparison).
@Suite("Placement-independent partial checks")
struct PartialCheckTests {
    @Test func duplicateTextAndCoverageJudgeAPartialTimelineTheSameWherePostsAre() throws {
        let items = balancedItems + "\n  - {id: again, kind: content, text: \"Content one about queues\"}"
        let text = plan(items: items, rules: "    coverage: {severity: error, min-weight: 0, posts: 12}")
        guard case .success(let node) = YAMLReader.read(Data(text.utf8), file: "p.yaml") else { Issue.record("unreadable"); return }
        var findings = FindingList()
        let plan = try #require(PlanLoader.load(node, file: "p.yaml", workspace: Workspace(), findings: &findings))
        let problem = Problem(context: PlanContext(plan: plan, occurrences: Expander.occurrences(of: plan, findings: &findings)))
        let rules = problem.rules.filter { !$0.partialCheckReadsPlacement }
        #expect(Set(rules.map(\.id)) == ["duplicate-text", "coverage"])
        var early = [Int?](repeating: nil, count: problem.candidates.count)
        var late = early
        early[0] = 0
        late[0] = problem.candidates[0].count - 1
        late[1] = 0
        for rule in rules {
            let first = rule.check(problem.timeline(early, isComplete: false), in: problem.context).map(\.message)
            let second = rule.check(problem.timeline(late, isComplete: false), in: problem.context).map(\.message)
            #expect(!first.isEmpty, "\(rule.id) finds nothing to compare")
            #expect(first == second, "\(rule.id)")
        }
    }
}

/// A schedule file is never written with a number that is not one.
@Suite("Schedule encoding")
struct EncodingTests {
    @Test func aNonFiniteNumberIsAnErrorNotAnEmptyFile() throws {
        let text = plan(items: balancedItems)
        let schedule = try #require(try solve(["plan.yaml": text]).schedules.first)
        var document = ScheduleDocument(schedule, planPath: "../plan.yaml")
        #expect(try document.json().contains("\"reach\""))
        document.score.reach = Measure(.nan, places: 3)
        #expect(throws: ScheduleEncodingError.self) { try document.json() }
        #expect(throws: ScheduleEncodingError.self) { try document.yaml() }
        document.score.reach = Measure(0, places: 3)
        document.posts[0].audiences[0].probability = Measure(.infinity, places: 6)
        let error = try #require(throws: ScheduleEncodingError.self) { try document.yaml() }
        #expect(error.description.contains("not a finite number"))
    }
}

/// A file over the size limit is refused from its size, without reading it.
@Suite("File size")
struct FileSizeTests {
    @Test func aHugeSparseFileIsRefusedFromItsSize() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("week: 2026-W49\n".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2 << 30)  // 2 GiB, sparse: no disk used
        try handle.close()
        let finding = Workspace().node(at: path).failure
        #expect(finding?.ruleID == "file-too-large")
        #expect(finding?.message == "file is 2147483648 bytes, over the limit of 1048576 bytes")
    }

    @Test func atMostTheLimitIsRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("0123456789A".utf8)))
        #expect(try BoundedFile.read(path, limit: 11) == Data("0123456789A".utf8))
        #expect(throws: BoundedFile.TooLarge.self) { try BoundedFile.read(path, limit: 10) }
        var limits = LoadLimits()
        limits.maxBytes = 10
        #expect(Workspace(limits: limits).node(at: path).failure?.message == "file is 11 bytes, over the limit of 10 bytes")
    }
}

/// A schedule of a plan within the plan limits may be larger than a plan may
/// be; only a file that is a schedule gets the larger limit.
@Suite("Schedule file size")
struct ScheduleFileSizeTests {
    @Test func aScheduleLargerThanAPlanIsStillChecked() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try plan(items: balancedItems).write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        let scheduled = try CLITests.run(["schedule", "w49.yaml", "--out", "out"], in: directory)
        #expect(scheduled.status == 0, "\(scheduled.stderr)")
        // 1.2 MB of comment lines take the schedule past the plan limit of 1 MiB.
        let padding = String(repeating: "# " + String(repeating: "x", count: 98) + "\n", count: 12_000)
        let schedule = directory.appendingPathComponent("out/w49/schedule.yaml")
        try (String(contentsOf: schedule, encoding: .utf8) + padding).write(to: schedule, atomically: true, encoding: .utf8)
        let checked = try CLITests.run(["check", "out/w49/schedule.yaml"], in: directory)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        // A plan of the same size is refused, even one naming the schedule format in a comment.
        let big = plan(items: balancedItems) + "# format: thirds-schedule/1\n" + padding
        try big.write(to: directory.appendingPathComponent("big.yaml"), atomically: true, encoding: .utf8)
        let refused = try CLITests.run(["check", "big.yaml"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("big.yaml:1:1: error: [file-too-large] file is \(big.utf8.count) bytes, over the limit of 1048576 bytes"), "\(refused.stdout)")
    }
}

/// Through the real binary: a plan whose reach would not be a number stops
/// at load, with nothing written.
@Suite("Extreme plans through the command line")
struct ExtremePlanCLITests {
    @Test(arguments: ["yaml", "json"])
    func hugeWeightsExitNonZeroAndWriteNothing(format: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-nan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = plan(items: balancedItems, audiences: "  uk: {timezone: Europe/London, size: 1e308, weight: 1e300}")
        try text.write(to: directory.appendingPathComponent("w49.yaml"), atomically: true, encoding: .utf8)
        let outcome = try CLITests.run(["schedule", "w49.yaml", "--out", "out", "--format", format], in: directory)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("[invalid-value] 'size' of audience 'uk' is '1e308', more than the most it can be"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }
}
