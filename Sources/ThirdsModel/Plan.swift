import Foundation
import ThirdsCore

/// A week (or any run of days) of drafted posts for one account.
public struct Plan: Sendable {
    public var file: String
    /// The plan's name for outputs: its file name without the extension.
    public var name: String
    public var period: Period
    public var account: Account
    public var rules: RuleSet
    public var channels: [Channel]
    public var audiences: [Audience]
    public var items: [Item]
    public var location: SourceLocation
    /// The evergreen library the plan names (`library:`), if any.
    public var library: PlanLibrary? = nil

    public func audience(_ id: String) -> Audience? { audiences.first { $0.id == id } }
    public func channel(_ name: String) -> Channel? { channels.first { $0.name == name } }

    /// The audiences an item is aimed at: the ones it names, or all of them.
    public func audiences(of item: Item) -> [Audience] {
        item.audiences.isEmpty ? audiences : item.audiences.compactMap { audience($0.value) }
    }
}

/// The days a plan covers, from local midnight at the start in the account's zone.
public struct Period: Sendable {
    public var start: LocalDate
    public var days: Int
    public var clock: ZoneClock
    public var location: SourceLocation

    public var end: LocalDate { start.adding(days: days) }  // exclusive
    public var startInstant: Date { clock.startOfDay(start) }
    public var endInstant: Date { clock.startOfDay(end) }
    public var dates: [LocalDate] { (0..<days).map { start.adding(days: $0) } }

    public func contains(_ instant: Date) -> Bool { instant >= startInstant && instant < endInstant }
}

public struct Account: Sendable {
    public var name: Located<String>
    public var timezone: Located<TimeZone>
    public var since: Located<LocalDate>?
    public var available: Located<Availability>?
    /// The old habit the plan's reach is compared with (`baseline:`).
    public var baseline: Located<Habit>?
    public var clock: ZoneClock { ZoneClock(timezone.value) }
    /// The habit to compare with: the plan's, or one post each business day at 09:00.
    public var habit: Habit { baseline?.value ?? .standard }
}

/// A place posts go: `x`, `linkedin` or `blog`, with its settings.
public struct Channel: Sendable {
    public static let known = ["x", "linkedin", "blog"]
    public var name: String
    public var settings: [String: Located<String>]
    public var location: SourceLocation

    public init(name: String, settings: [String: Located<String>], location: SourceLocation) {
        self.name = name
        self.settings = settings
        self.location = location
    }

    public func text(_ key: String) -> String? { settings[key]?.value }

    /// A true/false setting (`utm`, `digest`); the loader has checked its text.
    public func flag(_ key: String, default fallback: Bool) -> Bool {
        settings[key].flatMap { ValueText.boolean($0.value) } ?? fallback
    }

    /// Campaign tags on links: on unless `utm: false`.
    public var tagsLinks: Bool { flag("utm", default: true) }

    /// The blog's engine: wordpress (default), hugo or jekyll.
    public var engine: String { text("engine") ?? "wordpress" }

    /// How long before the post that links to it a blog article goes out.
    public var lead: Int { text("lead").flatMap(ValueText.duration) ?? 0 }

    /// When LinkedIn copies may go out, if the plan says (`window:`).
    public var window: Availability? { text("window").flatMap(Availability.parse) }

    /// The `LinkedIn-Version` header: the API version the request was written for.
    public var linkedInVersion: String { text("version") ?? "202510" }
}

