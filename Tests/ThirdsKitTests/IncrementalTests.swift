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
@testable import ThirdsReport
@testable import ThirdsKit

/// Property: the score the search keeps across moves (each rule's tally, a
/// post added and removed at a time) equals a check from scratch. The solver
/// runs in verify mode, which compares after every move, accepted or
/// rejected, and a random walk over the tallies compares after every step,
/// on complete and on partial timelines, with pinned posts, waivers and the
/// history of earlier weeks.
@Suite("Incremental scoring")
struct IncrementalTests {
    /// A directory of 1 to 3 consecutive weeks with most rules switched on at
    /// random severities, texts that repeat across items and weeks, pinned,
    /// repeating, required and waiving items.
    static func randomWeeks(seed: UInt64) -> [String: String] {
        var generator = SeededGenerator(seed: seed &* 104_729)
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }
        func severity() -> String { pick(["error", "warning", "off"]) }
        let weeks = Int.random(in: 1...3, using: &generator)
        let zone = pick(["Europe/London", "America/New_York", "Australia/Sydney"])
        let since = pick(["2015-01-05", "2026-11-02"])  // an old account, or one young enough for ramp-up
        let available = pick(["", "  available: \"Mon-Fri 08:00-19:00\"\n", "  available: \"Mon-Sun 07:00-22:00\"\n"])
        let rules = """
              grid: \(pick(["15m", "30m", "60m"]))
              rules:
                thirds: {severity: \(severity()), tolerance: \(pick(["0.1", "0.2", "0.3"]))\(pick(["", ", window: 2w"]))}
                daily-limit: {severity: \(severity()), min: \(pick([0, 1])), max: \(Int.random(in: 2...4, using: &generator))}
                min-gap: {severity: \(severity()), gap: \(pick(["30m", "60m", "2h"]))}
                quiet-hours: {severity: \(severity())}
                promotion-streak: {severity: \(severity()), max: \(Int.random(in: 1...2, using: &generator))}
                duplicate-text: {severity: \(severity()), within: \(pick(["1d", "3d", "14d"]))}
                spread: {severity: \(severity()), max-same-hour: \(Int.random(in: 1...2, using: &generator))}
                coverage: {severity: \(severity()), min-weight: 1, posts: \(Int.random(in: 1...4, using: &generator))}
                ramp-up: {severity: \(severity()), promotion: 0.3}
                availability: {severity: \(severity())}
            """
        let texts = ["Queue myths", "Rota tips", "Your questions", "Webinar on Friday", "Case study", "Newsletter"]
        var files: [String: String] = [:]
        for week in 0..<weeks {
            let monday = LocalDate(year: 2026, month: 11, day: 30).adding(days: 7 * week)
            func day(_ offset: Int) -> String { "\(monday.adding(days: offset))" }
            var items: [String] = []
            for index in 0..<Int.random(in: 4...12, using: &generator) {
                // Half the texts come from a short list, so some repeat within and across weeks.
                let text = Int.random(in: 0..<2, using: &generator) == 0 ? pick(texts) : "Post \(index) of week \(week)"
                var fields = ["id: w\(week)i\(index)", "kind: \(pick(["content", "engagement", "promotion"]))", "text: \"\(text)\"",
                              "priority: \(pick(["high", "normal", "low"]))"]
                if Int.random(in: 0..<6, using: &generator) == 0 { fields.append("required: true") }
                let offset = Int.random(in: 0..<7, using: &generator)
                switch Int.random(in: 0..<7, using: &generator) {
                case 0: fields.append("at: \(day(offset))T\(String(format: "%02d", Int.random(in: 6...22, using: &generator))):\(pick(["00", "30"]))")
                case 1: fields.append("not_before: \(day(offset))T\(String(format: "%02d", Int.random(in: 6...14, using: &generator))):00")
                case 2: fields.append("not_after: \(day(offset))T\(String(format: "%02d", Int.random(in: 9...23, using: &generator))):00")
                case 3: fields.append("repeat: \(pick(["[mon, thu]", "[tue]", "weekdays", "daily"]))")
                default: break
                }
                if Int.random(in: 0..<3, using: &generator) == 0 { fields.append("audiences: [\(pick(["uk", "ny", "au"]))]") }
                if Int.random(in: 0..<8, using: &generator) == 0 {
                    fields.append("waive: {\(pick(["min-gap", "duplicate-text", "spread", "quiet-hours", "daily-limit"])): \"a test\"}")
                }
                items.append("  - {" + fields.joined(separator: ", ") + "}")
            }
            files[String(format: "week-%02d.yaml", week)] = """
                start: \(monday)
                days: 7
                account:
                  name: walk
                  timezone: \(zone)
                  since: \(since)
                \(available)rules:
                \(rules)
                audiences:
                  uk: {timezone: Europe/London, size: 100, weight: 2}
                  ny: {timezone: America/New_York, size: 60, weight: 1}
                  au: {timezone: Australia/Sydney, size: 40, weight: 0.5}
                items:
                \(items.joined(separator: "\n"))
                """
        }
        return files
    }

    /// Writes the files into a fresh directory and runs the pipeline on it, as `thirds schedule DIR` does.
    static func schedule(_ files: [String: String], options: SolveOptions) throws -> SchedulePipeline.Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-incremental-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return try SchedulePipeline.run(paths: [directory.path], options: options)
    }

    @Test(arguments: 1...60)
    func searchInVerifyModeAgreesWithTheChecker(seed: UInt64) throws {
        let files = Self.randomWeeks(seed: seed)
        let outcome = try Self.schedule(files, options: SolveOptions(seed: seed, moves: 1_500, verify: true))
        guard outcome.report.errorCount == 0 else { return }
        #expect(outcome.schedules.count == files.count)
        for schedule in outcome.schedules {
            #expect(schedule.statistics.verifyFailure == nil, "seed \(seed), \(schedule.plan.name): \(schedule.statistics.verifyFailure ?? "")")
        }
    }

    /// `thirds schedule --verify` (hidden): the same check through the binary,
    /// on a plan with history (the sample plans' folder of three weeks).
    @Test func verifyFlagChecksEveryMoveThroughTheBinary() throws {
        let out = ScheduleCLITests.output("verify")
        let outcome = try CLITests.run(["schedule", "plans", "--out", out.path, "--verify", "--moves", "400"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("every error rule kept"), "\(outcome.stdout)")
    }

    /// Enough of the random directories pass the check (and have history) for the property to mean something.
    @Test func theRandomPlansAreMostlySchedulable() throws {
        var scheduled = 0, withHistory = 0
        for seed in UInt64(1)...60 {
            let outcome = try Self.schedule(Self.randomWeeks(seed: seed), options: SolveOptions(seed: seed, moves: 200))
            guard outcome.report.errorCount == 0 else { continue }
            scheduled += 1
            if outcome.schedules.contains(where: { !$0.problem.context.history.isEmpty }) { withHistory += 1 }
        }
        #expect(scheduled >= 30, "\(scheduled) of 60")
        #expect(withHistory >= 10, "\(withHistory) of 60")
    }

    /// A random walk: posts put in, moved and taken out one at a time, the
    /// tallies compared with each rule's full check after every step.
    @Test(arguments: 1...30)
    func randomWalkOverTheTallies(seed: UInt64) throws {
        let outcome = try Self.schedule(Self.randomWeeks(seed: seed), options: SolveOptions(seed: seed, moves: 100))
        guard outcome.report.errorCount == 0 else { return }
        var generator = SeededGenerator(seed: seed)
        for schedule in outcome.schedules {
            let problem = schedule.problem
            let count = problem.context.occurrences.count
            for complete in [true, false] {
                // Partial: only the pinned posts to start with, as when a schedule is built.
                let start = complete ? schedule.assignment : (0..<count).map { problem.context.occurrences[$0].fixed == nil ? nil : schedule.assignment[$0] }
                let state = ScoreState(problem, start, isComplete: complete)
                #expect(state.disagreement() == nil, "seed \(seed), start: \(state.disagreement() ?? "")")
                for step in 0..<150 {
                    let index = Int.random(in: 0..<count, using: &generator)
                    let size = problem.candidates[index].count
                    let choice: Int? = size == 0 || Int.random(in: 0..<4, using: &generator) == 0 ? nil : Int.random(in: 0..<size, using: &generator)
                    state.set(index, choice)
                    if let difference = state.disagreement() {
                        Issue.record("seed \(seed), \(complete ? "complete" : "partial"), step \(step): \(difference)")
                        break
                    }
                }
            }
        }
    }
}
