import Foundation
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSchedule

/// LinkedIn's "little" text format, in which the Posts API takes a post's
/// `commentary`.
///
/// Microsoft Learn, LinkedIn Marketing API, "little Text Format"
/// (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format):
/// "Characters reserved for little elements must be escaped to be treated as
/// plaintext", and "All reserved characters need to be escaped with a
/// backslash, even if those characters are not used in one of the supported
/// elements or templates". The reserved characters, listed under Text in the
/// Posts API page (…/community-management/shares/posts-api), are
/// `| { } @ [ ] ( ) < > # \ * _ ~`. An unescaped one is read as markup: the
/// commonly reported symptom is a post cut off at its first `(`.
///
/// Hashtags must stay hashtags, so their `#` is not escaped: the same page
/// documents the HashtagTemplate, "a hashtag, including the hashtag sign,
/// which should be either '#' (U+0023) or '＃' (U+FF03)", with the example
/// `"commentary": "… the future of {hashtag|#|Technology} and how …"`. Each
/// hashtag of the text (as the checker reads them: see `HashtagText`) is
/// written in that template, its sign as written, its value escaped like any
/// text.
///
/// Links are escaped too (their `_`, `#`, `(`, `~` are reserved like any
/// other): little is decoded to plain text first, and LinkedIn finds links in
/// that text, so `utm\_source` still links to `utm_source`. The link a post
/// shares also goes, unescaped, in `content.article.source`.
public enum LinkedInLittleText {
    public static let reserved: Set<Unicode.Scalar> = ["|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "\\", "*", "_", "~"]

    /// `text` as little: reserved characters backslash-escaped, hashtags as
    /// HashtagTemplates.
    public static func escape(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let links = CrosspostText.urlRanges(in: scalars)
        var out = String.UnicodeScalarView()
        var nextLink = 0
        var index = 0
        while index < scalars.count {
            while nextLink < links.count, links[nextLink].upperBound <= index { nextLink += 1 }
            if nextLink < links.count, links[nextLink].lowerBound == index {
                for scalar in scalars[links[nextLink]] { append(scalar, to: &out) }
                index = links[nextLink].upperBound
                continue
            }
            if let body = HashtagText.body(in: scalars, at: index) {
                out.append(contentsOf: "{hashtag|".unicodeScalars)
                out.append(scalars[index])
                out.append("|")
                for scalar in scalars[body] { append(scalar, to: &out) }
                out.append("}")
                index = body.upperBound
                continue
            }
            append(scalars[index], to: &out)
            index += 1
        }
        return String(out)
    }

    private static func append(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        if reserved.contains(scalar) { out.append("\\") }
        out.append(scalar)
    }
}

/// The body of `POST https://api.linkedin.com/rest/posts` (Posts API,
/// Microsoft Learn: …/community-management/shares/posts-api), with the
/// headers `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0`
/// that "all APIs require". Fields as the Post schema documents them; an
/// article post carries `content.article` with `source` and `title`
/// (required) and `description`.
package struct LinkedInPostBody: Encodable, Equatable {
    package var author: String
    package var commentary: String
    package var visibility: String
    package var distribution = Distribution()
    package var content: Content?
    package var lifecycleState = "PUBLISHED"
    package var isReshareDisabledByAuthor = false

    package struct Distribution: Encodable, Equatable {
        package var feedDistribution = "MAIN_FEED"
        package var targetEntities: [String] = []
        package var thirdPartyDistributionChannels: [String] = []
    }

    package struct Content: Encodable, Equatable {
        package var article: Article
    }

    package struct Article: Encodable, Equatable {
        package var source: String
        package var title: String
        package var description: String?
    }
}

package enum LinkedInRequest {
    package static let path = "/rest/posts"
    package static let protocolVersion = "2.0.0"
    package static let visibilities = ["PUBLIC", "CONNECTIONS", "LOGGED_IN"]

    package static func headers(version: String) -> [String: String] {
        ["Content-Type": "application/json", "LinkedIn-Version": version, "X-Restli-Protocol-Version": protocolVersion]
    }

    /// The post for `item` on `channel`: its text as it goes out there (link
    /// tagged for LinkedIn) in little, and the link as an article.
    package static func body(item: Item, channel: Channel, author: String, campaign: String) -> LinkedInPostBody {
        let text = CampaignLinks.text(of: item, on: channel, campaign: campaign)
        var body = LinkedInPostBody(author: author, commentary: LinkedInLittleText.escape(text),
                                    visibility: channel.text("visibility").flatMap { visibilities.contains($0) ? $0 : nil } ?? "PUBLIC")
        if let link = item.link?.value {
            let source = channel.tagsLinks ? CampaignLinks.tag(link, channel: channel.name, campaign: campaign) : link
            // The preview of an item's own article shows the article's title and description.
            body.content = .init(article: .init(source: source, title: item.article.map { ArticleExport.title(of: $0, item: item) } ?? CrosspostText.title(of: item),
                                                description: item.article?.description ?? item.description?.value))
        }
        return body
    }
}
