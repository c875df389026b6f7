import Foundation
import Testing
import Yams
// @testable only for Punycode, IDNA and TopLevelDomains, which are internal.
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsSchedule
@testable import ThirdsReport
@testable import ThirdsKit

// MARK: - twitter-text conformance data

/// One weighted-length case from twitter-text's conformance/validate.yml.
struct XTextWeightedLengthCase: Sendable, CustomTestStringConvertible {
    let section: String
    let description: String
    let text: String
    let weightedLength: Int

    var testDescription: String { "\(section): \(description)" }
}

/// One URL-extraction case from twitter-text's conformance/extract.yml.
struct XTextURLExtractionCase: Sendable, CustomTestStringConvertible {
    let section: String
    let description: String
    let text: String
    let urls: [String]

    var testDescription: String { "\(section): \(description)" }
}

/// The copy of twitter-text's conformance data in Fixtures/twitter-text (see its README.md).
enum XTextFixtures {
    static let countingSections = [
        "WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest",
    ]

    /// Loaded once for both the parameterised test and the check that loading worked.
    static let weightedLengthCases: Result<[XTextWeightedLengthCase], any Error> = Result {
        guard let tests = try yaml("validate.yml")["tests"] as? [String: Any] else {
            throw FixtureError("validate.yml has no `tests` mapping")
        }
        return try countingSections.flatMap { section -> [XTextWeightedLengthCase] in
            guard let cases = tests[section] as? [[String: Any]] else {
                throw FixtureError("validate.yml has no section \(section)")
            }
            return try cases.map { entry in
                guard let description = entry["description"] as? String, let text = entry["text"] as? String,
                      let expected = entry["expected"] as? [String: Any],
                      let weightedLength = expected["weightedLength"] as? Int else {
                    throw FixtureError("malformed case in \(section): \(entry)")
                }
                return XTextWeightedLengthCase(section: section, description: description, text: text,
                                               weightedLength: weightedLength)
            }
        }
    }

    static let urlSections = ["urls", "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params"]

    static let urlExtractionCases: Result<[XTextURLExtractionCase], any Error> = Result {
        guard let tests = try yaml("extract.yml")["tests"] as? [String: Any] else {
            throw FixtureError("extract.yml has no `tests` mapping")
        }
        return try urlSections.flatMap { section -> [XTextURLExtractionCase] in
            guard let cases = tests[section] as? [[String: Any]] else {
                throw FixtureError("extract.yml has no section \(section)")
            }
            return try cases.map { entry in
                guard let description = entry["description"] as? String, let text = entry["text"] as? String else {
                    throw FixtureError("malformed case in \(section): \(entry)")
                }
                // `expected` is a list of URLs, or of {url, indices} in the *_with_indices sections.
                let expected = entry["expected"] as? [Any] ?? []
                let urls = try expected.map { item in
                    if let url = item as? String { return url }
                    if let url = (item as? [String: Any])?["url"] as? String { return url }
                    throw FixtureError("malformed expectation in \(section): \(item)")
                }
                return XTextURLExtractionCase(section: section, description: description, text: text, urls: urls)
            }
        }
    }

    static func yaml(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        guard let mapping = try Yams.load(yaml: text) as? [String: Any] else {
            throw FixtureError("\(name) is not a YAML mapping")
        }
        return mapping
    }

    static func json(_ name: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url(name))) as? [String: Any] else {
            throw FixtureError("\(name) is not a JSON object")
        }
        return object
    }

    private static func url(_ name: String) throws -> URL {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError("the test bundle has no Fixtures directory")
        }
        return fixtures.appendingPathComponent("twitter-text").appendingPathComponent(name)
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

@Suite struct XTextConformanceTests {
    @Test func conformanceCasesLoad() throws {
        // Guards against the parameterised test below silently running zero cases.
        let cases = try XTextFixtures.weightedLengthCases.get()
        #expect(cases.count == 24)
    }

