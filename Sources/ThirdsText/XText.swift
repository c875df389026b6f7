import Foundation

/// Post length as X (Twitter) counts it: twitter-text's weighted length with configuration v3
/// (config/v3.json, emoji parsing enabled), as specified by its conformance suite
/// (validate.yml, sections WeightedTweetsWithDiscountedEmojiCounterTest and
/// UnicodeDirectionalMarkerCounterTest), with emoji recognised as twitter-text-parser 3.0 does
/// (EmojiSequences.swift).
public enum XText {
    public static let maxWeightedLength = 280

    // config/v3.json. Weights are in hundredths so that the total divides exactly by the scale.
    private static let scale = 100
    private static let defaultWeight = 200
    private static let lightWeight = 100
    private static let transformedURLLength = 23

    /// Weighted length per twitter-text v3 after NFC normalisation and with line ends made LF:
    /// URLs count 23, recognised emoji 2, code points by the v3 weight ranges.
    ///
    /// The reference is twitter-text-parser 3.0 (PyPI), which passes twitter-text's conformance
    /// suite and is run against this in CI (.ci/xtext-differential.sh). Like it, whitespace-only
    /// text is counted rather than treated as empty, and U+FFFE, U+FEFF and U+FFFF weigh like any
    /// character (they make a post invalid instead: see `invalidCharacters(in:)`).
    public static func weightedLength(_ text: String) -> Int {
        let scalars = counted(text)
        let urls = TweetURLScanner.urlRanges(in: scalars)
        let emoji = emojiMatches(in: scalars)

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
            } else if let emojiEnd = emoji[index] {
                weight += defaultWeight
                index = emojiEnd
            } else {
                weight += codePointWeight(scalars[index])
                index += 1
            }
        }
        return weight / scale
    }

    /// The characters that make a post invalid on X whatever its length (twitter-text's
    /// `invalid_chars_group`: U+FFFE, U+FEFF, U+FFFF), with their offsets in Unicode scalars of
    /// the text as given.
    public static func invalidCharacters(in text: String) -> [(offset: Int, scalar: Unicode.Scalar)] {
        text.unicodeScalars.enumerated().filter { invalidScalars.contains($0.element.value) }.map { ($0.offset, $0.element) }
    }

    /// Whether X accepts the text as a post: some text, within 280 weighted characters, and none
    /// of the invalid characters.
    public static func isValid(_ text: String) -> Bool {
        let length = weightedLength(text)
        return length > 0 && length <= maxWeightedLength && invalidCharacters(in: text).isEmpty
    }

    private static let invalidScalars: Set<UInt32> = [0xFFFE, 0xFEFF, 0xFFFF]

    /// The scalars twitter-text counts: the NFC text with CRLF and CR made LF.
    private static func counted(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        var afterCR = false
        for scalar in nfc(text).unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n", afterCR { continue }
            scalars.append(scalar == "\r" ? "\n" : scalar)
        }
        return scalars
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

    /// Where each emoji match starts and ends, as twitter-text-parser's emoji regex finds them
    /// scanning the whole text (URLs included) left to right: at each position the longest
    /// listed sequence of two or more code points, else a single emoji, else nothing. A ZWJ
    /// chain that Unicode's data does not list (💻 ZWJ 🏴󠁧󠁢󠁳󠁣󠁴󠁿) is thus its parts, each ZWJ
    /// weighing 1 as a General Punctuation character.
    private static func emojiMatches(in scalars: [Unicode.Scalar]) -> [Int: Int] {
        var matches: [Int: Int] = [:]
        var index = 0
        while index < scalars.count {
            let first = scalars[index].value
            var end: Int?
            if let longest = Emoji.longestSequence[first] {
                var length = min(longest, scalars.count - index)
                while length >= 2, end == nil {
                    if Emoji.sequences.contains(scalars[index..<index + length].map(\.value)) { end = index + length }
                    length -= 1
                }
            }
            if end == nil, Emoji.lightSingles.contains(first) { end = index + 1 }
            // Other single emoji weigh the default anyway: no need to record them.
            if let end {
                matches[index] = end
                index = end
            } else {
                index += 1
            }
        }
        return matches
    }

    /// EmojiSequences' text parsed once.
    private enum Emoji {
        static let sequences: Set<[UInt32]> = Set(EmojiSequences.multiCodePoint.split(whereSeparator: \.isWhitespace).map { word in
            // The generated table holds only hex words; every X text test reads it.
            word.split(separator: "-").map { UInt32($0, radix: 16)! }
        })
        /// For each first code point, the longest sequence starting with it.
        static let longestSequence: [UInt32: Int] = sequences.reduce(into: [:]) { longest, sequence in
            longest[sequence[0]] = max(longest[sequence[0]] ?? 0, sequence.count)
        }
        static let lightSingles = EmojiSequences.lightSingles
    }
}
