import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck
import ThirdsExport
import ThirdsReport

/// Every path `thirds` writes is built here, from checked names, so that no
/// plan name, slug or option can place a file outside its folder, and two
/// plans can never silently write the same folder.
public enum OutputPath {
    /// The longest name accepted, in UTF-8 bytes: file systems allow 255 and
    /// the staging folder's name adds a prefix and a suffix to it.
    public static let maximumNameBytes = 200

    /// Why `name` cannot be one component of an output path, or nil when it can.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "is '\(name)', which is not a name but a step in a path" }
        if name.contains("/") || name.contains("\\") { return "contains a path separator" }
        if name.unicodeScalars.contains(where: TerminalText.needsEscape) { return "contains control characters" }
        if name.hasPrefix(".") { return "starts with '.', which would hide it (and `thirds check` skips hidden files)" }
        if name.utf8.count > maximumNameBytes { return "is longer than \(maximumNameBytes) bytes" }
        return nil
    }

    /// Why `path` (an `--out` folder or a file the user names) cannot be
    /// written to, or nil. Any folder is allowed, but not an empty path,
    /// whose files would land at the file system's root.
    public static func problem(withUserPath path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.unicodeScalars.contains(where: TerminalText.needsEscape) { return "contains control characters" }
        return nil
    }

    /// `folder/relative`, every component of `relative` checked.
    package static func join(_ folder: String, _ relative: String) -> Result<String, Problem> {
        for part in relative.split(separator: "/", omittingEmptySubsequences: false) {
            if let problem = problem(with: String(part)) { return .failure(Problem(text: "'\(relative)': '\(part)' \(problem)")) }
        }
        return .success(folder == "." ? relative : folder + "/" + relative)
    }

    package struct Problem: Error { var text: String }
}

/// The files of one run, grouped by the folder each belongs to: a plan's
/// folder is written, and replaced, as a whole.
public struct OutputSet: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to its folder (for a folder's files) or as given (for a single file).
        public var path: String
        public var contents: Data
    }

    public struct Folder: Sendable {
        /// As the user will see it: `out/2026-W49`.
        public var path: String
        /// The plan or schedule file the folder is written for.
        public var source: String
        public var files: [File]

        public var paths: [String] { files.map { path == "." ? $0.path : path + "/" + $0.path } }
    }

    public private(set) var folders: [Folder] = []
    /// Files outside any plan's folder (`--dump-problem`), each replaced on its own.
    public private(set) var singles: [File] = []
    /// Why the set cannot be written: bad names and collisions, at the file
    /// that caused them. Nothing is written when there is one.
    public private(set) var findings: [Finding] = []

    public init() {}

    /// Every path the set writes, folder by folder, in order.
    public var paths: [String] { folders.flatMap(\.paths) + singles.map(\.path) }

    /// The folder `out/<name>` for the plan or schedule `source`; nil (with a
    /// finding) when the name is not a safe folder name or another source
    /// already writes that folder.
    public mutating func folder(in out: String, named name: String, for source: String) -> Int? {
        if let problem = OutputPath.problem(with: name) {
            reject(source, "the output folder's name '\(name)' (the file's name without its extension) \(problem)",
                   hint: "rename the file: its name becomes the folder of its outputs")
            return nil
        }
        return folder(at: Paths.normalise(out.hasSuffix("/") ? out + name : out + "/" + name), for: source)
    }

    /// The folder at `path` for `source`, as for `folder(in:named:for:)`.
    public mutating func folder(at path: String, for source: String) -> Int? {
        let path = path.isEmpty ? "." : path
        if let index = folders.firstIndex(where: { $0.path == path }) {
            if folders[index].source == source { return index }
            reject(source, "'\(folders[index].source)' and '\(source)' would both write to '\(path)/'",
                   hint: "give the files different names, or write them in separate runs with different --out folders", also: folders[index].source)
            return nil
        }
        // One folder inside another would be replaced twice, or not at all.
        if let outer = folders.first(where: { $0.path == "." || path == "." || path.hasPrefix($0.path + "/") || $0.path.hasPrefix(path + "/") }) {
            reject(source, "'\(source)' would write to '\(path)/', and '\(outer.source)' to '\(outer.path)/': one folder holds the other",
                   hint: "write them in separate runs with different --out folders", also: outer.source)
            return nil
        }
        folders.append(Folder(path: path, source: source, files: []))
        return folders.count - 1
    }

    /// An `output-path` error at the file the output comes from (and at another that clashes with it).
    package mutating func reject(_ source: String, _ message: String, hint: String, also other: String? = nil) {
        findings.append(Finding(ruleID: "output-path", severity: .error, location: SourceLocation(file: source, line: 1, column: 1),
                                message: message, hint: hint, related: other.map { [SourceLocation(file: $0, line: 1, column: 1)] } ?? []))
    }

    /// Adds a file to a folder; a name that is not safe, or a file written
    /// twice, is a finding.
    public mutating func add(_ relative: String, _ contents: String, to folder: Int) {
        let source = folders[folder].source
        switch OutputPath.join(folders[folder].path, relative) {
        case .failure(let problem):
            reject(source, "cannot write the output file \(problem.text)", hint: "change the name the file comes from (a slug or a plan name)")
        case .success(let full):
            let clash = folders[folder].files.contains { $0.path == relative || $0.path.hasPrefix(relative + "/") || relative.hasPrefix($0.path + "/") }
            guard !clash else {
                reject(source, "two outputs would both be written to '\(full)'", hint: "ask for each export once")
                return
            }
            folders[folder].files.append(File(path: relative, contents: Data(contents.utf8)))
        }
    }

    /// A file the user names outside the plans' folders; inside one, it
    /// joins that folder's files.
    public mutating func addSingle(_ path: String, _ contents: String) -> String? {
        if let problem = OutputPath.problem(withUserPath: path) { return "'\(path)' \(problem)" }
        let normal = Paths.normalise(path)
        let name = (normal as NSString).lastPathComponent
        if path.hasSuffix("/") || OutputPath.problem(with: name) != nil { return "'\(path)' does not name a file" }
        for index in folders.indices where normal.hasPrefix(folders[index].path + "/") || folders[index].path == "." {
            let relative = folders[index].path == "." ? normal : String(normal.dropFirst(folders[index].path.count + 1))
            add(relative, contents, to: index)
            return nil
        }
        if folders.contains(where: { $0.path == normal }) || singles.contains(where: { $0.path == normal }) {
            return "'\(path)' is also an output folder"
        }
        singles.append(File(path: normal, contents: Data(contents.utf8)))
        return nil
    }
}

