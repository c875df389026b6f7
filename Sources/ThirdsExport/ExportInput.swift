import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck

/// What every export reads: the plan (for channel settings and each item's
/// link, title and tags) and the scheduled posts, whether the schedule was
/// just solved or read back from its file.
public struct ExportInput: Sendable {
    public struct ScheduledPost: Sendable {
        public var occurrence: Occurrence
        /// When the post goes out on its own channel.
        public var instant: Date
        /// Expected reach R (before the priority weight) and each audience's part.
        public var reach: Double
        public var audiences: [(id: String, local: String, reach: Double)]

        public var item: Item { occurrence.item }
    }

    public var plan: Plan
    /// In time order.
    public var posts: [ScheduledPost]
    /// The moment of the export: `SOURCE_DATE_EPOCH` when set, so that the
    /// same schedule gives the same files.
    public var generatedAt: Date

    public init(plan: Plan, posts: [ScheduledPost], generatedAt: Date) {
        self.plan = plan
        // An item's article gives its posts their link: the address dated the day the article goes out.
        self.posts = ArticleExport.resolvingLinks(posts.sorted { ($0.instant, $0.occurrence.id) < ($1.instant, $1.occurrence.id) }, plan: plan)
        self.generatedAt = generatedAt
    }

    public init(_ schedule: Schedule, generatedAt: Date) {
        let problem = schedule.problem
        self.init(plan: schedule.plan, posts: schedule.posts.map { entry in
            ScheduledPost(occurrence: entry.occurrence, instant: entry.candidate.instant, reach: entry.candidate.reach,
                          audiences: problem.parts(of: entry.occurrence, at: entry.candidate).map {
                              ($0.audience.id, ScheduleDocument.local(entry.candidate.instant, $0.audience.clock), $0.reach)
                          })
        }, generatedAt: generatedAt)
    }

    /// The export time: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when
    /// the environment sets it to a time up to the year 9999, else now (a
    /// larger value would overflow the calendar's arithmetic).
    public static func generationTime(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        fixedGenerationTime(environment: environment) ?? Date()
    }

    /// The export time `SOURCE_DATE_EPOCH` fixes, or nil when it does not.
    public static func fixedGenerationTime(environment: [String: String]) -> Date? {
        guard let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int(text), (0...253_402_300_799).contains(seconds) else { return nil }
        return Date(timeIntervalSince1970: Double(seconds))
    }
}

/// A file an export writes, relative to the plan's output folder.
public struct ExportFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

extension ExportInput {
    /// Reads a schedule file back with its plan: the input of `thirds export`.
    /// Problems (a stale or broken schedule) come back as findings, and
    /// nothing is exported.
    public static func load(scheduleFile file: String, workspace: Workspace = Workspace(), generatedAt: Date) -> Result<ExportInput, CheckReport> {
        let report = Checker.check(groups: [FileGroup(directory: nil, files: [file])], workspace: workspace)
        guard report.errorCount == 0, case .success(let node) = workspace.node(at: file),
              case .mapping(let pairs, _) = node,
              case .scalar(let planPath)? = pairs.first(where: { $0.key.text == "plan" })?.value,
              case .sequence(let entries, _)? = pairs.first(where: { $0.key.text == "posts" })?.value else {
            return .failure(report)
        }
        let planFile = Paths.resolve(planPath.text, relativeTo: file)
        var findings = FindingList()
        guard case .success(let planNode) = workspace.node(at: planFile),
              let plan = PlanLoader.load(planNode, file: planFile, workspace: workspace, findings: &findings) else { return .failure(report) }
        let occurrences = Expander.occurrences(of: plan, findings: &findings)
        let byID = Dictionary((occurrences + plan.libraryOccurrences).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let table = ReachTable(plan: plan)
        var posts: [ScheduledPost] = []
        for entry in entries {
            guard case .mapping(let fields, _) = entry,
                  case .scalar(let id)? = fields.first(where: { $0.key.text == "id" })?.value,
                  case .scalar(let at)? = fields.first(where: { $0.key.text == "at" })?.value,
                  let occurrence = byID[id.text], let instant = ScheduleVerifier.utcInstant(at.text) else { continue }
            // Reach is recomputed from the plan, not trusted from the file.
            let audiences = plan.audiences(of: occurrence.item).map { audience -> (String, String, Double) in
                let p = table.probability(audience, at: instant)
                return (audience.id, ScheduleDocument.local(instant, audience.clock), ReachModel.reach(audience, probability: p))
            }
            posts.append(ScheduledPost(occurrence: occurrence, instant: instant, reach: audiences.map(\.2).reduce(0, +), audiences: audiences))
        }
        return .success(ExportInput(plan: plan, posts: posts, generatedAt: generatedAt))
    }
}
