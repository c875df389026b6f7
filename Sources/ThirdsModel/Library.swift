import Foundation
import ThirdsCore

/// An evergreen library (`format: thirds-library/1`, docs/library.md): posts
/// kept in stock, in the plan's item format, that the solver draws from when
/// a week's drafts cannot meet the thirds or a daily minimum. A plan names it
/// with `library: PATH`, relative to the plan; several plans may share one.
public struct Library: Sendable {
    public static let format = "thirds-library/1"
    package static let topKeys = ["format", "name", "description", "cooldown", "max_uses", "active", "items"]
    /// Item keys that say when an item goes out: a library item goes out when a week needs it.
    package static let refusedItemKeys = ["repeat", "at", "not_before", "not_after", "required", "standing", "article"]
    /// `cooldown` may be from a day to a year: less repeats a post to the same
    /// followers within days; more is the same as using it once a year.
    public static let cooldownRange = 86_400...(52 * 604_800)
    public static let defaultCooldown = 4 * 604_800
    /// `max_uses` may be from 1 to 1000.
    public static let maxUsesRange = 1...1_000
    /// Most items a library may hold (its file is also bounded like a plan's).
    public static let maxItems = 1_000

    /// The file, as resolved from the plan (the key that tells libraries apart across weeks).
    public var file: String
    /// The name a drawn post is marked with in the schedule: `name:`, or the file's stem.
    public var name: String
    /// Least time between two uses of one item, in seconds.
    public var cooldown: Int
    /// Most uses of one item over all weeks; nil for no limit.
    public var maxUses: Int?
    /// The first and last day (inclusive, on the account's clock) its items may go out.
    public var activeFrom: LocalDate?
    public var activeUntil: LocalDate?
    /// The stock, each item marked with `source`.
    public var items: [Item]

    public var source: LibrarySource { LibrarySource(name: name, file: file) }
}

/// Marks an item drawn from a library: which one.
public struct LibrarySource: Sendable, Hashable {
    public var name: String
    public var file: String

    public init(name: String, file: String) {
        self.name = name
        self.file = file
    }
}

/// A plan's `library:` entry with the library it names.
public struct PlanLibrary: Sendable {
    public var library: Library
    /// Where the plan names it: findings about what the library cannot supply point here.
    public var location: SourceLocation
    /// The path as the plan writes it.
    public var path: String
}

package enum LibraryLoader {
    /// Reads a library file's tree; item references to audiences and channels
    /// are checked later, against each plan that names the library.
    package static func read(_ node: YAMLNode, file: String, ruleIDs: [String], findings: inout FindingList) -> Library? {
        let before = findings.findings.count
        guard let root = MappingReader(node, context: "at the top of the library", allowed: Library.topKeys, findings: &findings) else { return nil }
        root.requireFormat(Library.format, findings: &findings)
        let name = root["name"].flatMap { scalar($0, "'name'", findings: &findings) }
        if let name, !PlanLoader.isIdentifier(name.text) {
            findings.error("invalid-value", at: name.location, "library name '\(name.text)' may hold only letters, digits, '-', '_' and '.'",
                           hint: "write it as one word such as 'evergreen' or 'spring-tips', or leave 'name' out for the file's name")
        }
        _ = root["description"].flatMap { scalar($0, "'description'", findings: &findings) }
        var cooldown = Library.defaultCooldown
        if let text = root["cooldown"].flatMap({ scalar($0, "'cooldown'", findings: &findings) }) {
            let range = Library.cooldownRange
            let rangeText = "\(ValueText.durationText(range.lowerBound)) to \(ValueText.durationText(range.upperBound))"
            if let seconds = ValueText.duration(text.text), !ValueText.isTooLarge(text.text, as: .duration) {
                if range.contains(seconds) {
                    cooldown = seconds
                } else {
                    findings.error("invalid-duration", at: text.location, "'cooldown' is '\(text.text)', outside \(rangeText)",
                                   hint: "use a duration from \(rangeText), such as 6w or 10d")
                }
            } else {
                findings.error("invalid-duration", at: text.location, "'cooldown' is '\(text.text)', not a duration such as 6w or 10d",
                               hint: "use a duration from \(rangeText)")
            }
        }
        var maxUses: Int?
        if let text = root["max_uses"].flatMap({ scalar($0, "'max_uses'", findings: &findings) }) {
            let range = Library.maxUsesRange
            if let value = ValueText.integer(text.text), range.contains(value) {
                maxUses = value
            } else {
                findings.error("invalid-value", at: text.location, "'max_uses' is '\(text.text)', not a whole number from \(range.lowerBound) to \(range.upperBound)",
                               hint: "the most times one item may be drawn over all weeks; leave it out for no limit")
            }
        }
        var from: Located<LocalDate>?, until: Located<LocalDate>?
        if let node = root["active"], let active = MappingReader(node, context: "in 'active'", allowed: ["from", "until"], findings: &findings) {
            from = active["from"].flatMap { scalar($0, "'from' of 'active'", findings: &findings) }.flatMap { PlanLoader.date($0, findings: &findings) }
            until = active["until"].flatMap { scalar($0, "'until' of 'active'", findings: &findings) }.flatMap { PlanLoader.date($0, findings: &findings) }
            if let from, let until, until.value < from.value {
                findings.error("invalid-value", at: until.location, "'active' ends on \(until.value), before it starts on \(from.value)",
                               hint: "give 'from' the first day the library may be drawn from and 'until' the last")
            }
        }
        if case .sequence(let nodes, let location)? = root["items"], nodes.count > Library.maxItems {
            findings.error("plan-too-large", at: location, "the library has \(nodes.count) items, more than the limit of \(Library.maxItems)",
                           hint: "split it into libraries by season or theme")
            return nil
        }
        // A library item goes out when a week needs it: it names no time of its own.
        if case .sequence(let nodes, _)? = root["items"] {
            for node in nodes {
                guard case .mapping(let pairs, _) = node else { continue }
                for pair in pairs where Library.refusedItemKeys.contains(pair.key.text) {
                    // An item is drawn again and again: its article would go out anew each time.
                    if pair.key.text == "article" {
                        findings.error("invalid-value", at: pair.key.location,
                                       "'article' has no place in a library item: the item is used again and again, and its article would be published again at every use",
                                       hint: "publish the article once from a week's plan, and give the library item a 'link' to the published article instead")
                        continue
                    }
                    findings.error("invalid-value", at: pair.key.location,
                                   "'\(pair.key.text)' has no place in a library item: the solver draws it when a week needs it",
                                   hint: "remove '\(pair.key.text)'; an item that must go out at a set time belongs in the week's plan")
                }
            }
        }
        let items = PlanLoader.readItems(root, audienceNames: nil, channelNames: nil, ruleIDs: ruleIDs, findings: &findings)
        guard findings.findings.count == before else { return nil }
        var library = Library(file: file, name: name?.text ?? Paths.stem(file), cooldown: cooldown, maxUses: maxUses,
                              activeFrom: from?.value, activeUntil: until?.value, items: [])
        let source = library.source
        library.items = items.map { item in
            var marked = item
            marked.library = source
            return marked
        }
        return library
    }
}

