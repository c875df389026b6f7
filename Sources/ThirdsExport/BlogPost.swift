import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// The body of `POST {site}/wp-json/wp/v2/posts` (WordPress REST API
/// Handbook, Reference › Posts › Create a Post:
/// https://developer.wordpress.org/rest-api/reference/posts/). A scheduled
/// post is `status: future` with its moment in `date_gmt` ("The date the post
/// was published, as GMT", `date-time`); `date` ("in the site's timezone") is
/// left out, so the site's own time zone setting cannot shift it. `date_gmt`
/// is written as WordPress returns it, `YYYY-MM-DDTHH:MM:SS` with no offset.
package struct WordPressPostBody: Encodable, Equatable {
    package var title: String
    package var content: String
    package var excerpt: String
    package var slug: String
    package var status = "future"
    package var dateGMT: String

    package enum CodingKeys: String, CodingKey {
        case title, content, excerpt, slug, status
        case dateGMT = "date_gmt"
    }
}

package enum BlogPost {
    package static let engines = ["wordpress", "hugo", "jekyll"]

    /// The posts endpoint of a WordPress site.
    package static func wordPressURL(site: String) -> String {
        var base = site
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/wp-json/wp/v2/posts"
    }

    package static func wordPressDate(_ instant: Date) -> String {
        LocalDateTime(wall: instant).description(withSeconds: true)
    }

    package static func wordPressBody(title: String, text: String, excerpt: String, slug: String, at instant: Date) -> WordPressPostBody {
        WordPressPostBody(title: CrosspostText.htmlEscaped(title), content: html(from: text),
                          excerpt: CrosspostText.htmlEscaped(excerpt), slug: slug, dateGMT: wordPressDate(instant))
    }

    // MARK: HTML

    /// The text as HTML paragraphs: blank lines separate paragraphs, single
    /// line breaks stay (`<br>`), links become links, everything else escaped.
    package static func html(from text: String) -> String {
        paragraphs(of: text).map { lines in
            "<p>" + lines.map(linkedHTML).joined(separator: "<br>\n") + "</p>"
        }.joined(separator: "\n")
    }

    package static func linkedHTML(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var out = ""
        var position = 0
        for range in CrosspostText.urlRanges(in: scalars) {
            out += CrosspostText.htmlEscaped(String(String.UnicodeScalarView(scalars[position..<range.lowerBound])))
            let url = CrosspostText.htmlEscaped(String(String.UnicodeScalarView(scalars[range])))
            out += "<a href=\"\(url)\">\(url)</a>"
            position = range.upperBound
        }
        return out + CrosspostText.htmlEscaped(String(String.UnicodeScalarView(scalars[position...])))
    }

    /// Paragraphs as their lines: line ends normalised, blank lines between.
    package static func paragraphs(of text: String) -> [[String]] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var paragraphs: [[String]] = []
        var current: [String] = []
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    // MARK: Markdown (Hugo, Jekyll)

    /// Where the engine wants the file: Hugo `blog/<slug>.md`; Jekyll
    /// `blog/_posts/YYYY-MM-DD-<slug>.md`, the date the local one of the post
    /// (Jekyll: "YEAR-MONTH-DAY-title.MARKUP").
    package static func markdownPath(engine: String, slug: String, localDate: LocalDate) -> String {
        engine == "jekyll" ? "blog/_posts/\(localDate)-\(slug).md" : "blog/\(slug).md"
    }

    /// The front matter's date, on the account's clock with its offset: Hugo
    /// takes RFC 3339 (`2026-12-01T09:00:00+00:00`), Jekyll documents
    /// `YYYY-MM-DD HH:MM:SS +/-TTTT`.
    package static func frontMatterDate(engine: String, instant: Date, clock: ZoneClock) -> String {
        if engine == "jekyll" {
            let local = clock.local(instant)
            return "\(local.date) \(local.time):\(twoDigits(local.second)) " + clock.offsetText(at: instant).replacingOccurrences(of: ":", with: "")
        }
        return ScheduleDocument.local(instant, clock)
    }

    package static func markdownFile(engine: String, slug: String, title: String, instant: Date, clock: ZoneClock,
                             tags: [String], description: String?, body: String) -> ExportFile {
        var front = "---\n"
        front += "title: \(CrosspostText.yamlQuoted(title))\n"
        front += "date: \(frontMatterDate(engine: engine, instant: instant, clock: clock))\n"
        front += "slug: \(CrosspostText.yamlQuoted(slug))\n"
        front += "tags: [" + tags.map(CrosspostText.yamlQuoted).joined(separator: ", ") + "]\n"
        if let description { front += "description: \(CrosspostText.yamlQuoted(description))\n" }
        front += "---\n\n"
        return ExportFile(path: markdownPath(engine: engine, slug: slug, localDate: clock.local(instant).date),
                          contents: front + (engine == "jekyll" ? liquidRaw(body) : body))
    }

    /// Jekyll runs Liquid over a post before Markdown, so a `{%` the text holds
    /// would start a tag (and fail the build): such a body goes inside
    /// `{% raw %}`…`{% endraw %}`. The text cannot end the raw block early:
    /// every `}` of it is backslash-escaped and addresses percent-encode
    /// braces, so the body holds no `%}` of its own. Hugo needs nothing: its
    /// shortcodes open with `{{<` or `{{%`, and an escaped `\{\{` is neither.
    package static func liquidRaw(_ body: String) -> String {
        guard body.contains("{%") || body.contains("{{") else { return body }
        return "{% raw %}" + body + "{% endraw %}\n"
    }

    /// An address as a Markdown link target: `{` and `}` percent-encoded (as
    /// browsers send them), so no address opens a Liquid tag or a shortcode.
    package static func linkTarget(_ url: String) -> String {
        url.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")
    }

    /// The text as Markdown that shows it as written: links as autolinks
    /// (`<https://…>`, nothing inside escaped), characters that would start
    /// emphasis, links, HTML, tables or (at a line's start) headings, quotes
    /// and lists backslash-escaped; line breaks kept as hard breaks.
    package static func markdown(from text: String) -> String {
        paragraphs(of: text).map { lines in
            lines.map { markdownLine($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: "  \n")
        }.joined(separator: "\n\n") + "\n"
    }

    package static func markdownLine(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var out = ""
        var position = 0
        for range in CrosspostText.urlRanges(in: scalars) {
            out += markdownEscaped(String(String.UnicodeScalarView(scalars[position..<range.lowerBound])), atLineStart: position == 0)
            out += "<" + linkTarget(String(String.UnicodeScalarView(scalars[range]))) + ">"
            position = range.upperBound
        }
        return out + markdownEscaped(String(String.UnicodeScalarView(scalars[position...])), atLineStart: position == 0)
    }

    package static func markdownEscaped(_ text: String, atLineStart: Bool) -> String {
        var out = ""
        for (offset, character) in text.enumerated() {
            // Load refuses these (InvalidCharacter); should one get here, a character reference
            // keeps the file text that Hugo and Jekyll read.
            if character.unicodeScalars.contains(where: InvalidCharacter.isInvalid) {
                for scalar in character.unicodeScalars {
                    if InvalidCharacter.isInvalid(scalar) {
                        out += "&#x\(String(scalar.value, radix: 16, uppercase: true));"
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
                continue
            }
            if "\\`*_[]<>|~{}".contains(character) {
                out += "\\"
            } else if atLineStart, offset == 0, "#>-+=".contains(character) {
                out += "\\"
            }
            out.append(character)
        }
        if atLineStart, let dot = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), dot != out.startIndex,
           out[dot] == "." || out[dot] == ")" {
            // "1. " would start a numbered list.
            out.insert("\\", at: dot)
        }
        return out
    }
}
