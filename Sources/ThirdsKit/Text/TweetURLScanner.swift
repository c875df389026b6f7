/// Finds the URLs twitter-text counts as 23, following its Java `Extractor.extractURLsWithIndices`
/// and `Regex.VALID_URL` (github.com/twitter/twitter-text). The regex is emulated by hand rather
/// than compiled: the TLD alternation has ~1,600 branches, and a direct scan over the scalars is
/// both faster and independent of the regex engine's case-folding rules. Each step below notes
/// which part of the regex it reproduces; where a regex alternative can never add a match, it is
/// left out and the comment says why.
///
/// Indices are offsets into an array of Unicode scalars (Java's regex also works per code point).
/// As in Java, letter case is folded for ASCII only.
struct TweetURLScanner {
    private let text: [Unicode.Scalar]

    private init(_ text: [Unicode.Scalar]) {
        self.text = text
    }

    /// Ranges (in `scalars`) of the URLs twitter-text extracts, in order, non-overlapping.
    static func urlRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        // Every URL has a dot before its TLD; most posts can skip the scan.
        guard scalars.contains(".") else { return [] }
        return TweetURLScanner(scalars).allURLs()
    }

    // MARK: - Limits (Extractor.java)

    private static let maxURLLength = 4096
    private static let maxTcoSlugLength = 40
    /// URLs without a protocol are measured as if "https://" were prepended.
    private static let assumedProtocolLength = 8
    private static let maxTLDLength = TopLevelDomains.generic.union(TopLevelDomains.country)
        .map(\.unicodeScalars.count).max() ?? 0
    /// Every scalar used in some TLD; bounds the candidates before any set lookup.
    private static let tldScalars = Set(
        TopLevelDomains.generic.union(TopLevelDomains.country).flatMap(\.unicodeScalars))

    // MARK: - Search loop

    /// One match of VALID_URL before the Extractor's post-checks.
    private struct Candidate {
        var url: Range<Int>
        var host: Range<Int>
        var hasProtocol: Bool
        /// The character consumed by the "preceding character" group; nil when it matched `^`.
        var preceding: Unicode.Scalar?
    }

    private func allURLs() -> [Range<Int>] {
        var urls: [Range<Int>] = []
        var searchStart = 0
        while let candidate = firstCandidate(from: searchStart) {
            // Like Matcher.find(), resume after the whole match even when it is rejected, so the
            // text of an invalid URL is not searched again for shorter ones.
            searchStart = candidate.url.upperBound
            if let url = accepted(candidate) {
                urls.append(url)
            }
        }
        return urls
    }

    /// Leftmost match of `(precedingChar)(url)` at or after `start`.
    private func firstCandidate(from start: Int) -> Candidate? {
        var position = start
        while position < text.count {
            let preceding = text[position]
            if Self.isValidPreceding(preceding), let found = candidate(at: position + 1, preceding: preceding) {
                return found
            }
            // The group's last alternative is `^`, tried only after consuming the first character failed.
            if position == 0, let found = candidate(at: 0, preceding: nil) {
                return found
            }
            position += 1
        }
        return nil
    }

    /// `(https?://)?(domain)(?::(port))?(/path*+)?(\?query)?` at `start`; the protocol is optional
    /// and greedy, so it is tried first and then without.
    private func candidate(at start: Int, preceding: Unicode.Scalar?) -> Candidate? {
        guard start < text.count else { return nil }
        if let protocolLength = protocolLength(at: start),
           let found = candidate(at: start, hostStart: start + protocolLength, preceding: preceding) {
            return found
        }
        return candidate(at: start, hostStart: start, preceding: preceding)
    }

    private func candidate(at start: Int, hostStart: Int, preceding: Unicode.Scalar?) -> Candidate? {
        guard let hostEnd = domainEnd(at: hostStart) else { return nil }
        var end = hostEnd
        // Port: `:[0-9]++`.
        if matches(":", at: end), end + 1 < text.count, Self.isASCIIDigit(text[end + 1]) {
            end += 1
            while end < text.count, Self.isASCIIDigit(text[end]) { end += 1 }
        }
        if matches("/", at: end) {
            end = pathEnd(from: end + 1)
        }
        if matches("?", at: end), let queryEnd = queryEnd(from: end + 1) {
            end = queryEnd
        }
        return Candidate(url: start..<end, host: hostStart..<hostEnd,
                         hasProtocol: hostStart > start, preceding: preceding)
    }

    /// The Extractor's checks after a regex match; returns the URL's range if it counts.
    private func accepted(_ candidate: Candidate) -> Range<Int>? {
        // INVALID_URL_WITHOUT_PROTOCOL_MATCH_BEGIN: without a protocol, a domain right after "-", "_",
        // "." or "/" is the tail of something else ("foo/bar.com", "me_.example.com"), not a URL.
        if !candidate.hasProtocol, let preceding = candidate.preceding,
           ["-", "_", ".", "/"].contains(preceding) {
            return nil
        }
        var url = candidate.url
        if candidate.hasProtocol, let tco = tcoPrefix(of: candidate.url) {
            // t.co links may not carry extra path, and their slug is bounded.
            guard tco.slugLength <= Self.maxTcoSlugLength else { return nil }
            url = url.lowerBound..<tco.end
        }
        // isValidHostAndLength: every label encodes to 1...63 characters, and the whole URL with
        // its host encoded (and a protocol assumed) stays within 4096 UTF-16 units.
        guard let asciiHostLength = IDNA.asciiLength(ofHost: text[candidate.host]) else { return nil }
        let length = utf16Length(url) + asciiHostLength - utf16Length(candidate.host)
            + (candidate.hasProtocol ? 0 : Self.assumedProtocolLength)
        return length <= Self.maxURLLength ? url : nil
    }

    // MARK: - Domain (URL_VALID_DOMAIN)

    /// End of the host starting at `start`, or nil.
    ///
    /// URL_VALID_DOMAIN has three alternatives, tried in order:
    /// 1. `subdomain* domainName (gTLD | ccTLD | punycode)`, ASCII and Latin letters only;
    /// 2. after "http(s)://", `domainName ccTLD` or `unicodeDomainName (gTLD | ccTLD)`;
    /// 3. `domainName ccTLD (?=/)`.
    /// `domainName ccTLD` (in 2 and 3) is already covered by alternative 1 with no subdomain, so only
    /// the Unicode branch of 2 can add matches.
    private func domainEnd(at start: Int) -> Int? {
        if let end = latinDomainEnd(at: start) { return end }
        if followsProtocol(start), let dot = unicodeLabelEnd(at: start) {
            return tldEnd(at: dot + 1, allowPunycode: false)
        }
        return nil
    }

    /// Alternative 1. Both a subdomain `(?>(?:C[C_-]*)?C\.)` and a domain name `(?:C[C-]*)?C\.` run
    /// up to the next dot, so the labels are fixed; the greedy `subdomain*` then backs off one label
    /// at a time, and the first label that is also a valid domain name followed by a TLD wins.
    private func latinDomainEnd(at start: Int) -> Int? {
        // Most attempts start at an ordinary word; fail those before allocating.
        guard let firstDot = subdomainEnd(at: start) else { return nil }
        var labelStarts = [start, firstDot + 1]
        while let dot = subdomainEnd(at: labelStarts[labelStarts.count - 1]) {
            labelStarts.append(dot + 1)
        }
        // The last label is not a valid subdomain, hence not a valid domain name either.
        for index in stride(from: labelStarts.count - 2, through: 0, by: -1) {
            let label = labelStarts[index]..<(labelStarts[index + 1] - 1)
            if text[label].contains("_") { continue }
            if let end = tldEnd(at: labelStarts[index + 1], allowPunycode: true) { return end }
        }
        return nil
    }

    private func subdomainEnd(at start: Int) -> Int? {
        labelEnd(at: start, allowsUnderscore: true, isLabelCharacter: Self.isURLValidChar)
    }

    /// `(?:U[U-]*)?U\.`: a single label of any non-punctuation, non-space characters.
    private func unicodeLabelEnd(at start: Int) -> Int? {
        labelEnd(at: start, allowsUnderscore: false, isLabelCharacter: Self.isURLValidUnicodeChar)
    }

    /// Index of the dot ending a label that starts at `start`: label characters, with "-" (and
    /// optionally "_") allowed inside but not at either end.
    private func labelEnd(at start: Int, allowsUnderscore: Bool,
                          isLabelCharacter: (Unicode.Scalar) -> Bool) -> Int? {
        var end = start
        while end < text.count,
              isLabelCharacter(text[end]) || text[end] == "-" || (allowsUnderscore && text[end] == "_") {
            end += 1
        }
        guard end > start, end < text.count, text[end] == ".",
              isLabelCharacter(text[start]), isLabelCharacter(text[end - 1]) else { return nil }
        return end
    }

    /// `(?:gTLD|ccTLD)(?=[^a-z0-9@+-]|$)`, or `xn--[-0-9a-z]+` when `allowPunycode`.
    ///
    /// tld_lib.yml lists each group in reverse order, so where one TLD is a prefix of another
    /// (嘉里 / 嘉里大酒店) the regex prefers the longer; trying the longest candidate first matches that.
    private func tldEnd(at start: Int, allowPunycode: Bool) -> Int? {
        var longest = start
        while longest < min(text.count, start + Self.maxTLDLength),
              Self.tldScalars.contains(Self.lowercasedASCII(text[longest])) {
            longest += 1
        }
        for domains in [TopLevelDomains.generic, TopLevelDomains.country] {
            for end in stride(from: longest, to: start, by: -1) {
                if end < text.count, Self.isForbiddenAfterTLD(text[end]) { continue }
                if domains.contains(lowercasedASCII(start..<end)) { return end }
            }
        }
        if allowPunycode, hasPrefixIgnoringASCIICase("xn--", at: start) {
            var end = start + 4
            while end < text.count, Self.isASCIIAlphanumeric(text[end]) || text[end] == "-" { end += 1 }
            if end > start + 4 { return end }
        }
        return nil
    }

    /// The lookbehind `(?<=https?://)`.
    private func followsProtocol(_ index: Int) -> Bool {
        (index >= 7 && protocolLength(at: index - 7) == 7) || (index >= 8 && protocolLength(at: index - 8) == 8)
    }

    /// Length of "http://" or "https://" at `index`, ignoring ASCII case.
    private func protocolLength(at index: Int) -> Int? {
        guard hasPrefixIgnoringASCIICase("http", at: index) else { return nil }
        let afterHTTP = hasPrefixIgnoringASCIICase("s", at: index + 4) ? index + 5 : index + 4
        return hasPrefixIgnoringASCIICase("://", at: afterHTTP) ? afterHTTP + 3 - index : nil
    }

    // MARK: - Path and query

    /// End of `URL_VALID_PATH*+` starting just after the "/".
    ///
    /// A path item is `general* (balancedParens general*)* ending`, where every ending character
    /// is also a general one. Greedy matching takes the longest run of general characters and
    /// balanced parentheses, then backtracks to its last ending character or closing parenthesis;
    /// anything left after that cannot start another item, so the possessive star stops there.
    /// (The alternative `@general+/` needs a "/", itself an ending character, so it adds nothing.)
    private func pathEnd(from start: Int) -> Int {
        var index = start
        var end = start
        while true {
            while index < text.count, Self.isPathCharacter(text[index]) {
                if Self.isPathEndingCharacter(text[index]) { end = index + 1 }
                index += 1
            }
            guard let parensEnd = balancedParensEnd(at: index) else { break }
            end = parensEnd
            index = parensEnd
        }
        return end
    }

    /// `\((?:general+|general*\(general+\)general*)\)`: up to one nested level.
    private func balancedParensEnd(at start: Int) -> Int? {
        guard matches("(", at: start) else { return nil }
        let afterFirstRun = pathCharacterRunEnd(from: start + 1)
        if afterFirstRun > start + 1, matches(")", at: afterFirstRun) { return afterFirstRun + 1 }
        guard matches("(", at: afterFirstRun) else { return nil }
        let afterInnerRun = pathCharacterRunEnd(from: afterFirstRun + 1)
        guard afterInnerRun > afterFirstRun + 1, matches(")", at: afterInnerRun) else { return nil }
        let afterLastRun = pathCharacterRunEnd(from: afterInnerRun + 1)
        return matches(")", at: afterLastRun) ? afterLastRun + 1 : nil
    }

    private func pathCharacterRunEnd(from start: Int) -> Int {
        var end = start
        while end < text.count, Self.isPathCharacter(text[end]) { end += 1 }
        return end
    }

    /// End of `queryChar* queryEndingChar` after the "?", or nil if the query group does not match.
    private func queryEnd(from start: Int, limit: Int? = nil) -> Int? {
        let limit = limit ?? text.count
        var index = start
        var end: Int?
        while index < limit, Self.isQueryCharacter(text[index]) {
            if Self.isQueryEndingCharacter(text[index]) { end = index + 1 }
            index += 1
        }
        return end
    }

    /// VALID_TCO_URL, `^https?://t\.co/([a-z0-9]+)(?:\?query)?`, applied to the URL alone.
    private func tcoPrefix(of url: Range<Int>) -> (end: Int, slugLength: Int)? {
        guard let protocolLength = protocolLength(at: url.lowerBound) else { return nil }
        let slugStart = url.lowerBound + protocolLength + 5
        guard hasPrefixIgnoringASCIICase("t.co/", at: url.lowerBound + protocolLength) else { return nil }
        var end = slugStart
        while end < url.upperBound, Self.isASCIIAlphanumeric(text[end]) { end += 1 }
        let slugLength = end - slugStart
        guard slugLength > 0 else { return nil }
        if end < url.upperBound, text[end] == "?", let queryEnd = queryEnd(from: end + 1, limit: url.upperBound) {
            end = queryEnd
        }
        return (end, slugLength)
    }

    // MARK: - Text helpers

    private func matches(_ scalar: Unicode.Scalar, at index: Int) -> Bool {
        index < text.count && text[index] == scalar
    }

    private func hasPrefixIgnoringASCIICase(_ prefix: String, at index: Int) -> Bool {
        var position = index
        for expected in prefix.unicodeScalars {
            guard position < text.count, Self.lowercasedASCII(text[position]) == expected else { return false }
            position += 1
        }
        return true
    }

    private func lowercasedASCII(_ range: Range<Int>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text[range].lazy.map(Self.lowercasedASCII))
        return String(scalars)
    }

    private func utf16Length(_ range: Range<Int>) -> Int {
        text[range].reduce(0) { $0 + UTF16.width($1) }
    }

    // MARK: - Character classes (Regex.java)

    /// PUNCTUATION_CHARS plus Java's `\s` ([ \t\n\x0B\f\r]); note "\\" is not among them.
    private static let asciiExcludedFromUnicodeDomain =
        Set("-_!\"#$%&'()*+,./:;<=>?@[]^`{|}~ \t\n\u{0B}\u{0C}\r".unicodeScalars)
    private static let pathPunctuation = Set("!*';:=+,.$/%#[]-\u{2013}_~|&@".unicodeScalars)
    private static let pathEndingPunctuation = Set("=_#/-+".unicodeScalars)
    private static let queryPunctuation = Set("!?*'();:&=+$/%#[]-_.,~|@".unicodeScalars)
    private static let queryEndingPunctuation = Set("-_&=#/".unicodeScalars)

    private static func lowercasedASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// URL_VALID_PRECEDING_CHARS: anything but `[a-z0-9@＠$#＃]` and the invalid characters.
    /// (Its directional-character alternative is a subset of this one.)
    private static func isValidPreceding(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "@", "\u{FF20}", "$", "#", "\u{FF03}", "\u{FFFE}", "\u{FEFF}", "\u{FFFF}": return false
        default: return !isASCIIAlphanumeric(scalar)
        }
    }

    /// LATIN_ACCENTS_CHARS.
    private static func isLatinAccent(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00C0...0x00D6, 0x00D8...0x00F6, 0x00F8...0x00FF, 0x0100...0x024F,
             0x0253, 0x0254, 0x0256, 0x0257, 0x0259, 0x025B, 0x0263, 0x0268, 0x026F, 0x0272, 0x0289, 0x028B,
             0x02BB, 0x0300...0x036F, 0x1E00...0x1EFF:
            return true
        default:
            return false
        }
    }

    private static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        (0x0400...0x04FF).contains(scalar.value)
    }

    /// URL_VALID_CHARS.
    private static func isURLValidChar(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || isLatinAccent(scalar)
    }

    /// URL_VALID_UNICODE_CHARS: not ASCII punctuation, not `\s`, not `\p{Z}`, not General Punctuation.
    private static func isURLValidUnicodeChar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return !asciiExcludedFromUnicodeDomain.contains(scalar)
        }
        if (0x2000...0x206F).contains(scalar.value) { return false }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }

    /// The TLD lookahead forbids `[a-z0-9@+-]` next.
    private static func isForbiddenAfterTLD(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "@" || scalar == "+" || scalar == "-"
    }

    /// URL_VALID_GENERAL_PATH_CHARS.
    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if isASCIIAlphanumeric(scalar) || isLatinAccent(scalar) || isCyrillic(scalar) { return true }
        return pathPunctuation.contains(scalar)
    }

    /// URL_VALID_PATH_ENDING_CHARS (without the balanced-parentheses alternative).
    private static func isPathEndingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if isASCIIAlphanumeric(scalar) || isLatinAccent(scalar) || isCyrillic(scalar) { return true }
        return pathEndingPunctuation.contains(scalar)
    }

    /// URL_VALID_URL_QUERY_CHARS.
    private static func isQueryCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || queryPunctuation.contains(scalar)
    }

    /// URL_VALID_URL_QUERY_ENDING_CHARS.
    private static func isQueryEndingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || queryEndingPunctuation.contains(scalar)
    }
}