/// The format of the schedule file `thirds schedule` writes.
public enum ScheduleFormat: String, Sendable, CaseIterable {
    case yaml, json, text

    public var fileName: String { "schedule." + (self == .text ? "txt" : rawValue) }
}

/// What `thirds schedule` writes: each plan's schedule and standard exports
/// in `out/<plan name>/`, and, when asked, the problem in numbers.
public enum ScheduleOutputs {
    public struct Result: Sendable {
        public var set: OutputSet
        /// The schedule file of each schedule, in order.
        public var schedulePaths: [String]
        /// The exports' findings (warnings, or errors that stop the write).
        public var exportFindings: [Finding]
    }

    public static func build(_ schedules: [Schedule], out: String, format: ScheduleFormat, generatedAt: Date,
                             dumpProblem: String? = nil) throws -> Result {
        try build(schedules, out: out, format: format, generatedAt: { _ in generatedAt }, dumpProblem: dumpProblem)
    }

    /// As above, each folder's exports stamped with the time `generatedAt`
    /// gives for its path (`--check` reads it from the files already there).
    /// Throws, before anything is written, when a file cannot be encoded.
    public static func build(_ schedules: [Schedule], out: String, format: ScheduleFormat, generatedAt: (_ folder: String) -> Date,
                             dumpProblem: String? = nil) throws -> Result {
        var set = OutputSet()
        var paths: [String] = []
        var findings: [Finding] = []
        for schedule in schedules {
            guard let folder = set.folder(in: out, named: schedule.plan.name, for: schedule.plan.file) else { continue }
            let directory = set.folders[folder].path
            let document = ScheduleDocument(schedule, planPath: Paths.relative(from: directory, to: schedule.plan.file))
            let contents: String
            switch format {
            case .yaml: contents = try document.yaml()
            case .json: contents = try document.json()
            case .text: contents = WeekView.render(schedule, color: false, copies: WeekView.copies(of: schedule)) + WeekView.list(schedule)
                + WeekView.scoreLine(schedule) + "\n" + WeekView.reachLines(schedule)
            }
            set.add(format.fileName, contents, to: folder)
            paths.append(directory + "/" + format.fileName)
            let exports = try ExportKind.run(ExportKind.standard, ExportInput(schedule, generatedAt: generatedAt(directory)))
            for file in exports.files { set.add(file.path, file.contents, to: folder) }
            findings += exports.findings
        }
        if let dumpProblem, let schedule = schedules.first, let problem = set.addSingle(dumpProblem, try ProblemExport(schedule.problem).json()) {
            set.rejectSingle("--dump-problem \(problem)")
        }
        return Result(set: set, schedulePaths: paths, exportFindings: Finding.ordered(findings))
    }
}

