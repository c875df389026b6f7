import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsReach

/// The schedule as a person reads it at a terminal: days down, hours across,
/// one lane per channel (X, then LinkedIn, then the blog), each post marked
/// by its kind (C content, E engagement, P promotion).
public enum WeekView {
    /// Something that goes out on another channel than the post's own: a
    /// LinkedIn copy or a blog article. Its time comes from the cross-posting
    /// export, a layer above this one, which hands these in.
    public struct Copy: Sendable, Equatable {
        public var channel: String
        public var instant: Date
        /// The post's kind letter (C, E, P), or D for the blog's weekly digest.
        public var mark: String
        /// The post copied (its occurrence id), or "weekly digest".
        public var of: String

        public init(channel: String, instant: Date, mark: String, of: String) {
            self.channel = channel
            self.instant = instant
            self.mark = mark
            self.of = of
        }
    }

    /// The first letter of a kind, upper case: C, E or P.
    public static func letter(_ kind: ItemKind) -> String { String(kind.rawValue.prefix(1)).uppercased() }

    /// Width of the day and lane labels before the first hour.
    static let labelWidth = 16

    public static func render(_ schedule: Schedule, color: Bool, copies: [Copy] = []) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
        let plan = schedule.plan
        let clock = plan.account.clock
        let account = TerminalText.escaped(plan.account.name.value)
        let zone = plan.account.timezone.value.identifier
        // A post drawn from the library is marked in lower case (c, e, p).
        var marks = schedule.posts.map { (channel: $0.occurrence.item.channel.value, local: $0.candidate.local,
                                          mark: $0.occurrence.item.library == nil ? letter($0.occurrence.kind) : letter($0.occurrence.kind).lowercased(),
                                          of: $0.occurrence.id) }
        marks += copies.map { (channel: $0.channel, local: clock.local($0.instant), mark: $0.mark, of: $0.of) }
        let lanes = laneOrder(Set(marks.map(\.channel)))
        let byLaneAndDay = Dictionary(grouping: marks) { "\($0.channel) \($0.local.date)" }
        let indent = String(repeating: " ", count: labelWidth)

