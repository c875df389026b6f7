import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsRules
@testable import ThirdsCheck
@testable import ThirdsReport
@testable import ThirdsSolve
@testable import ThirdsSchedule

/// Rules read their settings into typed values once; a mistake in a rules
/// file is a diagnostic at its line and column, never a silent 0.
@Suite("Typed rule settings")
struct TypedSettingsTests {
    static let builtIn = RulesLoader.builtIn

    func settings(_ id: String, _ rules: RuleSet = builtIn) -> RuleSettings { rules.settings(for: id)! }

    @Test func builtInDefaultsAsTypedValues() {
        // The defaults of docs/rules.md, worked out by hand.
        let thirds = ThirdsRule(settings: settings("thirds"))
        #expect(thirds.targets.mapValues { ($0 * 3).rounded() } == [.content: 1, .engagement: 1, .promotion: 1])
        #expect(thirds.tolerance == 0.1)
        #expect(thirds.window == nil)
        let daily = DailyLimitRule(settings: settings("daily-limit"))
        #expect((daily.minimum, daily.maximum) == (1, 4))
        #expect(MinGapRule(settings: settings("min-gap")).gap == 90 * 60)
        let quiet = QuietHoursRule(settings: settings("quiet-hours"))
        #expect((quiet.from, quiet.to) == (TimeOfDay(hour: 23, minute: 0), TimeOfDay(hour: 6, minute: 30)))
        #expect(PromotionStreakRule(settings: settings("promotion-streak")).maximum == 1)
        #expect(DuplicateTextRule(settings: settings("duplicate-text")).within == 30 * 86_400)
        #expect(HashtagsRule(settings: settings("hashtags")).maximum == 2)
        #expect(TextLengthRule(settings: settings("text-length")).limits == ["x": 280, "linkedin": 3000])
        let ramp = RampUpRule(settings: settings("ramp-up"))
        #expect((ramp.weeks, ramp.cap) == (8, 0.15))
        let coverage = CoverageRule(settings: settings("coverage"))
        #expect((coverage.minWeight, coverage.posts) == (2, 3))
        #expect(SpreadRule(settings: settings("spread")).maxSameHour == 2)
    }

    @Test func aRulesFileReachesTheTypedValues() throws {
        let rules = try ruleSet("""
            rules:
              thirds: {window: 2w, tolerance: 15%}
              min-gap: {gap: 2h}
              quiet-hours: {from: "22:15"}
              text-length: {x: 25000}
            """)
        let thirds = ThirdsRule(settings: settings("thirds", rules))
        #expect(thirds.window == 14 * 86_400)
        #expect(abs(thirds.tolerance - 0.15) < 1e-12)
        #expect(MinGapRule(settings: settings("min-gap", rules)).gap == 7_200)
        #expect(QuietHoursRule(settings: settings("quiet-hours", rules)).from == TimeOfDay(hour: 22, minute: 15))
        #expect(TextLengthRule(settings: settings("text-length", rules)).limits == ["x": 25_000, "linkedin": 3000])
    }

    /// Every parameter of every rule, misspelt in a rules file: an unknown key
    /// at the name, suggesting the real one.
    @Test(arguments: RuleCatalogue.all.flatMap { type in type.parameters.map { (type.id, $0.name) } }.map { "\($0.0) \($0.1)" })
    func misspeltParameterIsReportedAtItsName(_ pair: String) {
        let (id, name) = (String(pair.split(separator: " ")[0]), String(pair.split(separator: " ")[1]))
        let typo = name + "s"
        let marked = Marked("rules:\n  \(id): {⟨unknown-key⟩\(typo): 1}\n")
        expectFinding("unknown-key", in: marked, file: "r.yaml", message: "did you mean '\(name)'?")
    }

