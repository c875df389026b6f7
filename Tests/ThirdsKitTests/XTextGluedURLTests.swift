import Testing
// @testable for TweetURLScanner's step count, which is internal.
@testable import ThirdsText
@testable import ThirdsKit

/// URLs glued to neighbouring text, where thirds follows twitter-text-parser 3.0 (the JavaScript
/// reading of twitter-text) and .ci/xtext-differential.sh checks it does. Each weighted length is
/// worked by hand: a URL counts 23, ASCII and Latin characters 1, CJK and emoji 2.
@Suite struct XTextGluedURLTests {
    @Test(arguments: [
        // "." before the whole domain: a protocol-less URL may not follow it. 5 × 1.
        (".x.co", 5, [String]()),
        // The domain is "⛅o.uk", after "/": no URL. "/" 1 + ⛅ 2 + "o.uk" 4.
        ("/⛅o.uk", 7, []),
        // The domain "え.p.is" is not ASCII; its ASCII part "p.is" counts. え 2 + "." 1 + 23.
        ("え.p.is", 26, ["p.is"]),
        // A path item must end in an ending character or be parentheses alone: ".(e)" is neither.
        // 23 + ".(e)" 4.
        ("r.de/.(e)", 27, ["r.de/"]),
        // Without a protocol, a port or query counts only when a path follows. 23 + 3; 23 + 4; 23.
        ("x.co:80", 26, ["x.co"]),
        ("x.co?a=b", 27, ["x.co"]),
        ("x.co:80/p", 23, ["x.co:80/p"]),
        // An underscore may sit inside a subdomain label; the ASCII part starts after it.
        // 🎨 2 + "_" 1 + 23.
        ("🎨_w.e.org", 26, ["w.e.org"]),
        // A leading hyphen is fine in an ASCII label, and U+FE0F is a domain character. FE0F 2 + 23.
        ("\u{FE0F}-w.org/", 25, ["-w.org/"]),
        // '"' is no punctuation to the domain rule, so "x\"y.com" is one domain; "y.com" is ASCII.
        // "x" 1 + '"' 1 + 23.
        ("x\"y.com", 25, ["y.com"]),
        // Two ASCII domains in one: "a.com" 23 + 例 2 + "b.com" 23.
        ("a.com例b.com", 48, ["a.com", "b.com"]),
        // ♀ 2 + "." 1 + 23.
        ("\u{2640}.t.co", 26, ["t.co"]),
        // Tag characters are prohibited by IDNA's nameprep, so the whole domain is no URL.
        // 2 + 2 + "x.co" 4.
        ("\u{E0078}\u{E007F}x.co", 8, []),
        // After a protocol any labels may precede a non-ASCII one.
        ("http://user.例え.jp", 23, ["http://user.例え.jp"]),
        // TLDs match in any case, Cyrillic too, and the Kelvin sign as "k" (Python's IGNORECASE).
        ("http://例.РФ", 23, ["http://例.РФ"]),
        ("x.\u{212A}R", 23, ["x.\u{212A}R"]),
        // IDNA folds "ß" to "ss", so the label "xn--p1aißt" becomes ASCII and is not refused as
        // already encoded: one URL.
        ("xn--p1aißt.co/", 23, ["xn--p1aißt.co/"]),
        // "ß" is no ASCII domain character: "t.co" alone counts. "ß" 1 + 23.
        ("ßt.co", 24, ["t.co"]),
        // Hebrew after a Latin letter breaks IDNA's bidi rule: no URL. 13 characters of weight 1.
        ("http://aא.com", 13, []),
    ] as [(String, Int, [String])])
    func gluedURL(_ text: String, _ weightedLength: Int, _ urls: [String]) {
        #expect(XText.weightedLength(text) == weightedLength)
        #expect(XText.urls(in: text) == urls)
    }

    /// With a path, twitter-text-parser counts the last ASCII domain as a URL as long as the whole
    /// URL with its host replaced by that domain (every occurrence of the host).
    @Test func pathAfterNonASCIIDomain() {
        // URL "é例.x.co/é" becomes "x.co/é", 6 characters from "x": "é例." 1 + 2 + 1, 23 for
        // "x.co/é", then "例.x.co" 2 + 1 + 4 uncounted as a URL.
        #expect(XText.weightedLength("é例.x.co/é例.x.co") == 34)
        // URL "a.com.例.中国/p" becomes "a.com/p", 7 characters: "a.com.例" is the URL's 23, then
        // ".中国/p" 1 + 2 + 2 + 1 + 1.
        #expect(XText.weightedLength("a.com.例.中国/p") == 30)
        // The host "b_a.x.co" is in the 25-character URL three times; each replacement by "a.x.co"
        // saves 2, so 19 characters from "a" are the URL: "b_" 2 + 23 + the last 4 ("x.co").
        #expect(XText.weightedLength("b_a.x.co/b_a.x.cob_a.x.co") == 29)
    }
}

/// The URL scan visits each character a bounded number of times, however the text is built
/// (a fuzzer found 20,000 "é" then " x.co" took 35 s when it rescanned the run from every letter).
@Suite struct TweetURLScannerComplexityTests {
    static let shapes: [(String, @Sendable (Int) -> String)] = [
        ("long run of Latin letters", { String(repeating: "é", count: $0) + " x.co" }),
        ("long run of domain characters", { String(repeating: "例", count: $0) + " x.co" }),
        ("many labels without a TLD", { String(repeating: "a.", count: $0 / 2) + "例" }),
        ("many labels glued to non-ASCII", { String(repeating: "a.例", count: $0 / 3) + ".com" }),
        ("many parentheses in a path", { "x.co/" + String(repeating: "(x)", count: $0 / 3) }),
        ("many hyphens", { String(repeating: "a-", count: $0 / 2) + ".co" }),
    ]

    @Test(arguments: shapes.map(\.0))
    func stepsGrowLinearly(_ shape: String) throws {
        let make = try #require(Self.shapes.first { $0.0 == shape }?.1)
        for length in [1_000, 20_000] {
            let scalars = Array(make(length).unicodeScalars)
            let steps = TweetURLScanner.urlRangesCountingSteps(in: scalars).steps
            // Rescanning from every position would take about length² / 2 steps (5 × 10^5 and
            // 2 × 10^8 here); a linear scan stays within a small multiple of the length.
            #expect(steps <= 10 * scalars.count, "\(shape), \(scalars.count) scalars: \(steps) steps")
        }
    }
}
