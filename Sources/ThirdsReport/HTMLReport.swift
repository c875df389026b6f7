import Foundation
import Plot
import ThirdsCore
import ThirdsModel
import ThirdsReach

/// `thirds report`'s page: one self-contained HTML file (inline CSS and SVG,
/// system fonts, no script, a Content-Security-Policy that forbids every
/// load), built with Plot. The same reports give the same bytes: nothing
/// here reads the clock, the time zone of the machine or its locale.
public enum HTMLReport {
    /// What the page says about where it comes from.
    public struct Source: Sendable {
        /// The plan, directory or schedule file, as the user named it.
        public var path: String
        /// How the schedule was made: "solved with seed 1" or "read from the schedule file".
        public var how: String
        /// SOURCE_DATE_EPOCH, when set; the page never says "now" otherwise.
        public var generatedAt: Date?

        public init(path: String, how: String, generatedAt: Date?) {
            self.path = path
            self.how = how
            self.generatedAt = generatedAt
        }
    }

    /// Forbids every load: no script, no image, no font, no frame, no form
    /// target, nothing but the page's own inline styles.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

    /// The page of one week, or of a directory's weeks (a section each, after
    /// a trend across them).
    public static func render(_ reports: [WeekReport], source: Source) -> String {
        let folder = source.path.count > 1 && source.path.hasSuffix("/") ? String(source.path.dropLast()) : source.path
        let title = reports.count == 1 ? "\(reports[0].plan): \(reports[0].account)'s week" : "\(folder): \(reports.count) weeks"
        let head: [Node<HTML.HeadContext>] = [
            .meta(.charset(.utf8)),
            .meta(.attribute(named: "http-equiv", value: "Content-Security-Policy"), .content(contentSecurityPolicy)),
            .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
            .meta(.name("generator"), .content("thirds \(Thirds.version)")),
            .element(named: "title", nodes: [Node<HTML.HeadContext>.plain(title)]),
            .style(css),
        ]
        var body: [Body] = [.element(named: "header", nodes: [
            Body.h1(.plain(title)),
            Body.p(.class("muted"), .plain(subtitle(reports, source: source))),
        ])]
        if reports.count > 1 {
            body.append(contents(reports))
            body.append(trend(reports))
        }
        for (index, report) in reports.enumerated() { body.append(week(report, index: index, alone: reports.count == 1)) }
        body.append(.footer(.p(.class("muted"), .plain(footer(source)))))
        let html = HTML(.lang(.english), .head(.group(head)), .body(.element(named: "main", nodes: body)))
        return html.render() + "\n"
    }

    static func subtitle(_ reports: [WeekReport], source: Source) -> String {
        guard let first = reports.first, let last = reports.last else { return "no plans" }
        let accounts = Array(Set(reports.map(\.account))).sorted().joined(separator: ", ")
        return "\(accounts) · \(Dates.long(first.start)) to \(Dates.long(last.end)) · times on the account's clock (\(first.timezone)) unless marked"
    }

    static func footer(_ source: Source) -> String {
        var text = "Written by thirds \(Thirds.version) from \(source.path), \(source.how)."
        if let at = source.generatedAt { text += " As of \(LocalDateTime(wall: at).description(withSeconds: true))Z." }
        return text
    }

    // MARK: A week

    static func week(_ report: WeekReport, index: Int, alone: Bool) -> Body {
        var nodes: [Body] = [.attr("id", "week-\(report.plan)"), .attr("data-plan", report.plan)]
        if !alone {
            nodes.append(.h2(.plain("\(report.plan): \(Dates.long(report.start)) to \(Dates.long(report.end))")))
        }
        nodes += [
            summary(report),
            lanes(report),
            clocks(report),
            thirds(report),
            daily(report),
            reach(report),
            postList(report),
            deferred(report),
            findings(report),
        ]
        return .element(named: "section", nodes: [Body.class("week")] + nodes)
    }

    static func summary(_ report: WeekReport) -> Body {
        let lines = report.reach.lines.map { line -> ListItem in .li(.plain(report.reach.sentence(line))) }
        return .div(.class("summary"),
                    .p(.class("score"), .strong(.plain("\(report.posts.count) of \(report.items) posts")), .plain(" · score "),
                       .strong(.plain(Numbers.fixed(report.score, 1))), .plain(" weighted people")),
                    .p(.class("note"), .plain(scoreUnit)),
                    .ul(.class("headline"), .group(lines)))
    }

    /// Said wherever the score appears.
    static let scoreUnit = "Weighted people: for each post, the people of each audience expected to see it (members × chance) "
        + "times the audience's weight and the post's priority weight (high 4, normal 2, low 1), added up, less the penalties of "
        + "the warnings the schedule breaks. It is what the scheduler maximises; compare it only between schedules of one plan."

    // MARK: The week, one lane per channel

