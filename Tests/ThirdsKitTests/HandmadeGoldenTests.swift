import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSolve
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport
@testable import ThirdsReport
@testable import ThirdsKit

/// The hand-made week behind every exporter's golden file: the plan
/// Fixtures/handmade/handmade.yaml, its posts placed at instants written here
/// by hand (not chosen by the solver), so that a change to the search never
/// re-records a golden file. Two audiences in two zones; `launch` is
/// cross-posted to LinkedIn and the blog; `sunday-read` goes out after
/// London's clocks go forward (01:00 UTC on Sunday 29 March 2026).
///
/// The times below were converted by hand. `bash .ci/verify-handmade.sh`
/// checks the golden files with independent tools: the reach model
/// recomputed in Python (Fixtures/handmade/check_reach.py), icalendar, and
/// the CSV and manifest verifiers. Re-record with THIRDS_RECORD_GOLDEN=1,
/// then read the diff and run that script.
enum Handmade {
    static let sourceFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let planURL = sourceFixtures.appendingPathComponent("handmade/handmade.yaml")
    static let goldenDirectory = sourceFixtures.appendingPathComponent("golden/handmade")
    /// 2026-03-23T00:00:00Z, the Monday the week starts: `SOURCE_DATE_EPOCH` of the golden files.
    static let generatedAt = Date(timeIntervalSince1970: 1_774_224_000)
    static let epoch = "1774224000"

    /// Each post's instant, worked out by hand from the plan's local times:
    /// London is on GMT (UTC+0) until Sunday 01:00 UTC, then BST (UTC+1).
    static let instants: [(id: String, utc: String)] = [
        ("queue-myths", "2026-03-23T08:30:00Z"),     // Mon 08:30 GMT
        ("launch", "2026-03-24T07:45:00Z"),          // Tue 07:45 GMT
        ("ask-new-york", "2026-03-25T14:00:00Z"),    // Wed 14:00 GMT, 10:00 EDT
        ("webinar", "2026-03-26T12:00:00Z"),         // Thu 12:00 GMT
        ("friday-replies", "2026-03-27T17:30:00Z"),  // Fri 17:30 GMT
        ("weekend-offer", "2026-03-28T10:00:00Z"),   // Sat 10:00 GMT
        ("sunday-read", "2026-03-29T09:00:00Z"),     // Sun 10:00 BST
    ]

    /// Every file `thirds schedule` writes for the week (YAML schedule), and
    /// every bulk export.
    static let scheduleFiles = ["schedule.yaml", "schedule.ics", "crosspost.json", "blog/queue-report-2026.md"]
    static let bulkFiles: [BulkExport.Tool: [String]] = [
        .hootsuite: ["hootsuite-x.csv", "hootsuite-linkedin.csv"],
        .buffer: ["buffer-x.csv", "buffer-linkedin.csv"],
        .sprout: ["sprout-x.csv", "sprout-linkedin.csv"],
        .csv: ["schedule.csv"],
    ]

    static var planText: String { (try? String(contentsOf: planURL, encoding: .utf8)) ?? "" }

