import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsCheck
import ThirdsReach
import ThirdsReport
import ThirdsLearn

extension Commands {
    /// What `thirds learn` is asked to do.
    public struct LearnRequest: Sendable {
        /// X's tweet activity exports or plain `time,impressions` files.
        public var analytics: [String]
        /// The plan whose audiences (zones, sizes, view windows) read the profile.
        public var plan: String
        /// The profile file to write; nil: `profiles/<account>.yaml` beside the plan.
        public var out: String?
        /// A named profile or a profile file to shrink toward; nil: the plan's first audience's.
        public var prior: String?
        /// Posts before this day, or after that one (the account's clock), are left out.
        public var since: String?
        public var until: String?

        public init(analytics: [String], plan: String, out: String? = nil, prior: String? = nil, since: String? = nil, until: String? = nil) {
            self.analytics = analytics
            self.plan = plan
            self.out = out
            self.prior = prior
            self.since = since
            self.until = until
        }
    }

    /// `thirds learn`: the plan checked, the analytics read (every problem at
    /// its line), one profile fitted and written with a header saying where
    /// it came from; any error writes nothing.
    public static func learn(_ request: LearnRequest, colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        for path in request.analytics + [request.plan] where !FileManager.default.fileExists(atPath: path) {
            throw CommandFailure("no such file: \(path)")
        }
        let workspace = Workspace()
        let group = FileGroup(directory: nil, files: [request.plan])
        let checked = Checker.check(groups: [group], workspace: workspace)
        guard checked.errorCount == 0 else { return .rejected(checked, color: colors.standardError) }
        var seen = Set<String>()
        guard let plan = Checker.load(group, workspace: workspace, seen: &seen).sequences.first?.first?.plan else {
            throw CommandFailure("\(request.plan) is not a plan: give the plan whose audiences the profile is for")
        }
        let clock = plan.account.clock
        func day(_ text: String?, _ option: String) throws -> LocalDate? {
            guard let text else { return nil }
            guard case .success(let date) = ValueText.date(text) else {
                throw CommandFailure("--\(option) '\(text)' is not a date: write it as YYYY-MM-DD")
            }
            return date
        }
        let since = try day(request.since, "since")
        let until = try day(request.until, "until")
        if let since, let until, until < since { throw CommandFailure("--until \(until) is before --since \(since)") }
        let prior = try Self.prior(request.prior, plan: plan, workspace: workspace)

        // A file named twice would make every post of it a duplicate of itself.
        var named = Set<String>()
        let files = request.analytics.filter { named.insert(Paths.normalise($0)).inserted }
        let read = AnalyticsReader.read(paths: files, since: since.map(clock.startOfDay),
                                        until: until.map { clock.startOfDay($0.adding(days: 1)) })
        if read.hasErrors {
            let report = CheckReport(findings: read.findings, filesChecked: files.count, plansChecked: 0)
            return .rejected(report, color: colors.standardError)
        }
        let fit = ProfileLearner.fit(read.posts, audiences: plan.audiences, prior: prior.profile)

        let leftOut = Dictionary(LeftOutReason.allCases.compactMap { reason in
            read.count(reason) > 0 ? (reason.rawValue, read.count(reason)) : nil
        }, uniquingKeysWith: +)
        let instants = read.posts.map(\.instant)
        var fields: [ProfileField] = [
            ProfileField("method", .text("penalised negative binomial maximum likelihood, shrunk toward the prior")),
            ProfileField("outcome", .text(fit.fallback.map { "the prior, unchanged: \($0.message)" } ?? "fitted")),
        ]
        if fit.fallback == nil {
            fields += [ProfileField("dispersion", .number(fit.dispersion)), ProfileField("impressions-per-reader", .number(fit.scale))]
        }
        if let cv = fit.crossValidation {
            fields.append(ProfileField("cross-validation", .fields([
                ProfileField("folds", .number(Double(cv.folds))),
                ProfileField("metric", .text("held-out deviance")),
                ProfileField("prior", .number(cv.priorDeviance)),
                ProfileField("fitted", .number(cv.fittedDeviance)),
                ProfileField("mean-absolute-error-prior", .number(cv.priorMeanAbsoluteError)),
                ProfileField("mean-absolute-error-fitted", .number(cv.fittedMeanAbsoluteError)),
            ])))
        }
        let document = ProfileDocument(
            name: plan.account.name.value,
            description: "learned by thirds learn from the account's analytics for the audiences of \(Paths.stem(request.plan))",
            prior: prior.name,
            source: ProfileDocument.Source(files: files, from: instants.min().map { clock.local($0).date },
                                           to: instants.max().map { clock.local($0).date }, posts: fit.postsUsed,
                                           leftOut: leftOut, fit: fields),
            weekday: fit.profile.weekday, weekend: fit.profile.weekend)
        let contents: String
        do {
            contents = try document.yaml()
        } catch {
            throw CommandFailure("\(error); nothing written")
        }
        var set = OutputSet()
        let path = request.out ?? Self.defaultProfilePath(plan: request.plan, account: plan.account.name.value)
        if let problem = OutputPath.problem(withUserPath: path) {
            throw CommandFailure("--out '\(path)' \(problem): give a file, such as profiles/\(plan.account.name.value).yaml")
        }
        if let problem = set.addSingle(path, contents) { set.rejectSingle("--out \(problem)") }
        if !set.findings.isEmpty {
            return .rejected(CheckReport(findings: set.findings, filesChecked: 1, plansChecked: 1), color: colors.standardError)
        }
        let warnings = read.findings.isEmpty ? ""
            : TextReporter.render(CheckReport(findings: read.findings, filesChecked: files.count, plansChecked: 0), color: colors.standardError)
        return CommandOutcome(files: set, writing: "the profile",
                              standardOutput: Self.learnReport(fit, read: read, prior: prior.name, path: path, plan: request.plan),
                              standardError: warnings)
    }

