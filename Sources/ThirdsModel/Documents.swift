import Foundation
import ThirdsCore

/// What a YAML file holds, told apart by its top-level keys.
public enum DocumentKind: String, Sendable {
    case plan, rules, schedule, profile, library

    /// The `format` a schedule file names; only such a file may be larger than a plan.
    /// Format 2 renamed the weighted figures (`weighted-people`, `score`) and
    /// added people and the per-audience `reach`; files of format 1 still read.
    public static let scheduleFormat = "thirds-schedule/2"
    package static let readableScheduleFormats = ["thirds-schedule/1", scheduleFormat]

    package static func classify(_ node: YAMLNode) -> DocumentKind? {
        guard case .mapping(let pairs, _) = node else { return nil }
        let keys = Set(pairs.map(\.key.text))
        if keys.contains("posts") { return .schedule }
        // A profile file says what it is; any version of the format is one, read to say which versions are known.
        if case .scalar(let format)? = pairs.first(where: { $0.key.text == "format" })?.value,
           format.text.hasPrefix("thirds-profile/") { return .profile }
        // So is a library, which holds 'items' like a plan.
        if case .scalar(let format)? = pairs.first(where: { $0.key.text == "format" })?.value,
           format.text.hasPrefix("thirds-library/") { return .library }
        if !keys.isDisjoint(with: ["items", "account", "week", "start", "audiences", "channels"]) { return .plan }
        if !keys.isDisjoint(with: RulesLoader.topKeys) { return .rules }
        return nil
    }
}

/// Reads files and remembers what it read, so a rules file shared by 52 plans
/// is parsed and reported once.
public final class Workspace: @unchecked Sendable {
    public typealias Reader = @Sendable (String) throws -> Data

    private let reader: Reader
    private let limits: LoadLimits
    private var parsed: [String: Result<YAMLNode, Finding>] = [:]
    private var rulesCache: [String: (RuleSet?, [Finding])] = [:]
    private var profileCache: [String: (ProfileDocument?, [Finding])] = [:]
    private var libraryCache: [String: (Library?, [Finding])] = [:]
    private let lock = NSLock()

    /// The rules a rules file may set and their defaults.
    public let rules: RuleSchemas

    public init(rules: RuleSchemas, limits: LoadLimits = LoadLimits(), reader: Reader? = nil) {
        self.rules = rules
        self.limits = limits
        let maxBytes = limits.maxScheduleBytes
        self.reader = reader ?? { try BoundedFile.read($0, limit: maxBytes) }
    }

    /// What reading the rules files found, each file's findings once.
    public var rulesFindings: [Finding] {
        lock.lock()
        defer { lock.unlock() }
        return rulesCache.sorted { $0.key < $1.key }.flatMap { $0.value.1 }
    }

    /// What reading the profile files found, each file's findings once.
    public var profileFindings: [Finding] {
        lock.lock()
        defer { lock.unlock() }
        return profileCache.sorted { $0.key < $1.key }.flatMap { $0.value.1 }
    }

    /// What reading the library files found, each file's findings once.
    public var libraryFindings: [Finding] {
        lock.lock()
        defer { lock.unlock() }
        return libraryCache.sorted { $0.key < $1.key }.flatMap { $0.value.1 }
    }

    /// Parses a file once; a file that cannot be read at all is a finding too.
    public func node(at path: String) -> Result<YAMLNode, Finding> {
        lock.lock()
        defer { lock.unlock() }
        if let cached = parsed[path] { return cached }
        let result: Result<YAMLNode, Finding>
        func tooLarge(_ bytes: Int?) -> Result<YAMLNode, Finding> {
            .failure(Finding(ruleID: "file-too-large", severity: .error,
                             location: SourceLocation(file: path, line: 1, column: 1),
                             message: bytes.map { "file is \($0) bytes, over the limit of \(limits.maxBytes) bytes" }
                                 ?? "file is over the limit of \(limits.maxBytes) bytes",
                             hint: "split the plan into one file per week (a schedule that thirds wrote may be up to \(limits.maxScheduleBytes) bytes)"))
        }
        do {
            let data = try reader(path)
            if data.count <= limits.maxBytes {
                result = YAMLReader.read(data, file: path, limits: limits)
            } else if !DocumentKind.readableScheduleFormats.contains(where: { data.range(of: Data($0.utf8)) != nil }) {
                // Only a schedule thirds wrote may pass the plan limit; anything
                // else is refused before it is parsed.
                result = tooLarge(data.count)
            } else {
                var scheduleLimits = limits
                scheduleLimits.maxBytes = limits.maxScheduleBytes
                scheduleLimits.maxNodes = limits.maxScheduleNodes
                let parsed = YAMLReader.read(data, file: path, limits: scheduleLimits)
                if case .success(let node) = parsed, DocumentKind.classify(node) != .schedule {
                    result = tooLarge(data.count)
                } else {
                    result = parsed
                }
            }
        } catch let large as BoundedFile.TooLarge {
            result = tooLarge(large.bytes)
        } catch {
            result = .failure(Finding(ruleID: "unreadable-file", severity: .error,
                                      location: SourceLocation(file: path, line: 1, column: 1),
                                      message: "cannot read '\(path)'", hint: "check the path and its permissions"))
        }
        parsed[path] = result
        return result
    }