    static func lanes(_ report: WeekReport) -> Body {
        let dates = report.dates
        // A copy can go out after the period (LinkedIn waits for its weekday
        // window) or before it (a blog's lead): it gets a column of its own.
        let copyDates = report.posts.flatMap { $0.copies.map(\.local.date) }
        var columns: [(label: String, key: String, holds: (LocalDate) -> Bool)] = []
        if copyDates.contains(where: { $0 < report.start }) { columns.append(("Before", "before", { $0 < report.start })) }
        columns += dates.map { date in (Dates.short(date), date.description, { $0 == date }) }
        if copyDates.contains(where: { $0 > report.end }) { columns.append(("After", "after", { $0 > report.end })) }
        var grid: [Body] = [.class("lanes"), .attr("style", "--days:\(columns.count)")]
        for (row, channel) in report.channels.enumerated() {
            grid.append(.div(.class("ln"), .attr("style", "grid-area:\(row + 2)/1"), .plain(Names.channel(channel))))
        }
        for (column, heading) in columns.enumerated() {
            var day: [Body] = [.class(column >= columns.count - 3 && columns.count > 3 ? "day late" : "day"), .attr("data-date", heading.key),
                               .div(.class("dh"), .attr("style", "grid-area:1/\(column + 2)"), .plain(heading.label))]
            for (row, channel) in report.channels.enumerated() {
                var cell: [Body] = [.class("cell"), .attr("style", "grid-area:\(row + 2)/\(column + 2)"), .attr("data-channel", channel),
                                    .span(.class("ch"), .plain(Names.channel(channel)))]
                var entries: [(Date, String, Body)] = []
                for post in report.posts where post.channel == channel && heading.holds(post.local.date) {
                    entries.append((post.instant, post.id, postMark(post, report: report)))
                }
                for post in report.posts {
                    for copy in post.copies where copy.channel == channel && heading.holds(copy.local.date) {
                        entries.append((copy.instant, post.id, copyMark(copy, of: post, report: report, dated: !dates.contains(copy.local.date))))
                    }
                }
                let sorted = entries.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                cell += sorted.isEmpty ? [.span(.class("none"), .plain("–"))] : sorted
                day.append(.div(.group(cell)))
            }
            grid.append(.div(.group(day)))
        }
        return .element(named: "section", nodes: [
            Body.class("channels"),
            .h3(.plain("The week on the account's clock (\(report.timezone))")),
            legend(),
            // Not in a scrolling box: that would clip the posts' pop-ups.
            .div(.group(grid)),
            .p(.class("note"), .plain("Tap or hover a post for its text, its audiences and the people it reaches. "
                + "A dashed mark is the same post's copy on another channel, at that channel's own time.")),
        ])
    }

    static func legend() -> Body {
        let swatches = ItemKind.allCases.map { kind -> Body in
            .span(.class("k-\(kind.rawValue)"), .span(.class("sw")), .plain(kind.rawValue))
        }
        return .p(.class("legend"), .plain("Kinds:"), .group(swatches))
    }

    /// One element per scheduled post, carrying its id and UTC time for
    /// anything that reads the page (the CI checks them against the schedule).
    static func postMark(_ post: WeekReport.Post, report: WeekReport) -> Body {
        let utc = Dates.utc(post.instant)
        let people = post.people
        var detail: [Body] = [
            .class("detail"),
            .p(.class("txt"), .plain(post.text)),
            .p(.class("muted"), .plain("\(post.id) · \(post.kind.rawValue) · priority \(post.priority.rawValue) · \(Names.channel(post.channel)) · \(post.localText)")),
            audienceTable(post),
            .p(.plain("About \(Numbers.people(people)) people see it; \(Numbers.fixed(post.score * Double(post.priority.weight), 1)) weighted people in the score "
                      + "(\(Numbers.fixed(post.score, 1)) × priority weight \(post.priority.weight)).")),
        ]
        if !post.copies.isEmpty {
            let copies = post.copies.map { "\(Names.channel($0.channel)) \(Dates.weekdayTime($0.local))" }.joined(separator: ", ")
            detail.append(.p(.plain("Also on \(copies).")))
        }
        return .details(.class("post k-\(post.kind.rawValue)"), .attr("data-post-id", post.id), .attr("data-time", utc),
                        .attr("data-kind", post.kind.rawValue), .attr("data-channel", post.channel),
                        .summary(.attr("title", "\(post.local.time) \(post.id): \(post.text)"),
                                 .element(named: "time", nodes: [Body.attr("datetime", utc), .plain(post.local.time.description)]),
                                 .plain(" "), .span(.class("id"), .plain(post.id))),
                        .element(named: "div", nodes: detail))
    }

    static func copyMark(_ copy: WeekReport.Copy, of post: WeekReport.Post, report: WeekReport, dated: Bool) -> Body {
        let utc = Dates.utc(copy.instant)
        let label = dated ? "\(Dates.short(copy.local.date)) \(copy.local.time)" : copy.local.time.description
        return .details(.class("copy k-\(post.kind.rawValue)"), .attr("data-copy-of", post.id), .attr("data-copy-time", utc),
                        .attr("data-channel", copy.channel),
                        .summary(.attr("title", "\(label) \(post.id) on \(Names.channel(copy.channel)): \(post.text)"),
                                 .element(named: "time", nodes: [Body.attr("datetime", utc), .plain(label)]),
                                 .plain(" "), .span(.class("id"), .plain(post.id))),
                        .div(.class("detail"),
                             .p(.class("txt"), .plain(post.text)),
                             .p(.class("muted"), .plain("The \(Names.channel(copy.channel)) copy of \(post.id) (\(Names.channel(post.channel)) "
                                                        + "\(Dates.weekdayTime(post.local))), going out \(Dates.weekdayTime(copy.local)).")),
                             .p(.plain("The audiences' figures are the \(Names.channel(post.channel)) post's."))))
    }

