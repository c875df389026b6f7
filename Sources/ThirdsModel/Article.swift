import Foundation
import ThirdsCore

/// The blog article a content item carries (`article: drafts/x.md`): its
/// Markdown body and what its front matter says. The front matter wins over
/// the item's own title, slug, description and hashtags; the item fills in
/// what the front matter leaves out.
public struct Article: Sendable {
    /// The path as the plan writes it, where `article:` is.
    public var reference: Located<String>
    /// The file read, relative to the working directory as the plan's path is.
    public var file: String = ""
    /// The Markdown after the front matter.
    public var body: String = ""
    public var title: String?
    /// When the article goes out, if its front matter says (`date:`).
    public var date: Located<Date>?
    public var slug: String?
    public var tags: [String] = []
    public var description: String?
    /// The address the item's posts link to, with the date the article goes out.
    public var permalinkPattern: String = ""
    public var site: String = ""

    public init(reference: Located<String>) {
        self.reference = reference
    }

    /// The article's address on the blog for a given local publishing date.
    public func address(on date: LocalDate) -> String {
        Permalink.address(site: site, path: Permalink.path(pattern: permalinkPattern, slug: slug ?? "", date: date))
    }
}

/// Where a blog article lives: the blog's `permalink` pattern, else the
/// engine's own default, filled in with the date it goes out (on the
/// account's clock) and its slug.
public enum Permalink {
    public static let tokens = [":year", ":month", ":day", ":slug"]

    /// Each engine's address for a post when its site sets nothing:
    /// WordPress (since 4.2) sets "Day and name" on installation; Jekyll's
    /// `permalink: date` is `/:categories/:year/:month/:day/:title:output_ext`
    /// (no categories here, `.html` out); Hugo puts a page at its content
    /// path, `blog/<slug>.md` giving `/blog/<slug>/`.
    public static func defaultPattern(engine: String) -> String {
        switch engine {
        case "jekyll": "/:year/:month/:day/:slug.html"
        case "hugo": "/blog/:slug/"
        default: "/:year/:month/:day/:slug/"
        }
    }

    /// Why a pattern cannot be used, or nil: it starts with `/`, names
    /// `:slug` (or every article would share one address), and holds only
    /// known tokens, each once, and letters, digits, `-`, `_`, `.` and `/`;
    /// no segment is empty, `.` or `..` (a browser or server would fold
    /// them, so the page would not be at the address the posts give).
    public static func problem(_ pattern: String) -> String? {
        guard pattern.hasPrefix("/") else { return "does not start with '/'" }
        var rest = Substring(pattern)
        var hasSlug = false
        var used = Set<String>()
        while !rest.isEmpty {
            if rest.first == ":" {
                let name = rest.dropFirst().prefix { $0.isASCII && $0.isLetter }
                let token = ":" + name
                guard tokens.contains(token) else { return "has an unknown token '\(token)'" }
                guard used.insert(token).inserted else { return "uses '\(token)' twice" }
                if token == ":slug" { hasSlug = true }
                rest = rest.dropFirst(token.count)
                continue
            }
            guard let character = rest.first, character.isASCII, character.isLetter || character.isNumber || "-_./".contains(character) else {
                return "holds '\(rest.first.map(String.init) ?? "")', which an address path cannot hold as it is"
            }
            rest = rest.dropFirst()
        }
        // Between the leading '/' and an optional trailing one, every segment holds something.
        let segments = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty, index < segments.count - 1 { return "has an empty segment ('//')" }
            if segment == "." || segment == ".." { return "has a '\(segment)' segment, folded away by browsers and servers" }
        }
        return hasSlug ? nil : "has no ':slug', so every article would have the same address"
    }

    /// The pattern filled in: `:year` four digits, `:month` and `:day` two.
    public static func path(pattern: String, slug: String, date: LocalDate) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        // :slug first, so a slug holding "year" is never read as a token.
        var out = ""
        var rest = Substring(pattern)
        while !rest.isEmpty {
            if let token = tokens.first(where: { rest.hasPrefix($0) }) {
                switch token {
                case ":year": out += String(date.year)
                case ":month": out += two(date.month)
                case ":day": out += two(date.day)
                default: out += slug
                }
                rest = rest.dropFirst(token.count)
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }

    public static func address(site: String, path: String) -> String {
        var base = site
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }
}

