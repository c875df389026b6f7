import Foundation

/// Post length as X (Twitter) counts it: twitter-text's weighted length with configuration v3
/// (config/v3.json, emoji parsing enabled), as specified by its conformance suite
/// (validate.yml, sections WeightedTweetsWithDiscountedEmojiCounterTest and
/// UnicodeDirectionalMarkerCounterTest).
public enum XText {
    public static let maxWeightedLength = 280

    // config/v3.json. Weights are in hundredths so that the total divides exactly by the scale.
    private static let scale = 100
    private static let defaultWeight = 200
    private static let lightWeight = 100
    private static let transformedURLLength = 23

    /// Weighted length per twitter-text v3 after NFC normalisation: URLs count 23, emoji 2,
    /// code points by the v3 weight ranges.
    ///
    /// Like twitter-text's JavaScript, whitespace-only text is counted rather than treated as empty,
    /// and U+FFFE, U+FEFF and U+FFFF are weighed like any character (twitter-text also flags them
    /// as making a post invalid; that is not a length question).
    public static func weightedLength(_ text: String) -> Int {
        let normalized = nfc(text)
        let scalars = Array(normalized.unicodeScalars)
        let urls = TweetURLScanner.urlRanges(in: scalars)
        let clusterEnds = graphemeClusterEnds(of: normalized, scalarCount: scalars.count)

        var weight = 0
        var index = 0
        var nextURL = 0
        while index < scalars.count {
            // A URL can only start where the loop stands; skip any the loop has already passed.
            while nextURL < urls.count, urls[nextURL].lowerBound < index { nextURL += 1 }
            if nextURL < urls.count, urls[nextURL].lowerBound == index {
                weight += transformedURLLength * scale
                index = urls[nextURL].upperBound
                nextURL += 1
            } else if let emojiEnd = emojiSequenceEnd(in: scalars, at: index, clusterEnd: clusterEnds[index]) {
                weight += defaultWeight
                index = emojiEnd
            } else {
                weight += codePointWeight(scalars[index])
                index += 1
            }
        }
        return weight / scale
    }

    /// The URLs twitter-text would extract (for counting), as substrings of the NFC text, in order.
    public static func urls(in text: String) -> [String] {
        let scalars = Array(nfc(text).unicodeScalars)
        return TweetURLScanner.urlRanges(in: scalars).map { range in
            var url = String.UnicodeScalarView()
            url.append(contentsOf: scalars[range])
            return String(url)
        }
    }

    /// twitter-text normalises to NFC before counting, so "A" + combining acute counts once.
    private static func nfc(_ text: String) -> String {
        // ASCII is already NFC; skipping Foundation keeps the common case cheap.
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    /// v3 ranges of weight 100: Latin through Georgian, and the spaces, dashes, quotes and primes of
    /// General Punctuation. Everything else weighs the default.
    private static func codePointWeight(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0...4351, 8192...8205, 8208...8223, 8242...8247: lightWeight
        default: defaultWeight
        }
    }

    // MARK: - Emoji

    /// For each scalar index that starts a grapheme cluster, the index where that cluster ends; 0 elsewhere.
    private static func graphemeClusterEnds(of text: String, scalarCount: Int) -> [Int] {
        var ends = [Int](repeating: 0, count: scalarCount)
        var start = 0
        for character in text {
            let end = start + character.unicodeScalars.count
            ends[start] = end
            start = end
        }
        return ends
    }

    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    private static let textPresentationSelector: Unicode.Scalar = "\u{FE0E}"
    private static let emojiPresentationSelector: Unicode.Scalar = "\u{FE0F}"
    private static let combiningEnclosingKeycap: Unicode.Scalar = "\u{20E3}"
    private static let cancelTag: Unicode.Scalar = "\u{E007F}"

    /// End of the emoji sequence (UTS #51) starting a grapheme cluster at `start`, or nil if none does.
    ///
    /// twitter-text weighs an emoji sequence as one default-weight character however many code
    /// points it has. Grapheme clusters bound the sequence, so a ZWJ only joins emoji that Unicode
    /// itself joins; any trailing scalars in the cluster (say a stray combining mark) are weighed
    /// one by one, as twitter-text's emoji regex leaves them too.
    private static func emojiSequenceEnd(in scalars: [Unicode.Scalar], at start: Int, clusterEnd: Int) -> Int? {
        guard clusterEnd > start, scalars[start].properties.isEmoji,
              let first = emojiElement(in: scalars, at: start, limit: clusterEnd) else { return nil }
        var end = first.end
        var isEmoji = first.isFullyQualified
        while end + 1 < clusterEnd, scalars[end] == zeroWidthJoiner,
              let next = emojiElement(in: scalars, at: end + 1, limit: clusterEnd) {
            end = next.end
            isEmoji = true
        }
        return isEmoji ? end : nil
    }

    /// One element of an emoji ZWJ sequence: a flag (regional-indicator pair), or an emoji with an
    /// optional presentation selector, keycap, skin-tone modifier or tag sequence.
    ///
    /// `isFullyQualified` is false for a bare text-style emoji such as "©", "#" or "☺". twitter-text
    /// counts those as ordinary characters ("©" weighs 1), which is also right for the rest: outside
    /// the light ranges a single code point weighs the same 2 as an emoji.
    private static func emojiElement(in scalars: [Unicode.Scalar], at start: Int, limit: Int)
        -> (end: Int, isFullyQualified: Bool)? {
        let base = scalars[start]
        let properties = base.properties
        if isRegionalIndicator(base) {
            // A lone regional indicator is still drawn (and counted) as an emoji.
            let isPair = start + 1 < limit && isRegionalIndicator(scalars[start + 1])
            return (start + (isPair ? 2 : 1), true)
        }
        guard properties.isEmoji else { return nil }
        var end = start + 1
        var isFullyQualified = properties.isEmojiPresentation
        if end < limit, scalars[end] == textPresentationSelector { return nil }
        if end < limit, scalars[end] == emojiPresentationSelector {
            end += 1
            isFullyQualified = true
        }
        if end < limit, scalars[end] == combiningEnclosingKeycap, isKeycapBase(base) {
            end += 1
            isFullyQualified = true
        }
        if end < limit, properties.isEmojiModifierBase, scalars[end].properties.isEmojiModifier {
            end += 1
            isFullyQualified = true
        }
        // Subdivision flags such as England: black flag, tag letters, cancel tag.
        var tagEnd = end
        while tagEnd < limit, (0xE0020...0xE007E).contains(scalars[tagEnd].value) { tagEnd += 1 }
        if tagEnd > end, tagEnd < limit, scalars[tagEnd] == cancelTag {
            end = tagEnd + 1
            isFullyQualified = true
        }
        return (end, isFullyQualified)
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    private static func isKeycapBase(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "#" || scalar == "*" || ("0"..."9").contains(scalar)
    }
}