    /// Every parameter of every rule, given a value of the wrong kind: an
    /// error at the value, and the setting keeps its default.
    @Test(arguments: RuleCatalogue.all.flatMap { type in type.parameters.map { (type.id, $0.name) } }.map { "\($0.0) \($0.1)" })
    func wrongKindOfValueIsReportedAtTheValue(_ pair: String) {
        let (id, name) = (String(pair.split(separator: " ")[0]), String(pair.split(separator: " ")[1]))
        let marked = Marked("rules:\n  \(id): {\(name): ⟨value⟩lots}\n")
        let report = check(marked.text, file: "r.yaml")
        #expect(report.findings.count == 1, "\(describe(report))")
        let finding = report.findings.first
        #expect(["invalid-value", "invalid-duration"].contains(finding?.ruleID ?? ""), "\(describe(report))")
        #expect(finding?.location == ThirdsCore.SourceLocation(file: "r.yaml", line: 2, column: marked.marks["value"]!.column))
        #expect(finding?.message.contains("'\(name)' of rule '\(id)' is 'lots'") == true, "\(describe(report))")
    }

    @Test func aPlansOwnRulesAreReadTheSameWay() {
        let marked = Marked(plan(items: balancedItems, rules: """
                min-gap: {⟨unknown-key⟩gapp: 2h}
                spread: {max-same-hour: ⟨invalid-value⟩two}
            """))
        let report = check(marked.text)
        #expect(report.findings.map(\.ruleID).sorted() == ["invalid-value", "unknown-key"], "\(describe(report))")
        for finding in report.findings {
            let mark = marked.marks[finding.ruleID]!
            #expect(finding.location == ThirdsCore.SourceLocation(file: "plan.yaml", line: mark.line, column: mark.column))
        }
    }

    @Test func aValueThatCannotBeReadKeepsTheLayerBelow() throws {
        // 'max: two' is an error in the file; the rule still reads 4, not 0.
        var findings = FindingList()
        let node = try YAMLReader.read(Data("rules:\n  daily-limit: {max: two}\n".utf8), file: "r.yaml").get()
        let override = try #require(RulesLoader.parse(node, context: "", rules: RuleCatalogue.schemas, findings: &findings))
        #expect(findings.findings.map(\.location) == [ThirdsCore.SourceLocation(file: "r.yaml", line: 2, column: 22)])
        let rules = RulesLoader.apply(override, to: RulesLoader.builtIn)
        #expect(DailyLimitRule(settings: rules.settings(for: "daily-limit")!).maximum == 4)
    }

    func ruleSet(_ text: String) throws -> RuleSet {
        var findings = FindingList()
        let node = try YAMLReader.read(Data(text.utf8), file: "r.yaml").get()
        let override = try #require(RulesLoader.parse(node, context: "", rules: RuleCatalogue.schemas, findings: &findings))
        #expect(findings.findings.isEmpty)
        return RulesLoader.apply(override, to: RulesLoader.builtIn)
    }
}

/// What the checker, the selection search, the solver and the exports ask a
/// rule, asked through the `Rule` protocol.
@Suite("Rules own their knowledge")
struct RuleKnowledgeTests {
    func context(for text: String) throws -> PlanContext {
        var findings = FindingList()
        let node = try YAMLReader.read(Data(text.utf8), file: "plan.yaml").get()
        let plan = try #require(PlanLoader.load(node, file: "plan.yaml", workspace: Workspace(), findings: &findings))
        #expect(!findings.hasErrors, "\(findings.findings)")
        return PlanContext(plan: plan, occurrences: Expander.occurrences(of: plan, findings: &findings))
    }

