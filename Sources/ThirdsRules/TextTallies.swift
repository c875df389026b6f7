import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

/// duplicate-text: the posts of each text, earlier plans' first. Only texts
/// that could repeat (two posts of different items, here or in history) are
/// followed; a move touches the group of its post's text alone.
package final class DuplicateTextTally: RuleTally {
    package typealias Member = DuplicateTextRule.Member
    package let rule: DuplicateTextRule
    package let within: Double
    package let isComplete: Bool
    /// Each text's members from earlier plans (and, on a partial timeline, this plan's windows).
    private var base: [[Member]] = []
    /// Each post's member, when its text could repeat.
    private var own: [Member?] = []
    private var placed: [[(member: Member, placement: Placement)]] = []
    private var groupMagnitude: [Int] = []
    private var fixed: [Violation] = []
    package private(set) var magnitude = 0

    package init(_ rule: DuplicateTextRule, _ occurrences: [Occurrence], isComplete: Bool, _ context: PlanContext) {
        self.rule = rule
        self.isComplete = isComplete
        let within = Double(rule.within)
        self.within = within
        var texts: [String: Int] = [:], items: [String: Int] = [:]
        func member(_ occurrence: Occurrence, file: String, earliest: Date, latest: Date) -> Member? {
            guard !occurrence.textKey.isEmpty, DuplicateTextRule.applies(to: occurrence) else { return nil }
            let text = texts[occurrence.textKey] ?? texts.count
            texts[occurrence.textKey] = text
            // A standing or repeating item is one item across the weeks, known by its id;
            // a library item is one across the weeks too, its repeats spaced by the library's cooldown.
            let source = occurrence.item
            let key = (source.library.map { "library:\($0.file)#" } ?? (source.standing || source.repeats != nil ? "" : file + "#")) + source.id.value
            let item = items[key] ?? items.count
            items[key] = item
            return Member(occurrence: occurrence, file: file, earliest: earliest.timeIntervalSinceReferenceDate, latest: latest.timeIntervalSinceReferenceDate,
                          text: text, item: item)
        }
        // Only earlier posts within reach of this period can be repeated too soon.
        let horizon = context.plan.period.startInstant.addingTimeInterval(-within)
        let earlier = context.history.filter { $0.instant >= horizon }.compactMap {
            member($0.occurrence, file: $0.occurrence.location.file, earliest: $0.instant, latest: $0.occurrence.fixed ?? $0.instant)
        }
        guard isComplete else {
            // A partial timeline is judged by the plan's windows: fixed now.
            let windows = context.occurrences.map {
                member($0, file: context.plan.file, earliest: $0.fixed ?? $0.earliest, latest: $0.fixed ?? $0.latest)
            }
            var groups = [[Member]](repeating: [], count: texts.count), firstOwn = [Int](repeating: 0, count: texts.count)
            for member in earlier { groups[member.text].append(member); firstOwn[member.text] += 1 }
            var found: [(index: Int, violation: Violation)] = []
            var positions = [[Int]](repeating: [], count: texts.count)
            for (index, member) in windows.enumerated() { if let member { groups[member.text].append(member); positions[member.text].append(index) } }
            for text in groups.indices {
                for (post, first) in rule.repeats(among: groups[text], ownFrom: firstOwn[text], within: within) {
                    found.append((positions[text][post - firstOwn[text]], rule.message(groups[text][post], repeats: groups[text][first], within: within)))
                }
            }
            fixed = found.sorted { $0.index < $1.index }.map(\.violation)
            magnitude = fixed.count
            return
        }
        let mine = occurrences.map { member($0, file: context.plan.file, earliest: $0.earliest, latest: $0.earliest) }
        base = [[Member]](repeating: [], count: texts.count)
        for member in earlier { base[member.text].append(member) }
        // A text with posts of one item only repeats nothing.
        var itemsOf = base.map { Set($0.map(\.item)) }
        for member in mine.compactMap({ $0 }) { itemsOf[member.text].insert(member.item) }
        own = mine.map { member in member.flatMap { itemsOf[$0.text].count > 1 ? $0 : nil } }
        placed = Array(repeating: [], count: texts.count)
        groupMagnitude = Array(repeating: 0, count: texts.count)
    }

    private func members(_ text: Int) -> [Member] {
        base[text] + placed[text].map { entry in
            var member = entry.member
            member.earliest = entry.placement.instant.timeIntervalSinceReferenceDate
            member.latest = member.earliest
            return member
        }
    }

    private func recount(_ text: Int) {
        magnitude -= groupMagnitude[text]
        groupMagnitude[text] = placed[text].isEmpty ? 0 : rule.repeats(among: members(text), ownFrom: base[text].count, within: within).count
        magnitude += groupMagnitude[text]
    }

    package func add(_ index: Int, at placement: Placement) {
        guard isComplete, let member = own[index] else { return }
        let text = member.text
        let at = placed[text].firstIndex { placement.precedes($0.placement) } ?? placed[text].count
        placed[text].insert((member, placement), at: at)
        recount(text)
    }

    package func remove(_ index: Int, at placement: Placement) {
        guard isComplete, let member = own[index] else { return }
        let text = member.text
        placed[text].removeAll { $0.placement.order == placement.order && $0.member.occurrence === member.occurrence }
        recount(text)
    }

    package func violations() -> [Violation] {
        guard isComplete else { return fixed }
        var found: [(placement: Placement, violation: Violation)] = []
        for text in placed.indices where groupMagnitude[text] > 0 {
            let members = members(text), firstOwn = base[text].count
            for (post, first) in rule.repeats(among: members, ownFrom: firstOwn, within: within) {
                found.append((placed[text][post - firstOwn].placement, rule.message(members[post], repeats: members[first], within: within)))
            }
        }
        return found.sorted { $0.placement.precedes($1.placement) }.map(\.violation)
    }
}
