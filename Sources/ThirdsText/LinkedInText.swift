/// Post length as LinkedIn counts it.
public enum LinkedInText {
    /// The limit on a post's commentary (the text above any media or link).
    public static let maxCommentaryLength = 3000

    /// The length LinkedIn checks against `maxCommentaryLength`: UTF-16 code units, unnormalised.
    ///
    /// LinkedIn states the limit in "characters" without defining them. Its API validates the
    /// JSON string, and in the Java and JavaScript that handle it a string's length is its UTF-16
    /// code-unit count, so that is what we count. It is also the safe choice: it is never less than
    /// the number of code points or grapheme clusters, so a post we accept is never too long.
    /// Consequences: an emoji outside the Basic Multilingual Plane counts 2, a ZWJ family emoji
    /// more, and a URL counts its full length (LinkedIn does not shorten links in the count).
    public static func length(_ text: String) -> Int {
        text.utf16.count
    }
}