    /// Seven of each kind, all of equal priority, one post a day: every
    /// selection of seven posts scores the same, and the tie goes to the mix
    /// closest to the configured targets, not to a third each.
    @Test func selectionTiesGoToTheConfiguredTargets() throws {
        let items = ItemKind.allCases.flatMap { kind in
            (1...7).map { "  - {id: \(kind.rawValue)-\($0), kind: \(kind.rawValue), text: \"\(kind.rawValue) number \($0)\"}" }
        }.joined(separator: "\n")
        let context = try context(for: plan(items: items, rules: """
                thirds: {content: 0.5, engagement: 0.25, promotion: 0.25, tolerance: 0.3}
                daily-limit: {max: 1}
            """))
        let selection = try #require(Selection.best(of: context.occurrences, rules: RuleCatalogue.instantiate(context.plan.rules), in: context))
        // 7 posts at 50/25/25: 3.5, 1.75, 1.75; (3, 2, 2) is off by 0.5 + 0.25 + 0.25 = 1,
        // every other mix of seven by more (an even mix, (2, 2, 3), by 1.5 + 0.25 + 1.25).
        #expect(selection.counts == KindCounts(content: 3, engagement: 2, promotion: 2))
    }

    /// Without thirds, the tie goes to the most even mix.
    @Test func selectionTiesWithoutTargetsGoToTheEvenMix() throws {
        let items = ItemKind.allCases.flatMap { kind in
            (1...7).map { "  - {id: \(kind.rawValue)-\($0), kind: \(kind.rawValue), text: \"\(kind.rawValue) number \($0)\"}" }
        }.joined(separator: "\n")
        let context = try context(for: plan(items: items, rules: """
                thirds: off
                daily-limit: {max: 2}
            """))
        let selection = try #require(Selection.best(of: context.occurrences, rules: RuleCatalogue.instantiate(context.plan.rules), in: context))
        // Fourteen posts: 4.67 of each is the even mix; (4, 5, 5), (5, 4, 5) and
        // (5, 5, 4) are equally close, and the search meets (4, 5, 5) first
        // (content counts ascending).
        #expect(selection.counts == KindCounts(content: 4, engagement: 5, promotion: 5))
    }

    @Test func toleranceRemedyComesFromTheRule() throws {
        // No engagement: thirds alone needs a tolerance of 0.34 (engagement 0% against 33.3%).
        let context = try context(for: plan(items: """
              - {id: c1, kind: content, text: "Content one"}
              - {id: c2, kind: content, text: "Content two"}
              - {id: c3, kind: content, text: "Content three"}
              - {id: c4, kind: content, text: "Content four"}
              - {id: p1, kind: promotion, text: "Promotion one"}
              - {id: p2, kind: promotion, text: "Promotion two"}
              - {id: p3, kind: promotion, text: "Promotion three"}
            """))
        let rules = RuleCatalogue.instantiate(context.plan.rules).filter { $0.severity == .error }
        let conflict = SelectionConflict.diagnose(context.occurrences, rules: rules, in: context)
        #expect(conflict.remedies == ["2 more engagement items", "thirds tolerance 0.34"])
        let loosening = try #require(ThirdsRule(settings: context.plan.rules.settings(for: "thirds")!).loosening())
        #expect(loosening.remedy(10) == nil, "0.1 is the tolerance now: no remedy")
        #expect(loosening.remedy(11) == "thirds tolerance 0.11")
        let looser = loosening.rule(25) as? ThirdsRule
        #expect(looser?.tolerance == 0.25)
        let loosenable = RuleCatalogue.instantiate(RulesLoader.builtIn).filter { $0.loosening() != nil }.map(\.id)
        #expect(loosenable == ["thirds"])
    }