    static func audienceTable(_ post: WeekReport.Post) -> Body {
        let rows = post.audiences.map { part -> TableRows in
            .tr(.td(.plain(part.audience)), .td(.plain(Dates.clockText(part.localText))), .td(.class("n"), .plain(Numbers.percent(part.probability))),
                .td(.class("n"), .plain(Numbers.people(part.people))))
        }
        return .div(.class("scroll"), .table(.class("aud"),
                      .thead(.tr(.th(.plain("audience")), .th(.plain("their time")), .th(.class("n"), .attr("title", "the chance that one member sees it"), .plain("chance")),
                                 .th(.class("n"), .plain("people")))),
                      .tbody(.group(rows))))
    }

    // MARK: Each audience's clock

    static func clocks(_ report: WeekReport) -> Body {
        let peak = report.audiences.flatMap { $0.hours.map(\.rate) }.max() ?? 0
        let strips = report.audiences.map { audience in strip(audience, report: report, peak: peak) }
        return .element(named: "section", nodes: [
            Body.class("clocks"),
            .h3(.plain("Each audience's clock")),
            .p(.class("note"), .plain("One strip per audience across the period, hour by hour: the day and hour on the audience's own clock above, "
                + "how often a member checks the timeline in that hour as the colour (darker is more), each post for the audience as a mark "
                + "(hover for its figures), and the old habit's posts as grey ticks below.")),
            heatLegend(peak),
            .group(strips),
        ])
    }

    static let hourWidth = 6.0