public enum ItemKind: String, Sendable, CaseIterable, Codable, Comparable {
    case content, engagement, promotion
    public static func < (lhs: ItemKind, rhs: ItemKind) -> Bool {
        // Every case is in allCases.
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum Priority: String, Sendable, CaseIterable, Codable {
    case high, normal, low
    /// The objective's weights (reach model): high 4, normal 2, low 1.
    public var weight: Int {
        switch self {
        case .high: 4
        case .normal: 2
        case .low: 1
        }
    }
}

public enum Repeat: Sendable, Hashable {
    case daily
    case weekdays
    case on(Set<Int>)  // ISO weekdays

    package func includes(_ date: LocalDate) -> Bool { includes(weekday: date.isoWeekday) }

    package func includes(weekday: Int) -> Bool {
        switch self {
        case .daily: true
        case .weekdays: weekday <= 5
        case .on(let days): days.contains(weekday)
        }
    }
}

/// When an item is pinned: a moment, or for a repeating item a time each day.
public enum FixedTime: Sendable, Hashable {
    case moment(LocalDateTime)
    case daily(TimeOfDay)
}

public struct Waiver: Sendable {
    public var rule: Located<String>
    public var reason: String
}

/// One drafted entry of a plan, as written.
public struct Item: Sendable {
    public var id: Located<String>
    public var kind: Located<ItemKind>
    public var text: Located<String>
    public var link: Located<String>?
    public var title: Located<String>?
    public var description: Located<String>?
    public var slug: Located<String>?
    public var hashtags: [Located<String>]
    public var audiences: [Located<String>]
    public var channel: Located<String>
    public var crosspost: [Located<String>]
    public var priority: Priority
    public var repeats: Located<Repeat>?
    public var notBefore: Located<LocalDateTime>?
    public var notAfter: Located<LocalDateTime>?
    public var required: Bool
    public var at: Located<FixedTime>?
    public var waivers: [Waiver]
    public var location: SourceLocation
    /// Set when the item is work to do (`task:`), not a post: `text` then
    /// holds the task, which is never published.
    public var task: ItemTask? = nil

    /// Engagement done by hand (replying, sharing): placed and counted like a
    /// post, shown in the calendar, never published.
    public var isTask: Bool { task != nil }

    /// `standing: true`: the same item every week (`thirds new` keeps it; `duplicate-text` knows it by its id across weeks).
    public var standing = false

    /// The blog article the item carries (`article:`): its link is the article's address.
    public var article: Article? = nil

    /// Set on an item of an evergreen library: the solver drew it to fill the week.
    public var library: LibrarySource? = nil

    /// What the item adds to a schedule's priority sum: a drawn item adds
    /// nothing, so the solver never prefers it to a drafted one.
    public var scorePriority: Int { library == nil ? priority.weight : 0 }

    /// The text as it goes out: `{link}` replaced, hashtags not yet in the
    /// text appended.
    public var renderedText: String { rendered(link: link?.value) }

    /// The text with `{link}` replaced by `link` (a tagged variant, say) and
    /// the hashtags not yet in the text appended.
    public func rendered(link: String?) -> String {
        var text = self.text.value
        if let link { text = text.replacingOccurrences(of: "{link}", with: link) }
        let present = Set(HashtagText.hashtags(in: text).map { $0.lowercased() })
        let missing = hashtags.map(\.value).filter { !present.contains($0.lowercased()) }
        if !missing.isEmpty { text += " " + missing.map { "#" + $0 }.joined(separator: " ") }
        return text
    }

    /// Every channel the item's text is published on.
    public var allChannels: [Located<String>] { [channel] + crosspost }
}

/// What a task adds to its item: how long the work takes.
public struct ItemTask: Sendable {
    /// The calendar block's length, in seconds (`duration:`, 30m unless given).
    public var duration: Int
    /// Where `task:` is written.
    public var location: SourceLocation
    /// Where `duration:` is written; nil when it is not (30 minutes).
    public var durationLocation: SourceLocation? = nil

    public static let defaultDuration = 30 * 60
    /// `duration` may be from 5 minutes to 8 hours: a block in one working day.
    public static let durationRange = (5 * 60)...(8 * 3_600)

    public init(duration: Int, location: SourceLocation, durationLocation: SourceLocation? = nil) {
        self.duration = duration
        self.location = location
        self.durationLocation = durationLocation
    }
}

/// One post to be placed: an item, or one day's occurrence of a repeating item.
/// A class, because the solver moves posts around thousands of times and a
/// reference is cheaper to move than an item's many strings.
public final class Occurrence: Sendable {
    public let id: String
    public let item: Item
    /// The day a repeating item's occurrence belongs to.
    public let day: LocalDate?
    /// The earliest and latest instants the post may go out (end exclusive).
    public let earliest: Date
    public let latest: Date
    /// Set when the plan pins the post to one instant.
    public let fixed: Date?
    /// The text as it goes out, and the form two texts are compared in.
    public let text: String
    public let textKey: String
    /// The key's hash, worked out once: only equal hashes need comparing.
    public let textKeyHash: Int

    public init(id: String, item: Item, day: LocalDate?, earliest: Date, latest: Date, fixed: Date?) {
        self.id = id
        self.item = item
        self.day = day
        self.earliest = earliest
        self.latest = latest
        self.fixed = fixed
        text = item.renderedText
        textKey = TextKey.of(text)
        textKeyHash = textKey.hashValue
    }

    public var kind: ItemKind { item.kind.value }
    public var location: SourceLocation { item.location }
}

/// What makes two texts the same for `duplicate-text`: case, spacing,
/// punctuation, links and the `#` of hashtags do not count, so copy-paste
/// advertising with a new link is still a copy.
public enum TextKey {
    public static func of(_ text: String) -> String {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).filter {
            !$0.hasPrefix("http://") && !$0.hasPrefix("https://") && !$0.hasPrefix("www.")
        }
        return words.map { word in
            String(word.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

package enum HashtagText {
    /// Hashtags written in a text, without their sign.
    package static func hashtags(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return scalars.indices.compactMap { index in
            body(in: scalars, at: index).map { String(String.UnicodeScalarView(scalars[$0])) }
        }
    }

    /// The body (after the sign) of the hashtag that starts at `index`, if
    /// one does: `#` or `＃` not preceded by a letter, digit, `/` or `&` (so
    /// `a#b` and a URL's fragment are not tags), then letters, digits or `_`,
    /// not all digits. The checker, the renderer and the exports all read
    /// tags this one way.
    package static func body(in scalars: [Unicode.Scalar], at index: Int) -> Range<Int>? {
        let sign = scalars[index]
        guard sign == "#" || sign == "＃" else { return nil }
        if index > 0 {
            let before = scalars[index - 1]
            if CharacterSet.alphanumerics.contains(before) || before == "/" || before == "&" { return nil }
        }
        var end = index + 1
        while end < scalars.count, CharacterSet.alphanumerics.contains(scalars[end]) || scalars[end] == "_" { end += 1 }
        let body = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        guard !body.isEmpty, !body.allSatisfy(\.isNumber) else { return nil }
        return (index + 1)..<end
    }
}
