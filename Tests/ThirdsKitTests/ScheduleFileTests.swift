import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsSchedule
@testable import ThirdsExport
@testable import ThirdsKit

/// Reading a schedule file, as `thirds check` and `thirds export` do: a valid
/// one gives back the posts at their instants (reach recomputed from the
/// plan), and each kind of malformed one a diagnostic at its file, line and
/// column, with nothing to export.
@Suite("Reading a schedule file")
struct ScheduleFileTests {
    static let file = "out/handmade/schedule.yaml"

    /// A schedule of the hand-made plan written by hand: one flow mapping a post.
    static func text(_ posts: [String], top: String = "format: thirds-schedule/1\nplan: ../../handmade.yaml\n") -> String {
        top + "posts:\n" + posts.joined(separator: "\n") + "\n"
    }

    static var posts: [String] { Handmade.instants.map { "- {id: \($0.id), at: '\($0.utc)'}" } }

    static func files(_ schedule: String) -> [String: String] { ["handmade.yaml": Handmade.planText, file: schedule] }

    static func workspace(_ files: [String: String]) -> Workspace {
        Workspace { path in
            guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return Data(text.utf8)
        }
    }

    /// Exactly one finding of `rule`, an error at the marker of the same name
    /// in the schedule file; and `thirds export`'s reader refuses the file.
    static func expectError(_ rule: String, in marked: Marked, message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let report = check(files(marked.text))
        let matches = report.findings.filter { $0.ruleID == rule }
        #expect(matches.count == 1, "expected one [\(rule)], got: \(describe(report))", sourceLocation: sourceLocation)
        if let finding = matches.first, let mark = marked.marks[rule] {
            #expect(finding.location == ThirdsCore.SourceLocation(file: file, line: mark.line, column: mark.column),
                    "[\(rule)] at \(finding.location), expected \(file):\(mark.line):\(mark.column)", sourceLocation: sourceLocation)
            #expect(finding.severity == .error, sourceLocation: sourceLocation)
            #expect(finding.message == message, "message was: \(finding.message)", sourceLocation: sourceLocation)
        }
        let loaded = ExportInput.load(scheduleFile: file, workspace: workspace(files(marked.text)), generatedAt: Handmade.generatedAt)
        if case .success = loaded { Issue.record("a malformed schedule was read for export", sourceLocation: sourceLocation) }
    }

    // MARK: - Valid

    @Test func aHandWrittenScheduleReadsBackAtItsInstants() throws {
        let files = Self.files(Self.text(Self.posts))
        let report = check(files)
        #expect(report.findings.isEmpty, "\(describe(report))")
        let input = try ExportInput.load(scheduleFile: Self.file, workspace: Self.workspace(files), generatedAt: Handmade.generatedAt).get()
        #expect(input.posts.map(\.occurrence.id) == Handmade.instants.map(\.id))
        #expect(input.posts.map { ScheduleDocument.utc($0.instant) } == Handmade.instants.map(\.utc))
        #expect(input.plan.name == "handmade" && input.plan.file == "handmade.yaml")
        #expect(input.generatedAt == Handmade.generatedAt)
        // Recomputed from the plan (Fixtures/handmade/check_reach.py): webinar at Thu 12:00 GMT.
        let webinar = try #require(input.posts.first { $0.occurrence.id == "webinar" })
        #expect(abs(webinar.reach - 31.916) < 0.0005)
        #expect(webinar.audiences.map(\.id) == ["london", "new-york"])
        #expect(webinar.audiences.map(\.local) == ["2026-03-26T12:00:00+00:00", "2026-03-26T08:00:00-04:00"])
        #expect(abs(webinar.audiences[0].reach - 24.381) < 0.0005 && abs(webinar.audiences[1].reach - 7.535) < 0.0005)
    }

    @Test(arguments: ["schedule.yaml", "schedule.json"])
    func theGoldenScheduleReadsBackWithReachFromThePlan(name: String) throws {
        let golden = try String(contentsOf: Handmade.goldenDirectory.appendingPathComponent(name), encoding: .utf8)
        // Numbers in the file are the writer's report, not input: edited, they change nothing.
        let edited = golden.replacingOccurrences(of: "20.534", with: "999")
        #expect(edited != golden)
        let path = "out/handmade/" + name
        let files = ["handmade.yaml": Handmade.planText, path: edited]
        #expect(check(files).findings.isEmpty, "\(describe(check(files)))")
        let input = try ExportInput.load(scheduleFile: path, workspace: Self.workspace(files), generatedAt: Handmade.generatedAt).get()
        #expect(input.posts.map { ScheduleDocument.utc($0.instant) } == Handmade.instants.map(\.utc))
        let first = try #require(input.posts.first)
        #expect(first.occurrence.id == "queue-myths" && abs(first.reach - 20.534) < 0.0005)
    }

    // MARK: - Malformed

    @Test func anInstantThatIsNotUTC() {
        var posts = Self.posts
        posts[0] = "- {id: queue-myths, at: ⟨invalid-date⟩'2026-03-23T08:30:00'}"
        Self.expectError("invalid-date", in: Marked(Self.text(posts)),
                         message: "'at' of post 'queue-myths' is '2026-03-23T08:30:00', not a UTC instant")
    }

    @Test func aPostThatIsNotAnItem() {
        var posts = Self.posts
        posts[2] = "- {id: ⟨undefined-reference⟩ask-new-yrok, at: '2026-03-25T14:00:00Z'}"
        Self.expectError("undefined-reference", in: Marked(Self.text(posts)),
                         message: "post 'ask-new-yrok' is not an item of handmade.yaml (did you mean 'ask-new-york'?)")
    }

    @Test func aPostScheduledTwice() {
        let posts = Self.posts + ["- {id: ⟨duplicate-id⟩webinar, at: '2026-03-26T12:00:00Z'}"]
        Self.expectError("duplicate-id", in: Marked(Self.text(posts)), message: "post 'webinar' is scheduled twice (first at line 7)")
    }

    @Test func aPostWithoutItsTime() {
        var posts = Self.posts
        posts[3] = "- ⟨missing-key⟩{id: webinar}"
        Self.expectError("missing-key", in: Marked(Self.text(posts)), message: "each post needs 'id' and 'at'")
    }

    @Test func aPinnedPostMoved() {
        var posts = Self.posts
        // sunday-read is pinned to 10:00 BST, which is 09:00 UTC; 10:00 UTC is 11:00 BST.
        posts[6] = "- {id: sunday-read, at: ⟨schedule-window⟩'2026-03-29T10:00:00Z'}"
        Self.expectError("schedule-window", in: Marked(Self.text(posts)),
                         message: "post 'sunday-read' is pinned to 2026-03-29T09:00:00Z in the plan, not 2026-03-29T10:00:00Z")
    }

    @Test func anUnknownTopLevelKey() {
        Self.expectError("unknown-key", in: Marked(Self.text(Self.posts, top: "format: thirds-schedule/1\nplan: ../../handmade.yaml\n⟨unknown-key⟩perod: {days: 7}\n")),
                         message: "unknown key 'perod' at the top of the schedule (did you mean 'period'?)")
    }

    @Test func aPlanThatIsNotThere() {
        Self.expectError("undefined-reference", in: Marked(Self.text(Self.posts, top: "format: thirds-schedule/1\nplan: ⟨undefined-reference⟩../handmade.yaml\n")),
                         message: "plan '../handmade.yaml' cannot be read as a plan (looked for 'out/handmade.yaml')")
    }

    @Test func postsThatAreNotAList() {
        Self.expectError("wrong-type", in: Marked("format: thirds-schedule/1\nplan: ../../handmade.yaml\nposts: ⟨wrong-type⟩{queue-myths: '2026-03-23T08:30:00Z'}\n"),
                         message: "'posts' must be a list, found a mapping")
    }

    @Test func aFlowMappingLeftOpen() {
        var posts = Self.posts
        posts[1] = "- {id: launch, at: '2026-03-24T07:45:00Z'"
        let marked = Marked(Self.text(posts))
        let report = check(Self.files(marked.text))
        let syntax = report.findings.filter { $0.ruleID == "yaml-syntax" }
        #expect(syntax.count == 1, "\(describe(report))")
        // libyaml notices at the next line's '-' (line 6, column 1) that the mapping never closed.
        #expect(syntax.first?.location == ThirdsCore.SourceLocation(file: Self.file, line: 6, column: 1), "\(describe(report))")
        if case .success = ExportInput.load(scheduleFile: Self.file, workspace: Self.workspace(Self.files(marked.text)), generatedAt: Handmade.generatedAt) {
            Issue.record("an unreadable schedule was read for export")
        }
    }
}