    /// The plan read as `handmade.yaml` (as `thirds schedule handmade.yaml`
    /// reads it), and the schedule made by hand: each occurrence at its
    /// instant above. Score and rule breaks are the rules' verdict on it.
    static func schedule(blog engine: String = "hugo", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Schedule {
        let text = planText.replacingOccurrences(of: "engine: hugo", with: "engine: \(engine)")
        let workspace = Workspace { path in
            guard path == "handmade.yaml" else { throw CocoaError(.fileNoSuchFile) }
            return Data(text.utf8)
        }
        var seen = Set<String>()
        let loaded = Checker.load(FileGroup(directory: nil, files: ["handmade.yaml"]), workspace: workspace, seen: &seen)
        #expect(loaded.findings.isEmpty, "\(loaded.findings)", sourceLocation: sourceLocation)
        let (plan, occurrences) = try #require(loaded.sequences.first?.first, sourceLocation: sourceLocation)
        let problem = Problem(context: PlanContext(plan: plan, occurrences: occurrences))
        let assignment: [Int?] = try occurrences.indices.map { index in
            let id = occurrences[index].id
            let utc = try #require(instants.first { $0.id == id }?.utc, "no hand-made time for \(id)", sourceLocation: sourceLocation)
            let instant = try #require(ScheduleVerifier.utcInstant(utc), sourceLocation: sourceLocation)
            return try #require(problem.candidates[index].firstIndex { $0.instant == instant }, "\(id): no slot at \(utc)", sourceLocation: sourceLocation)
        }
        let (score, violations) = problem.evaluate(assignment)
        let posts = assignment.indices.compactMap { index in
            assignment[index].map { Schedule.Entry(occurrence: occurrences[index], candidate: problem.candidates[index][$0]) }
        }.sorted { $0.candidate.instant < $1.candidate.instant }
        return Schedule(problem: problem, assignment: assignment, posts: posts, deferred: [], score: score,
                        violations: violations, statistics: SearchStatistics())
    }

    static func input() throws -> ExportInput { ExportInput(try schedule(), generatedAt: generatedAt) }

    /// Compares `contents` with the golden file at `path` (relative to the
    /// golden folder), recording it first with THIRDS_RECORD_GOLDEN=1.
    static func expectGolden(_ path: String, _ contents: Data, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = goldenDirectory.appendingPathComponent(path)
        if ProcessInfo.processInfo.environment["THIRDS_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url)
        }
        let expected = try Data(contentsOf: url)
        #expect(contents == expected, "\(path) differs from its golden file; re-record with THIRDS_RECORD_GOLDEN=1 if the change is intended",
                sourceLocation: sourceLocation)
    }
}

@Suite("Golden files of the hand-made week")
struct HandmadeGoldenTests {
    // MARK: - The value itself, checked by hand

    @Test func thePlanPinsEveryPostWhereTheHandMadeScheduleHasIt() throws {
        // The CLI tests schedule the same plan: pinned posts leave the solver no choice.
        let schedule = try Handmade.schedule()
        #expect(schedule.posts.map { $0.occurrence.id } == Handmade.instants.map(\.id))
        for entry in schedule.posts {
            #expect(entry.occurrence.fixed == entry.candidate.instant, "\(entry.occurrence.id)")
            #expect(ScheduleDocument.utc(entry.candidate.instant) == Handmade.instants.first { $0.id == entry.occurrence.id }?.utc)
        }
        #expect(schedule.isFeasible)
        #expect(schedule.violations.isEmpty, "\(schedule.violations.map(\.message))")
    }

    @Test func reachAgreesWithTheIndependentComputation() throws {
        // From Fixtures/handmade/check_reach.py: R per post, rounded to 3 places.
        let expected: [String: Double] = [
            "queue-myths": 20.534, "launch": 34.746, "ask-new-york": 2.597, "webinar": 31.916,
            "friday-replies": 17.337, "weekend-offer": 30.138, "sunday-read": 30.138,
        ]
        let schedule = try Handmade.schedule()
        for entry in schedule.posts {
            let reach = try #require(expected[entry.occurrence.id])
            #expect(abs(entry.candidate.reach - reach) < 0.0005, "\(entry.occurrence.id): \(entry.candidate.reach) against \(reach)")
        }
        // Seven normal posts (weight 2): 2 × the sum of R.
        #expect(abs(schedule.score.reach - 334.813) < 0.0005)
        #expect(schedule.score.priority == 14)
    }

    // MARK: - The schedule file and what `thirds schedule` writes beside it