    /// `profiles/<account>.yaml` in the plan's folder, where a plan names it as `profile: profiles/<account>.yaml`.
    static func defaultProfilePath(plan: String, account: String) -> String {
        let folder = (plan as NSString).deletingLastPathComponent
        let safe = OutputPath.problem(with: account) == nil ? account : "profile"
        return (folder.isEmpty ? "" : folder + "/") + "profiles/\(safe).yaml"
    }

    /// The prior: a named profile, a profile file, or the plan's first audience's profile.
    static func prior(_ text: String?, plan: Plan, workspace: Workspace) throws -> (name: String, profile: ActivityProfile) {
        guard let text else {
            guard let first = plan.audiences.first else { throw CommandFailure("\(plan.file) has no audiences to learn a profile for") }
            let name = ActivityProfile.named.first { $0.value == first.activity }?.key ?? "the profile of audience '\(first.id)'"
            return (name, first.activity)
        }
        if let named = ActivityProfile.named[text] { return (text, named) }
        guard ProfileDocument.isPath(text) else {
            throw CommandFailure("--prior '\(text)' is not a profile: give \(ActivityProfile.named.keys.sorted().joined(separator: ", ")) or a profile file")
        }
        let (document, findings) = workspace.profile(at: text)
        guard let document, !findings.contains(where: { $0.severity == .error }) else {
            let first = findings.first.map { ": \($0.location): \($0.message)" } ?? ""
            throw CommandFailure("--prior '\(text)' cannot be read\(first)")
        }
        return (text, document.activity)
    }

    /// What the fit did, in words, with the curve next to the prior's.
    static func learnReport(_ fit: ProfileFit, read: AnalyticsRead, prior: String, path: String, plan: String) -> String {
        var lines: [String] = []
        let left = LeftOutReason.allCases.compactMap { reason -> String? in
            let count = read.count(reason)
            guard count > 0 else { return nil }
            switch reason {
            case .reply: return count == 1 ? "1 reply" : "\(count) replies"
            case .retweet: return count == 1 ? "1 retweet" : "\(count) retweets"
            case .duplicate: return count == 1 ? "1 duplicate" : "\(count) duplicates"
            case .outsidePeriod: return "\(count) outside --since/--until"
            }
        }
        let files = read.files.count
        lines.append("read \(files) file\(files == 1 ? "" : "s"): \(fit.postsUsed) post\(fit.postsUsed == 1 ? "" : "s") used"
                     + (left.isEmpty ? "" : ", left out: " + left.joined(separator: ", "))
                     + (fit.postsIgnored > 0 ? ", \(fit.postsIgnored) without a usable count" : ""))
        lines.append(fit.chart.trimmingCharacters(in: .newlines))
        if let cv = fit.crossValidation {
            lines.append(String(format: "held out (%d folds): deviance %.1f against the prior's %.1f (%@ %@); mean absolute error %.1f against %.1f impressions",
                                cv.folds, cv.fittedDeviance, cv.priorDeviance, ReachSummary.percent(abs(cv.improvement)),
                                cv.improvement >= 0 ? "better" : "worse", cv.fittedMeanAbsoluteError, cv.priorMeanAbsoluteError))
        }
        if let fallback = fit.fallback {
            lines.append("the data cannot support a fit: \(fallback.message); the prior (\(prior)) is written unchanged")
        } else {
            lines.append("fitted, shrunk toward \(prior)")
        }
        lines.append("wrote \(path); an audience uses it with 'profile: \(Self.relative(path, toPlan: plan))'")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The profile's path as the plan names it (relative to the plan's folder).
    static func relative(_ path: String, toPlan plan: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (plan as NSString).deletingLastPathComponent
        return Paths.relative(from: folder.isEmpty ? "." : folder, to: path)
    }
}