/// Reads the article files a plan's items name.
package enum ArticleLoader {
    /// An article is at most 1 MiB: a long essay is a few tens of kilobytes.
    package static let maxBytes = 1 << 20
    /// Front matter keys the blog uses; others are reported, not silently lost.
    package static let frontMatterKeys = ["title", "date", "slug", "tags", "description"]

    /// Fills in each item's article from its file and gives the item the
    /// article's address as its link. The date in that address is the
    /// article's own when its front matter has one, else the period's first
    /// day: the exports put in the day it goes out (every date is as long, so
    /// `check` measures the text exactly).
    package static func attach(_ items: [Item], file: String, workspace: Workspace, account: Account?, period: Period?,
                               channels: [Channel], findings: inout FindingList) -> [Item] {
        var slugs: [String: SourceLocation] = [:]
        return items.map { item in
            guard var article = item.article else { return item }
            let label = "item '\(item.id.value)'"
            guard let blog = channels.first(where: { $0.name == "blog" }) else {
                findings.error("missing-key", at: article.reference.location,
                               "the article of \(label) has no blog to go to: the plan sets up no 'blog' channel",
                               hint: "add 'blog: {site: \"https://…\", engine: hugo}' under 'channels:'")
                return item
            }
            guard let site = blog.text("site"), !site.isEmpty else {
                findings.error("missing-key", at: article.reference.location,
                               "the article of \(label) needs the blog's address to link to, and channel 'blog' has no 'site'",
                               hint: "add site: \"https://…\" under 'blog:'")
                return item
            }
            guard read(&article, planFile: file, workspace: workspace, clock: account?.clock, label: label, findings: &findings) else { return item }
            article.slug = article.slug ?? slug(for: item)
            article.title = article.title ?? item.title?.value
            article.description = article.description ?? item.description?.value
            if article.tags.isEmpty { article.tags = item.hashtags.map(\.value) }
            article.site = site
            article.permalinkPattern = blog.text("permalink").flatMap { Permalink.problem($0) == nil ? $0 : nil }
                ?? Permalink.defaultPattern(engine: blog.engine)
            if let slug = article.slug {
                if let first = slugs[slug] {
                    findings.error("invalid-value", at: article.reference.location,
                                   "the article of \(label) has the slug '\(slug)' of the article at line \(first.line), so both would have one address",
                                   hint: "give one of them its own 'slug' (in the article's front matter or on the item)")
                } else {
                    slugs[slug] = article.reference.location
                }
            }
            var item = item
            let day: LocalDate? = article.date.flatMap { date in account.map { $0.clock.local(date.value).date } } ?? period?.start
            if let day { item.link = Located(article.address(on: day), at: article.reference.location) }
            item.article = article
            return item
        }
    }

    /// The item's slug, else one from its title, else from its id.
    package static func slug(for item: Item) -> String? {
        [item.slug?.value, (item.title?.value).map(slugText), slugText(item.id.value)]
            .compactMap { $0 }.first { !$0.isEmpty }
    }

    /// Lowercase ASCII letters and digits joined by single hyphens, whole
    /// words up to 60 characters (as the blog cross-posts' slugs).
    package static func slugText(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let words = folded.unicodeScalars.split { !($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
            .map { String(String.UnicodeScalarView($0)) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > 60 { return slug.isEmpty ? String(word.prefix(60)) : slug }
            slug = next
        }
        return slug
    }

    /// Reads the file into `article`; false (with a finding at the
    /// `article:` value) when it cannot be used.
    package static func read(_ article: inout Article, planFile: String, workspace: Workspace, clock: ZoneClock?,
                             label: String, findings: inout FindingList) -> Bool {
        let reference = article.reference
        func refuse(_ message: String, hint: String) -> Bool {
            findings.error("unreadable-article", at: reference.location, message, hint: hint)
            return false
        }
        guard let target = insidePlanFolder(reference.value, planFile: planFile) else {
            return refuse("the article '\(reference.value)' of \(label) is outside the plan's folder",
                          hint: "keep articles in the plan's folder or below it, such as drafts/\((reference.value as NSString).lastPathComponent)")
        }
        article.file = target
        // A folder, a pipe or a device is not an article (a pipe would never end).
        let resolved = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        if let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType, type != .typeRegular {
            return refuse("the article '\(reference.value)' of \(label) is not a file", hint: "name a Markdown file, such as drafts/post.md")
        }
        let data: Data
        do {
            data = try workspace.articleData(at: target, limit: maxBytes)
        } catch let large as BoundedFile.TooLarge {
            return refuse("the article '\(reference.value)' of \(label) is \(large.bytes.map { "\($0) bytes" } ?? "too large"), over the limit of \(maxBytes) bytes",
                          hint: "an article is at most 1 MiB of Markdown; keep images in files of their own")
        } catch {
            return refuse("cannot read the article '\(reference.value)' of \(label) (looked for '\(target)')",
                          hint: "check the path, relative to the plan's folder, and its permissions")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return refuse("the article '\(reference.value)' of \(label) is not UTF-8 text",
                          hint: "save it as UTF-8")
        }
        let (front, body, closed) = split(text)
        article.body = body
        guard let front else { return true }
        guard closed else {
            findings.append(frontMatterFinding(at: SourceLocation(file: target, line: 1, column: 1), reference: reference,
                                               "the front matter of article '\(target)' opens with '---' but never closes",
                                               hint: "end the front matter with a line '---' before the article's text"))
            return false
        }
        return readFrontMatter(front, into: &article, file: target, clock: clock, findings: &findings)
    }

    /// The path resolved against the plan's folder, or nil when it leaves
    /// that folder (an absolute path, `..` past the top, or a symbolic link
    /// that points outside).
    package static func insidePlanFolder(_ path: String, planFile: String) -> String? {
        guard !path.hasPrefix("/"), !path.isEmpty else { return nil }
        let normal = Paths.normalise(path)
        guard normal != ".", normal != "..", !normal.hasPrefix("../") else { return nil }
        let target = Paths.resolve(normal, relativeTo: planFile)
        // A link inside that leads outside is refused too, once both exist on disk.
        let folder = (planFile as NSString).deletingLastPathComponent
        let realFolder = URL(fileURLWithPath: folder.isEmpty ? "." : folder).resolvingSymlinksInPath().path
        let realTarget = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        if FileManager.default.fileExists(atPath: realTarget), !(realTarget + "/").hasPrefix(realFolder == "/" ? "/" : realFolder + "/") {
            return nil
        }
        return target
    }

    /// The front matter's text (nil when the article has none), the body, and
    /// whether the front matter closed. Front matter opens with a first line
    /// `---` and closes at the next line `---` (or `...`). Line endings
    /// become LF (CRLF and a lone CR alike), as the sites' own files have
    /// them: the exports write one kind of line ending throughout.
    package static func split(_ text: String) -> (front: String?, body: String, closed: Bool) {
        let normal = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normal.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: .whitespaces) == "---" }) == true else { return (nil, normal, true) }
        lines.removeFirst()
        guard let close = lines.firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces)) }) else {
            return (lines.joined(separator: "\n"), "", false)
        }
        var body = lines[(close + 1)...].joined(separator: "\n")
        while body.hasPrefix("\n") { body.removeFirst() }
        return (lines[..<close].joined(separator: "\n"), body, true)
    }

    /// Reads the front matter with the YAML reader, positions counted in the
    /// article's file (its first line is the opening `---`).
    package static func readFrontMatter(_ front: String, into article: inout Article, file: String, clock: ZoneClock?,
                                        findings: inout FindingList) -> Bool {
        guard !front.allSatisfy(\.isWhitespace) else { return true }
        let node: YAMLNode
        switch YAMLReader.read(Data(("\n" + front).utf8), file: file) {
        case .failure(let problem):
            findings.append(frontMatterFinding(at: problem.location, reference: article.reference,
                           "the front matter of article '\(file)' is not YAML: \(problem.message)",
                           hint: "write it as YAML lines such as 'title: \"…\"' between two lines '---'"))
            return false
        case .success(let parsed):
            node = parsed
        }
        guard case .mapping(let pairs, let location) = node else {
            findings.append(frontMatterFinding(at: node.location, reference: article.reference, "the front matter of article '\(file)' is not a mapping of keys to values",
                           hint: "write it as YAML lines such as 'title: \"…\"' between two lines '---'"))
            return false
        }
        _ = location
        let reference = article.reference
        var valid = true
        func text(_ value: YAMLNode, _ key: String) -> String? {
            if case .scalar(let scalar) = value, !scalar.isNull { return scalar.text }
            findings.append(frontMatterFinding(at: value.location, reference: reference, "'\(key)' in the front matter of article '\(file)' is not a single value",
                           hint: "write it as \(key): \"…\""))
            valid = false
            return nil
        }
        for (key, value) in pairs {
            switch key.text {
            case "title": article.title = text(value, "title")
            case "description": article.description = text(value, "description")
            case "slug":
                guard let slug = text(value, "slug") else { continue }
                if slug.isEmpty || !slug.split(separator: "-", omittingEmptySubsequences: false).allSatisfy({ part in
                    !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
                }) {
                    findings.append(frontMatterFinding(at: value.location, reference: article.reference, "slug '\(slug)' in the front matter of article '\(file)' may hold only lowercase letters, digits and single hyphens",
                                                       hint: "write it as slug: influence-myth"))
                    valid = false
                } else {
                    article.slug = slug
                }
            case "tags":
                switch value {
                case .sequence(let entries, _):
                    article.tags = entries.compactMap { text($0, "tags") }.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
                case .scalar(let scalar) where !scalar.isNull:
                    article.tags = [scalar.text]
                default:
                    findings.append(frontMatterFinding(at: value.location, reference: article.reference, "'tags' in the front matter of article '\(file)' is not a list",
                                   hint: "write it as tags: [service, queues]"))
                    valid = false
                }
            case "date":
                guard let written = text(value, "date") else { continue }
                switch instant(written, clock: clock) {
                case .success(let date): article.date = Located(date, at: value.location)
                case .failure(let problem):
                    findings.append(frontMatterFinding(at: value.location, reference: article.reference, "date '\(written)' in the front matter of article '\(file)' \(problem.text)",
                                   hint: "write it as 2026-12-03T07:00 (on the account's clock) or 2026-12-03T07:00:00+00:00"))
                    valid = false
                }
            default:
                findings.append(frontMatterFinding(at: key.location, reference: article.reference, severity: .warning,
                                                   "'\(key.text)' in the front matter of article '\(file)' is not passed on to the blog: thirds writes only \(frontMatterKeys.joined(separator: ", "))",
                                                   hint: "set '\(key.text)' in the site's own configuration (Jekyll 'defaults', Hugo 'cascade'), or remove it"))
            }
        }
        return valid
    }

    /// A problem in an article's front matter, reported where the plan names
    /// the article (so it shows beside the plan), with its place in the
    /// article's file in the message and as the related position.
    package static func frontMatterFinding(at inner: SourceLocation, reference: Located<String>, severity: Severity = .error,
                                           _ message: String, hint: String) -> Finding {
        Finding(ruleID: "invalid-front-matter", severity: severity, location: reference.location,
                message: message + " (at \(inner.file):\(inner.line):\(inner.column))", hint: hint, related: [inner])
    }

    package struct DateProblem: Error {
        package var text: String
    }

    /// A front matter date: `YYYY-MM-DD`, with a time `HH:MM[:SS]` after `T`
    /// or a space, and an offset (`Z`, `+01:00`, ` +0100`) or none (then on
    /// the account's clock, which must show that time exactly once).
    package static func instant(_ written: String, clock: ZoneClock?) -> Result<Date, DateProblem> {
        var text = written.trimmingCharacters(in: .whitespaces)
        var offset: Int?
        if text.hasSuffix("Z") || text.hasSuffix("z") {
            offset = 0
            text.removeLast()
        } else if text.count > 10, let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }), text.distance(from: text.startIndex, to: sign) > 10 {
            let digits = text[text.index(after: sign)...].filter { $0 != ":" }
            guard digits.count == 4, digits.allSatisfy(\.isASCII), let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
                  hours <= 18, minutes < 60 else { return .failure(DateProblem(text: "has an offset that is not ±HH:MM")) }
            offset = (text[sign] == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
            text = String(text[..<sign]).trimmingCharacters(in: .whitespaces)
        }
        let local: LocalDateTime
        if text.count == 10 {
            guard case .success(let date) = ValueText.planDate(ValueText.date(text)) else { return .failure(DateProblem(text: "is not a date in the calendar")) }
            local = LocalDateTime(date: date, time: TimeOfDay(hour: 0, minute: 0))
        } else {
            guard case .success(let value) = ValueText.dateTime(text), case .success = ValueText.planDate(.success(value.date)) else {
                return .failure(DateProblem(text: "is not a date and time"))
            }
            local = value
        }
        if let offset { return .success(local.wall.addingTimeInterval(-Double(offset))) }
        guard let clock else { return .failure(DateProblem(text: "has no offset, and the account has no time zone to read it in")) }
        let instants = clock.instants(of: local)
        guard instants.count == 1 else {
            return .failure(DateProblem(text: instants.isEmpty ? "does not exist in \(clock.zone.identifier): the clocks go forward then"
                                              : "happens twice in \(clock.zone.identifier): the clocks go back then"))
        }
        return .success(instants[0])
    }
}
