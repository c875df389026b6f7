import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsReach
import ThirdsRules
import ThirdsSolve

extension Scheduler.Explanation {
    /// What `thirds explain` and `thirds schedule --explain` print for one
    /// post: where it went and its reach per audience (chance, people,
    /// weighted people), its audiences' week against the habit, and why here
    /// and not there: each other day's best slot with what forbids it or how
    /// much less it scores (or, for a deferred post, what each would break).
    public var text: String {
        let priority = occurrence.item.priority
        var out = "\(occurrence.id) (\(occurrence.kind.rawValue), priority \(priority.rawValue): its reach counts ×\(priority.weight) in the score)\n"
        guard let placed else {
            out += "  deferred: \(keptBy)\n"
            out += daysText(header: "its best days (each day's best slot, and what putting it there would break)")
            return out + weekText
        }
        let weighted = Double(priority.weight) * placed.reach
        out += "  at \(Self.describe(placed.local)): reach \(Self.number(placed.reach)) weighted people, \(Self.number(weighted)) in the score"
        out += isPinned ? "; pinned by the plan ('at'): no other slot is weighed\n" : "\n"
        for part in audiences {
            out += "    \(part.audience): seen by \(String(format: "%.1f%%", part.probability * 100)) of members, "
                + "\(String(format: "%.1f", part.people)) of \(Self.amount(part.size)) people; "
                + "\(Self.number(part.reach)) weighted people (weight \(Self.amount(part.weight)))\n"
        }
        out += weekText
        guard !isPinned else { return out }
        if days.isEmpty {
            out += "  \(keptBy)\n"
            return out
        }
        return out + daysText(header: "why here and not there (each other day's best slot; scores in weighted people)")
    }

    /// The audiences' figures over the period against the habit.
    private var weekText: String {
        guard let week, !week.lines.isEmpty else { return "" }
        var out = "  \(week.days == 7 ? "this week" : "these \(week.days) days"), against the habit (\(week.habit.text)):\n"
        for line in week.lines {
            out += "    \(week.sentence(line)); \(String(format: "%.2f", line.planned.reads)) reads per member "
                + "(habit: \(String(format: "%.2f", line.habit.reads)))\n"
        }
        return out
    }