    static func strip(_ audience: WeekReport.Audience, report: WeekReport, peak: Double) -> Body {
        let width = Double(audience.hours.count) * hourWidth
        var svg: [Node<SVG>] = [
            .attr("viewBox", "0 0 \(Numbers.coordinate(width)) 70"), .attr("role", "img"),
            .attr("aria-label", "\(audience.id): activity on their clock (\(audience.timezone)) and the posts for them"),
        ]
        // Local midnights and noons on the audience's clock, labelled.
        for (index, hour) in audience.hours.enumerated() where hour.local.time.minute == 0 && (hour.local.time.hour == 0 || hour.local.time.hour == 12) {
            let x = Double(index) * hourWidth
            let midnight = hour.local.time.hour == 0
            svg.append(.element(named: "line", nodes: [.attr("x1", Numbers.coordinate(x)), .attr("x2", Numbers.coordinate(x)), .attr("y1", midnight ? "2" : "9"),
                                                        .attr("y2", "48"), .attr("class", midnight ? "mid" : "noon")]))
            let label = midnight ? "\(Dates.weekday(hour.local.date)) \(hour.local.date.day)" : "12:00"
            svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(x + 2)), .attr("y", "11"), .attr("class", midnight ? "dl" : "hr"), .plain(label)]))
        }
        for (index, hour) in audience.hours.enumerated() {
            svg.append(.element(named: "rect", nodes: [
                .attr("x", Numbers.coordinate(Double(index) * hourWidth)), .attr("y", "14"), .attr("width", Numbers.coordinate(hourWidth)),
                .attr("height", "30"), .attr("fill", Heat.color(hour.rate, peak: peak)),
            ]))
        }
        let seconds = max(1, report.endInstant.timeIntervalSince(report.startInstant))
        func x(_ instant: Date) -> String { Numbers.coordinate(instant.timeIntervalSince(report.startInstant) / seconds * width) }
        for post in report.posts {
            guard let part = post.audiences.first(where: { $0.audience == audience.id }) else { continue }
            let at = x(post.instant)
            svg.append(.element(named: "g", nodes: [
                .attr("class", "pm k-\(post.kind.rawValue)"), .attr("data-of", post.id),
                .element(named: "title", nodes: [Node<SVG>.plain("\(post.id) at \(Dates.clockText(part.localText)) their time: chance \(Numbers.percent(part.probability)), "
                                                                   + "about \(Numbers.people(part.people)) people")]),
                .element(named: "line", nodes: [.attr("x1", at), .attr("x2", at), .attr("y1", "14"), .attr("y2", "44")]),
                .element(named: "circle", nodes: [.attr("cx", at), .attr("cy", "14"), .attr("r", "3.5")]),
            ]))
        }
        for instant in report.reach.habitInstants {
            let at = x(instant)
            let local = report.clock.local(instant)
            svg.append(.element(named: "line", nodes: [
                .attr("class", "hb"), .attr("x1", at), .attr("x2", at), .attr("y1", "50"), .attr("y2", "60"),
                .element(named: "title", nodes: [Node<SVG>.plain("the habit: \(Dates.weekdayTime(local)) on the account's clock")]),
            ]))
        }
        svg.append(.element(named: "text", nodes: [.attr("x", "1"), .attr("y", "68"), .attr("class", "hr"), .plain("habit")]))
        let line = report.reach.lines.first { $0.audience == audience.id }
        let caption = "\(audience.id): \(Numbers.people(audience.size)) members, \(audience.timezone), weight \(Numbers.trimmed(audience.weight))"
            + (line.map { " · " + String(report.reach.sentence($0).dropFirst(audience.id.count + 2)) } ?? "")
        return .element(named: "figure", nodes: [
            Body.class("strip"), .attr("data-audience", audience.id),
            .element(named: "figcaption", nodes: [Body.plain(caption)]),
            .div(.class("scroll"), .element(named: "svg", nodes: svg)),
        ])
    }

    static func heatLegend(_ peak: Double) -> Body {
        let steps = 6
        let swatches = (0..<steps).map { step -> Body in
            let rate = peak * Double(step) / Double(steps - 1)
            return .span(.class("hs"), .span(.class("sw"), .attr("style", "background:\(Heat.color(rate, peak: peak))")), .plain(Numbers.fixed(rate, 2)))
        }
        return .p(.class("legend"), .plain("Checks per member per hour:"), .group(swatches))
    }

    // MARK: Thirds, days

    static func thirds(_ report: WeekReport) -> Body {
        let rows = report.shares.map { share -> TableRows in
            let target = share.target.map { Numbers.percent($0) } ?? "–"
            var bar: [Body] = [.class("bar"), .span(.class("fill k-\(share.kind.rawValue)"), .attr("style", "width:\(Numbers.fixed(share.share * 100, 1))%"))]
            if let goal = share.target { bar.append(.span(.class("goal"), .attr("style", "left:\(Numbers.fixed(goal * 100, 1))%"))) }
            return .tr(.td(.span(.class("k-\(share.kind.rawValue)"), .span(.class("sw")), .plain(share.kind.rawValue))), .td(.class("n"), .plain("\(share.count)")),
                       .td(.class("n"), .plain(Numbers.percent(share.share))), .td(.class("n"), .plain(target)), .td(.class("barcell"), .div(.group(bar))))
        }
        return .element(named: "section", nodes: [
            Body.class("thirds"),
            .h3(.plain("The thirds")),
            .div(.class("scroll"), .table(.thead(.tr(.th(.plain("kind")), .th(.class("n"), .plain("posts")), .th(.class("n"), .plain("planned share")), .th(.class("n"), .plain("target")), .th(.plain("share (line: target)")))),
                   .tbody(.group(rows)))),
        ])
    }

    static func daily(_ report: WeekReport) -> Body {
        let most = max(1, report.daily.map(\.total).max() ?? 1)
        let rows = report.daily.map { day -> TableRows in
            let cells = day.counts.map { count -> Row in .td(.class("n"), .plain("\(count)")) }
            let segments = zip(ItemKind.allCases, day.counts).filter { $0.1 > 0 }.map { kind, count -> Body in
                .span(.class("fill k-\(kind.rawValue)"), .attr("style", "width:\(Numbers.fixed(Double(count) / Double(most) * 100, 1))%"))
            }
            return .tr(.td(.plain(Dates.short(day.date))), .group(cells), .td(.class("n"), .strong(.plain("\(day.total)"))),
                       .td(.class("barcell"), .div(.class("bar stack"), .group(segments))))
        }
        let heads = ItemKind.allCases.map { kind -> Row in .th(.class("n"), .plain(kind.rawValue)) }
        return .element(named: "section", nodes: [
            Body.class("daily"),
            .h3(.plain("Posts per day")),
            .div(.class("scroll"), .table(.thead(.tr(.th(.plain("day")), .group(heads), .th(.class("n"), .plain("total")), .th(.plain("")))), .tbody(.group(rows)))),
            .p(.class("note"), .plain("Posts on their own channel, on the account's clock; LinkedIn and blog copies are not counted again.")),
        ])
    }

    // MARK: Reach against the habit

    static func reach(_ report: WeekReport) -> Body {
        let summary = report.reach
        let rows = summary.lines.map { line -> TableRows in
            let ratio = line.ratio.map { "×\(Numbers.fixed($0, 2))" } ?? "–"
            return .tr(.attr("data-audience", line.audience),
                       .th(.plain(line.audience)), .td(.class("n"), .plain(Numbers.people(line.size))),
                       .td(.class("n"), .plain("\(line.planned.posts)")), .td(.class("n old"), .plain("\(line.habit.posts)")),
                       .td(.class("n"), .plain(Numbers.fixed(line.planned.reads, 2))), .td(.class("n old"), .plain(Numbers.fixed(line.habit.reads, 2))),
                       .td(.class("n"), .plain(ReachSummary.percent(line.planned.share))), .td(.class("n old"), .plain(ReachSummary.percent(line.habit.share))),
                       .td(.class("n"), .plain(Numbers.people(line.planned.people))), .td(.class("n old"), .plain(Numbers.people(line.habit.people))),
                       .td(.class("n"), .plain(Numbers.fixed(line.planned.readsPerFortnight, 2))), .td(.class("n old"), .plain(Numbers.fixed(line.habit.readsPerFortnight, 2))),
                       .td(.class("n"), .plain(ReachSummary.percent(line.planned.sharePerFortnight))),
                       .td(.class("n old"), .plain(ReachSummary.percent(line.habit.sharePerFortnight))),
                       .td(.class("n"), .strong(.plain(ratio))))
        }
        func pair(_ name: String) -> Row { .th(.attr("colspan", "2"), .plain(name)) }
        let sub = (0..<6).flatMap { _ -> [Row] in [.th(.plain("plan")), .th(.class("old"), .plain("habit"))] }
        let span = summary.days == 7 ? "the week" : "these \(summary.days) days"
        return .element(named: "section", nodes: [
            Body.class("reach"),
            .h3(.plain("Reach against the old habit")),
            .p(.plain("The habit: \(summary.habit.text) on the account's clock (\(report.timezone)), \(summary.habitInstants.count) posts in \(span), "
                      + "each for every audience. The plan's posts count for the audiences they name.")),
            .div(.class("scroll"), .table(
                .thead(.tr(.th(.attr("rowspan", "2"), .plain("audience")), .th(.attr("rowspan", "2"), .plain("members")), pair("posts"),
                           pair("reads per member"), pair("share reached"), pair("people reached"), pair("reads per fortnight"),
                           pair("share per fortnight"), .th(.attr("rowspan", "2"), .plain("reads ÷ habit's"))),
                       .tr(.group(sub))),
                .tbody(.group(rows)))),
            .p(.class("note"), .plain("Reads per member: Σp, the posts an average member sees. Share reached: 1 − Π(1 − p), the members who see at least "
                + "one post, posts taken as independent; people reached: that share of the members. Per fortnight: the same over 14 days, the period "
                + "repeated. p is one member's chance of seeing a post (docs/reach-model.md).")),
        ])
    }

    static func postList(_ report: WeekReport) -> Body {
        let rows = report.posts.map { post -> TableRows in
            .tr(.td(.plain(Dates.weekdayTime(post.local))), .td(.plain(Names.channel(post.channel))),
                .td(.span(.class("k-\(post.kind.rawValue)"), .span(.class("sw")), .plain(post.kind.rawValue))),
                .td(.plain(post.id)), .td(.class("text"), .plain(post.text)), .td(.class("n"), .plain(Numbers.people(post.people))),
                .td(.class("n"), .plain(Numbers.fixed(post.score * Double(post.priority.weight), 1))))
        }
        return .element(named: "section", nodes: [
            Body.class("posts"),
            .h3(.plain("Every post")),
            .div(.class("scroll"), .table(
                .thead(.tr(.th(.plain("when")), .th(.plain("channel")), .th(.plain("kind")), .th(.plain("post")), .th(.plain("text")),
                           .th(.class("n"), .plain("people")), .th(.class("n"), .plain("score (weighted people)")))),
                .tbody(.group(rows)))),
        ])
    }

    static func deferred(_ report: WeekReport) -> Body {
        let content: Body
        if report.deferred.isEmpty {
            content = .p(.plain("Nothing waits: every item is scheduled."))
        } else {
            let rows = report.deferred.map { item -> TableRows in
                .tr(.td(.plain(item.id)), .td(.span(.class("k-\(item.kind.rawValue)"), .span(.class("sw")), .plain(item.kind.rawValue))),
                    .td(.plain(item.priority.rawValue)), .td(.class("text"), .plain(item.reason)))
            }
            content = .table(.thead(.tr(.th(.plain("item")), .th(.plain("kind")), .th(.plain("priority")), .th(.plain("why it waits")))), .tbody(.group(rows)))
        }
        return .element(named: "section", nodes: [Body.class("deferred"), .h3(.plain("Deferred")), content])
    }

    static func findings(_ report: WeekReport) -> Body {
        let content: Body
        if report.problems.isEmpty {
            content = .p(.plain("The schedule breaks no rule."))
        } else {
            let items = report.problems.map { problem -> ListItem in
                let penalty = problem.penalty.map { " (penalty \(Numbers.fixed($0, 2)) weighted people)" } ?? ""
                return .li(.class(problem.severity.rawValue), .span(.class("sev"), .plain(problem.severity.rawValue)), .plain(" "),
                           .code(.plain(problem.rule)), .plain(" \(problem.message)\(penalty)"))
            }
            content = .ul(.class("findings"), .group(items))
        }
        return .element(named: "section", nodes: [Body.class("problems"), .h3(.plain("Findings")), content])
    }

    // MARK: A directory: contents and trend

    static func contents(_ reports: [WeekReport]) -> Body {
        let items = reports.map { report -> ListItem in
            .li(.a(.attr("href", "#week-\(report.plan)"), .plain("\(report.plan): \(Dates.long(report.start)) to \(Dates.long(report.end))")))
        }
        return .nav(.class("toc"), .ol(.group(items)))
    }

    static func trend(_ reports: [WeekReport]) -> Body {
        var audiences: [String] = []
        for report in reports { for line in report.reach.lines where !audiences.contains(line.audience) { audiences.append(line.audience) } }
        let heads = audiences.map { audience -> Row in .th(.class("n"), .plain(audience)) }
        let rows = reports.map { report -> TableRows in
            let cells = audiences.map { audience -> Row in
                guard let line = report.reach.lines.first(where: { $0.audience == audience }) else { return .td(.plain("–")) }
                return .td(.class("n"), .plain(ReachSummary.percent(line.planned.share)), .span(.class("old"), .plain(" (\(ReachSummary.percent(line.habit.share)))")))
            }
            return .tr(.attr("data-plan", report.plan), .th(.a(.attr("href", "#week-\(report.plan)"), .plain(report.plan))), .td(.plain(Dates.long(report.start))),
                       .td(.class("n"), .plain("\(report.posts.count)")), .td(.class("n"), .plain("\(report.deferred.count)")), .td(.class("n"), .plain(Numbers.fixed(report.score, 1))),
                       .group(cells))
        }
        return .element(named: "section", nodes: [
            Body.class("trend"),
            .h2(.plain("Across the weeks")),
            trendChart(reports, audiences: audiences),
            .div(.class("scroll"), .table(
                .thead(.tr(.th(.plain("week")), .th(.plain("from")), .th(.class("n"), .plain("posts")), .th(.class("n"), .plain("deferred")), .th(.class("n"), .plain("score (weighted people)")), .group(heads))),
                .tbody(.group(rows)))),
            .p(.class("note"), .plain("Per audience: the share of members who see at least one post that week, and in brackets the old habit's. "
                + scoreUnit)),
        ])
    }

    static let lineColors = ["#cc79a7", "#0072b2", "#e69f00", "#009e73", "#56b4e9", "#d55e00", "#000000"]

    /// Share reached per audience per week (solid: the plan, dashed: the
    /// habit), and the posts per week as bars.
    static func trendChart(_ reports: [WeekReport], audiences: [String]) -> Body {
        let left = 40.0, top = 10.0, plotWidth = 560.0, plotHeight = 160.0
        let step = plotWidth / Double(max(1, reports.count))
        let mostPosts = max(1, reports.map(\.posts.count).max() ?? 1)
        var svg: [Node<SVG>] = [.attr("viewBox", "0 0 \(Numbers.coordinate(left + plotWidth + 150)) \(Numbers.coordinate(top + plotHeight + 40))"),
                                .attr("role", "img"), .attr("aria-label", "share reached per audience per week, and posts per week")]
        for tick in stride(from: 0, through: 100, by: 25) {
            let y = Numbers.coordinate(top + plotHeight * (1 - Double(tick) / 100))
            svg.append(.element(named: "line", nodes: [.attr("class", "grid"), .attr("x1", Numbers.coordinate(left)), .attr("x2", Numbers.coordinate(left + plotWidth)),
                                                        .attr("y1", y), .attr("y2", y)]))
            svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(left - 4)), .attr("y", y), .attr("class", "ax end"), .plain("\(tick)%")]))
        }
        for (index, report) in reports.enumerated() {
            let height = plotHeight * 0.35 * Double(report.posts.count) / Double(mostPosts)
            let x = left + step * Double(index) + step * 0.3
            svg.append(.element(named: "rect", nodes: [
                .attr("class", "posts"), .attr("x", Numbers.coordinate(x)), .attr("y", Numbers.coordinate(top + plotHeight - height)),
                .attr("width", Numbers.coordinate(step * 0.4)), .attr("height", Numbers.coordinate(height)),
                .element(named: "title", nodes: [Node<SVG>.plain("\(report.plan): \(report.posts.count) posts")]),
            ]))
            svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(x + step * 0.2)), .attr("y", Numbers.coordinate(top + plotHeight - height - 3)),
                                                        .attr("class", "ax mid"), .plain("\(report.posts.count)")]))
            svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(left + step * (Double(index) + 0.5))), .attr("y", Numbers.coordinate(top + plotHeight + 16)),
                                                        .attr("class", "ax mid"), .plain(report.plan)]))
        }
        for (number, audience) in audiences.enumerated() {
            let color = lineColors[number % lineColors.count]
            for habit in [false, true] {
                var points: [String] = []
                for (index, report) in reports.enumerated() {
                    guard let line = report.reach.lines.first(where: { $0.audience == audience }) else { continue }
                    let share = habit ? line.habit.share : line.planned.share
                    points.append("\(Numbers.coordinate(left + step * (Double(index) + 0.5))),\(Numbers.coordinate(top + plotHeight * (1 - share)))")
                }
                guard !points.isEmpty else { continue }
                var shape: [Node<SVG>] = [.attr("class", habit ? "trend habit" : "trend"), .attr("stroke", color), .attr("points", points.joined(separator: " ")),
                                          .element(named: "title", nodes: [Node<SVG>.plain("\(audience): share reached, \(habit ? "the habit" : "the plan")")])]
                if points.count == 1 { shape.append(.attr("stroke-width", "6")) }
                svg.append(.element(named: "polyline", nodes: shape))
            }
            let y = top + 12 + Double(number) * 16
            svg.append(.element(named: "line", nodes: [.attr("x1", Numbers.coordinate(left + plotWidth + 10)), .attr("x2", Numbers.coordinate(left + plotWidth + 26)),
                                                        .attr("y1", Numbers.coordinate(y - 4)), .attr("y2", Numbers.coordinate(y - 4)), .attr("stroke", color), .attr("class", "key")]))
            svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(left + plotWidth + 30)), .attr("y", Numbers.coordinate(y)), .attr("class", "ax"), .plain(audience)]))
        }
        let keyY = top + 12 + Double(audiences.count) * 16 + 6
        svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(left + plotWidth + 10)), .attr("y", Numbers.coordinate(keyY)), .attr("class", "ax"),
                                                    .plain("solid: plan, dashed: habit")]))
        svg.append(.element(named: "text", nodes: [.attr("x", Numbers.coordinate(left + plotWidth + 10)), .attr("y", Numbers.coordinate(keyY + 16)), .attr("class", "ax"),
                                                    .plain("bars: posts")]))
        return .element(named: "figure", nodes: [
            Body.class("chart"),
            .element(named: "figcaption", nodes: [Body.plain("Share of each audience reached per week, against the habit; posts per week")]),
            .div(.class("scroll"), .element(named: "svg", nodes: svg)),
        ])
    }

    // MARK: Style

    static let css = """
        :root{--c:#0072b2;--e:#009e73;--p:#d55e00;--ink:#1d1d22;--muted:#5b5b66;--line:#d8d8e0;--soft:#f3f3f7}
        *{box-sizing:border-box}
        body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1280px;margin:0 auto;padding:12px 16px 32px}
        h1{font-size:1.45rem;margin:.3em 0 .1em}
        h2{font-size:1.25rem;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:2px solid var(--ink)}
        h3{font-size:1.05rem;margin:1.5em 0 .4em}
        p{margin:.4em 0}
        .muted,.note,figcaption{color:var(--muted)}
        .note{font-size:.85rem;max-width:60em}
        .score{font-size:1.05rem}
        .headline{margin:.4em 0;padding-left:1.2em}
        .headline li{font-weight:600}
        table{border-collapse:collapse;margin:.3em 0;font-variant-numeric:tabular-nums}
        th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;white-space:nowrap}
        thead th{font-weight:600;font-size:.85rem;color:var(--muted)}
        .old{color:var(--muted)}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
        .k-content{--k:var(--c)}.k-engagement{--k:var(--e)}.k-promotion{--k:var(--p)}
        .sw{display:inline-block;width:.85em;height:.85em;border-radius:2px;background:var(--k);vertical-align:-.08em;margin:0 .3em 0 .2em}
        .legend{font-size:.85rem}
        .legend>span{margin-left:.6em;white-space:nowrap}
        .lanes{display:grid;gap:2px;grid-template-columns:5.5em repeat(var(--days),minmax(0,1fr))}
        .day{display:contents}
        .dh,.ln{background:var(--soft);font-weight:600;padding:4px 6px;font-size:.85rem}
        .cell{background:var(--soft);padding:3px;min-height:2.2em;min-width:0}
        .cell .ch{display:none}
        .none{color:var(--line);padding:0 4px}
        details{position:relative;margin:2px 0}
        summary{list-style:none;cursor:pointer;background:#fff;border-left:5px solid var(--k);border-radius:2px;padding:1px 4px;font-size:.8rem;
          white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        summary::-webkit-details-marker{display:none}
        summary time{font-weight:600;margin-right:.2em}
        .copy>summary{border-left-style:dashed;color:var(--muted);background:transparent}
        details[open]>summary{outline:2px solid var(--k)}
        .detail{position:absolute;z-index:5;top:100%;left:0;width:min(26em,88vw);background:#fff;border:1px solid var(--line);
          border-top:4px solid var(--k);box-shadow:0 6px 20px rgba(0,0,0,.2);padding:6px 10px;font-size:.85rem;overflow-wrap:anywhere}
        .late .detail{left:auto;right:0}
        .detail .txt{font-size:.95rem}
        .aud th,.aud td{padding:2px 5px;font-size:.8rem;overflow-wrap:normal}
        figure{margin:.8em 0}
        figcaption{font-size:.85rem;margin-bottom:2px}
        .strip svg{display:block;width:100%;min-width:760px;height:auto}
        .chart svg{display:block;width:100%;max-width:760px;min-width:480px;height:auto}
        svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
        svg .mid{stroke:#8a8a96;stroke-width:.8}svg .noon{stroke:#b9b9c4;stroke-width:.5;stroke-dasharray:2 2}
        svg .hr{fill:var(--muted);font-size:9px}svg .dl{font-weight:600}
        .pm line{stroke:var(--k);stroke-width:1.6}.pm circle{fill:var(--k);stroke:#fff;stroke-width:.8}
        svg .hb{stroke:#6d6d78;stroke-width:1.2}
        .hs{white-space:nowrap}.hs .sw{border:1px solid var(--line)}
        .bar{position:relative;width:12em;height:.9em;background:var(--soft);border-radius:2px}
        .bar .fill{display:block;height:100%;background:var(--k);float:left}
        .bar .goal{position:absolute;top:-3px;bottom:-3px;border-left:2px solid var(--ink)}
        .barcell{width:13em}
        .reach thead th{text-align:center}.reach thead th:first-child{text-align:left}
        .posts td:nth-child(-n+4),.thirds td:first-child,.deferred td:nth-child(-n+2){white-space:nowrap}
        .trend td,.trend th,.reach td,.reach th{white-space:nowrap}
        .findings{padding-left:1.2em}
        .findings .sev{font-weight:700;text-transform:uppercase;font-size:.75rem}
        .findings .error .sev{color:#b00020}.findings .warning .sev{color:#8a5a00}
        .toc ol{padding-left:1.4em}
        .trend polyline{fill:none;stroke-width:2.2}.trend polyline.habit,svg polyline.habit{stroke-dasharray:5 4;stroke-width:1.6}
        svg .grid{stroke:var(--line);stroke-width:.6}svg .posts{fill:#c9c9d3}svg .key{stroke-width:2.5}
        svg .end{text-anchor:end;dominant-baseline:middle}svg text.mid{text-anchor:middle}
        a{color:#0b57a4}
        @media screen and (max-width:760px){
          body{font-size:14px}main{padding:8px 10px 24px}
          .lanes{display:block}
          .ln{display:none}
          .day{display:block;margin:0 0 8px;border:1px solid var(--line);border-radius:4px;overflow:hidden}
          .dh{display:block}
          .cell{display:grid;grid-template-columns:5em minmax(0,1fr);column-gap:4px;min-height:0;background:#fff;border-top:1px solid var(--soft)}
          .cell .ch{display:block;grid-column:1;grid-row:1/span 40;font-size:.75rem;color:var(--muted);padding-top:2px}
          .cell>details,.cell>.none{grid-column:2}
          .cell:has(>.none){display:none}
          .detail,.late .detail{position:static;width:auto;box-shadow:none}
          .cell .detail{margin-left:calc(-5em - 4px)}
          .bar,.barcell{width:7em}
        }
        @media print{
          body{font-size:11px}main{max-width:none;padding:0}
          .detail{display:none}
          summary{white-space:normal}
          section.week{break-before:page}section.week:first-of-type{break-before:auto}
          figure,table,.lanes{break-inside:avoid}
          .scroll{overflow:visible}
          .strip svg,.chart svg{min-width:0}
          .trend td,.trend th,.reach td,.reach th{white-space:normal}
          h2,h3{break-after:avoid}
          a{color:inherit;text-decoration:none}
        }
        """
}