extension Plan {
    /// Every item of the plan's library as a post over the days the library
    /// is active in the period: how a schedule's drawn posts are read back.
    public var libraryOccurrences: [Occurrence] {
        guard let library = library?.library else { return [] }
        guard let window = library.window(in: period) else { return [] }
        return library.items.map { Occurrence(id: $0.id.value, item: $0, day: nil, earliest: window.earliest, latest: window.latest, fixed: nil) }
    }
}

extension Library {
    /// The part of the period the library is active in; nil when none.
    public func window(in period: Period) -> (earliest: Date, latest: Date)? {
        let earliest = max(period.startInstant, activeFrom.map { period.clock.startOfDay($0) } ?? period.startInstant)
        let latest = min(period.endInstant, activeUntil.map { period.clock.startOfDay($0.adding(days: 1)) } ?? period.endInstant)
        return earliest < latest ? (earliest, latest) : nil
    }
}

extension PlanLoader {
    /// `library: PATH`: the library file, relative to the plan, read once
    /// for all the plans that name it; its items' audiences and channels are
    /// checked against this plan (reported at the library's lines).
    package static func readLibrary(_ root: MappingReader, file: String, workspace: Workspace, items: [Item],
                                    audienceNames: [String]?, channelNames: [String]?, findings: inout FindingList) -> PlanLibrary? {
        guard let node = root["library"], let path = scalar(node, "'library'", findings: &findings) else { return nil }
        let target = Paths.resolve(path.text, relativeTo: file)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) {
            // A pipe or a device could hang or never end: only a regular file is read.
            let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
            if isDirectory.boolValue || type != .typeRegular {
                findings.error("invalid-value", at: path.location, "library '\(path.text)' is not a regular file (looked at '\(target)')",
                               hint: "name a library file such as library/evergreen.yaml, relative to '\(file)'")
                return nil
            }
        }
        let (library, problems) = workspace.library(at: target)
        if case .failure(let finding) = workspace.node(at: target), finding.ruleID == "unreadable-file" {
            findings.error("undefined-reference", at: path.location, "library file '\(path.text)' not found (looked for '\(target)')",
                           hint: "give a path relative to '\(file)', such as library/evergreen.yaml")
            return nil
        }
        guard let library, !problems.contains(where: { $0.severity == .error }) else {
            findings.error("invalid-value", at: path.location, "library file '\(target)' has errors", hint: "run 'thirds check \(target)'")
            return nil
        }
        let planIDs = Dictionary(items.map { ($0.id.value, $0.id.location) }, uniquingKeysWith: { first, _ in first })
        for item in library.items {
            checkReferences(item: item.id.value, audiences: item.audiences, channel: item.channel, crosspost: item.crosspost,
                            audienceNames: audienceNames, channelNames: channelNames, findings: &findings)
            if let clash = planIDs[item.id.value] {
                findings.error("duplicate-id", at: path.location,
                               "library item '\(item.id.value)' (\(target):\(item.id.location.line)) has the id of the plan's item at line \(clash.line)",
                               hint: "rename one of them: a drawn post is known by its id in the schedule")
            }
        }
        return PlanLibrary(library: library, location: path.location, path: path.text)
    }
}