    private func daysText(header: String) -> String {
        guard !days.isEmpty else { return "" }
        var out = "  \(header):\n"
        var tied = false
        for day in days {
            guard let candidate = day.candidate, let verdict = day.verdict else {
                let why = day.noSlot.map { " \($0.message) (\($0.rule))" } ?? ""
                out += "    \(Self.weekday(day.date)) \(day.date)  no slot that day\(why)\n"
                continue
            }
            out += "    \(Self.describe(candidate.local))  reach \(Self.number(candidate.reach))  \(day.isPlacedDay ? "(this day's next best) " : "")"
            out += verdictText(verdict, at: candidate) + "\n"
            if verdict.kind == .tie { tied = true }
            if let allowed = day.allowed {
                out += "      its best slot allowed: \(allowed.candidate.local.time), reach \(Self.number(allowed.candidate.reach)), "
                    + verdictText(allowed.verdict, at: allowed.candidate) + "\n"
                if allowed.verdict.kind == .tie { tied = true }
            } else if verdict.kind == .forbidden, day.slotsOnDay > 0 {
                let all = day.triedOnDay == day.slotsOnDay
                out += "      \(all ? "none of its other \(day.slotsOnDay) slots" : "none of its next \(day.triedOnDay) best slots (of \(day.slotsOnDay))") is allowed either"
                if let next = day.nextForbidden, !next.verdict.breaks.isEmpty {
                    out += "; the first, \(next.candidate.local.time), would break " + Self.rules(next.verdict)
                }
                out += "\n"
            }
            if let ruledOut = day.ruledOut {
                out += "      a better time that day, \(ruledOut.local.time) (reach \(Self.number(ruledOut.reach))), is ruled out by "
                    + "\(ruledOut.rule.rule): no post \(ruledOut.rule.message)\n"
            }
        }
        if otherDays > days.filter({ !$0.isPlacedDay }).count {
            let shown = days.filter { !$0.isPlacedDay }.count
            out += "  (\(shown) of \(otherDays) other days shown, those whose best slots reach most; "
                + "the other \(otherDays - shown) reach \(Self.number(omittedBestReach ?? 0)) at most)\n"
        }
        if tied {
            out += "  ties: the solver keeps the first schedule it finds with its best score and then moves a post only for a strictly "
                + "higher one; it first puts each post at the earliest of its equal best slots, so a tie goes to the earlier slot "
                + "unless the search reached the later one first\n"
        }
        return out
    }

    /// One slot's verdict, as a line's end.
    private func verdictText(_ verdict: Scheduler.Verdict, at candidate: Candidate) -> String {
        guard let placed else { return Self.describeAdding(verdict) }
        guard verdict.kind == .tie else { return Self.describe(verdict, weight: occurrence.item.priority.weight) }
        return placed.instant < candidate.instant ? "a tie: the same score; kept here, the earlier slot"
            : "a tie: the same score; kept here, the slot the search reached first"
    }

    /// Why a placed post is not at another slot.
    package static func describe(_ verdict: Scheduler.Verdict, weight: Int) -> String {
        switch verdict.kind {
        case .forbidden:
            return forbidden(verdict, "forbidden by")
        case .tie:
            return "a tie: the same score"
        case .worse:
            return "score \(signed(verdict.scoreChange))" + parts(verdict, weight: weight)
        case .better:
            return "score \(signed(verdict.scoreChange))" + parts(verdict, weight: weight) + ": higher, but the search did not find it (try more --moves)"
        }
    }

    /// What putting a deferred post at a slot would break.
    private static func describeAdding(_ verdict: Scheduler.Verdict) -> String {
        if verdict.kind == .forbidden { return forbidden(verdict, "would break") }
        let warnings = verdict.warnings.first.map { ", though it adds warning \($0.rule): \($0.message)" } ?? ""
        return "breaks no error rule\(warnings): the search did not find it (try more --moves)"
    }

    /// "min-gap, promotion-streak": the rules a verdict breaks, each once.
    private static func rules(_ verdict: Scheduler.Verdict) -> String {
        var seen: Set<String> = []
        return verdict.breaks.map(\.rule).filter { seen.insert($0).inserted }.joined(separator: ", ")
    }

    /// "forbidden by min-gap: …; promotion-streak: …": each rule once, with its first message.
    private static func forbidden(_ verdict: Scheduler.Verdict, _ verb: String) -> String {
        guard !verdict.breaks.isEmpty else { return "\(verb) an error rule" }
        var seen: Set<String> = []
        let each = verdict.breaks.filter { seen.insert($0.rule).inserted }
        return "\(verb) " + each.map { "\($0.rule): \($0.message)" }.joined(separator: "; ")
    }

    /// "(reach -10.20 × 2)", and the warnings' part when they change.
    private static func parts(_ verdict: Scheduler.Verdict, weight: Int) -> String {
        let reach = "reach \(signed(verdict.reachChange / Double(weight))) × \(weight)"
        guard abs(verdict.penaltyChange) > 1e-9 else { return " (\(reach))" }
        let warning = verdict.warnings.first.map { ": \($0.rule): \($0.message)" } ?? ""
        return " (\(reach), warnings' penalty \(signed(verdict.penaltyChange))\(warning))"
    }

    package static func describe(_ local: LocalDateTime) -> String {
        "\(weekdayName(local)) \(local.date) \(local.time)"
    }

    private static func weekday(_ date: LocalDate) -> String {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][date.isoWeekday - 1]
    }

    private static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A change with its sign; a small one with the digits that show it is not zero.
    private static func signed(_ value: Double) -> String {
        String(format: abs(value) < 0.005 && value != 0 ? "%+.2g" : "%+.2f", value)
    }

    /// A size or weight as the plan gives it: 144, 0.5.
    private static func amount(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }
}

extension Scheduler {
    /// Every post of the schedule explained, in the plan's order.
    public static func explainAll(_ schedule: Schedule) -> String {
        let explainer = Explainer(schedule)
        return schedule.problem.context.occurrences.indices.map { explainer.explain($0).text }.joined()
    }

    /// The posts of `ids` explained, in that order.
    public static func explain(_ schedule: Schedule, occurrenceIDs ids: [String]) -> String {
        let explainer = Explainer(schedule)
        return ids.compactMap { explainer.explain($0) }.map(\.text).joined()
    }
}