    @Test(arguments: (try? XTextFixtures.weightedLengthCases.get()) ?? [])
    func weightedLengthMatchesTwitterText(_ testCase: XTextWeightedLengthCase) {
        let actual = XText.weightedLength(testCase.text)
        #expect(actual == testCase.weightedLength,
                "\(testCase.section): \(testCase.description) — expected \(testCase.weightedLength), got \(actual)")
    }

    @Test func urlExtractionCasesLoad() throws {
        let cases = try XTextFixtures.urlExtractionCases.get()
        #expect(cases.count == 108)
    }

    /// Not required for counting, but `urls(in:)` is public: it should agree with twitter-text.
    @Test(arguments: (try? XTextFixtures.urlExtractionCases.get()) ?? [])
    func urlsMatchTwitterText(_ testCase: XTextURLExtractionCase) {
        #expect(XText.urls(in: testCase.text) == testCase.urls, "\(testCase.section): \(testCase.description)")
    }

    @Test func configurationMatchesV3JSON() throws {
        let config = try XTextFixtures.json("v3.json")
        let scale = try #require(config["scale"] as? Int)
        let defaultWeight = try #require(config["defaultWeight"] as? Int)
        #expect(config["maxWeightedTweetLength"] as? Int == XText.maxWeightedLength)
        #expect(config["emojiParsingEnabled"] as? Bool == true)
        #expect(XText.weightedLength("https://example.com/") == config["transformedURLLength"] as? Int)

        // Each range's bounds take the range's weight; the code points just outside take the default.
        let ranges = try #require(config["ranges"] as? [[String: Int]])
        #expect(ranges.count == 4)
        for range in ranges {
            let start = try #require(range["start"]), end = try #require(range["end"])
            let weight = try #require(range["weight"])
            for inside in [start, end] {
                #expect(XText.weightedLength(String(Unicode.Scalar(UInt32(inside))!)) == weight / scale,
                        "U+\(String(inside, radix: 16)) should weigh \(weight)")
            }
            for outside in [start - 1, end + 1] where outside >= 0 {
                #expect(XText.weightedLength(String(Unicode.Scalar(UInt32(outside))!)) == defaultWeight / scale,
                        "U+\(String(outside, radix: 16)) should weigh \(defaultWeight)")
            }
        }
    }

    @Test func topLevelDomainsMatchTLDLib() throws {
        let lists = try XTextFixtures.yaml("tld_lib.yml")
        let generic = try #require(lists["generic"] as? [String])
        let country = try #require(lists["country"] as? [String])
        #expect(Set(generic) == TopLevelDomains.generic)
        #expect(Set(country) == TopLevelDomains.country)
        #expect(TopLevelDomains.generic.count == 1259)
        #expect(TopLevelDomains.country.count == 315)
    }
}

// MARK: - Weighted length beyond the conformance cases

@Suite struct XTextWeightedLengthTests {
    @Test func emptyAndPlainText() {
        #expect(XText.weightedLength("") == 0)
        #expect(XText.weightedLength("Hello, world") == 12)
        #expect(XText.weightedLength(String(repeating: "x", count: 281)) == 281)
        // twitter-text's JavaScript counts whitespace-only text too (its Java returns 0).
        #expect(XText.weightedLength("  \n") == 3)
    }

    @Test func cjkWeighsTwo() {
        #expect(XText.weightedLength("日本語") == 6)
        #expect(XText.weightedLength("한국어") == 6)
    }

    @Test func normalisesToNFCBeforeCounting() {
        #expect(XText.weightedLength("e\u{301}") == 1)
        // Hangul syllable from conjoining jamo: three jamo of weight 1 would otherwise count 3.
        #expect(XText.weightedLength("\u{1100}\u{1161}\u{11A8}") == 2)
    }

    @Test(arguments: [
        ("👍", 2), ("👍🏽", 2), ("👨‍👩‍👧‍👦", 2), ("🇫🇷", 2), ("🇫🇷🇩🇪", 4), ("1️⃣", 2), ("#⃣", 2),
        ("🏴󠁧󠁢󠁳󠁣󠁴󠁿", 2), ("❤️", 2), ("🧑🏾", 2),
    ])
    func eachEmojiSequenceCountsTwo(_ emoji: String, _ expected: Int) {
        #expect(XText.weightedLength(emoji) == expected, "\(emoji.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func textStyleSymbolsCountAsCharacters() {
        // Digits are emoji only as keycaps. (© and ® are listed emoji even without VS16, so weigh 2:
        // see XEmojiSequenceTests.)
        #expect(XText.weightedLength("©\u{FE0F}") == 2)
        #expect(XText.weightedLength("2024") == 4)
        // VS15 asks for text presentation: two code points of the default weight.
        #expect(XText.weightedLength("☺\u{FE0E}") == 4)
    }

    @Test func urlsCountTwentyThree() {
        #expect(XText.weightedLength("see https://example.com/a/very/long/path/that/goes/on?and=on#forever") == 27)
        #expect(XText.weightedLength("example.com and t.co/abc") == 23 + 5 + 23)
        #expect(XText.weightedLength("日本語https://example.com") == 6 + 23)
    }
}

// MARK: - URL extraction

