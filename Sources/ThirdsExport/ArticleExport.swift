import Foundation
import Ink
import ThirdsCore
import ThirdsModel
import ThirdsSchedule

/// The blog article an item carries, as each engine takes it, and the
/// address its posts link to.
package enum ArticleExport {
    /// When the article goes out: its front matter's `date`, else the blog's
    /// `lead` before the item's first post (at it, by default).
    package static func instant(of article: Article, firstPost: Date, blog: Channel?) -> Date {
        article.date?.value ?? firstPost.addingTimeInterval(-Double(blog?.lead ?? 0))
    }

    /// The posts with each article item's link set to the article's address,
    /// dated the day (on the account's clock) the article goes out; posts come
    /// in time order, so an item's first post is the first met.
    package static func resolvingLinks(_ posts: [ExportInput.ScheduledPost], plan: Plan) -> [ExportInput.ScheduledPost] {
        guard posts.contains(where: { $0.item.article != nil }) else { return posts }
        var links: [String: String] = [:]
        let blog = plan.channel("blog")
        return posts.map { post in
            guard let article = post.item.article, !article.site.isEmpty else { return post }
            let id = post.item.id.value
            let link = links[id] ?? article.address(on: plan.account.clock.local(instant(of: article, firstPost: post.instant, blog: blog)).date)
            links[id] = link
            guard post.item.link?.value != link else { return post }
            var item = post.item
            item.link = Located(link, at: article.reference.location)
            let old = post.occurrence
            var resolved = post
            resolved.occurrence = Occurrence(id: old.id, item: item, day: old.day, earliest: old.earliest, latest: old.latest, fixed: old.fixed)
            return resolved
        }
    }

    /// The path part of an address (`/2026/12/influence-myth/`).
    package static func path(of address: String) -> String {
        guard let components = URLComponents(string: address), !components.path.isEmpty else { return "/" }
        return components.percentEncodedPath
    }

    package static func title(of article: Article, item: Item) -> String {
        article.title.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } ?? CrosspostText.title(of: item)
    }

    /// The Hugo or Jekyll file: the article's body as written, under front
    /// matter merged from the article and the item, with the address the
    /// posts link to (Hugo `url`, Jekyll `permalink`), so the site puts the
    /// page exactly there whatever its own permalink settings.
    package static func markdownFile(engine: String, article: Article, item: Item, address: String, instant: Date, clock: ZoneClock) -> ExportFile {
        let slug = article.slug ?? "post"
        var front = "---\n"
        front += "title: \(CrosspostText.yamlQuoted(title(of: article, item: item)))\n"
        front += "date: \(BlogPost.frontMatterDate(engine: engine, instant: instant, clock: clock))\n"
        front += "slug: \(CrosspostText.yamlQuoted(slug))\n"
        front += "tags: [" + article.tags.map(CrosspostText.yamlQuoted).joined(separator: ", ") + "]\n"
        if let description = article.description { front += "description: \(CrosspostText.yamlQuoted(description))\n" }
        front += "\(engine == "jekyll" ? "permalink" : "url"): \(CrosspostText.yamlQuoted(path(of: address)))\n"
        front += "---\n\n"
        var body = article.body
        if !body.isEmpty, !body.hasSuffix("\n") { body += "\n" }
        return ExportFile(path: BlogPost.markdownPath(engine: engine, slug: slug, localDate: clock.local(instant).date), contents: front + body)
    }

    /// The WordPress request's body: the article rendered to HTML by Ink,
    /// scheduled (`future`) at `date_gmt`.
    package static func wordPressBody(article: Article, item: Item, instant: Date) -> WordPressPostBody {
        WordPressPostBody(title: CrosspostText.htmlEscaped(title(of: article, item: item)), content: html(from: article.body),
                          excerpt: CrosspostText.htmlEscaped(article.description ?? ""), slug: article.slug ?? "post",
                          dateGMT: BlogPost.wordPressDate(instant))
    }

    /// Markdown to HTML, as Ink renders it.
    package static func html(from markdown: String) -> String {
        MarkdownParser().html(from: markdown)
    }
}