    /// The bytes of a file that is not YAML (a blog article), at most `limit`
    /// of them: a larger file throws `BoundedFile.TooLarge`.
    package func articleData(at path: String, limit: Int) throws -> Data {
        let data = try reader(path)
        if data.count > limit { throw BoundedFile.TooLarge(bytes: data.count) }
        return data
    }

    /// A rules file resolved against the built-in defaults, following `extends`.
    package func ruleSet(at path: String, chain: [String] = []) -> (RuleSet?, [Finding]) {
        lock.lock()
        let cached = rulesCache[path]
        lock.unlock()
        if let cached { return cached }
        var findings = FindingList()
        var result: RuleSet?
        switch node(at: path) {
        case .failure(let finding):
            // A missing file is reported where it is referred to.
            if finding.ruleID != "unreadable-file" || chain.isEmpty { findings.append(finding) }
        case .success(let node):
            // Another kind of file is named, not parsed as rules: its keys (the
            // first line of any text with a colon) are not echoed back.
            if let problem = Self.notRules(node) {
                findings.error("unknown-document", at: SourceLocation(file: path, line: 1, column: 1), "\(path) \(problem)",
                               hint: "name a rules file (a mapping with 'rules:', 'extends:' or 'grid:'), such as rules/default.yaml")
            } else if let override = RulesLoader.parse(node, context: "in rules file", rules: rules, findings: &findings) {
                let base = resolveBase(override.extends, from: path, chain: chain + [path], findings: &findings)
                result = base.map { RulesLoader.apply(override, to: $0) }
                if let result { findings.append(contentsOf: RulesLoader.validate(result, with: rules).filter { $0.location.file == path }) }
            }
        }
        let entry = (result, findings.findings)
        lock.lock()
        rulesCache[path] = entry
        lock.unlock()
        return entry
    }

    /// Why a file named as rules is not one, or nil when it is.
    package static func notRules(_ node: YAMLNode) -> String? {
        if case .mapping(let pairs, _) = node, pairs.isEmpty { return nil }
        switch DocumentKind.classify(node) {
        case .rules: return nil
        case .plan: return "is a plan, not a rules file"
        case .schedule: return "is a schedule, not a rules file"
        case .profile: return "is a profile file, not a rules file"
        case .library: return "is a library, not a rules file"
        case nil: return "is not a rules file: it has no 'rules:' mapping"
        }
    }

    /// A profile file, read and checked once however many plans name it. A
    /// file that cannot be read is reported where a plan names it.
    public func profile(at path: String) -> (ProfileDocument?, [Finding]) {
        lock.lock()
        let cached = profileCache[path]
        lock.unlock()
        if let cached { return cached }
        var findings = FindingList()
        var result: ProfileDocument?
        switch node(at: path) {
        case .failure(let finding):
            if finding.ruleID != "unreadable-file" { findings.append(finding) }
        case .success(let node):
            // Another kind of file is named, not read as a profile; a file
            // of no kind is read as one, to say what it lacks.
            if let kind = DocumentKind.classify(node), kind != .profile {
                findings.error("unknown-document", at: SourceLocation(file: path, line: 1, column: 1),
                               "\(path) is \(kind == .rules ? "a rules file" : "a " + kind.rawValue), not a profile file",
                               hint: "name a profile file (with 'format: \(ProfileDocument.format)', 'weekday:' and 'weekend:'), such as one 'thirds learn' wrote")
            } else {
                result = ProfileLoader.read(node, file: path, findings: &findings)
            }
        }
        let entry = (result, findings.findings)
        lock.lock()
        profileCache[path] = entry
        lock.unlock()
        return entry
    }

