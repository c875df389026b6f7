import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// The cross-posting manifest: for every scheduled post that names
/// `crosspost` channels, the copy on each of them, when it goes out and the
/// ready request that publishes it (LinkedIn Posts API, WordPress REST API,
/// X API), plus Markdown files for a Hugo or Jekyll blog.
///
/// Timing, per channel:
/// - blog: the article a post links to must exist when the post goes out, so
///   it is published `lead` (a blog setting, default 0) before the primary post;
/// - linkedin: inside the channel's `window` (default Mon-Fri 09:00-17:00 in
///   the primary audience's zone) and inside the plan's period, at or after
///   the primary post: the first 5-minute mark at or after it that is inside
///   the window and at least the channel's `gap` (default 2h) from every
///   earlier post's copy. A copy with no such mark before the period ends is
///   not sent: it is an error at the item's `crosspost` entry, and the user
///   decides (widen the window, shorten the gap, drop the copy, move the item);
/// - any other channel (x): with the primary post.
public enum CrosspostExport {
    public static let manifestPath = "crosspost.json"
    public static let format = "thirds-crosspost/1"
    /// How far after the primary post `linkedInTime` looks by default; the
    /// export looks only up to the end of the plan's period.
    public static let linkedInHorizon: TimeInterval = 14 * 86_400
    /// LinkedIn copies go out on these marks (seconds since 1970: whole 5 minutes).
    public static let linkedInStep: TimeInterval = CrosspostWindow.step
    /// Two LinkedIn copies are at least this far apart unless the channel
    /// sets `gap`: LinkedIn shows a profile's followers about one of its
    /// posts at a time, so copies an hour or so apart take each other's reach.
    public static let defaultLinkedInGap: TimeInterval = 7_200
    /// The least and most `gap` a channel may set: at least one 5-minute mark,
    /// so no two copies share an instant; at most a day, so a week holds some.
    public static let gapRange: ClosedRange<Int> = 300...86_400
    // A constant that parses (the LinkedIn tests use it): the unwrap cannot fail.
    public static let defaultLinkedInWindow = CrosspostWindow.defaultLinkedIn
    /// When the weekly digest goes out: this time on the period's last day, on the account's clock.
    public static let digestTime = TimeOfDay(hour: 17, minute: 0)