        var out = "\(TerminalText.escaped(plan.name)): \(account), \(plan.period.start) to \(plan.period.end.adding(days: -1)), \(zone)\n"
        out += indent + (0..<24).map { $0 % 3 == 0 ? String(format: "%02d ", $0) : "   " }.joined() + "\n"
        for date in plan.period.dates {
            for (index, lane) in lanes.enumerated() {
                var cells = Array(repeating: paint(" · ", "2"), count: 24)
                let here = byLaneAndDay["\(lane) \(date)"] ?? []
                for hour in 0..<24 {
                    let inHour = here.filter { $0.local.time.hour == hour }
                    guard let first = inHour.first else { continue }
                    let code = ["C": "32", "E": "36", "P": "35", "D": "33"][first.mark.uppercased()] ?? "0"
                    cells[hour] = " " + paint(first.mark, "1;" + code) + (inHour.count > 1 ? "\(min(inHour.count, 9))" : " ")
                }
                let day = index == 0 ? "\(weekdayName(LocalDateTime(date: date, time: TimeOfDay(hour: 0, minute: 0)))) \(String(format: "%02d", date.day))" : ""
                out += pad(pad(day, 7) + laneName(lane), labelWidth) + cells.joined() + "\n"
            }
        }
        // A copy can go out after the week (a Sunday post's LinkedIn copy on Monday): said, not dropped.
        let days = Set(plan.period.dates)
        for mark in marks where !days.contains(mark.local.date) {
            out += "  after the week: \(laneName(mark.channel)) \(mark.mark) (\(TerminalText.escaped(mark.of))) \(weekdayName(mark.local)) \(mark.local.date) \(mark.local.time)\n"
        }
        let libraries = Set(schedule.posts.compactMap { $0.occurrence.item.library?.name }).sorted()
        out += legend(lanes: lanes, digest: copies.contains { $0.mark == "D" }, account: account, zone: zone, libraries: libraries)
            .map { "  " + $0 + "\n" }.joined()
        return out
    }

    /// X first, then LinkedIn, then the blog, then any other channel by name;
    /// an empty week still has its X lane.
    static func laneOrder(_ channels: Set<String>) -> [String] {
        let known = ["x", "linkedin", "blog"]
        let lanes = known.filter(channels.contains) + channels.subtracting(known).sorted()
        return lanes.isEmpty ? ["x"] : lanes
    }

    static func laneName(_ channel: String) -> String {
        switch channel {
        case "x": "X"
        case "linkedin": "LinkedIn"
        default: TerminalText.escaped(channel)
        }
    }

    static func legend(lanes: [String], digest: Bool, account: String, zone: String, libraries: [String] = []) -> [String] {
        var kinds = "C content  E engagement  P promotion"
        if digest { kinds += "  D weekly digest" }
        kinds += "  C2 two in one hour"
        if !libraries.isEmpty { kinds += "  c e p drawn from the library (\(libraries.map(TerminalText.escaped).joined(separator: ", ")))" }
        let channels = lanes.map { lane in
            switch lane {
            case "x": "X posts"
            case "linkedin": "LinkedIn posts and copies"
            case "blog": "blog articles"
            default: "\(laneName(lane)) posts"
            }
        }
        return [kinds,
                "Lanes: " + channels.joined(separator: ", ") + "; each mark in the hour it goes out.",
                "Times: \(account)'s clock (\(zone)), one column per hour.",
                "Score: weighted people, the people expected to see each post times their",
                "audience's weight and the post's priority weight (high 4, normal 2, low 1)."]
    }

    /// One line: the score in the order it is compared, its reach in weighted people.
    public static func scoreLine(_ schedule: Schedule) -> String {
        let score = schedule.score
        let warnings = schedule.violations.filter { $0.severity == .warning }
        let errors = schedule.violations.filter { $0.severity == .error }.count
        var parts = [
            "\(schedule.posts.count) of \(schedule.assignment.count) posts",
        ]
        let drawn = schedule.posts.filter { $0.occurrence.item.library != nil }.count
        if drawn > 0 { parts.append("\(drawn) from the library") }
        parts += [
            "priority \(score.priority)",
            String(format: "score %.1f weighted people", score.reach),
        ]
        if score.penalty > 0 { parts.append(String(format: "penalty %.1f (%d warning%@)", score.penalty, warnings.count, warnings.count == 1 ? "" : "s")) }
        parts.append(errors == 0 ? "every error rule kept" : "\(errors) error rule break\(errors == 1 ? "" : "s")")
        return parts.joined(separator: " · ")
    }

    /// Each audience in words against the old habit, one indented line each:
    /// "  uk: 61% see at least one post this week (habit: 23%) · 0.94 reads
    /// per member, 3.6× the habit" (reads per member are Σ p; the ratio is of them).
    public static func reachLines(_ schedule: Schedule) -> String {
        let summary = ReachSummary(schedule)
        return summary.lines.map { line in
            var text = summary.sentence(line) + String(format: " · %.2f reads per member", line.planned.reads)
            text += line.ratio.map { String(format: ", %.1f× the habit", $0) } ?? " (the habit: none)"
            return "  " + TerminalText.escaped(text) + "\n"
        }.joined()
    }

    /// The posts in order, then the deferred items with reasons.
    public static func list(_ schedule: Schedule) -> String {
        var out = ""
        for entry in schedule.posts {
            let local = entry.candidate.local
            let people = schedule.problem.parts(of: entry.occurrence, at: entry.candidate).map { $0.audience.size * $0.probability }.reduce(0, +)
            out += "\(weekdayName(local)) \(local.date) \(local.time)  \(entry.occurrence.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) "
                + "\(entry.occurrence.id)" + (entry.occurrence.item.library.map { " (library \(TerminalText.escaped($0.name)))" } ?? "")
                + "  \(String(format: "%.1f", people)) people, \(String(format: "%.1f", entry.candidate.reach)) weighted\n"
        }
        for deferral in schedule.deferred {
            out += "deferred   \(deferral.occurrence.id): \(TerminalText.escaped(deferral.reason))\n"
        }
        for violation in schedule.violations {
            out += "\(violation.severity.rawValue): [\(violation.ruleID)] \(TerminalText.escaped(violation.message))\n"
        }
        return out
    }
}
