import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsCheck
import ThirdsRules
import ThirdsSchedule
import ThirdsExport
import ThirdsReport
import Yams

/// `thirds new`: the next week's plan, written from the latest plan of a
/// folder and the schedule written for it. Works on the plan's YAML tree, so
/// that everything copied (account, channels, audiences, rules, and any
/// section this command does not know) keeps its text exactly.
public enum NewWeek {
    /// What `thirds new` is asked to do.
    public struct Request: Sendable {
        /// The folder of weekly plans.
        public var directory: String
        /// `--week 2027-W03`: the week to write; nil for the week after the latest plan.
        public var week: String?
        /// The folder `thirds schedule` wrote to (`out/<plan>/schedule.yaml`).
        public var schedules: String

        public init(directory: String = "plans", week: String? = nil, schedules: String = "out") {
            self.directory = directory
            self.week = week
            self.schedules = schedules
        }
    }

    /// What became of one item of the old week.
    public struct Decision: Sendable, Equatable {
        public enum Action: String, Sendable { case kept, carried, dropped }
        public var action: Action
        public var id: String
        public var reason: String
    }

    /// The new plan: its file, its bytes, and what became of each old item.
    public struct Result: Sendable {
        public var file: String
        public var contents: String
        public var decisions: [Decision]
        public var notes: [String]
    }

    /// A plan of the folder with what `thirds new` needs of it.
    struct Loaded {
        var file: String
        var node: YAMLNode
        var plan: Plan
    }

    /// The ISO week (`2026-W50`) holding `date`, worked out on the calendar
    /// alone (no clock, no zone): the week's Thursday decides its year.
    package static func isoWeekText(_ date: LocalDate) -> String {
        let thursday = date.adding(days: 4 - date.isoWeekday)
        let week = LocalDate(year: thursday.year, month: 1, day: 1).days(until: thursday) / 7 + 1
        return "\(thursday.year)-W\(week < 10 ? "0" : "")\(week)"
    }