/// The HTML body's nodes.
typealias Body = Node<HTML.BodyContext>
typealias TableRows = Node<HTML.TableContext>
typealias Row = Node<HTML.TableRowContext>
typealias ListItem = Node<HTML.ListContext>

/// The context of inline SVG, built with Plot's custom elements.
enum SVG {}

extension Node {
    /// Text from a plan or a computation, escaped here rather than by Plot's
    /// `.text`, which leaves anything that looks like an entity as it is
    /// (a post saying `&lt;` would show `<`).
    static func plain(_ text: String) -> Node { .raw(HTMLEscape.text(text)) }

    /// An attribute with its value escaped: Plot writes attribute values as given.
    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: HTMLEscape.attribute(value), ignoreIfValueIsEmpty: false)
    }
}

/// Escapes for HTML text and double-quoted attribute values.
package enum HTMLEscape {
    package static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    package static func attribute(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}

enum Numbers {
    /// Fixed decimals, the same on every machine (no locale), never "-0".
    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "–" }
        let text = String(format: "%.\(places)f", value)
        return Double(text) == 0 ? String(format: "%.\(places)f", 0.0) : text
    }

    /// Decimals only where they matter: "144", "0.5".
    static func trimmed(_ value: Double) -> String {
        var text = fixed(value, 2)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// People: whole above 10, one decimal below.
    static func people(_ value: Double) -> String { value >= 10 ? fixed(value, 0) : fixed(value, 1) }

    /// A chance: one decimal below 10%.
    static func percent(_ share: Double) -> String {
        let scaled = share * 100
        return scaled < 10 ? fixed(scaled, 1) + "%" : fixed(scaled, 0) + "%"
    }

    static func coordinate(_ value: Double) -> String { trimmed(value) }
}

