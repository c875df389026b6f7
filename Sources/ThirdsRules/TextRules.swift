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

    /// Posts of one plan, or of earlier plans, with the span of time they may take.
    package struct Candidate {
        package var occurrence: Occurrence
        package var file: String
        package var earliest: Date
        package var latest: Date
        /// Worked out once: the comparison of every pair of one text's posts reads it.
        package let itemKey: String

        package init(occurrence: Occurrence, file: String, earliest: Date, latest: Date) {
            self.occurrence = occurrence
            self.file = file
            self.earliest = earliest
            self.latest = latest
            itemKey = file + "#" + occurrence.item.id.value
        }
    }

    /// A partial timeline is judged by the posts' windows, not their places.
    public var partialCheckReadsPlacement: Bool { false }

    public func check(_ timeline: Timeline, in context: PlanContext) -> [Violation] {
        let within = Double(settings.duration("within"))
        // Only earlier posts within reach of this period can be repeated too soon.
        let horizon = context.plan.period.startInstant.addingTimeInterval(-within)
        let earlier = context.history.filter { $0.instant >= horizon }.map {
            Candidate(occurrence: $0.occurrence, file: $0.occurrence.location.file, earliest: $0.instant, latest: $0.occurrence.fixed ?? $0.instant)
        }
        let own: [Candidate] = timeline.isComplete
            ? timeline.posts.map { Candidate(occurrence: $0.occurrence, file: context.plan.file, earliest: $0.instant, latest: $0.instant) }
            : context.occurrences.map { Candidate(occurrence: $0, file: context.plan.file, earliest: $0.fixed ?? $0.earliest, latest: $0.fixed ?? $0.latest) }
        let all = earlier + own
        // Only texts that occur more than once need a closer look: sorting
        // precomputed hashes finds them without hashing strings on every move.
        let order = all.indices.sorted { (all[$0].occurrence.textKeyHash, $0) < (all[$1].occurrence.textKeyHash, $1) }
        var found: [(index: Int, violation: Violation)] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, all[order[end]].occurrence.textKeyHash == all[order[start]].occurrence.textKeyHash { end += 1 }
            // The days of one repeating item share its text but repeat nothing.
            let group = order[start..<end]
            if end - start > 1, group.contains(where: { all[$0].itemKey != all[group.first!].itemKey }) {
                found += repeats(among: group.sorted(), of: all, ownFrom: earlier.count, within: within)
            }
            start = end
        }
        return found.sorted { $0.index < $1.index }.map(\.violation)
    }

    /// Within posts of one text: each of this plan's posts against the first
    /// earlier post it repeats too soon.
    private func repeats(among members: [Int], of all: [Candidate], ownFrom firstOwn: Int, within: Double) -> [(index: Int, violation: Violation)] {
        var found: [(index: Int, violation: Violation)] = []
        for (position, index) in members.enumerated() where index >= firstOwn {
            let candidate = all[index]
            guard !candidate.occurrence.textKey.isEmpty,
                  let first = members[..<position].lazy.map({ all[$0] }).first(where: { rival in
                      rival.occurrence.textKey == candidate.occurrence.textKey && rival.itemKey != candidate.itemKey
                          && max(abs(candidate.latest.timeIntervalSince(rival.earliest)),
                                 abs(rival.latest.timeIntervalSince(candidate.earliest))) < within
                  }) else { continue }
            var repeated = violation("'\(candidate.occurrence.id)' repeats the text of '\(first.occurrence.id)'\(first.file == candidate.file ? "" : " in \(first.file)") within \(ValueText.durationText(Int(saturating: within)))",
                                     posts: [candidate.occurrence, first.occurrence],
                                     at: candidate.occurrence.item.text.location,
                                     hint: "write it afresh for this audience, or drop one")
            repeated.related.insert(first.occurrence.item.text.location, at: 0)
            found.append((index, repeated))
        }
        return found
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
        guard isFirstOccurrence(occurrence, context) else { return [] }
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
        guard isFirstOccurrence(occurrence, context) else { return [] }
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