    /// Builds the new plan, or says why it cannot: a `CommandFailure` when
    /// the command cannot run, findings when the folder's plans have errors.
    static func build(_ request: Request) throws -> Swift.Result<Result, CheckReport> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: request.directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("no such folder: \(request.directory) (give the folder of weekly plans, such as 'plans')")
        }
        let directory = Paths.normalise(request.directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
        let workspace = Workspace()
        // The folder as `thirds check DIR` reads it (subfolders too, a file of
        // broken YAML too): a plan, rules, profile or library with an error
        // stops it; the schedules are the outputs, not the plans, and warnings
        // do not stop it.
        let checked = ((try? Checker.yamlFiles(under: directory)) ?? []).filter { file in
            guard case .success(let node) = workspace.node(at: file) else { return true }
            return DocumentKind.classify(node) != .schedule
        }
        let report = Checker.check(groups: [FileGroup(directory: directory, files: checked)], workspace: workspace)
        if report.errorCount > 0 {
            return .failure(CheckReport(findings: report.findings.filter { $0.severity == .error },
                                        filesChecked: report.filesChecked, plansChecked: report.plansChecked))
        }
        var list = FindingList()
        var plans: [Loaded] = []
        var planFiles = 0
        for name in names {
            let file = directory == "." ? name : directory + "/" + name
            guard case .success(let node) = workspace.node(at: file), DocumentKind.classify(node) == .plan else { continue }
            planFiles += 1
            if let plan = PlanLoader.load(node, file: file, workspace: workspace, findings: &list) {
                plans.append(Loaded(file: file, node: node, plan: plan))
            }
        }
        let errors = (list.findings + workspace.rulesFindings + workspace.profileFindings).filter { $0.severity == .error }
        if !errors.isEmpty {
            return .failure(CheckReport(findings: Finding.ordered(errors), filesChecked: planFiles, plansChecked: planFiles))
        }
        guard let latest = plans.max(by: { ($0.plan.period.start, $0.file) < ($1.plan.period.start, $1.file) }) else {
            throw CommandFailure("no plans in \(directory): write the first week by hand (see docs/plan-format.md), then 'thirds new' writes the weeks after it")
        }
        guard case .mapping(let pairs, _) = latest.node else { throw CommandFailure("\(latest.file) is not a mapping") }
        func scalarText(_ key: String, in pairs: [(key: YAMLScalar, value: YAMLNode)]) -> String? {
            if case .scalar(let value)? = pairs.first(where: { $0.key.text == key })?.value { return value.text }
            return nil
        }
        let old = latest.plan.period
        let oldWeek = scalarText("week", in: pairs)
        let oldStartText = scalarText("start", in: pairs)

        // The new period: the week asked for, or the one right after the latest plan.
        var start = old.end
        // The plan's own style: a period named by its week stays so, one
        // written with `start:` (and `days:`) stays so, `--week` or not, so
        // that the new file's name and its period agree.
        let usesWeek = oldWeek != nil && old.days == 7
        if let week = request.week {
            guard case .success(let monday) = ValueText.planDate(ValueText.isoWeek(week)) else {
                throw CommandFailure("--week '\(week)' is not an ISO week thirds works with: write it as 2027-W03")
            }
            guard monday >= old.end else {
                throw CommandFailure("--week \(week) is not after the latest plan, \(latest.file) (to \(old.end.adding(days: -1))): give a later week")
            }
            start = monday
        }
        let days = usesWeek ? 7 : old.days
        let newLabel = usesWeek ? isoWeekText(start) : start.description
        let shift = old.start.days(until: start)

        // Named like the latest plan: its week (or start date) in its name replaced.
        let name = (latest.file as NSString).lastPathComponent
        let stem = Paths.stem(latest.file)
        let ext = String(name.dropFirst(stem.count))
        var notes: [String] = []
        var newStem = newLabel
        if let label = [oldWeek, oldStartText, old.start.description].compactMap({ $0 }).first(where: { stem.contains($0) }) {
            newStem = stem.replacingOccurrences(of: label, with: label == oldWeek ? isoWeekText(start) : start.description)
        } else {
            notes.append("\(latest.file) is not named after its week: the new plan is named after its own")
        }
        let file = directory == "." ? newStem + ext : directory + "/" + newStem + ext
        if let problem = OutputPath.problem(with: newStem + ext) { throw CommandFailure("cannot name the new plan '\(newStem + ext)': it \(problem)") }

        // What the schedule of the latest week deferred.
        let schedulePath = Paths.normalise(request.schedules + "/" + latest.plan.name + "/schedule.yaml")
        var deferred: [String: String] = [:]
        // When each item's first post went out.
        var firstPosts: [String: Date]?
        if FileManager.default.fileExists(atPath: schedulePath) {
            let data: Data
            do { data = try BoundedFile.read(schedulePath, limit: LoadLimits().maxScheduleBytes) } catch {
                throw CommandFailure("cannot read \(schedulePath): \(error)")
            }
            guard let document = try? YAMLDecoder().decode(ScheduleDocument.self, from: String(decoding: data, as: UTF8.self)) else {
                throw CommandFailure("\(schedulePath) is not a schedule written by 'thirds schedule': run 'thirds schedule \(directory)' again")
            }
            guard document.period.start == old.start.description else {
                throw CommandFailure("\(schedulePath) is the schedule of the period from \(document.period.start), not of \(latest.file) (from \(old.start)): run 'thirds schedule \(directory)' again")
            }
            for entry in document.deferred { deferred[entry.id] = entry.reason }
            var first: [String: Date] = [:]
            for post in document.posts {
                if let instant = ISO8601DateFormatter().date(from: post.at) { first[post.item] = min(first[post.item] ?? instant, instant) }
            }
            firstPosts = first
        } else {
            notes.append("no schedule at \(schedulePath): nothing to carry over (run 'thirds schedule' first to carry the deferred items)")
        }

        // The old week's posts as `thirds check` counts them (what its selection keeps):
        // a carried item among them needs a duplicate-text waiver, one the check already
        // leaves out (deferred by the thirds, say) does not.
        var ignored = FindingList()
        let oldOccurrences = Expander.occurrences(of: latest.plan, findings: &ignored)
        var folder = FolderHistory()
        let oldContext = PlanContext(plan: latest.plan, occurrences: oldOccurrences,
                                     history: folder.history(before: latest.plan, among: plans.map(\.file), workspace: workspace))
        let countedIDs = Set((Checker.selectionViolations(oldContext, rules: RuleCatalogue.instantiate(latest.plan.rules)).kept ?? oldOccurrences)
            .map(\.item.id.value))

        // The items: standing and repeating kept, deferred carried, the rest dropped.
        let newStart = LocalDateTime(date: start, time: TimeOfDay(hour: 0, minute: 0))
        let newEnd = LocalDateTime(date: start.adding(days: days), time: TimeOfDay(hour: 0, minute: 0))
        var items: [Node] = []
        var decisions: [Decision] = []
        var itemIDs = Set<String>()
        let itemNodes: [YAMLNode]
        if case .sequence(let nodes, _)? = pairs.first(where: { $0.key.text == "items" })?.value { itemNodes = nodes } else { itemNodes = [] }
        for node in itemNodes {
            guard case .mapping(let fields, _) = node, let id = scalarText("id", in: fields) else { continue }
            itemIDs.insert(id)
            let repeats = fields.contains { $0.key.text == "repeat" }
            let standing = scalarText("standing", in: fields).flatMap(ValueText.boolean) == true
            func moment(_ key: String) -> LocalDateTime? {
                scalarText(key, in: fields).flatMap { if case .success(let value) = ValueText.dateTime($0) { value } else { nil } }
            }
            if standing || repeats {
                // Its dates (a repeating item's `at` is a time of day) move on with the week.
                var moved: [String] = []
                let copy = fields.map { field -> (String, Node) in
                    let dated = ["not_before", "not_after"] + (repeats ? [] : ["at"])
                    if dated.contains(field.key.text), case .scalar(let value) = field.value, case .success(let time) = ValueText.dateTime(value.text) {
                        moved.append(field.key.text)
                        return (field.key.text, .scalar(.init(Self.text(time.adding(days: shift), like: value.text), Tag(.str), .plain)))
                    }
                    return (field.key.text, Self.node(field.value, depth: 2))
                }
                items.append(Self.mapping(copy, style: .block))
                let why = standing ? "standing" : "repeats"
                var reason = moved.isEmpty ? why : "\(why); \(moved.joined(separator: ", ")) moved \(shift) days on"
                // What the copy cannot carry over as it is: the check would refuse the first, the export publish the second again.
                if let item = latest.plan.items.first(where: { $0.id.value == id }) {
                    if let problem = Self.clockChange(of: item, shift: shift, newStart: start, days: days, clock: latest.plan.account.clock) {
                        reason += "; but \(problem)"
                    }
                    if let article = item.article,
                       let problem = Self.published(article, id: id, week: oldWeek ?? old.start.description, firstPosts: firstPosts, plan: latest.plan) {
                        reason += "; but \(problem)"
                    }
                }
                decisions.append(Decision(action: .kept, id: id, reason: reason))
            } else if let reason = deferred[id] {
                if let end = moment("not_after"), end <= newStart {
                    decisions.append(Decision(action: .dropped, id: id, reason: "deferred, but its window closed at \(end), before the new week"))
                } else if let pinned = moment("at"), pinned < newStart || pinned >= newEnd {
                    decisions.append(Decision(action: .dropped, id: id, reason: "deferred, but pinned to \(pinned), outside the new week: pin it again if it still matters"))
                } else {
                    // A window that opened in the old week now opens with the new one.
                    let passedStart = moment("not_before").map { $0 <= newStart } ?? false
                    var copy = fields.filter { !(passedStart && $0.key.text == "not_before") }.map { ($0.key.text, Self.node($0.value, depth: 2)) }
                    // `thirds check` counts the old week's post as if it went out (the
                    // check cannot know the schedule deferred it): the waiver says it did not.
                    if countedIDs.contains(id) {
                    let why = Node.scalar(.init("carried over from \(oldWeek ?? old.start.description), where the schedule deferred it", Tag(.str), .doubleQuoted))
                    if let index = copy.firstIndex(where: { $0.0 == "waive" }) {
                        if case .mapping(var waivers) = copy[index].1, waivers[Node.scalar(.init("duplicate-text"))] == nil {
                            waivers[Node.scalar(.init("duplicate-text", Tag(.str), .plain))] = why
                            waivers.style = .block
                            copy[index].1 = .mapping(waivers)
                        }
                    } else {
                        copy.append(("waive", Self.mapping([("duplicate-text", why)], style: .block)))
                    }
                    }
                    items.append(Self.mapping(copy, style: .block))
                    decisions.append(Decision(action: .carried, id: id, reason: "deferred in \(schedulePath): \(reason)"))
                }
            } else {
                decisions.append(Decision(action: .dropped, id: id, reason: "a one-off item of \(oldWeek ?? old.start.description)"))
            }
        }
        for id in deferred.keys.sorted() where !itemIDs.contains(id) {
            // A repeating item's deferred day (`id@date`) goes with its item, kept above.
            if let at = id.firstIndex(of: "@"), itemIDs.contains(String(id[..<at])) { continue }
            decisions.append(Decision(action: .dropped, id: id, reason: "deferred in \(schedulePath), but no longer an item of \(latest.file)"))
        }

        // The plan: every section in the old plan's order, the period and items new.
        var top: [(String, Node)] = []
        var periodWritten = false
        func key(_ text: String) -> String { text }
        func plain(_ text: String) -> Node { .scalar(.init(text, Tag(.str), .plain)) }
        for pair in pairs {
            switch pair.key.text {
            case "week", "start", "days":
                guard !periodWritten else { continue }
                periodWritten = true
                if usesWeek {
                    top.append((key("week"), plain(isoWeekText(start))))
                } else {
                    top.append((key("start"), plain(start.description)))
                    if pairs.contains(where: { $0.key.text == "days" }) { top.append((key("days"), plain(String(days)))) }
                }
            case "items":
                top.append((pair.key.text, .sequence(.init(items, Tag(.seq), .block))))
            default:
                top.append((pair.key.text, node(pair.value, depth: 1)))
            }
        }
        var text = try Yams.serialize(node: mapping(top, style: .block), indent: 2, width: -1, allowUnicode: true)
        // The schema line editors read, as the latest plan has it.
        if let first = (try? BoundedFile.read(latest.file, limit: LoadLimits().maxBytes)).map({ String(decoding: $0, as: UTF8.self) })?
            .split(separator: "\n", maxSplits: 1).first, first.hasPrefix("# yaml-language-server:") {
            text = first + "\n" + text
        }
        return .success(Result(file: file, contents: text, decisions: decisions, notes: notes))
    }

    /// Why a kept item's moved `at` names no single instant (a standing
    /// item's date and time, a repeating item's time on each of its days in
    /// the new period): the wall clock skips or repeats it then. Nil when
    /// every time it names is one instant.
    static func clockChange(of item: Item, shift: Int, newStart: LocalDate, days: Int, clock: ZoneClock) -> String? {
        let times: [LocalDateTime]
        switch item.at?.value {
        case .moment(let local)?:
            times = item.repeats == nil ? [local.adding(days: shift)] : []
        case .daily(let time)?:
            times = (0..<days).map { newStart.adding(days: $0) }
                .filter { item.repeats?.value.includes($0) ?? true }
                .map { LocalDateTime(date: $0, time: time) }
        case nil:
            times = []
        }
        for local in times {
            switch clock.instants(of: local).count {
            case 0: return "\(local) does not exist in \(clock.zone.identifier) (the clocks go forward then): move its 'at' out of the skipped hour"
            case 1: continue
            default: return "\(local) happens twice in \(clock.zone.identifier) (the clocks go back then): move its 'at' out of the repeated hour"
            }
        }
        return nil
    }

    /// A kept item's article went out with the old week's post: keeping
    /// `article:` would publish it again at a new address. The address it
    /// went out at, worked out as the export does, when the old week's
    /// schedule says when its first post went out; nil when the schedule
    /// deferred every post of the item (the article never went out).
    static func published(_ article: Article, id: String, week: String, firstPosts: [String: Date]?, plan: Plan) -> String? {
        let file = article.reference.value
        guard let firstPosts else {
            return "its article \(file) goes out with its post of \(week): point 'article' at a new draft, or give the post a 'link' to the published article"
        }
        guard let first = firstPosts[id] else { return nil }
        guard !article.site.isEmpty else {
            return "its article \(file) went out in \(week): point 'article' at a new draft, or give the post a 'link' to the published article"
        }
        let address = article.address(on: plan.account.clock.local(ArticleExport.instant(of: article, firstPost: first, blog: plan.channel("blog"))).date)
        return "its article \(file) went out in \(week) at \(address): point 'article' at a new draft, or replace it with 'link: \(address)'"
    }

    /// A date and time moved on, written as the plan wrote it (with a `T` or a space, with or without seconds).
    static func text(_ time: LocalDateTime, like original: String) -> String {
        var text = time.date.description + (original.contains("T") ? "T" : " ") + time.time.description
        if original.count > 16 { text += ":" + (time.second < 10 ? "0" : "") + String(time.second) }
        return text
    }

    static func mapping(_ pairs: [(String, Node)], style: Node.Mapping.Style) -> Node {
        .mapping(.init(pairs.map { (Node.scalar(.init($0.0, Tag(.str), .plain)), $0.1) }, Tag(.map), style))
    }

    /// A copied value, its text as written; quoted text stays quoted. A list
    /// or mapping of plain values below the top level is written on one
    /// line (`{handle: acme}`, `[mon, thu]`), as plans are written by hand.
    static func node(_ node: YAMLNode, depth: Int) -> Node {
        switch node {
        case .scalar(let scalar):
            return .scalar(.init(scalar.text, Tag(.str), scalar.isPlain ? .plain : .doubleQuoted))
        case .sequence(let nodes, _):
            let flat = depth >= 1 && nodes.allSatisfy { if case .scalar = $0 { true } else { false } }
            return .sequence(.init(nodes.map { Self.node($0, depth: depth + 1) }, Tag(.seq), flat ? .flow : .block))
        case .mapping(let pairs, _):
            let flat = depth >= 2 && pairs.allSatisfy { if case .scalar = $0.value { true } else { false } }
            return mapping(pairs.map { ($0.key.text, Self.node($0.value, depth: depth + 1)) }, style: flat ? .flow : .block)
        }
    }
}