enum Dates {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func weekday(_ date: LocalDate) -> String { weekdays[date.isoWeekday - 1] }
    /// "Mon 30 Nov".
    static func short(_ date: LocalDate) -> String { "\(weekday(date)) \(date.day) \(months[date.month - 1])" }
    /// "Mon 30 Nov 2026".
    static func long(_ date: LocalDate) -> String { "\(short(date)) \(date.year)" }
    /// "Mon 30 Nov 08:30".
    static func weekdayTime(_ local: LocalDateTime) -> String { "\(short(local.date)) \(local.time)" }
    /// "2026-11-30T08:30:00Z".
    static func utc(_ instant: Date) -> String { LocalDateTime(wall: instant).description(withSeconds: true) + "Z" }

    /// `2026-11-30T03:30:00-05:00` as "Mon 03:30 UTC-05:00": the weekday is
    /// enough inside one week, and keeps the pop-up narrow on a phone.
    static func clockText(_ text: String) -> String {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 8 else { return text }
        let dateText = parts[0].split(separator: "-").compactMap { Int($0) }
        let time = parts[1].prefix(5)
        let offset = parts[1].dropFirst(8)
        guard dateText.count == 3 else { return text }
        let date = LocalDate(year: dateText[0], month: dateText[1], day: dateText[2])
        return "\(weekday(date)) \(time)" + (offset.isEmpty ? "" : " UTC\(offset == "Z" ? "" : offset)")
    }
}

enum Names {
    static func channel(_ name: String) -> String {
        switch name {
        case "x": "X"
        case "linkedin": "LinkedIn"
        case "blog": "Blog"
        default: name
        }
    }
}

/// The activity heat map's colours: white for nobody checking, to a deep
/// purple at the busiest hour, on a fixed scale across the page's audiences.
enum Heat {
    static let low = (r: 247.0, g: 246.0, b: 251.0)
    static let high = (r: 63.0, g: 0.0, b: 125.0)

    static func color(_ rate: Double, peak: Double) -> String {
        let t = peak > 0 ? min(1, max(0, rate / peak)).squareRoot() : 0
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(low.r, high.r), mix(low.g, high.g), mix(low.b, high.b))
    }
}