    /// `crosspost.json` (always, with no entries when nothing is cross-posted)
    /// and, for a Hugo or Jekyll blog, its Markdown files under `blog/`.
    /// Findings say which copies cannot go out as planned; a manifest JSON
    /// cannot hold throws.
    public static func export(_ input: ExportInput) throws -> (files: [ExportFile], findings: [Finding]) {
        var findings = Set<Finding>()
        let (timed, timingFindings) = timings(input)
        findings.formUnion(timingFindings)
        let plan = input.plan
        let campaign = plan.name
        let accountClock = plan.account.clock
        var entries: [CrosspostManifest.Entry] = []
        var markdown: [ExportFile] = []
        var slugs = SlugRegister()
        let digest = digestPlan(input)
        if let digest { slugs.reserve(digest.slug) }
        // An article's slug is in its address, which the posts already carry: it is never renamed.
        for item in plan.items { if let slug = item.article?.slug { slugs.reserve(slug) } }

        for copy in timed {
            guard let publishAt = copy.publishAt else { continue }
            let item = copy.post.item
            let channel = copy.channel
            var entry = CrosspostManifest.Entry(
                id: copy.id, kind: "crosspost", item: item.id.value, channel: channel.name, primaryChannel: item.channel.value,
                primaryAt: ScheduleDocument.utc(copy.post.instant), publishAt: ScheduleDocument.utc(publishAt))
            switch channel.name {
            case "linkedin":
                guard let author = channel.text("author"), !author.isEmpty else {
                    findings.insert(Finding(ruleID: "missing-key", severity: .error, location: channel.location,
                                            message: "channel 'linkedin' has no 'author', so its cross-posts cannot be sent",
                                            hint: "add author: \"urn:li:person:…\" (or urn:li:organization:…) under 'linkedin:'"))
                    continue
                }
                let body = LinkedInRequest.body(item: item, channel: channel, author: author, campaign: campaign)
                // Measured as the text-length rule measures LinkedIn, on the escaped text actually sent.
                if let length = TextLengthRule.measure(body.commentary, on: "linkedin")?.length,
                   let limit = TextLengthRule.channelLimit(on: "linkedin"), length > limit {
                    findings.insert(Finding(
                        ruleID: TextLengthRule.id, severity: .error, location: item.text.location,
                        message: "LinkedIn commentary of '\(item.id.value)' is \(length) characters once escaped for LinkedIn's little text format, over the limit of \(limit)",
                        hint: "shorten it by \(length - limit): as sent, a backslash goes before each of | { } @ [ ] ( ) < > # \\ * _ ~ and each hashtag takes 11 more ({hashtag|#|tag})"))
                }
                entry.request = .init(path: LinkedInRequest.path, headers: LinkedInRequest.headers(version: channel.linkedInVersion), body: .linkedIn(body))
            case "blog" where item.article != nil:
                guard let article = item.article, let address = item.link?.value else { continue }
                let engine = BlogPost.engines.contains(channel.engine) ? channel.engine : "wordpress"
                entry.engine = engine
                entry.kind = "article"
                entry.address = address
                if copy.post.instant < publishAt {
                    // A schedule read back from a file may hold a post moved by hand.
                    findings.insert(Finding(ruleID: "article-after-post", severity: .error, location: article.reference.location,
                                            message: "the article of '\(item.id.value)' goes out at \(ScheduleDocument.utc(publishAt)), after '\(copy.post.occurrence.id)' that links to it at \(ScheduleDocument.utc(copy.post.instant))",
                                            hint: "move the 'date' in the article's front matter earlier, or the post later",
                                            related: article.date.map { [$0.location] } ?? []))
                }
                if engine == "wordpress" {
                    entry.request = .init(url: BlogPost.wordPressURL(site: article.site), headers: ["Content-Type": "application/json"],
                                          body: .wordPress(ArticleExport.wordPressBody(article: article, item: item, instant: publishAt)))
                } else {
                    let file = ArticleExport.markdownFile(engine: engine, article: article, item: item, address: address, instant: publishAt, clock: accountClock)
                    entry.file = file.path
                    markdown.append(file)
                }
            case "blog":
                let engine = BlogPost.engines.contains(channel.engine) ? channel.engine : "wordpress"
                let base = CrosspostText.slug(item.slug?.value ?? "").nonEmpty
                    ?? CrosspostText.slug(item.title?.value ?? "").nonEmpty
                    ?? CrosspostText.slug(item.id.value).nonEmpty ?? "post"
                let wanted = copy.post.occurrence.day.map { "\(base)-\($0)" } ?? base
                let slug = slugs.claim(wanted, alternative: CrosspostText.slug(item.id.value))
                if slug != wanted {
                    findings.insert(Finding(ruleID: "invalid-value", severity: .warning, location: item.slug?.location ?? item.text.location,
                                            message: "blog slug '\(wanted)' of '\(copy.post.occurrence.id)' is taken by another post; it goes out as '\(slug)'",
                                            hint: "give the item a slug of its own"))
                }
                let text = CampaignLinks.text(of: item, on: channel, campaign: campaign)
                let title = CrosspostText.title(of: item)
                entry.engine = engine
                if engine == "wordpress" {
                    guard let site = channel.text("site"), !site.isEmpty else {
                        findings.insert(Finding(ruleID: "missing-key", severity: .error, location: channel.location,
                                                message: "channel 'blog' has no 'site', so its WordPress posts have nowhere to go",
                                                hint: "add site: \"https://…\" under 'blog:'"))
                        continue
                    }
                    entry.request = .init(url: BlogPost.wordPressURL(site: site), headers: ["Content-Type": "application/json"],
                                          body: .wordPress(BlogPost.wordPressBody(title: title, text: text, excerpt: item.description?.value ?? text,
                                                                                  slug: slug, at: publishAt)))
                } else {
                    let file = BlogPost.markdownFile(engine: engine, slug: slug, title: title, instant: publishAt, clock: accountClock,
                                                     tags: CrosspostText.hashtags(in: item.renderedText), description: item.description?.value,
                                                     body: BlogPost.markdown(from: text))
                    entry.file = file.path
                    markdown.append(file)
                }
            default:
                // X: the API v2 create-post endpoint, text as it goes out there.
                entry.request = .init(path: "/2/tweets", headers: ["Content-Type": "application/json"],
                                      body: .x(XPostBody(text: CampaignLinks.text(of: item, on: channel, campaign: campaign))))
            }
            entries.append(entry)
        }

        if let digest {
            var entry = CrosspostManifest.Entry(id: digest.id, kind: "digest", items: digest.posts.map { $0.item.id.value }, channel: "blog",
                                                publishAt: ScheduleDocument.utc(digest.instant))
            entry.engine = digest.engine
            if digest.engine == "wordpress" {
                if let site = digest.channel.text("site"), !site.isEmpty {
                    entry.request = .init(url: BlogPost.wordPressURL(site: site), headers: ["Content-Type": "application/json"],
                                          body: .wordPress(WordPressPostBody(title: CrosspostText.htmlEscaped(digest.title), content: digest.html,
                                                                             excerpt: CrosspostText.htmlEscaped(digest.intro), slug: digest.slug,
                                                                             dateGMT: BlogPost.wordPressDate(digest.instant))))
                    entries.append(entry)
                } else {
                    findings.insert(Finding(ruleID: "missing-key", severity: .error, location: digest.channel.location,
                                            message: "channel 'blog' has no 'site', so its WordPress posts have nowhere to go",
                                            hint: "add site: \"https://…\" under 'blog:'"))
                }
            } else {
                let file = BlogPost.markdownFile(engine: digest.engine, slug: digest.slug, title: digest.title, instant: digest.instant,
                                                 clock: accountClock, tags: [], description: digest.intro, body: digest.markdown)
                entry.file = file.path
                markdown.append(file)
                entries.append(entry)
            }
        }

        entries.sort { ($0.publishAt, $0.id) < ($1.publishAt, $1.id) }
        let manifest = CrosspostManifest(format: format, plan: plan.name, account: plan.account.name.value,
                                         generatedAt: ScheduleDocument.utc(input.generatedAt), entries: entries)
        let files = [ExportFile(path: manifestPath, contents: try encodeJSON(manifest, what: "the cross-posting manifest of \(plan.name)"))] + markdown.sorted { $0.path < $1.path }
        return (files, Finding.ordered(Array(findings)))
    }