    @Test func deferralWordsComeFromTheBlockingRule() throws {
        let context = try context(for: plan(items: balancedItems))
        let counts = KindCounts(content: 3, engagement: 3, promotion: 3)
        let rules = Dictionary(uniqueKeysWithValues: RuleCatalogue.instantiate(context.plan.rules).map { ($0.id, $0) })
        #expect(rules["daily-limit"]!.deferralReason(KindCounts(content: 10, engagement: 10, promotion: 10), in: context)
            == "30 posts exceed the daily limit of 4 over the period")
        #expect(rules["daily-limit"]!.deferralRemedy(for: .content) == "move it to another week")
        #expect(rules["thirds"]!.deferralReason(counts, in: context)
            == "with every item the shares are content 33.3%, engagement 33.3%, promotion 33.3% (thirds allows content 33.3%, engagement 33.3%, promotion 33.3% ± 10%)")
        #expect(rules["ramp-up"]!.deferralReason(counts, in: context) == "with every item promotion is 33.3% (ramp-up allows 15% while the account is new)")
        #expect(rules["spread"]!.deferralReason(counts, in: context) == "with every item the shares are content 33.3%, engagement 33.3%, promotion 33.3%")
        #expect(rules["thirds"]!.deferralRemedy(for: .promotion) == "add content or engagement items, or mark it 'priority: high' to keep it over another")
    }

    @Test func onlyAvailabilityForbidsTimesAndOnlyForEngagement() throws {
        let context = try context(for: plan(items: balancedItems, account: "  available: \"Mon-Fri 08:00-18:00\""))
        let rules = RuleCatalogue.instantiate(context.plan.rules)
        let engagement = try #require(context.occurrences.first { $0.kind == .engagement })
        let content = try #require(context.occurrences.first { $0.kind == .content })
        #expect(rules.compactMap { $0.forbiddenTimes(for: content, in: context) }.isEmpty)
        let forbidden = rules.compactMap { rule in rule.forbiddenTimes(for: engagement, in: context).map { (rule.id, $0) } }
        #expect(forbidden.map(\.0) == ["availability"])
        let times = try #require(forbidden.first?.1)
        #expect(times.reason == "while the owner is available (Mon-Fri 08:00-18:00)")
        // 2026-12-05 is a Saturday, 2026-12-04 a Friday.
        #expect(times.contains(LocalDateTime(date: LocalDate(year: 2026, month: 12, day: 5), time: TimeOfDay(hour: 10, minute: 0))))
        #expect(!times.contains(LocalDateTime(date: LocalDate(year: 2026, month: 12, day: 4), time: TimeOfDay(hour: 17, minute: 45))))
        #expect(times.contains(LocalDateTime(date: LocalDate(year: 2026, month: 12, day: 4), time: TimeOfDay(hour: 18, minute: 0))))
        // The solver leaves those times out of an engagement post's candidates.
        let problem = Problem(context: context)
        let index = try #require(context.occurrences.firstIndex { $0.id == engagement.id })
        #expect(!problem.candidates[index].isEmpty)
        #expect(problem.candidates[index].allSatisfy { !times.contains($0.local) })
        #expect(problem.candidates[index].count == 5 * 10 * 4, "Mon-Fri, ten hours of 15-minute slots")
    }

    @Test func textIsMeasuredByTheTextLengthRule() {
        let text = String(repeating: "é", count: 10) + " https://example.com/a/long/path"
        #expect(TextLengthRule.measure(text, on: "x")! == (10 + 1 + 23, "weighted characters"))
        #expect(TextLengthRule.measure(text, on: "linkedin")! == (10 + 1 + 31, "characters"))
        #expect(TextLengthRule.measure(text, on: "blog") == nil)
        #expect(TextLengthRule.channelLimit(on: "x") == 280 && TextLengthRule.channelLimit(on: "linkedin") == 3000)
        #expect(TextLengthRule.channelLimit(on: "blog") == nil)
    }
}

/// Violations are matched by their key, never by their sentence.
@Suite("Violation keys")
struct ViolationKeyTests {
    func context(for text: String) throws -> PlanContext {
        try RuleKnowledgeTests().context(for: text)
    }

    func timeline(_ context: PlanContext, _ placed: [(String, String)]) -> Timeline {
        Timeline(posts: placed.map { id, at in
            Post(occurrence: context.occurrences.first { $0.id == id }!,
                 instant: ScheduleVerifier.utcInstant(at)!, clock: context.clock)
        }, isComplete: true)
    }