extension OutputSet {
    /// A file the user named on the command line cannot be written.
    package mutating func rejectSingle(_ message: String) {
        reject("(command line)", message, hint: "give a file path")
    }
}

/// What `thirds export` writes: for each schedule file, the exports asked
/// for, into the schedule's own folder or `out/<plan name>/`.
public enum ExportOutputs {
    /// Throws, before anything is written, when a file cannot be encoded.
    public static func build(scheduleFiles: [String], kinds: [ExportKind], out: String?, generatedAt: Date,
                             workspace: Workspace = Workspace()) throws -> (set: OutputSet, findings: [Finding]) {
        var set = OutputSet()
        var findings: [Finding] = []
        let kinds = kinds.reduce(into: [ExportKind]()) { if !$0.contains($1) { $0.append($1) } }
        for schedule in scheduleFiles {
            switch ExportInput.load(scheduleFile: Paths.normalise(schedule), workspace: workspace, generatedAt: generatedAt) {
            case .failure(let report):
                findings += report.findings.filter { $0.severity == .error }
                if report.findings.isEmpty {
                    findings.append(Finding(ruleID: "unknown-document", severity: .error,
                                            location: SourceLocation(file: schedule, line: 1, column: 1),
                                            message: "not a schedule written by 'thirds schedule'"))
                }
            case .success(let input):
                let folder = out.map { set.folder(in: $0, named: input.plan.name, for: schedule) }
                    ?? set.folder(at: Paths.normalise((schedule as NSString).deletingLastPathComponent), for: schedule)
                let result = try ExportKind.run(kinds, input)
                findings += result.findings
                if let folder { for file in result.files { set.add(file.path, file.contents, to: folder) } }
            }
        }
        return (set, Finding.ordered(findings))
    }
}

/// Which schedule of a run `thirds explain` explains: a directory of plans is
/// several weeks, and an item id may recur in each, so the week is never
/// guessed.
public enum ExplainTarget {
    /// The occurrence ids of `item` in `schedule`: the item on every day, or one day's post.
    public static func occurrences(of item: String, in schedule: Schedule) -> [String] {
        schedule.problem.context.occurrences.map(\.id).filter { $0 == item || $0.hasPrefix(item + "@") }
    }

    /// The one schedule that holds `item`, narrowed by `week` (an ISO week
    /// such as 2026-W50, or a plan's name); otherwise a message that says
    /// which weeks hold it.
    public static func choose(_ schedules: [Schedule], item: String, week: String?) -> Result<Schedule, Message> {
        var candidates = schedules
        if let week {
            let monday: LocalDate? = if case .success(let date) = ValueText.isoWeek(week) { date } else { nil }
            candidates = schedules.filter { schedule in
                if schedule.plan.name == week { return true }
                guard let monday else { return false }
                let period = schedule.plan.period
                return period.start < monday.adding(days: 7) && monday < period.end
            }
            if candidates.isEmpty {
                return .failure(Message(text: "no plan of week '\(week)'; the plans: " + schedules.map(describe).joined(separator: ", ")))
            }
        }
        let holding = candidates.filter { !occurrences(of: item, in: $0).isEmpty }
        switch holding.count {
        case 1: return .success(holding[0])
        case 0:
            let known = Array(Set(candidates.flatMap { $0.plan.items.map(\.id.value) })).sorted()
            return .failure(Message(text: "no item '\(item)'" + (week.map { " in week '\($0)'" } ?? "") + "; items: " + known.joined(separator: ", ")))
        default:
            return .failure(Message(text: "item '\(item)' is in \(holding.count) plans: " + holding.map(describe).joined(separator: ", ")
                                    + "; choose one with --week, such as --week \(holding[0].plan.name)"))
        }
    }

    package static func describe(_ schedule: Schedule) -> String {
        "\(schedule.plan.name) (\(schedule.plan.file), from \(schedule.plan.period.start))"
    }

    public struct Message: Error, Sendable { public var text: String }
}