    /// When each cross-post goes out, keyed `<occurrence id>#<channel>`: the
    /// calendar places its events of cross-posts here. Copies that cannot be
    /// timed (no LinkedIn window in reach) are missing; `export` reports them.
    public static func publishTimes(_ input: ExportInput) -> [String: Date] {
        var times: [String: Date] = [:]
        for copy in timings(input).timed {
            if let at = copy.publishAt { times[copy.id] = at }
        }
        return times
    }

    /// When the weekly digest goes out, if the blog has `digest: true` and
    /// the period has content posts to collect.
    public static func digestTime(_ input: ExportInput) -> Date? {
        digestPlan(input)?.instant
    }

    // MARK: Timing

    package struct Copy {
        package var post: ExportInput.ScheduledPost
        package var channel: Channel
        package var publishAt: Date?
        package var id: String { "\(post.occurrence.id)#\(channel.name)" }
    }

    package static func timings(_ input: ExportInput) -> (timed: [Copy], findings: [Finding]) {
        let plan = input.plan
        var copies: [Copy] = []
        var findings: [Finding] = []
        var linkedInTimes: [Date] = []
        var articles = Set<String>()
        let periodEnd = plan.period.endInstant
        // A task is never published, so it is copied nowhere (the loader refuses its 'crosspost').
        for post in input.posts where !post.item.isTask {
            var seen = Set<String>()
            // An item's article goes to the blog once, with its first post, whether or not 'crosspost' names the blog.
            var targets = post.item.crosspost
            if let article = post.item.article {
                if articles.insert(post.item.id.value).inserted {
                    if !targets.contains(where: { $0.value == "blog" }) { targets.append(Located("blog", at: article.reference.location)) }
                } else {
                    targets.removeAll { $0.value == "blog" }
                }
            }
            for target in targets where seen.insert(target.value).inserted && target.value != post.item.channel.value {
                // A channel the plan does not set up has no settings; the check reports it.
                let channel = plan.channel(target.value) ?? Channel(name: target.value, settings: [:], location: target.location)
                var copy = Copy(post: post, channel: channel)
                switch channel.name {
                case "linkedin":
                    let window = channel.window ?? defaultLinkedInWindow
                    let gap = linkedInGap(channel)
                    let clock = primaryClock(of: post.item, in: plan)
                    // Posts come in time order, so each copy is spaced from the earlier ones;
                    // the last mark a copy may take is the period's last before its end.
                    var at = linkedInTime(after: post.instant, window: window, clock: clock,
                                          horizon: periodEnd.timeIntervalSince(post.instant) - 1)
                    while let time = at, let clash = linkedInTimes.first(where: { abs($0.timeIntervalSince(time)) < gap }) {
                        let after = clash.addingTimeInterval(gap)
                        let left = periodEnd.timeIntervalSince(after) - 1
                        at = left < 0 ? nil : linkedInTime(after: after, window: window, clock: clock, horizon: left)
                    }
                    if let at { linkedInTimes.append(at) }
                    copy.publishAt = at
                    if copy.publishAt == nil {
                        findings.append(noSlotFinding(post: post, target: target, channel: channel, window: window, gap: gap, clock: clock, plan: plan))
                    }
                case "blog":
                    copy.publishAt = post.item.article.map { ArticleExport.instant(of: $0, firstPost: post.instant, blog: channel) }
                        ?? post.instant.addingTimeInterval(-Double(channel.lead))
                default:
                    copy.publishAt = post.instant
                }
                copies.append(copy)
            }
        }
        return (copies, findings)
    }