    @Test func daysShortOfTheMinimumHaveKeysOfTheirOwn() throws {
        let context = try context(for: plan(items: balancedItems))
        let rule = DailyLimitRule(settings: context.plan.rules.settings(for: "daily-limit")!)
        // Nothing on Tuesday 1 and Thursday 3 December.
        let found = rule.check(timeline(context, [("c1", "2026-11-30T09:00:00Z"), ("e1", "2026-12-02T09:00:00Z"), ("p1", "2026-12-04T09:00:00Z"),
                                                  ("c2", "2026-12-05T09:00:00Z"), ("e2", "2026-12-06T09:00:00Z")]), in: context)
        #expect(found.map(\.message) == ["0 posts on 2026-12-01, fewer than the daily minimum of 1", "0 posts on 2026-12-03, fewer than the daily minimum of 1"])
        #expect(Set(found.map(\.key)).count == 2)
        #expect(found.map(\.key.what) == ["under 2026-12-01", "under 2026-12-03"])
    }

    @Test func theSameBreakWithOtherNumbersHasTheSameKey() throws {
        let context = try context(for: plan(items: balancedItems))
        let rule = ThirdsRule(settings: context.plan.rules.settings(for: "thirds")!)
        let one = rule.check(timeline(context, [("c1", "2026-11-30T09:00:00Z"), ("c2", "2026-12-01T09:00:00Z"), ("p1", "2026-12-02T09:00:00Z")]), in: context)
        let two = rule.check(timeline(context, [("c1", "2026-11-30T09:00:00Z"), ("c2", "2026-12-01T09:00:00Z"), ("c3", "2026-12-02T09:00:00Z")]), in: context)
        #expect(one.count == 1 && two.count == 1)
        #expect(one.first?.message != two.first?.message)
        #expect(one.first?.key == two.first?.key)
    }

    /// A schedule that already breaks thirds (five of seven posts content, one
    /// a day at 10:00, 11:00 … 16:00):
    /// placing one more content post keeps it broken with other numbers,
    /// which is no new break, so it is not why the post waits. Matched by
    /// message, the changed shares read as a new break of thirds.
    @Test func aBreakWhoseNumbersChangeIsNotANewReasonToDefer() throws {
        let days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]
        let kinds = ["content", "content", "content", "content", "content", "engagement", "promotion"]
        let pinned = zip(days, kinds).enumerated().map { index, pair in
            "  - {id: post-\(index), kind: \(pair.1), text: \"Post number \(index)\", at: \(pair.0)T\(10 + index):00}"
        }.joined(separator: "\n")
        let context = try context(for: plan(items: pinned + """

              - {id: extra, kind: content, text: "One more article", not_before: 2026-12-02T14:00, not_after: 2026-12-02T15:00}
            """))
        let problem = Problem(context: context)
        let assignment: [Int?] = context.occurrences.map { $0.id == "extra" ? nil : 0 }
        let baseline = problem.evaluate(assignment).violations
        #expect(baseline.map(\.ruleID) == ["thirds"])
        let extra = try #require(context.occurrences.firstIndex { $0.id == "extra" })
        var placed = assignment
        placed[extra] = problem.ranked[extra][0]
        #expect(problem.evaluate(placed).violations.map(\.ruleID) == ["thirds"])
        #expect(problem.evaluate(placed).violations.first?.message != baseline.first?.message)
        #expect(Scheduler.reason(problem, assignment, extra, baseline: baseline) == "a post with more priority or reach takes its place")
    }

    @Test func eachChannelOfALongTextHasItsOwnKey() throws {
        let long = String(repeating: "word ", count: 700)
        let context = try context(for: plan(items: balancedItems + "\n  - {id: long, kind: content, text: \"\(long)\", crosspost: [linkedin]}"))
        let rule = TextLengthRule(settings: context.plan.rules.settings(for: "text-length")!)
        let found = rule.check(context.occurrences.first { $0.id == "long" }!, in: context)
        #expect(found.map(\.key.what) == ["x", "linkedin"])
    }
}