    /// A library file, read and checked once however many plans name it. A
    /// file that cannot be read is reported where a plan names it.
    public func library(at path: String) -> (Library?, [Finding]) {
        lock.lock()
        let cached = libraryCache[path]
        lock.unlock()
        if let cached { return cached }
        var findings = FindingList()
        var result: Library?
        switch node(at: path) {
        case .failure(let finding):
            if finding.ruleID != "unreadable-file" { findings.append(finding) }
        case .success(let node):
            // Another kind of file is named, not read as a library; a file
            // of no kind is read as one, to say what it lacks.
            if let kind = DocumentKind.classify(node), kind != .library {
                findings.error("unknown-document", at: SourceLocation(file: path, line: 1, column: 1),
                               "\(path) is \(kind == .rules ? "a rules file" : kind == .profile ? "a profile file" : "a " + kind.rawValue), not a library",
                               hint: "name a library file (with 'format: \(Library.format)' and 'items:'), such as library/evergreen.yaml")
            } else {
                result = LibraryLoader.read(node, file: path, ruleIDs: rules.ids, findings: &findings)
            }
        }
        let entry = (result, findings.findings)
        lock.lock()
        libraryCache[path] = entry
        lock.unlock()
        return entry
    }

    /// The activity a plan's `profile: PATH` names, the path relative to the
    /// plan; nil with a finding at the reference when the file is missing or
    /// has errors (which its own check reports, with their positions).
    package func resolveProfile(_ reference: Located<String>, from file: String, findings: inout FindingList) -> ActivityProfile? {
        let target = Paths.resolve(reference.value, relativeTo: file)
        let (document, problems) = profile(at: target)
        if case .failure(let finding) = node(at: target), finding.ruleID == "unreadable-file" {
            findings.error("undefined-reference", at: reference.location, "profile file '\(reference.value)' not found (looked for '\(target)')",
                           hint: "give a path relative to '\(file)', or a named profile: \(ActivityProfile.named.keys.sorted().joined(separator: ", "))")
            return nil
        }
        guard let document, !problems.contains(where: { $0.severity == .error }) else {
            findings.error("invalid-value", at: reference.location, "profile file '\(target)' has errors", hint: "run 'thirds check \(target)'")
            return nil
        }
        return document.activity
    }

    /// The rule set an `extends:` (or a plan's `rules:` path) names, or the
    /// built-in defaults when none is named.
    package func resolveBase(_ reference: Located<String>?, from file: String, chain: [String], findings: inout FindingList) -> RuleSet? {
        guard let reference else { return rules.builtIn }
        let target = Paths.resolve(reference.value, relativeTo: file)
        if chain.contains(target) {
            findings.error("invalid-value", at: reference.location, "rules file '\(target)' extends itself",
                           hint: "remove the loop of 'extends'")
            return nil
        }
        let (set, problems) = ruleSet(at: target, chain: chain)
        if case .failure(let finding) = node(at: target), finding.ruleID == "unreadable-file" {
            findings.error("undefined-reference", at: reference.location, "rules file '\(reference.value)' not found (looked for '\(target)')",
                           hint: "give a path relative to '\(file)'")
            return nil
        }
        if set == nil || problems.contains(where: { $0.severity == .error }) {
            findings.append(Finding(ruleID: "invalid-value", severity: .error, location: reference.location,
                                    message: "rules file '\(target)' has errors", hint: "run 'thirds check \(target)'"))
        }
        return set
    }
}

/// Reads a file of at most `limit` bytes without reading more than
/// `limit + 1` of it: a 2 GB file is refused from its size alone, not after
/// filling memory with it.
public enum BoundedFile {
    public struct TooLarge: Error {
        /// The file's size when the system reports one (not for a pipe).
        public var bytes: Int?
    }

    public static func read(_ path: String, limit: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        // A regular file's size is where its end is; a pipe cannot seek and is read up to the limit.
        if let size = try? handle.seekToEnd() {
            if size > UInt64(limit) { throw TooLarge(bytes: Int(exactly: size)) }
            try handle.seek(toOffset: 0)
        }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        if data.count > limit { throw TooLarge(bytes: nil) }
        return data
    }
}

public enum Paths {
    /// `../rules/default.yaml` seen from `plans/2026-W49.yaml` is `rules/default.yaml`.
    public static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return normalise(path) }
        let directory = (file as NSString).deletingLastPathComponent
        return normalise(directory.isEmpty ? path : directory + "/" + path)
    }

    public static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    public static func stem(_ file: String) -> String {
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
