import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel

/// The schedule as a person reads it at a terminal: days down, hours across,
/// each post marked by its kind (C content, E engagement, P promotion).
public enum WeekView {
    public static func render(_ schedule: Schedule, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let plan = schedule.plan
        var out = "\(plan.name): \(plan.account.name.value), \(plan.period.start) to \(plan.period.end.adding(days: -1)), \(plan.account.timezone.value.identifier)\n"
        out += "           " + (0..<24).map { $0 % 3 == 0 ? String(format: "%02d ", $0) : "   " }.joined() + "\n"
        let byDay = Dictionary(grouping: schedule.posts) { $0.candidate.local.date }
        for date in plan.period.dates {
            var cells = Array(repeating: paint(" · ", "2"), count: 24)
            let posts = byDay[date] ?? []
            for hour in 0..<24 {
                let here = posts.filter { $0.candidate.local.time.hour == hour }
                guard let first = here.first else { continue }
                let letter = String(first.occurrence.kind.rawValue.prefix(1)).uppercased()
                let code = ["C": "32", "E": "36", "P": "35"][letter] ?? "0"
                cells[hour] = " " + paint(letter, "1;" + code) + (here.count > 1 ? "\(here.count)" : " ")
            }
            let label = "\(weekdayName(LocalDateTime(date: date, time: TimeOfDay(hour: 0, minute: 0)))) \(String(format: "%02d", date.day))"
            out += label.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + cells.joined() + "\n"
        }
        out += "           C content  E engagement  P promotion\n"
        return out
    }

    /// One line: the score in the order it is compared.
    public static func scoreLine(_ schedule: Schedule) -> String {
        let score = schedule.score
        let warnings = schedule.violations.filter { $0.severity == .warning }
        let errors = schedule.violations.filter { $0.severity == .error }.count
        var parts = [
            "\(schedule.posts.count) of \(schedule.assignment.count) posts",
            "priority \(score.priority)",
            String(format: "reach %.1f", score.reach),
        ]
        if score.penalty > 0 { parts.append(String(format: "penalty %.1f (%d warning%@)", score.penalty, warnings.count, warnings.count == 1 ? "" : "s")) }
        parts.append(errors == 0 ? "every error rule kept" : "\(errors) error rule break\(errors == 1 ? "" : "s")")
        return parts.joined(separator: " · ")
    }

    /// The posts in order, then the deferred items with reasons.
    public static func list(_ schedule: Schedule) -> String {
        var out = ""
        for entry in schedule.posts {
            let local = entry.candidate.local
            out += "\(weekdayName(local)) \(local.date) \(local.time)  \(entry.occurrence.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                + "\(entry.occurrence.id)  reach \(String(format: "%.1f", entry.candidate.reach))\n"
        }
        for deferral in schedule.deferred {
            out += "deferred   \(deferral.occurrence.id): \(deferral.reason)\n"
        }
        for violation in schedule.violations {
            out += "\(violation.severity.rawValue): [\(violation.ruleID)] \(violation.message)\n"
        }
        return out
    }
}
