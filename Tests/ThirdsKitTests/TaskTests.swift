import Foundation
import Testing
import Yams
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsRules
@testable import ThirdsSchedule
@testable import ThirdsCheck
@testable import ThirdsExport

/// Engagement as tasks (`task:` instead of `text:`): read with clear errors,
/// counted and placed like engagement, a calendar block with an alarm, never
/// a post in the CSVs or the cross-post manifest, free of the text rules.
@Suite("Engagement as tasks")
struct TaskTests {
    static let task = #"{id: uk-list, kind: engagement, task: "Reply to and share the best of the UK list", duration: 45m}"#

    // MARK: - Reading

    @Test func aTaskLoadsWithItsDurationOrThirtyMinutes() throws {
        let report = check(plan(items: """
          - \(Self.task)
          - {id: other, kind: engagement, task: "Thank the suppliers who shared the case study"}
        """))
        #expect(!report.findings.contains { $0.severity == .error && ["missing-key", "invalid-value", "unknown-key"].contains($0.ruleID) },
                "\(describe(report))")
        var findings = FindingList()
        let node = try #require(try? YAMLReader.read(Data(plan(items: "  - \(Self.task)\n  - {id: other, kind: engagement, task: \"Thank them\"}").utf8), file: "plan.yaml").get())
        let loaded = try #require(PlanLoader.load(node, file: "plan.yaml", workspace: Workspace(), findings: &findings))
        #expect(loaded.items[0].text.value == "Reply to and share the best of the UK list")
        #expect(loaded.items[0].task?.duration == 45 * 60)
        #expect(loaded.items[1].task?.duration == 30 * 60)
    }

    @Test func aTaskWithTextToo() {
        expectFinding("invalid-value", in: Marked(plan(items: """
          - {id: both, kind: engagement, task: "Reply to the list", ⟨invalid-value⟩text: "Reply to the list"}
        """)), message: "item 'both' has both 'text' and 'task'")
    }

    @Test func aTaskOnAContentItem() {
        expectFinding("invalid-value", in: Marked(plan(items: """
          - {id: essay, kind: content, ⟨invalid-value⟩task: "Write the essay"}
        """)), message: "'task' of item 'essay' is only for engagement items, and this one is content")
    }

    @Test func aDurationOnAPostOrOutOfRange() {
        expectFinding("invalid-value", in: Marked(plan(items: """
          - {id: post, kind: engagement, text: "Morning all", ⟨invalid-value⟩duration: 30m}
        """)), message: "'duration' of item 'post' is only for a task")
        expectFinding("invalid-value", in: Marked(plan(items: """
          - {id: long, kind: engagement, task: "Reply", duration: ⟨invalid-value⟩9h}
        """)), message: "'duration' of item 'long' is '9h', not a length from 5m to 8h")
    }

    @Test func aTaskIsNotCrossPosted() {
        expectFinding("invalid-value", in: Marked(plan(items: """
          - {id: copied, kind: engagement, task: "Reply", ⟨invalid-value⟩crosspost: [linkedin]}
        """)), message: "'crosspost' of item 'copied' has no effect: a task is not published")
    }

    /// Review 11, finding 8: an empty task or text, a link on a task and a
    /// task on the blog were accepted; each is now an error at the value
    /// (or key) with a hint, and the item is not loaded.
    @Test func anEmptyTaskOrTextIsRefused() {
        let emptyTask = Marked(plan(items: """
          - {id: quiet, kind: engagement, task: ⟨invalid-value⟩""}
        """))
        expectFinding("invalid-value", in: emptyTask, message: "'task' of item 'quiet' is empty: the calendar block would say nothing")
        #expect(check(emptyTask.text).findings.first { $0.ruleID == "invalid-value" }?.hint
                == "say what to do, such as task: \"Reply to comments on Monday's post\"")
        let blankText = Marked(plan(items: """
          - {id: silent, kind: content, text: ⟨invalid-value⟩"  "}
        """))
        expectFinding("invalid-value", in: blankText, message: "'text' of item 'silent' is empty: a post needs words")
        #expect(check(blankText.text).findings.first { $0.ruleID == "invalid-value" }?.hint
                == "write the post's words, such as text: \"Why queues beat batches {link}\"")
        // An engagement post is also told about tasks.
        let engagement = check(plan(items: "  - {id: hello, kind: engagement, text: \"\"}"))
        #expect(engagement.findings.first { $0.ruleID == "invalid-value" }?.hint
                == "write the post's words, such as text: \"Why queues beat batches {link}\", or write work to do as 'task: \"…\"'")
    }

    @Test func aLinkOnATaskIsRefused() {
        let marked = Marked(plan(items: """
          - {id: replies, kind: engagement, task: "Answer questions", ⟨invalid-value⟩link: https://acme.example.com/webinar}
        """))
        expectFinding("invalid-value", in: marked,
                      message: "'link' of item 'replies' has no effect: a task is not published, so a link has nowhere to go")
        #expect(check(marked.text).findings.first { $0.ruleID == "invalid-value" }?.hint
                == "remove 'link' and put the address in the task's words, such as task: \"Answer questions under https://…\"")
        // {link} in a task's words is not told to add a 'link' it may not have.
        let placeholder = Marked(plan(items: """
          - {id: replies, kind: engagement, task: ⟨invalid-value⟩"Answer questions under {link}"}
        """))
        expectFinding("invalid-value", in: placeholder, message: "task of item 'replies' uses {link}, but a task has no link to stand for")
        let report = check(placeholder.text)
        #expect(!report.findings.contains { $0.ruleID == "missing-key" }, "\(describe(report))")
        #expect(report.findings.first { $0.ruleID == "invalid-value" }?.hint
                == "write the address itself in the task's words, such as task: \"Answer questions under https://…\"")
    }

    @Test func aTaskOnTheBlogIsRefused() {
        let marked = Marked(plan(items: """
          - {id: replies, kind: engagement, task: "Answer comments", channel: ⟨invalid-value⟩blog}
        """))
        expectFinding("invalid-value", in: marked, message: "channel 'blog' of item 'replies' is not a channel where engagement happens")
        #expect(check(marked.text).findings.first { $0.ruleID == "invalid-value" }?.hint
                == "give the channel where the task's work is done, 'x' or 'linkedin' (leave 'channel' out for x)")
        // On linkedin (set up) a task is fine.
        let linkedIn = check(plan(items: "  - {id: replies, kind: engagement, task: \"Answer comments\", channel: linkedin}"))
        #expect(!linkedIn.findings.contains { $0.ruleID == "invalid-value" }, "\(describe(linkedIn))")
    }

    @Test func neitherTextNorTaskNamesBoth() {
        let report = check(plan(items: "  - {id: empty, kind: engagement}"))
        let missing = report.findings.filter { $0.ruleID == "missing-key" }
        #expect(missing.count == 1)
        #expect(missing.first?.message == "missing 'text' in item 'empty'")
        #expect(missing.first?.hint == "or 'task: \"…\"' for engagement that is work to do, not a post")
    }

    // MARK: - Rules

    @Test func duplicateTextDoesNotApplyToTwoIdenticalTasks() {
        let tasks = check(plan(items: """
          - {id: mon, kind: engagement, task: "Reply to the UK list"}
          - {id: tue, kind: engagement, task: "Reply to the UK list"}
        """))
        #expect(!tasks.findings.contains { $0.ruleID == "duplicate-text" }, "\(describe(tasks))")
        // The same words as two posts are a repeat: the rule still reads posts.
        let posts = check(plan(items: """
          - {id: mon, kind: engagement, text: "Reply to the UK list"}
          - {id: tue, kind: engagement, text: "Reply to the UK list"}
        """))
        #expect(posts.findings.filter { $0.ruleID == "duplicate-text" }.count == 1, "\(describe(posts))")
    }

    @Test func xTextRulesDoNotApplyToATask() {
        // 300 characters: over X's 280, but a task is never posted.
        let long = String(repeating: "reply ", count: 50)
        let tasks = check(plan(items: "  - {id: long, kind: engagement, task: \"\(long)\"}"))
        #expect(!tasks.findings.contains { $0.ruleID == "text-length" }, "\(describe(tasks))")
        let posts = check(plan(items: "  - {id: long, kind: engagement, text: \"\(long)\"}"))
        #expect(posts.findings.filter { $0.ruleID == "text-length" }.count == 1, "\(describe(posts))")
    }

    @Test func availabilityAppliesToATask() {
        // Saturday and Sunday only, and the owner works Monday to Friday.
        let report = check(plan(items: """
          - {id: weekend, kind: engagement, task: "Reply to the list", not_before: 2026-12-05T00:00}
        """, account: "  available: \"Mon-Fri 09:00-17:00\""))
        let found = report.findings.filter { $0.ruleID == "availability" }
        #expect(found.count == 1, "\(describe(report))")
        #expect(found.first?.message.contains("engagement 'weekend' has no time inside its window") == true)
    }

    @Test func aTaskCountsAsEngagementForTheThirds() throws {
        var findings = FindingList()
        let node = try #require(try? YAMLReader.read(Data(plan(items: "  - \(Self.task)").utf8), file: "plan.yaml").get())
        let loaded = try #require(PlanLoader.load(node, file: "plan.yaml", workspace: Workspace(), findings: &findings))
        let occurrences = Expander.occurrences(of: loaded, findings: &findings)
        #expect(occurrences.map { $0.kind } == [ItemKind.engagement])
    }

    // MARK: - Exports

    /// A post on X with a LinkedIn copy at 09:00, the task at 10:00 on Monday 30 November (London is on UTC).
    static func input() throws -> ExportInput {
        try BulkExportTests.input("""
          - {id: tips, kind: content, text: "Three tips for queues", crosspost: [linkedin]}
          - \(task)
        """, at: [("tips", "2026-11-30T09:00"), ("uk-list", "2026-11-30T10:00")])
    }

    @Test func aTaskIsACalendarBlockWithAnAlarm() throws {
        let ics = try #require(ICalendarExport.export(Self.input()).first).contents
        let lines = ICalendarTests.logicalLines(ics)
        let start = try #require(lines.firstIndex { $0.hasPrefix("UID:uk-list.x.") })
        let end = try #require(lines[start...].firstIndex(of: "END:VEVENT"))
        let event = Array(lines[start..<end])
        #expect(event.contains("DTSTART:20261130T100000Z"))
        #expect(event.contains("DTEND:20261130T104500Z"))  // 45 minutes, not the 15-minute slot
        #expect(event.contains("SUMMARY:[x] task: Reply to and share the best of the…"))  // eight words
        #expect(event.contains("CATEGORIES:engagement,task,x"))
        #expect(event.contains("BEGIN:VALARM"))
        #expect(event.contains("TRIGGER:-PT10M"))
        #expect(event.contains("ACTION:DISPLAY"))
        // Busy time for whoever does it; the post beside it stays free time and keeps its slot.
        #expect(event.contains("TRANSP:OPAQUE"))
        let post = try #require(lines.firstIndex { $0.hasPrefix("UID:tips.x.") })
        #expect(lines[post...].first { $0.hasPrefix("TRANSP:") } == "TRANSP:TRANSPARENT")
        #expect(lines.contains("DTEND:20261130T091500Z"))
    }

    @Test func aTaskIsInNoCSVNorTheManifest() throws {
        let input = try Self.input()
        for kind in [ExportKind.hootsuite, .buffer, .sprout, .csv] {
            let (files, findings) = try kind.run(input)
            #expect(findings.isEmpty, "\(kind): \(findings)")
            #expect(!files.isEmpty)
            for file in files {
                #expect(!file.contents.contains("uk-list") && !file.contents.contains("Reply to and share"), "\(kind) \(file.path) holds the task")
            }
            #expect(files.contains { $0.contents.contains("Three tips for queues") }, "\(kind) lost the post")
        }
        let manifest = try #require(try ExportKind.crosspost.run(input).files.first { $0.path.hasSuffix(".json") })
        #expect(manifest.contents.contains("tips@") || manifest.contents.contains("\"tips"))
        #expect(!manifest.contents.contains("uk-list"))
    }

    // MARK: - Through the binary

    @Test func scheduleMarksTheTaskAndExportReadsItBack() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-task-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let items = balancedItems.replacingOccurrences(of: #"{id: e3, kind: engagement, text: "Engagement three: shares"}"#,
                                                       with: #"{id: e3, kind: engagement, task: "Share the best of the UK list", duration: 1h, at: 2026-12-02T11:00}"#)
        try Data(plan(items: items).utf8).write(to: root.appendingPathComponent("week.yaml"))
        let epoch = ["SOURCE_DATE_EPOCH": "1795910400"]
        let scheduled = try CLITests.run(["schedule", "week.yaml"], environment: epoch, in: root)
        #expect(scheduled.status == 0, "\(scheduled.stdout)\(scheduled.stderr)")
        let yaml = try String(contentsOf: root.appendingPathComponent("out/week/schedule.yaml"), encoding: .utf8)
        #expect(yaml.contains("- id: e3\n  item: e3\n  kind: engagement\n  task: true\n  duration: 1h\n  channel: x\n"), "\(yaml)")
        #expect(!yaml.contains("- id: e2\n  item: e2\n  kind: engagement\n  task:"))
        let ics = try String(contentsOf: root.appendingPathComponent("out/week/schedule.ics"), encoding: .utf8)
        #expect(ics.contains("DTSTART:20261202T110000Z\r\nDTEND:20261202T120000Z\r\n"))
        let exported = try CLITests.run(["export", "out/week/schedule.yaml", "--to", "buffer", "csv"], environment: epoch, in: root)
        #expect(exported.status == 0, "\(exported.stdout)\(exported.stderr)")
        let csv = try String(contentsOf: root.appendingPathComponent("out/week/schedule.csv"), encoding: .utf8)
        #expect(csv.contains("Engagement two: replies"))
        #expect(!csv.contains("Share the best of the UK list"))
        let buffer = try String(contentsOf: root.appendingPathComponent("out/week/buffer-x.csv"), encoding: .utf8)
        #expect(!buffer.contains("Share the best of the UK list"))
    }
}
