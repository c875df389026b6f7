import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel

/// No blanket repeats: the same words twice within a stretch of time.
public struct DuplicateTextRule: Rule {
    public static let id = "duplicate-text"
    public static let summary = "No two posts of different items with the same normalised text within `within`."
    public static let defaultSeverity = Severity.error
    public static let parameters = [ParameterSpec("within", .duration, default: "30d", "how long before the same text may go out again")]
    public let settings: RuleSettings
    /// How long before the same text may go out again, in seconds.
    public let within: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        within = Self.duration("within", of: settings)
    }

    /// A partial timeline is judged by the posts' windows, not their places.
    public var partialCheckReadsPlacement: Bool { false }

    /// Published texts only: a task (the same work every Monday) repeats no words to anyone.
    public static func applies(to occurrence: Occurrence) -> Bool { !occurrence.item.isTask }

    public func tally(of occurrences: [Occurrence], isComplete: Bool, in context: PlanContext) -> (any RuleTally)? {
        DuplicateTextTally(self, occurrences, isComplete: isComplete, context)
    }

    /// Posts of one plan, or of earlier plans, with the span of time they may take.
    package struct Member {
        package var occurrence: Occurrence
        package var file: String
        package var earliest: Double
        package var latest: Double
        /// The text and the item as numbers: the comparison of every pair of one text's posts reads them.
        package var text: Int
        package var item: Int
    }

    /// Within the posts of one text, in order (earlier plans first, then this
    /// plan's in time order): each of this plan's posts that repeats an
    /// earlier one too soon, with the first it repeats.
    package func repeats(among members: [Member], ownFrom firstOwn: Int, within: Double) -> [(post: Int, first: Int)] {
        var found: [(post: Int, first: Int)] = []
        for position in firstOwn..<members.count {
            let candidate = members[position]
            // The days of one repeating item share its text but repeat nothing.
            if let first = members[..<position].firstIndex(where: { rival in
                rival.item != candidate.item
                    && max(abs(candidate.latest - rival.earliest), abs(rival.latest - candidate.earliest)) < within
            }) { found.append((position, first)) }
        }
        return found
    }

    package func message(_ candidate: Member, repeats first: Member, within: Double) -> Violation {
        var repeated = violation("'\(candidate.occurrence.id)' repeats the text of '\(first.occurrence.id)'\(first.file == candidate.file ? "" : " in \(first.file)") within \(ValueText.durationText(Int(saturating: within)))",
                                 posts: [candidate.occurrence, first.occurrence],
                                 at: candidate.occurrence.item.text.location,
                                 hint: "write it afresh for this audience, or drop one")
        repeated.related.insert(first.occurrence.item.text.location, at: 0)
        return repeated
    }
}

/// A post with a wall of hashtags reads as spam.
public struct HashtagsRule: Rule {
    public static let id = "hashtags"
    public static let summary = "At most `max` hashtags in a post, on each channel it goes to."
    public static let defaultSeverity = Severity.warning
    public static let parameters = [ParameterSpec("max", .count, default: "2", "most hashtags in one post")]
    public let settings: RuleSettings
    /// Most hashtags in one post.
    public let maximum: Int

    public init(settings: RuleSettings) {
        self.settings = settings
        maximum = Self.count("max", of: settings)
    }

    public func check(_ occurrence: Occurrence, in context: PlanContext) -> [Violation] {
        // A task's words are never published.
        guard !occurrence.item.isTask, isFirstOccurrence(occurrence, context) else { return [] }
        let tags = HashtagText.hashtags(in: occurrence.text)
        let channels = occurrence.item.allChannels.map(\.value).filter { $0 != "blog" }
        guard tags.count > maximum, !channels.isEmpty else { return [] }
        return [violation("\(tags.count) hashtags (\(tags.map { "#" + $0 }.joined(separator: " "))) in '\(occurrence.item.id.value)' on \(channels.joined(separator: " and ")), more than \(maximum)",
                          posts: [occurrence], at: occurrence.item.hashtags.first?.location ?? occurrence.item.text.location,
                          hint: "keep the one or two tags your audience follows")]
    }
}

/// Each channel's own length limit, counted the channel's way.
public struct TextLengthRule: Rule {
    public static let id = "text-length"
    public static let summary = "The post fits each channel: X's weighted length, LinkedIn's character limit."
    public static let defaultSeverity = Severity.error
    public static let parameters = [
        ParameterSpec("x", .count, default: "\(XText.maxWeightedLength)", "X's limit in weighted characters (twitter-text)", maximum: 1_000_000),
        ParameterSpec("linkedin", .count, default: "\(LinkedInText.maxCommentaryLength)", "LinkedIn's limit for a post's commentary", maximum: 1_000_000),
    ]
    public let settings: RuleSettings
    /// Each measured channel's limit, as configured.
    public let limits: [String: Int]

    public init(settings: RuleSettings) {
        self.settings = settings
        limits = ["x": Self.count("x", of: settings), "linkedin": Self.count("linkedin", of: settings)]
    }

    /// A text's length on a channel, counted the channel's way, and the unit
    /// it is counted in; nil for a channel without a limit (the blog). The
    /// checker and every export that refuses a long text measure with this.
    public static func measure(_ text: String, on channel: String) -> (length: Int, unit: String)? {
        switch channel {
        case "x": (XText.weightedLength(text), "weighted characters")
        case "linkedin": (LinkedInText.length(text), "characters")
        default: nil
        }
    }

    /// The channel's own limit, whatever a rules file sets: what a tool
    /// that publishes there accepts (the defaults of `x` and `linkedin`).
    public static func channelLimit(on channel: String) -> Int? {
        ["x": XText.maxWeightedLength, "linkedin": LinkedInText.maxCommentaryLength][channel]
    }

    public func check(_ occurrence: Occurrence, in context: PlanContext) -> [Violation] {
        // A task's words are never published, so no channel measures them.
        guard !occurrence.item.isTask, isFirstOccurrence(occurrence, context) else { return [] }
        let text = occurrence.text
        var found: [Violation] = []
        for channel in occurrence.item.allChannels {
            guard let measure = Self.measure(text, on: channel.value), let limit = limits[channel.value] else { continue }
            let measured = (length: measure.length, limit: limit, unit: measure.unit)
            guard measured.length > measured.limit else { continue }
            found.append(violation("text of '\(occurrence.item.id.value)' is \(measured.length) \(measured.unit) on \(channel.value), over the limit of \(measured.limit)",
                                   posts: [occurrence], at: occurrence.item.text.location,
                                   hint: "shorten it by \(measured.length - measured.limit)", what: channel.value))
        }
        return found
    }
}

/// Item-level rules speak once per item, not once per day it repeats.
package func isFirstOccurrence(_ occurrence: Occurrence, _ context: PlanContext) -> Bool {
    context.occurrences.first { $0.item.id.value == occurrence.item.id.value }?.id == occurrence.id
}