extension LocalDateTime {
    func adding(days: Int) -> LocalDateTime { LocalDateTime(date: date.adding(days: days), time: time, second: second) }
}

extension Commands {
    /// `thirds new`: the next week's plan in the folder, never over a file
    /// that exists; what was kept, carried and dropped on standard output.
    public static func new(_ request: NewWeek.Request, colors: OutputColors = OutputColors()) throws -> CommandOutcome {
        let result: NewWeek.Result
        switch try NewWeek.build(request) {
        case .failure(let report):
            return CommandOutcome(standardError: TextReporter.render(report, color: colors.standardError)
                                  + "thirds: fix the plans in \(request.directory) first; nothing written\n", status: 1)
        case .success(let built):
            result = built
        }
        if FileManager.default.fileExists(atPath: result.file) {
            return CommandOutcome(standardError: "thirds: \(result.file) already exists; nothing written (edit it, or remove it to write it again)\n", status: 1)
        }
        var set = OutputSet()
        if let problem = set.addSingle(result.file, result.contents) { throw CommandFailure("cannot write the new plan: \(problem)") }
        var out = "\(result.file): written\n"
        for note in result.notes { out += "note: \(note)\n" }
        for decision in result.decisions {
            out += "\(decision.action.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(decision.id): \(decision.reason)\n"
        }
        if result.decisions.isEmpty { out += "the latest plan has no items\n" }
        return CommandOutcome(files: set, writing: "the new plan", standardOutput: out)
    }
}