    /// How far apart two LinkedIn copies are at least: the channel's `gap`, else 2 hours.
    public static func linkedInGap(_ channel: Channel) -> TimeInterval {
        channel.text("gap").flatMap(ValueText.duration).map(TimeInterval.init) ?? defaultLinkedInGap
    }

    /// A LinkedIn copy that finds no mark inside the window, clear of the
    /// other copies by the gap, before the period ends: an error at the
    /// item's `crosspost` entry, since the user must choose what gives.
    package static func noSlotFinding(post: ExportInput.ScheduledPost, target: Located<String>, channel: Channel, window: Availability,
                                      gap: TimeInterval, clock: ZoneClock, plan: Plan) -> Finding {
        let local = ScheduleDocument.local(post.instant, clock)
        let windowText = channel.settings["window"] == nil ? "\"\(window.text)\" (the default)" : "\"\(window.text)\""
        return Finding(
            ruleID: "invalid-value", severity: .error, location: target.location,
            message: "the LinkedIn copy of '\(post.occurrence.id)' (posted \(local) \(clock.zone.identifier)) finds no time inside LinkedIn's window \(windowText) before the plan's period ends at 24:00 on \(plan.period.end.adding(days: -1)) (LinkedIn copies go out at least \(ValueText.durationText(Int(gap))) apart)",
            hint: "widen 'window' under 'linkedin:' (weekends too, such as \"Mon-Sun 09:00-17:00\"), shorten its 'gap', drop linkedin from this item's 'crosspost', or move the item earlier in the week",
            related: ["window", "gap"].compactMap { channel.settings[$0]?.location })
    }

    /// The first 5-minute mark at or after `primary` whose local weekday and
    /// time on `clock` lie inside `window`, up to `horizon` later.
    public static func linkedInTime(after primary: Date, window: Availability, clock: ZoneClock,
                                    horizon: TimeInterval = linkedInHorizon) -> Date? {
        CrosspostWindow.firstMark(from: primary, through: primary.addingTimeInterval(horizon), window: window, clock: clock)
    }

    /// The clock of the audience a post is mainly for: the item's first
    /// audience, else the plan's audience of largest weight × size (the first
    /// of equals), else the account's.
    package static func primaryClock(of item: Item, in plan: Plan) -> ZoneClock {
        CrosspostWindow.primaryClock(of: item, in: plan)
    }

    // MARK: Digest

    package struct Digest {
        package var channel: Channel
        package var engine: String
        package var instant: Date
        package var posts: [ExportInput.ScheduledPost]
        package var id: String
        package var slug: String
        package var title: String
        package var intro: String
        package var links: [(title: String, link: String?)]

        package var html: String {
            "<p>\(CrosspostText.htmlEscaped(intro))</p>\n<ul>\n" + links.map { entry in
                let title = CrosspostText.htmlEscaped(entry.title)
                return "<li>" + (entry.link.map { "<a href=\"\(CrosspostText.htmlEscaped($0))\">\(title)</a>" } ?? title) + "</li>\n"
            }.joined() + "</ul>"
        }

        package var markdown: String {
            BlogPost.markdown(from: intro) + "\n" + links.map { entry in
                let title = BlogPost.markdownEscaped(entry.title, atLineStart: false)
                return "- " + (entry.link.map { "[\(title)](<\(BlogPost.linkTarget($0))>)" } ?? title) + "\n"
            }.joined()
        }
    }