    @Test func scheduleFolderMatchesGoldenFiles() throws {
        // What `thirds schedule handmade.yaml` writes into out/handmade/.
        let outputs = try ScheduleOutputs.build([try Handmade.schedule()], out: "out", format: .yaml, generatedAt: Handmade.generatedAt)
        #expect(outputs.set.findings.isEmpty && outputs.exportFindings.isEmpty, "\(outputs.set.findings + outputs.exportFindings)")
        let folder = try #require(outputs.set.folders.first)
        #expect(folder.path == "out/handmade")
        #expect(folder.files.map(\.path) == Handmade.scheduleFiles)
        for file in folder.files { try Handmade.expectGolden(file.path, file.contents) }
    }

    @Test func jsonScheduleMatchesGoldenFile() throws {
        let outputs = try ScheduleOutputs.build([try Handmade.schedule()], out: "out", format: .json, generatedAt: Handmade.generatedAt)
        let file = try #require(outputs.set.folders.first?.files.first)
        #expect(file.path == "schedule.json")
        try Handmade.expectGolden("schedule.json", file.contents)
    }

    @Test(arguments: BulkExport.Tool.allCases)
    func bulkExportMatchesGoldenFiles(tool: BulkExport.Tool) throws {
        let (files, findings) = BulkExport.export(try Handmade.input(), to: tool)
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == Handmade.bulkFiles[tool])
        for file in files { try Handmade.expectGolden(file.path, Data(file.contents.utf8)) }
    }

    /// The same week with the blog on WordPress (a request in the manifest)
    /// or Jekyll (a Markdown file of its own dialect).
    @Test(arguments: ["wordpress", "jekyll"])
    func otherBlogEnginesMatchGoldenFiles(engine: String) throws {
        let (files, findings) = try CrosspostExport.export(ExportInput(try Handmade.schedule(blog: engine), generatedAt: Handmade.generatedAt))
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == (engine == "jekyll" ? ["crosspost.json", "blog/_posts/2026-03-24-queue-report-2026.md"] : ["crosspost.json"]))
        for file in files { try Handmade.expectGolden("\(engine)/" + file.path, Data(file.contents.utf8)) }
        // 30 minutes before the X post at 07:45 UTC, in each engine's own notation.
        if engine == "wordpress" {
            let body = try #require(try CrosspostTests.entry("launch#blog", in: files).request?.body)
            #expect(body["date_gmt"]?.string == "2026-03-24T07:15:00" && body["status"]?.string == "future")
            #expect(body["content"]?.string?.contains("waits, abandons &amp; callbacks") == true)
        } else {
            #expect(files[1].contents.contains("\ndate: 2026-03-24 07:15:00 +0000\n"))
        }
    }

    // MARK: - What the golden files say, worked out by hand

    @Test func calendarEventsAreAtTheHandWorkedInstants() throws {
        let ics = try #require(ICalendarExport.export(try Handmade.input()).first).contents
        let events = ICalendarTests.events(ics)
        let starts = events.map { [$0["UID"] ?? "", $0["DTSTART"] ?? ""] }
        // The blog copy 30 minutes (the blog's lead) before the X post; the
        // LinkedIn copy at the window's opening, 09:00 London (GMT, so UTC).
        #expect(starts == [
            ["queue-myths.x.handmade.acme@thirds", "20260323T083000Z"],
            ["launch.blog.handmade.acme@thirds", "20260324T071500Z"],
            ["launch.x.handmade.acme@thirds", "20260324T074500Z"],
            ["launch.linkedin.handmade.acme@thirds", "20260324T090000Z"],
            ["ask-new-york.x.handmade.acme@thirds", "20260325T140000Z"],
            ["webinar.x.handmade.acme@thirds", "20260326T120000Z"],
            ["friday-replies.x.handmade.acme@thirds", "20260327T173000Z"],
            ["weekend-offer.x.handmade.acme@thirds", "20260328T100000Z"],
            ["sunday-read.x.handmade.acme@thirds", "20260329T090000Z"],
        ])
        // Minutes from 2024-01-01T00:00Z to the export: (1774224000 − 1704067200) / 60.
        #expect(events.allSatisfy { $0["SEQUENCE"] == "1169280" && $0["DTSTAMP"] == "20260323T000000Z" })
        let sunday = try #require(events.last?["DESCRIPTION"])
        #expect(ICalendarTests.unescape(sunday).contains("london: Sun 10:00 +01:00"), "after the change, London is BST: \(sunday)")
        #expect(ICalendarTests.unescape(sunday).contains("new-york: Sun 05:00 -04:00"))
        let launch = try #require(events.first { $0["UID"] == "launch.x.handmade.acme@thirds" }?["DESCRIPTION"])
        #expect(launch.hasPrefix("Our 2026 queue report is out: waits\\, abandons & callbacks\\; free (no sign-up) #cx https://acme.example/report?year=2026&utm_source=x&"),
                "\(launch)")
    }

    @Test func bulkTimesAreOnTheToolsClocks() throws {
        let input = try Handmade.input()
        func rows(_ tool: BulkExport.Tool, _ path: String) throws -> [[String]] {
            BulkExportTests.parse(try BulkExportTests.file(BulkExport.export(input, to: tool).files, path))
        }
        // Hootsuite and Sprout take the account's wall clock; Sunday is 10:00 BST.
        #expect(try rows(.hootsuite, "hootsuite-x.csv").map { $0[0] } == [
            "03/23/2026 08:30", "03/24/2026 07:45", "03/25/2026 14:00", "03/26/2026 12:00",
            "03/27/2026 17:30", "03/28/2026 10:00", "03/29/2026 10:00",
        ])
        #expect(try rows(.sprout, "sprout-x.csv").last == ["03/29/2026", "10:00", "Clocks went forward last night 🕐 check your early shift"])
        // Buffer takes UTC.
        #expect(try rows(.buffer, "buffer-x.csv").dropFirst().map { $0[2] } == Handmade.instants.map(\.utc))
        #expect(try rows(.buffer, "buffer-linkedin.csv").dropFirst().map { $0[2] } == ["2026-03-24T09:00:00Z"])
        #expect(try rows(.hootsuite, "hootsuite-x.csv")[0][1] == "Three queue myths, and why \"average wait\" hides the worst calls")
    }

    @Test func manifestTimesAndLinkedInTextAreWorkedByHand() throws {
        let (files, findings) = try CrosspostExport.export(try Handmade.input())
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == ["crosspost.json", "blog/queue-report-2026.md"])
        let blog = try CrosspostTests.entry("launch#blog", in: files)
        #expect(blog.publish_at == "2026-03-24T07:15:00Z" && blog.primary_at == "2026-03-24T07:45:00Z")
        #expect(blog.file == "blog/queue-report-2026.md")
        let linkedin = try CrosspostTests.entry("launch#linkedin", in: files)
        #expect(linkedin.publish_at == "2026-03-24T09:00:00Z")
        // little text: ( ) _ escaped, the hashtag as {hashtag|#|cx}.
        #expect(linkedin.request?.body["commentary"]?.string
                == "Our 2026 queue report is out: waits, abandons & callbacks; free \\(no sign-up\\) {hashtag|#|cx} https://acme.example/report?year=2026&utm\\_source=linkedin&utm\\_medium=social&utm\\_campaign=handmade")
        let (fields, body) = try CrosspostTests.frontMatter(files[1])
        #expect(fields["title"] as? String == "Queue report 2026")
        #expect(fields["slug"] as? String == "queue-report-2026")
        #expect(fields["tags"] as? [String] == ["cx"])
        #expect(files[1].contents.contains("date: 2026-03-24T07:15:00+00:00\n"))
        #expect(body.contains("<https://acme.example/report?year=2026&utm_source=blog&utm_medium=social&utm_campaign=handmade>"))
    }
}
