import Foundation
import ThirdsText
import ThirdsModel

/// Campaign tags on the links a post carries, so the blog's analytics can
/// tell which channel and which week brought a reader.
public enum CampaignLinks {
    /// `url` with `utm_source` (the channel), `utm_medium=social` and
    /// `utm_campaign` (the plan) added; tags already in the link are kept.
    public static func tag(_ url: String, channel: String, campaign: String) -> String {
        guard var components = URLComponents(string: url), components.host != nil else { return url }
        var items = components.queryItems ?? []
        for (name, value) in [("utm_source", channel), ("utm_medium", "social"), ("utm_campaign", campaign)]
        where !items.contains(where: { $0.name == name }) {
            items.append(URLQueryItem(name: name, value: value))
        }
        components.queryItems = items
        return components.string ?? url
    }

    /// The text of a post as it goes out on `channel`: its link tagged for
    /// that channel when the channel tags links (`utm`, on by default).
    public static func text(of item: Item, on channel: Channel?, campaign: String) -> String {
        item.rendered(link: item.link.map { link in
            channel.map { tagsLink(link.value, on: $0) } ?? true ? tag(link.value, channel: channel?.name ?? "x", campaign: campaign) : link.value
        })
    }

    /// Whether a link going out on `channel` gets campaign tags: when the
    /// channel tags links, except a blog's links to its own site (a reader
    /// there came from the blog already; the tags would only hide that).
    public static func tagsLink(_ url: String, on channel: Channel) -> Bool {
        guard channel.tagsLinks else { return false }
        guard channel.name == "blog", let site = channel.text("site").flatMap({ URLComponents(string: $0)?.host?.lowercased() }),
              let host = URLComponents(string: url)?.host?.lowercased() else { return true }
        return host != site
    }
}