    /// The week's content posts, collected in one blog post at 17:00 on the
    /// period's last day (account's clock), when the blog has `digest: true`.
    package static func digestPlan(_ input: ExportInput) -> Digest? {
        let plan = input.plan
        guard let channel = plan.channel("blog"), channel.flag("digest", default: false) else { return nil }
        let clock = plan.account.clock
        let lastDay = plan.period.end.adding(days: -1)
        guard let instant = clock.instants(of: LocalDateTime(date: lastDay, time: digestTime)).first
            ?? clock.instants(of: LocalDateTime(date: lastDay, time: TimeOfDay(hour: digestTime.hour + 1, minute: 0))).first else { return nil }
        var seen = Set<String>()
        let posts = input.posts.filter { $0.occurrence.kind == .content && $0.instant <= instant && seen.insert($0.item.id.value).inserted }
        guard !posts.isEmpty else { return nil }
        let engine = BlogPost.engines.contains(channel.engine) ? channel.engine : "wordpress"
        let start = plan.period.start
        let links = posts.map { post -> (title: String, link: String?) in
            (CrosspostText.title(of: post.item),
             post.item.link.map { CampaignLinks.tagsLink($0.value, on: channel) ? CampaignLinks.tag($0.value, channel: channel.name, campaign: plan.name) : $0.value })
        }
        let slug = CrosspostText.slug("\(plan.account.name.value) digest \(start)").nonEmpty ?? "digest-\(start)"
        return Digest(channel: channel, engine: engine, instant: instant, posts: posts, id: "digest@\(start)#blog", slug: slug,
                      title: "The week of \(start): what we posted",
                      intro: "What we posted from \(start) to \(lastDay).", links: links)
    }
}

/// Slugs handed out so far: a taken one gets the item's id, then a number.
package struct SlugRegister {
    private var taken = Set<String>()

    package mutating func reserve(_ slug: String) { taken.insert(slug) }

    package mutating func claim(_ wanted: String, alternative: String) -> String {
        var candidate = wanted
        if taken.contains(candidate), !alternative.isEmpty, !wanted.hasSuffix(alternative) { candidate = wanted + "-" + alternative }
        var number = 2
        let stem = candidate
        while taken.contains(candidate) {
            candidate = "\(stem)-\(number)"
            number += 1
        }
        taken.insert(candidate)
        return candidate
    }
}

/// `crosspost.json`.
package struct CrosspostManifest: Encodable {
    package var format: String
    package var plan: String
    package var account: String
    package var generatedAt: String
    package var entries: [Entry]

    package enum CodingKeys: String, CodingKey {
        case format, plan, account, entries
        case generatedAt = "generated_at"
    }

    package struct Entry: Encodable {
        package var id: String
        /// `crosspost`, or `digest` for the weekly digest.
        package var kind: String
        package var item: String?
        /// The items a digest collects.
        package var items: [String]?
        package var channel: String
        package var primaryChannel: String?
        package var primaryAt: String?
        package var publishAt: String
        package var engine: String?
        /// The Markdown file of a Hugo or Jekyll post, relative to the output folder.
        package var file: String?
        /// An article's address: where its posts link to.
        package var address: String?
        package var request: Request?

        package init(id: String, kind: String, item: String? = nil, items: [String]? = nil, channel: String, primaryChannel: String? = nil,
             primaryAt: String? = nil, publishAt: String) {
            self.id = id
            self.kind = kind
            self.item = item
            self.items = items
            self.channel = channel
            self.primaryChannel = primaryChannel
            self.primaryAt = primaryAt
            self.publishAt = publishAt
        }

        package enum CodingKeys: String, CodingKey {
            case id, kind, item, items, channel, engine, file, request, address
            case primaryChannel = "primary_channel"
            case primaryAt = "primary_at"
            case publishAt = "publish_at"
        }
    }

    package struct Request: Encodable {
        package var method = "POST"
        /// LinkedIn and X: the path on the API's host.
        package var path: String?
        /// WordPress: the whole address, on the blog's own site.
        package var url: String?
        package var headers: [String: String]
        package var body: Body

        package init(path: String? = nil, url: String? = nil, headers: [String: String], body: Body) {
            self.path = path
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    package enum Body: Encodable {
        case linkedIn(LinkedInPostBody)
        case wordPress(WordPressPostBody)
        case x(XPostBody)

        package func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .linkedIn(let body): try container.encode(body)
            case .wordPress(let body): try container.encode(body)
            case .x(let body): try container.encode(body)
            }
        }
    }
}

/// `POST https://api.x.com/2/tweets`: the text of the post.
package struct XPostBody: Encodable, Equatable {
    package var text: String
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
