import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsReach

/// What `thirds schedule --summary` prints instead of its lines for people.
public enum SummaryFormat: String, Sendable, CaseIterable {
    case markdown
}

/// A short GitHub-flavoured Markdown summary of planned weeks, for
/// `$GITHUB_STEP_SUMMARY` or a pull-request comment: each week's posts as a
/// table, the thirds against their targets, the reach against the old habit
/// per audience, what waits and why, and the rules broken; for several weeks,
/// a trend table first. Every text from a plan is escaped so it reads as
/// text (no HTML, links, emphasis, table cells or mentions of its own) and
/// cut short when long. The same reports give the same bytes.
public enum MarkdownSummary {
    /// Longest texts shown, in characters; a longer one ends in "…".
    public static let postTextLimit = 48
    public static let nameLimit = 60
    public static let messageLimit = 300
    /// Rows shown per week; the schedule file has the rest.
    public static let postRowLimit = 60
    public static let listLimit = 20
    /// Audience columns in the trend table.
    public static let trendAudienceLimit = 6

    public static func render(_ reports: [WeekReport]) -> String {
        var writer = Writer()
        if reports.count > 1 { writer.trend(reports) }
        for report in reports { writer.week(report) }
        writer.legend()
        return writer.out
    }

    /// `text` as Markdown that shows exactly that text, on one line, inside a
    /// table cell or a paragraph: HTML's `<`, `>` and `&` as entities, the
    /// characters Markdown reads (`\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`,
    /// `$`) backslash-escaped, a line break or control character as a space, a
    /// leading `#`, `-`, `+`, `=` or `1.` escaped so it starts no block, and an
    /// invisible word joiner after an `@` or `#` that would otherwise mention
    /// someone or link an issue. Longer than `limit` characters, it is cut and
    /// ends in "…" (`cut` is then true).
    public static func escape(_ text: String, limit: Int? = nil) -> (text: String, cut: Bool) {
        var flat = String(text.map { character -> Character in
            character.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
                || character.isNewline ? " " : character
        })
        var cut = false
        if let limit, flat.count > limit {
            flat = String(flat.prefix(max(0, limit - 1))).trimmingTrailingSpaces() + "…"
            cut = true
        }
        var out = ""
        let characters = Array(flat)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$": out += "\\" + String(character)
            case "@" where next?.isASCIIAlphanumeric == true && (index == 0 || !characters[index - 1].isASCIIWordCharacter):
                // GitHub mentions `@name` after a non-word character (not `a@b`).
                out += "@\u{2060}"
            case "#" where next?.isASCIIDigit == true:
                out += (index == 0 ? "\\#" : "#") + "\u{2060}"
            default:
                // Only first on a line do these start a block: a heading, a
                // list ("-", "+", or "1." and "1)"), a setext underline.
                let starts = index == 0 && "#-+=".contains(character)
                    || ".)".contains(character) && index > 0 && characters[..<index].allSatisfy(\.isASCIIDigit)
                if starts { out += "\\" }
                out.append(character)
            }
        }
        return (out, cut)
    }

    /// Builds the document and notes whether any text was cut short.
    struct Writer {
        var out = ""
        var cut = false

        mutating func text(_ value: String, limit: Int) -> String {
            let escaped = MarkdownSummary.escape(value, limit: limit)
            cut = cut || escaped.cut
            return escaped.text
        }

        mutating func line(_ text: String = "") { out += text + "\n" }

        mutating func table(_ header: [String], alignRight: Set<Int>, _ rows: [[String]]) {
            line("| " + header.joined(separator: " | ") + " |")
            line("|" + header.indices.map { alignRight.contains($0) ? " ---: |" : " --- |" }.joined())
            for row in rows { line("| " + row.joined(separator: " | ") + " |") }
        }

        mutating func trend(_ reports: [WeekReport]) {
            var audiences: [String] = []
            for report in reports {
                for line in report.reach.lines where !audiences.contains(line.audience) { audiences.append(line.audience) }
            }
            let shown = Array(audiences.prefix(MarkdownSummary.trendAudienceLimit))
            let first = reports.map(\.start).min()!, last = reports.map(\.end).max()!
            line("### Trend: \(reports.count) plans, \(first) to \(last)")
            line()
            var header = ["plan", "starts", "posts", "deferred", "errors", "warnings", "score (weighted people)"]
            header += shown.map { text($0, limit: MarkdownSummary.nameLimit) + " reached (habit)" }
            let rows = reports.map { report in
                [text(report.plan, limit: MarkdownSummary.nameLimit), "\(report.start)", "\(report.posts.count)", "\(report.deferred.count)",
                 "\(report.problems.count { $0.severity == .error })", "\(report.problems.count { $0.severity == .warning })",
                 fixed(report.score, 1)]
                    + shown.map { id in
                        report.reach.lines.first { $0.audience == id }
                            .map { "\(ReachSummary.percent($0.planned.share)) (\(ReachSummary.percent($0.habit.share)))" } ?? "—"
                    }
            }
            table(header, alignRight: Set(2..<header.count), rows)
            if audiences.count > shown.count {
                line()
                line("The first \(shown.count) of \(audiences.count) audiences are shown; each plan's section has them all.")
            }
            line()
        }

        mutating func week(_ report: WeekReport) {
            line("### " + text(report.plan, limit: MarkdownSummary.nameLimit))
            line()
            let timezone = text(report.timezone, limit: MarkdownSummary.nameLimit)
            line("\(text(report.account, limit: MarkdownSummary.nameLimit)) · \(report.start) to \(report.end) · times on the account's clock (\(timezone))")
            line()
            let errors = report.problems.count { $0.severity == .error }, warnings = report.problems.count { $0.severity == .warning }
            line("\(report.posts.count) of \(report.items) posts scheduled · score \(fixed(report.score, 1)) weighted people · "
                 + "\(count(errors, "error")), \(count(warnings, "warning"))")
            line()
            posts(report)
            thirds(report)
            reach(report)
            if !report.deferred.isEmpty {
                line("**Deferred** (\(report.deferred.count))")
                line()
                for item in report.deferred.prefix(MarkdownSummary.listLimit) {
                    line("- \(text(item.id, limit: MarkdownSummary.nameLimit)) (\(item.kind.rawValue), \(item.priority.rawValue) priority): "
                         + text(item.reason, limit: MarkdownSummary.messageLimit))
                }
                more(report.deferred.count, "deferred item", "the schedule file lists them all")
                line()
            }
            if !report.problems.isEmpty {
                line("**Errors and warnings** (\(report.problems.count))")
                line()
                let ordered = report.problems.filter { $0.severity == .error } + report.problems.filter { $0.severity != .error }
                for problem in ordered.prefix(MarkdownSummary.listLimit) {
                    let penalty = problem.penalty.map { " (penalty \(fixed($0, 1)) weighted people)" } ?? ""
                    line("- **\(problem.severity.rawValue)** \\[\(text(problem.rule, limit: MarkdownSummary.nameLimit))\\] "
                         + text(problem.message, limit: MarkdownSummary.messageLimit) + penalty)
                }
                more(report.problems.count, "finding", "the schedule file lists them all")
                line()
            }
        }

        mutating func posts(_ report: WeekReport) {
            guard !report.posts.isEmpty else {
                line("No posts scheduled.")
                line()
                return
            }
            let rows = report.posts.prefix(MarkdownSummary.postRowLimit).map { post in
                let copies = post.copies.map { copy in
                    text(copy.channel, limit: MarkdownSummary.nameLimit) + " "
                        + (copy.local.date == post.local.date ? "" : day(copy.local.date) + " ") + "\(copy.local.time)"
                }
                return [day(post.local.date), "\(post.local.time)", ([text(post.channel, limit: MarkdownSummary.nameLimit)] + copies).joined(separator: "; "),
                        post.kind.rawValue, text(post.id, limit: MarkdownSummary.nameLimit), text(post.text, limit: MarkdownSummary.postTextLimit),
                        fixed(post.people, 1)]
            }
            table(["day", "time", "channel", "kind", "post", "text", "people reached"], alignRight: [6], Array(rows))
            more(report.posts.count, "post", "the schedule file lists them all", limit: MarkdownSummary.postRowLimit)
            line()
        }

        mutating func thirds(_ report: WeekReport) {
            line("**Thirds**: posts by kind against the rule's targets")
            line()
            table(["kind", "posts", "share", "target"], alignRight: [1, 2, 3], report.shares.map { share in
                [share.kind.rawValue, "\(share.count)", ReachSummary.percent(share.share), share.target.map(ReachSummary.percent) ?? "—"]
            })
            line()
        }

        mutating func reach(_ report: WeekReport) {
            let summary = report.reach
            let span = summary.days == 7 ? "this week" : "in these \(summary.days) days"
            let posts = summary.habitInstants.count
            line("**Reach against the old habit**, \(text(summary.habit.text, limit: MarkdownSummary.nameLimit)) (\(count(posts, "post")) \(span))")
            line()
            guard !summary.lines.isEmpty else {
                line("The plan names no audiences.")
                line()
                return
            }
            table(["audience", "members", "reached: planned", "reached: habit", "reads per member: planned", "reads per member: habit", "planned ÷ habit"],
                  alignRight: Set(1...6), summary.lines.map { line in
                      [text(line.audience, limit: MarkdownSummary.nameLimit), number(line.size),
                       "\(ReachSummary.percent(line.planned.share)) (\(fixed(line.planned.people, 1)) people)",
                       "\(ReachSummary.percent(line.habit.share)) (\(fixed(line.habit.people, 1)) people)",
                       fixed(line.planned.reads, 2), fixed(line.habit.reads, 2), line.ratio.map { fixed($0, 1) + "×" } ?? "—"]
                  })
            line()
        }

        /// "… and 3 more posts (the schedule file lists them all)" under a list cut at its limit.
        mutating func more(_ total: Int, _ noun: String, _ whereElse: String, limit: Int = MarkdownSummary.listLimit) {
            guard total > limit else { return }
            line()
            line("… and \(count(total - limit, "more " + noun)) (\(whereElse)).")
        }

        mutating func legend() {
            var text = "_People reached: the members of a post's audiences expected to see it (n · p, with p one member's chance). "
                + "Reached: the share of an audience's members who see at least one post, 1 − Π(1 − p). "
                + "Reads per member: the posts an average member sees, Σ p. "
                + "Score: Σ priority × w · n · p less the warnings' penalties, in weighted people (each person counted by the audience's weight w)._"
            if cut { text += " _A text that ends in … is cut short; the schedule file has it whole._" }
            line(text)
        }
    }

    /// `value` with `digits` decimals, never "-0.0".
    static func fixed(_ value: Double, _ digits: Int) -> String {
        let text = String(format: "%.\(digits)f", value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// A count of members: whole when whole.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : fixed(value, 1)
    }

    static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Mon 30 Nov".
    static func day(_ date: LocalDate) -> String {
        "\(weekdays[date.isoWeekday - 1]) \(date.day) \(months[date.month - 1])"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
    fileprivate var isASCIIWordCharacter: Bool { isASCIIAlphanumeric || self == "_" }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