@Suite struct XTextURLTests {
    @Test(arguments: [
        ("Hi http://test.co", ["http://test.co"]),
        ("example.com/path/to/resource?search=foo&lang=en", ["example.com/path/to/resource?search=foo&lang=en"]),
        ("www.twitter.com.", ["www.twitter.com"]),
        ("see (http://example.com/wiki/Primer_(film)).", ["http://example.com/wiki/Primer_(film)"]),
        ("twitter.jp日本語it.so中国語foo.jp", ["twitter.jp", "it.so", "foo.jp"]),
        ("https://t.co/abcdef!more", ["https://t.co/abcdef"]),
        // twitter-text-parser (JavaScript's reading) lets any labels precede a non-ASCII one;
        // Java's regex would take the first only.
        ("http://例え.jp and http://user.例え.jp", ["http://例え.jp", "http://user.例え.jp"]),
        ("\u{2066}\u{202A}http://foobar.پاکستان/\u{202C}\u{2069}", ["http://foobar.پاکستان/"]),
        ("http://example.xn--p1ai/", ["http://example.xn--p1ai/"]), // punycode TLD
        ("http://bücher.de/ok", ["http://bücher.de/ok"]),
    ])
    func extracts(_ text: String, _ expected: [String]) {
        #expect(XText.urls(in: text) == expected)
    }

    @Test(arguments: [
        "no urls here",
        "john.doe.jp@mail.com",
        "foo.baz",                 // not a TLD
        "$cashtag.com",            // "$" may not precede a URL
        "a/example.com",           // "/" may not precede a protocol-less URL
        "http://tld-too-short.x",
        "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", // 64-character label
    ])
    func findsNoURL(_ text: String) {
        #expect(XText.urls(in: text).isEmpty)
    }

    @Test func labelLengthIsMeasuredAfterPunycode() {
        let kana = String(repeating: "あいうえおかきくけこ", count: 5)
        // 52 kana encode to exactly 63 characters with "xn--"; 53 to 64.
        #expect(XText.urls(in: "http://\(kana)あい.com") == ["http://\(kana)あい.com"])
        #expect(XText.urls(in: "http://\(kana)あいう.com").isEmpty)
    }

    @Test func urlLengthIsLimitedTo4096() {
        let label = String(repeating: "a", count: 60)
        let host = Array(repeating: label, count: 60).joined(separator: ".") + ".com" // 3663 characters
        let path = "/" + String(repeating: "b", count: 4096 - 8 - host.count - 1)
        // Without a protocol "https://" is assumed, so exactly 4096 with it is the longest allowed.
        #expect(XText.urls(in: host + path) == [host + path])
        #expect(XText.urls(in: host + path + "b").isEmpty)
    }

    @Test func longTcoSlugIsNotAURL() {
        #expect(XText.urls(in: "https://t.co/" + String(repeating: "a", count: 40)).count == 1)
        #expect(XText.urls(in: "https://t.co/" + String(repeating: "a", count: 41)).isEmpty)
    }
}

// MARK: - Punycode and IDNA

@Suite struct PunycodeTests {
    /// Samples from RFC 3492 section 7.1 (lower-cased: we do not emit mixed-case annotations).
    @Test(arguments: [
        ("bücher", "bcher-kva"),
        ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("他們爲什麽不說中文", "ihqwctvzc91f659drss3x8bo0yb"),
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),
        ("パフィーdeルンバ", "de-jg4avhby1noc0d"),
        ("そのスピードで", "d9juau41awczczp"),
        ("-> $1.00 <-", "-> $1.00 <--"),
    ])
    func encodesRFC3492Samples(_ input: String, _ expected: String) {
        #expect(Punycode.encode(input.unicodeScalars) == expected)
    }

    @Test func hostLengths() {
        #expect(IDNA.asciiLength(ofHost: "example.com".unicodeScalars) == 11)
        #expect(IDNA.asciiLength(ofHost: "bücher.de".unicodeScalars) == "xn--bcher-kva.de".count)
        // Nameprep folds case before encoding.
        #expect(IDNA.asciiLength(ofHost: "BÜCHER.de".unicodeScalars) == "xn--bcher-kva.de".count)
        // U+3002 IDEOGRAPHIC FULL STOP separates labels like ".".
        #expect(IDNA.asciiLength(ofHost: "例え\u{3002}jp".unicodeScalars) == "xn--r8jz45g.jp".count)
        #expect(IDNA.asciiLength(ofHost: (String(repeating: "a", count: 64) + ".com").unicodeScalars) == nil)
        #expect(IDNA.asciiLength(ofHost: "a..com".unicodeScalars) == nil)
        // A label that is already ACE-encoded cannot also contain non-ASCII.
        #expect(IDNA.asciiLength(ofHost: "xn--bü.com".unicodeScalars) == nil)
    }
}

// MARK: - LinkedIn

@Suite struct LinkedInTextTests {
    @Test func countsUTF16CodeUnits() {
        #expect(LinkedInText.maxCommentaryLength == 3000)
        #expect(LinkedInText.length("") == 0)
        #expect(LinkedInText.length("Hello") == 5)
        #expect(LinkedInText.length("日本語") == 3)
        #expect(LinkedInText.length("👍") == 2)
        #expect(LinkedInText.length("👨‍👩‍👧‍👦") == 11)
        #expect(LinkedInText.length("e\u{301}") == 2) // not normalised
        #expect(LinkedInText.length("https://example.com/" + String(repeating: "a", count: 100)) == 120)
    }
}


