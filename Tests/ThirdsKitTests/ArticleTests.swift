import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsCheck
@testable import ThirdsSchedule
@testable import ThirdsExport

/// Blog articles (`article:` on an item): the file read with its front
/// matter, the address the posts link to, the files and requests the blog
/// gets, and what `thirds check` reports.
@Suite struct ArticleTests {
    static let generatedAt = Date(timeIntervalSince1970: 1_764_547_200)

    static let smallArticle = """
        ---
        title: "Queues: a short note"
        tags: [queues]
        ---
        ## Why

        Callbacks *beat* hold music, says [our study](https://blog.example/study).

        """

    static func planText(blog: String, items: String, timezone: String = "Europe/London") -> String {
        """
        week: 2026-W49
        account:
          name: acme
          timezone: \(timezone)
        channels:
          x: {handle: acme}
          linkedin: {author: "urn:li:person:1", window: "Mon-Sun 00:00-24:00"}
          blog: {\(blog)}
        audiences:
          uk: {timezone: \(timezone), size: 100, weight: 1}
        items:
        \(items)
        """
    }

    /// The plan and its files read through the real loader (in memory), its
    /// posts placed at the given UTC instants.
    static func input(_ files: [String: String], at times: [String: String],
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ExportInput {
        let contents = files.mapValues { Data($0.utf8) }
        let workspace = Workspace { path in
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        }
        var seen = Set<String>()
        let loaded = Checker.load(FileGroup(directory: nil, files: ["plan.yaml"]), workspace: workspace, seen: &seen)
        let errors = loaded.findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        let (plan, occurrences) = try #require(loaded.sequences.first?.first, sourceLocation: sourceLocation)
        let posts = try times.map { id, at in
            let occurrence = try #require(occurrences.first { $0.id == id }, "no occurrence \(id)", sourceLocation: sourceLocation)
            return ExportInput.ScheduledPost(occurrence: occurrence, instant: try #require(ScheduleVerifier.utcInstant(at)), reach: 0, audiences: [])
        }
        return ExportInput(plan: plan, posts: posts, generatedAt: generatedAt)
    }

    /// The `address` of a manifest entry.
    static func address(_ id: String, in files: [ExportFile]) throws -> String? {
        let manifest = try #require(files.first { $0.path == "crosspost.json" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(manifest.contents.utf8)) as? [String: Any])
        let entries = try #require(object["entries"] as? [[String: Any]])
        return entries.first { $0["id"] as? String == id }?["address"] as? String
    }

    static let smallItem = """
          - {id: small, kind: content, text: "New note {link}", article: drafts/small.md, slug: callbacks, description: "Why callbacks win", crosspost: [linkedin]}
        """

    // MARK: Permalinks

    @Test func permalinkFillsItsTokens() {
        #expect(Permalink.path(pattern: "/:year/:month/:slug/", slug: "influence-myth", date: LocalDate(year: 2026, month: 12, day: 3))
                == "/2026/12/influence-myth/")
        #expect(Permalink.path(pattern: Permalink.defaultPattern(engine: "jekyll"), slug: "rota", date: LocalDate(year: 2027, month: 1, day: 5))
                == "/2027/01/05/rota.html")
        #expect(Permalink.path(pattern: Permalink.defaultPattern(engine: "wordpress"), slug: "rota", date: LocalDate(year: 2027, month: 1, day: 5))
                == "/2027/01/05/rota/")
        #expect(Permalink.path(pattern: Permalink.defaultPattern(engine: "hugo"), slug: "rota", date: LocalDate(year: 2027, month: 1, day: 5))
                == "/blog/rota/")
        // A slug holding a token's name is not read again as one.
        #expect(Permalink.path(pattern: "/:slug/", slug: "year-month", date: LocalDate(year: 2027, month: 1, day: 5)) == "/year-month/")
        #expect(Permalink.address(site: "https://blog.example/", path: "/a/") == "https://blog.example/a/")
    }

    @Test func permalinkPatternsAreChecked() {
        #expect(Permalink.problem("/:year/:month/:slug/") == nil)
        #expect(Permalink.problem(":year/:slug/") == "does not start with '/'")
        #expect(Permalink.problem("/:yr/:slug/") == "has an unknown token ':yr'")
        #expect(Permalink.problem("/:year/") == "has no ':slug', so every article would have the same address")
        #expect(Permalink.problem("/a b/:slug/") == "holds ' ', which an address path cannot hold as it is")
        let report = check(Self.planText(blog: #"site: "https://blog.example", permalink: "/:year/:title/""#, items: balancedItems))
        let finding = report.findings.first { $0.message.contains("'permalink' of channel 'blog'") }
        #expect(finding?.location.line == 8 && finding?.message.contains("unknown token ':title'") == true, "\(describe(report))")
    }

    /// Review 11, finding 10: "/../:slug/" gave https://acme.example.com/../c1/,
    /// which a browser folds to /c1/; empty and dot segments and a token
    /// used twice are refused at the value, with the hint.
    @Test func permalinkSegmentsAndRepeatedTokensAreRefused() {
        #expect(Permalink.problem("/../:slug/") == "has a '..' segment, folded away by browsers and servers")
        #expect(Permalink.problem("/:year/./:slug/") == "has a '.' segment, folded away by browsers and servers")
        #expect(Permalink.problem("/:slug/..") == "has a '..' segment, folded away by browsers and servers")
        #expect(Permalink.problem("/:year//:slug/") == "has an empty segment ('//')")
        #expect(Permalink.problem("//:slug/") == "has an empty segment ('//')")
        #expect(Permalink.problem("/:slug/:slug/") == "uses ':slug' twice")
        #expect(Permalink.problem("/:year/:slug-:year/") == "uses ':year' twice")
        // Dots inside a segment, and one trailing slash, are fine.
        #expect(Permalink.problem("/:year/:slug.html") == nil)
        #expect(Permalink.problem("/..old/:slug/") == nil)
        #expect(Permalink.problem("/:slug") == nil)
        let marked = Marked(Self.planText(blog: #"site: "https://acme.example.com", permalink: ⟨invalid-value⟩"/../:slug/""#, items: balancedItems))
        expectFinding("invalid-value", in: marked,
                      message: "'permalink' of channel 'blog' is '/../:slug/', which has a '..' segment, folded away by browsers and servers")
        #expect(check(marked.text).findings.first { $0.ruleID == "invalid-value" }?.hint
                == "write it as \"/:year/:month/:slug/\", from the tokens :year :month :day :slug")
    }

    @Test func frontMatterDatesReadOnTheAccountClockUnlessTheyHaveAnOffset() throws {
        let london = ZoneClock(TimeZone(identifier: "Europe/London")!)
        func utc(_ text: String) throws -> String { ScheduleDocument.utc(try ArticleLoader.instant(text, clock: london).get()) }
        #expect(try utc("2026-12-03T07:00") == "2026-12-03T07:00:00Z")
        #expect(try utc("2026-07-03 07:00") == "2026-07-03T06:00:00Z")  // BST, UTC+1
        #expect(try utc("2026-12-03 07:00:00 +0100") == "2026-12-03T06:00:00Z")
        #expect(try utc("2026-12-03T07:00:00-05:00") == "2026-12-03T12:00:00Z")
        #expect(try utc("2026-12-03T07:00:00Z") == "2026-12-03T07:00:00Z")
        #expect(try utc("2026-12-03") == "2026-12-03T00:00:00Z")
        #expect(throws: ArticleLoader.DateProblem.self) { try ArticleLoader.instant("2026-03-29T01:30", clock: london).get() }
        #expect(throws: ArticleLoader.DateProblem.self) { try ArticleLoader.instant("next week", clock: london).get() }
    }

    // MARK: The blog's files

    @Test(arguments: ["hugo", "jekyll"])
    func hugoAndJekyllGetTheArticleWithMergedFrontMatter(engine: String) throws {
        let input = try Self.input(["plan.yaml": Self.planText(blog: #"site: "https://blog.example", engine: \#(engine), permalink: "/:year/:month/:slug/""#,
                                                               items: Self.smallItem),
                                    "drafts/small.md": Self.smallArticle],
                                   at: ["small": "2026-12-01T09:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        // Title and tags from the front matter, slug and description from the item.
        let expected = engine == "hugo" ? (path: "blog/callbacks.md", date: "2026-12-01T09:00:00+00:00", key: "url")
            : (path: "blog/_posts/2026-12-01-callbacks.md", date: "2026-12-01 09:00:00 +0000", key: "permalink")
        let file = try #require(files.first { $0.path == expected.path }, "\(files.map(\.path))")
        #expect(file.contents == """
            ---
            title: "Queues: a short note"
            date: \(expected.date)
            slug: "callbacks"
            tags: ["queues"]
            description: "Why callbacks win"
            \(expected.key): "/2026/12/callbacks/"
            ---

            ## Why

            Callbacks *beat* hold music, says [our study](https://blog.example/study).

            """)
        #expect(try Self.address("small#blog", in: files) == "https://blog.example/2026/12/callbacks/")
    }

    /// Review 11, finding 11: an article saved with CRLF (or a lone CR) line
    /// endings reaches Hugo with LF throughout, as docs/exports.md says.
    @Test func anArticlesLineEndingsBecomeLF() throws {
        let article = "---\r\ntitle: \"Queues\"\r\n---\r\n## Why\r\n\r\nCallbacks win.\rHold music loses.\r\n"
        let input = try Self.input(["plan.yaml": Self.planText(blog: #"site: "https://blog.example", engine: hugo, permalink: "/:year/:month/:slug/""#,
                                                               items: Self.smallItem),
                                    "drafts/small.md": article],
                                   at: ["small": "2026-12-01T09:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        let file = try #require(files.first { $0.path == "blog/callbacks.md" }, "\(files.map(\.path))")
        #expect(Array(file.contents.utf8) == Array("""
            ---
            title: "Queues"
            date: 2026-12-01T09:00:00+00:00
            slug: "callbacks"
            tags: []
            description: "Why callbacks win"
            url: "/2026/12/callbacks/"
            ---

            ## Why

            Callbacks win.
            Hold music loses.

            """.utf8))
    }

    @Test func wordPressGetsTheArticleAsHTMLFromInk() throws {
        let input = try Self.input(["plan.yaml": Self.planText(blog: #"site: "https://blog.example", engine: wordpress"#, items: Self.smallItem),
                                    "drafts/small.md": Self.smallArticle],
                                   at: ["small": "2026-12-01T09:00:00Z"])
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        let entry = try CrosspostTests.entry("small#blog", in: files)
        #expect(entry.kind == "article" && entry.publish_at == "2026-12-01T09:00:00Z")
        let body = try #require(entry.request?.body)
        #expect(body["content"]?.string == #"<h2>Why</h2><p>Callbacks <em>beat</em> hold music, says <a href="https://blog.example/study">our study</a>.</p>"#)
        #expect(body["title"]?.string == "Queues: a short note")
        #expect(body["excerpt"]?.string == "Why callbacks win")
        #expect(body["slug"]?.string == "callbacks")
        #expect(body["status"]?.string == "future")
        #expect(body["date_gmt"]?.string == "2026-12-01T09:00:00")
        #expect(entry.request?.url == "https://blog.example/wp-json/wp/v2/posts")
    }

    /// The address is dated on the account's clock: 16:00 UTC on Monday 30
    /// November is 01:00 on Tuesday 1 December in Tokyo, so the article is
    /// under 2026/12/01 (by UTC it would be 2026/11/30). The X post, the
    /// LinkedIn copy and the manifest all carry that one address.
    @Test func theAddressIsDatedOnTheAccountClockAndEveryCopyAgrees() throws {
        let input = try Self.input(["plan.yaml": Self.planText(blog: #"site: "https://blog.example""#, items: Self.smallItem, timezone: "Asia/Tokyo"),
                                    "drafts/small.md": Self.smallArticle],
                                   at: ["small": "2026-11-30T16:00:00Z"])
        let address = "https://blog.example/2026/12/01/callbacks/"
        #expect(input.posts.first?.item.link?.value == address)
        let (files, _) = try CrosspostExport.export(input)
        #expect(try Self.address("small#blog", in: files) == address)
        let linkedIn = try CrosspostTests.entry("small#linkedin", in: files)
        #expect(linkedIn.request?.body["content"]?["article"]?["source"]?.string
                == address + "?utm_source=linkedin&utm_medium=social&utm_campaign=plan")
        // Its preview shows the article's title (front matter) and description (the item's).
        #expect(linkedIn.request?.body["content"]?["article"]?["title"]?.string == "Queues: a short note")
        #expect(linkedIn.request?.body["content"]?["article"]?["description"]?.string == "Why callbacks win")
        let csv = BulkExport.export(input, to: .csv).files.first { $0.path == "schedule.csv" }?.contents ?? ""
        #expect(csv.contains("New note \(address)?utm_source=x&utm_medium=social&utm_campaign=plan"), "\(csv)")
    }

    /// A front matter date fixes when the article goes out; a post that could
    /// only go before it is an error, one that may go later is kept after it.
    @Test func theFrontMatterDateHoldsThePostBackUntilTheArticleIsOut() throws {
        let article = "---\ndate: 2026-12-03T10:00\n---\nText.\n"
        let items = """
              - {id: small, kind: content, text: "New note {link}", article: drafts/small.md}
            """
        let files = ["plan.yaml": Self.planText(blog: #"site: "https://blog.example""#, items: items), "drafts/small.md": article]
        let contents = files.mapValues { Data($0.utf8) }
        var seen = Set<String>()
        let loaded = Checker.load(FileGroup(directory: nil, files: ["plan.yaml"]), workspace: Workspace { path in
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        }, seen: &seen)
        let occurrence = try #require(loaded.sequences.first?.first?.occurrences.first)
        #expect(ScheduleDocument.utc(occurrence.earliest) == "2026-12-03T10:00:00Z")
        // The address carries the article's own date, known before any schedule.
        #expect(occurrence.item.link?.value == "https://blog.example/2026/12/03/small/")
    }

    /// Review 11, finding 4: a front matter date before the period was
    /// taken silently (the article published two weeks early). It is kept
    /// (back-dated) with a warning at the `article:` value; a date inside the
    /// period gives none; one after it stays an article-after-post error.
    @Test func anArticleDatedBeforeThePeriodIsAWarning() throws {
        let marked = Marked(Self.planText(blog: #"site: "https://blog.example""#, items: """
              - {id: small, kind: content, text: "New note {link}", article: ⟨bound-outside-period⟩drafts/small.md}
            """))
        func report(_ date: String) -> CheckReport {
            check(["plan.yaml": marked.text, "drafts/small.md": "---\ndate: \(date)\n---\nText.\n"])
        }
        let early = report("2026-11-20T10:00")
        let warnings = early.findings.filter { $0.ruleID == "bound-outside-period" }
        #expect(warnings.count == 1 && warnings.first?.severity == .warning, "\(describe(early))")
        let warning = try #require(warnings.first)
        let mark = marked.marks["bound-outside-period"]!
        #expect(warning.location == ThirdsCore.SourceLocation(file: "plan.yaml", line: mark.line, column: mark.column))
        #expect(warning.message == "the article of item 'small' would be published on 2026-11-20 at 10:00 (Europe/London), its front matter's date, before the plan's period (2026-11-30 to 2026-12-06): back-dated, and its address carries that date")
        #expect(warning.hint == "was the date left from another week? Change 'date' in the article's front matter to a time within 2026-11-30 to 2026-12-06, or remove it (the article then goes out with the post)")
        // The date's own place in the article: line 2, after "date: ".
        #expect(warning.related == [ThirdsCore.SourceLocation(file: "drafts/small.md", line: 2, column: 7)])
        // Back-dated, the post is free to go out at any time in the week.
        #expect(!early.findings.contains { ["article-after-post", "outside-period"].contains($0.ruleID) }, "\(describe(early))")

        // Sunday 23:59 of the week before still warns; Monday 00:00 of the week does not.
        #expect(report("2026-11-29T23:59").findings.contains { $0.ruleID == "bound-outside-period" })
        let inside = report("2026-11-30T00:00")
        #expect(!inside.findings.contains { $0.ruleID == "bound-outside-period" }, "\(describe(inside))")
        let late = report("2026-12-08T10:00")
        #expect(late.findings.map(\.ruleID).filter { ["bound-outside-period", "article-after-post"].contains($0) } == ["article-after-post"], "\(describe(late))")
    }

    /// A schedule file edited by hand can put the post before its article:
    /// the export says so, and writes nothing.
    @Test func theExportRefusesAPostBeforeItsArticle() throws {
        let article = "---\ndate: 2026-12-03T10:00\n---\nText.\n"
        let items = """
              - {id: small, kind: content, text: "New note {link}", article: drafts/small.md}
            """
        let input = try Self.input(["plan.yaml": Self.planText(blog: #"site: "https://blog.example", engine: hugo"#, items: items), "drafts/small.md": article],
                                   at: ["small": "2026-12-03T09:00:00Z"])
        let (files, findings) = try ExportKind.run([.crosspost], input)
        #expect(files.isEmpty)
        #expect(findings.map(\.ruleID) == ["article-after-post"])
        #expect(findings.first?.message == "the article of 'small' goes out at 2026-12-03T10:00:00Z, after 'small' that links to it at 2026-12-03T09:00:00Z")
        #expect(findings.first?.location.line == 12)
    }

    /// A repeating item's posts all link to its one article, which goes out
    /// with the first of them.
    @Test func aRepeatingItemHasOneArticle() throws {
        let items = """
              - {id: tip, kind: content, text: "Tip of the day {link}", article: drafts/small.md, repeat: [tue, wed]}
            """
        let input = try Self.input(["plan.yaml": Self.planText(blog: #"site: "https://blog.example", engine: jekyll"#, items: items),
                                    "drafts/small.md": Self.smallArticle],
                                   at: ["tip@2026-12-01": "2026-12-01T09:00:00Z", "tip@2026-12-02": "2026-12-02T09:00:00Z"])
        #expect(input.posts.map { $0.item.link?.value } == Array(repeating: "https://blog.example/2026/12/01/tip.html", count: 2))
        let (files, findings) = try CrosspostExport.export(input)
        #expect(findings.isEmpty, "\(findings)")
        #expect(files.map(\.path) == ["crosspost.json", "blog/_posts/2026-12-01-tip.md"])
        // The calendar has the two posts and the one article, though 'crosspost' does not name the blog.
        let events = ICalendarExport.events(input, crosspostTimes: ICalendarExport.crosspostTimes(input))
        #expect(events.map { "\($0.post.occurrence.id)#\($0.channel)" } == ["tip@2026-12-01#blog", "tip@2026-12-01#x", "tip@2026-12-02#x"])
    }

    @Test func blogLinksToItsOwnSiteCarryNoCampaignTags() {
        let blog = Channel(name: "blog", settings: ["site": Located("https://Blog.example", at: ThirdsCore.SourceLocation(file: "p", line: 1, column: 1))],
                           location: ThirdsCore.SourceLocation(file: "p", line: 1, column: 1))
        #expect(!CampaignLinks.tagsLink("https://blog.example/2026/12/a/", on: blog))
        #expect(CampaignLinks.tagsLink("https://other.example/a", on: blog))
        #expect(CampaignLinks.tagsLink("https://blog.example/a", on: Channel(name: "x", settings: [:], location: blog.location)))
    }

    // MARK: What check reports

    @Test func anArticleTooLargeOrNotUTF8IsRefused() {
        let plan = Self.planText(blog: #"site: "https://blog.example""#, items: """
              - {id: big, kind: content, text: "Big {link}", article: drafts/big.md}
              - {id: latin, kind: content, text: "Latin {link}", article: drafts/latin.md}
            """)
        let contents = ["plan.yaml": Data(plan.utf8), "drafts/big.md": Data(repeating: UInt8(ascii: "a"), count: ArticleLoader.maxBytes + 1),
                        "drafts/latin.md": Data([0x63, 0x61, 0x66, 0xE9, 0x0A])]
        let report = Checker.check(groups: [FileGroup(directory: nil, files: ["plan.yaml"])], workspace: Workspace { path in
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        })
        let refused = report.findings.filter { $0.ruleID == "unreadable-article" }
        #expect(refused.map(\.location.line) == [12, 13], "\(describe(report))")
        #expect(refused.first?.message.contains("1048577 bytes, over the limit of 1048576 bytes") == true)
        #expect(refused.last?.message.contains("is not UTF-8 text") == true)
    }

    @Test func pathsOutsideThePlanFolderAreRefused() {
        #expect(ArticleLoader.insidePlanFolder("drafts/a.md", planFile: "plans/w.yaml") == "plans/drafts/a.md")
        #expect(ArticleLoader.insidePlanFolder("./drafts/../a.md", planFile: "plans/w.yaml") == "plans/a.md")
        #expect(ArticleLoader.insidePlanFolder("../a.md", planFile: "plans/w.yaml") == nil)
        #expect(ArticleLoader.insidePlanFolder("drafts/../../a.md", planFile: "plans/w.yaml") == nil)
        #expect(ArticleLoader.insidePlanFolder("../../etc/passwd", planFile: "w.yaml") == nil)
        #expect(ArticleLoader.insidePlanFolder("/etc/passwd", planFile: "plans/w.yaml") == nil)
        #expect(ArticleLoader.insidePlanFolder("", planFile: "plans/w.yaml") == nil)
    }

    /// Every diagnostic through the real binary, each at the `article:`
    /// value, and nothing written by `thirds schedule`.
    @Test func checkReportsEachArticleProblemAtItsArticleKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-articles-\(UUID().uuidString)")
        let plans = folder.appendingPathComponent("plans")
        try FileManager.default.createDirectory(at: plans.appendingPathComponent("drafts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "secret\n".write(to: folder.appendingPathComponent("outside.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: plans.appendingPathComponent("drafts/link.md"), withDestinationURL: folder.appendingPathComponent("outside.md"))
        try "---\ntitle: \"never closed\ntags: [a\n---\nBody\n".write(to: plans.appendingPathComponent("drafts/bad.md"), atomically: true, encoding: .utf8)
        try "---\ndate: 2026-12-09T10:00\n---\nBody\n".write(to: plans.appendingPathComponent("drafts/late.md"), atomically: true, encoding: .utf8)
        try "Body\n".write(to: plans.appendingPathComponent("drafts/fine.md"), atomically: true, encoding: .utf8)
        let marked = Marked(Self.planText(blog: #"site: "https://blog.example""#, items: """
              - {id: a1, kind: content, text: "One {link}", article: ⟨a1⟩drafts/missing.md}
              - {id: a2, kind: content, text: "Two {link}", article: ⟨a2⟩../outside.md}
              - {id: a3, kind: content, text: "Three {link}", article: ⟨a3⟩drafts/bad.md}
              - {id: a4, kind: content, text: "Four {link}", article: ⟨a4⟩drafts/late.md}
              - {id: a5, kind: content, text: "Five {link}", article: ⟨a5⟩drafts/link.md}
              - {id: a6, kind: content, text: "Six {link}", article: drafts/fine.md, link: ⟨a6⟩"https://elsewhere.example/x"}
            """ + "\n" + balancedItems))
        try marked.text.write(to: plans.appendingPathComponent("w.yaml"), atomically: true, encoding: .utf8)

        let outcome = try CLITests.run(["check", "w.yaml"], in: plans)
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        func at(_ mark: String) -> String { "w.yaml:\(marked.marks[mark]!.line):\(marked.marks[mark]!.column): " }
        func line(_ mark: String) -> String? { lines.first { $0.hasPrefix(at(mark)) } }
        #expect(line("a1") == at("a1") + "error: [unreadable-article] cannot read the article 'drafts/missing.md' of item 'a1' (looked for 'drafts/missing.md')", "\(outcome.stdout)")
        #expect(line("a2") == at("a2") + "error: [unreadable-article] the article '../outside.md' of item 'a2' is outside the plan's folder", "\(outcome.stdout)")
        #expect(line("a3")?.hasPrefix(at("a3") + "error: [invalid-front-matter] the front matter of article 'drafts/bad.md' is not YAML: ") == true, "\(outcome.stdout)")
        #expect(line("a3")?.hasSuffix("(at drafts/bad.md:2:8)") == true, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("  see: drafts/bad.md:2:8"))
        #expect(line("a4") == at("a4") + "error: [article-after-post] the article of item 'a4' goes out at 2026-12-09 10:00 (Europe/London), but the post that links to it must go out by 2026-12-06 23:59", "\(outcome.stdout)")
        #expect(outcome.stdout.contains("  see: drafts/late.md:2:7"))
        #expect(line("a5") == at("a5") + "error: [unreadable-article] the article 'drafts/link.md' of item 'a5' is outside the plan's folder", "\(outcome.stdout)")
        #expect(line("a6") == at("a6") + "error: [invalid-value] item 'a6' has both 'link' and 'article': its posts link to the article's address", "\(outcome.stdout)")

        let out = folder.appendingPathComponent("out")
        let schedule = try CLITests.run(["schedule", "w.yaml", "--out", out.path], in: plans)
        #expect(schedule.status == 1)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// A folder (or a pipe, which would never end) is refused before it is read;
    /// a link to a file inside the plan's folder is followed.
    @Test func onlyAFileInsideThePlanFolderIsRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("thirds-article-kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("drafts/folder.md"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Text\n".write(to: folder.appendingPathComponent("drafts/real.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("drafts/alias.md"), withDestinationURL: folder.appendingPathComponent("drafts/real.md"))
        let marked = Marked(Self.planText(blog: #"site: "https://blog.example""#, items: """
              - {id: dir, kind: content, text: "Folder {link}", article: ⟨dir⟩drafts/folder.md}
              - {id: alias, kind: content, text: "Alias {link}", article: drafts/alias.md}
              - {id: own, kind: content, text: "Own {link}", channel: blog, article: ⟨own⟩drafts/real.md}
            """))
        let plan = folder.appendingPathComponent("plan.yaml")
        try marked.text.write(to: plan, atomically: true, encoding: .utf8)
        let report = try Checker.check(paths: [plan.path])
        let articleFindings = report.findings.filter { $0.ruleID == "unreadable-article" || $0.message.contains("article") }
        #expect(articleFindings.map { "\($0.location.line):\($0.location.column) \($0.message)" } == [
            "\(marked.marks["dir"]!.line):\(marked.marks["dir"]!.column) the article 'drafts/folder.md' of item 'dir' is not a file",
            "\(marked.marks["own"]!.line):\(marked.marks["own"]!.column) item 'own' goes out on the blog itself, so it cannot also carry an article",
        ], "\(describe(report))")
    }

    @Test func aPinnedPostBeforeItsArticleIsAnError() {
        let items = """
              - {id: early, kind: content, text: "Early {link}", article: drafts/a.md, at: 2026-12-01T09:00}
            """
        let contents = ["plan.yaml": Data(Self.planText(blog: #"site: "https://blog.example""#, items: items).utf8),
                        "drafts/a.md": Data("---\ndate: 2026-12-02T09:00\n---\nText\n".utf8)]
        let report = Checker.check(groups: [FileGroup(directory: nil, files: ["plan.yaml"])], workspace: Workspace { path in
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        })
        let finding = report.findings.first { $0.ruleID == "article-after-post" }
        #expect(finding?.message == "the article of item 'early' goes out at 2026-12-02 09:00 (Europe/London), but the post that links to it is pinned to 2026-12-01T09:00",
                "\(describe(report))")
        #expect(finding?.location.line == 12)
    }

    @Test func anArticleNeedsABlogWithASite() {
        let items = """
              - {id: a, kind: content, text: "Read {link}", article: drafts/a.md}
            """
        let contents = ["plan.yaml": Data(Self.planText(blog: "engine: hugo", items: items).utf8), "drafts/a.md": Data("Text\n".utf8)]
        let report = Checker.check(groups: [FileGroup(directory: nil, files: ["plan.yaml"])], workspace: Workspace { path in
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        })
        #expect(report.findings.contains { $0.ruleID == "missing-key" && $0.message.contains("channel 'blog' has no 'site'") }, "\(describe(report))")
    }
}

extension ArticleTests {
    /// An evergreen library item is drawn again and again: an article on it
    /// would go out at every use, so the library refuses it.
    @Test func aLibraryItemCarriesNoArticle() {
        let library = Marked("""
            format: thirds-library/1
            cooldown: 6w
            items:
              - {id: ev-tip, kind: content, text: "Evergreen tip {link}", ⟨article⟩article: drafts/tip.md}
            """)
        let report = check(["library/evergreen.yaml": library.text])
        let refused = report.findings.filter { $0.message.contains("'article' has no place in a library item") }
        #expect(refused.map { "\($0.location.line):\($0.location.column)" } == ["\(library.marks["article"]!.line):\(library.marks["article"]!.column)"],
                "\(describe(report))")
        // Review 11, finding 9: the reason is the republishing, and the fix a link.
        #expect(refused.first?.message == "'article' has no place in a library item: the item is used again and again, and its article would be published again at every use")
        #expect(refused.first?.hint == "publish the article once from a week's plan, and give the library item a 'link' to the published article instead")
    }
}
