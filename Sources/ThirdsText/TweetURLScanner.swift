/// Finds the URLs twitter-text counts as 23, following twitter-text-parser 3.0 (PyPI), the port of
/// twitter-text's JavaScript `extractUrlsWithIndices` that CI compares against
/// (.ci/xtext-differential.sh). Where the Java and JavaScript readings differ and the conformance
/// suite is silent, this follows the JavaScript one:
/// - a domain may be any run of non-punctuation, non-space labels ("え.p.is", "⛅o.uk"); without a
///   protocol only its ASCII-only domains count, each a URL of its own ("え.p.is" counts "p.is");
/// - the "-", "_", ".", "/" check applies to the character before that whole domain, so "/⛅o.uk"
///   has no URL and ".x.co" none either;
/// - without a protocol a port or query counts as part of the URL only when a path follows;
/// - a path item ends at a path-ending character, or is a lone balanced parenthesis: "r.de/.(e)"
///   counts "r.de/" (the JavaScript regex splices the parenthesis alternative outside the item);
/// - ASCII letters match case-insensitively as Python's `re.IGNORECASE` does (TLDs in any case,
///   the Kelvin sign as "k"), and the 4,096 limit counts code points;
/// - hosts are checked with Python's IDNA 2003 codec (nameprep's prohibited characters and bidi
///   rule included).
///
/// The regex is emulated by hand rather than compiled: the TLD alternation has ~1,600 branches,
/// and a direct scan over the scalars is faster and independent of any regex engine. It is linear
/// in the text's length: label runs and the domain that starts at each position are worked out
/// once, from the end of the text backwards, instead of being rescanned from every start.
///
/// Indices are offsets into an array of Unicode scalars (Python's regex also works per code point).
package struct TweetURLScanner {
    private let text: [Unicode.Scalar]
    /// For each index, the first index at or after it that is not a domain character, "-" or "_".
    private var domainRunEnd: [Int] = []
    /// For each index, the first "_" at or after it (or the text's length).
    private var nextUnderscore: [Int] = []
    /// For each index, the end of the domain (`validDomain`) starting there, or -1.
    private var domainEnds: [Int] = []
    /// Work done, in characters visited; tests check it grows linearly with the text.
    private(set) var steps = 0

    private init(_ text: [Unicode.Scalar]) {
        self.text = text
    }

    /// Ranges (in `scalars`) of the URLs twitter-text extracts, in order, non-overlapping.
    package static func urlRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        urlRangesCountingSteps(in: scalars).ranges
    }

    /// `urlRanges(in:)` with the number of steps it took, for tests of its complexity.
    package static func urlRangesCountingSteps(in scalars: [Unicode.Scalar]) -> (ranges: [Range<Int>], steps: Int) {
        // Every URL has a dot before its TLD; most posts can skip the scan.
        guard scalars.contains(".") else { return ([], 0) }
        var scanner = TweetURLScanner(scalars)
        scanner.prepareDomains()
        let ranges = scanner.allURLs()
        return (ranges, scanner.steps)
    }

    // MARK: - Limits (extract_urls.py)

    private static let maxURLLength = 4096
    private static let maxTcoSlugLength = 40
    /// URLs without a protocol are measured as if "https://" were prepended.
    private static let assumedProtocolLength = 8
    private static let maxTLDLength = TopLevelDomains.generic.union(TopLevelDomains.country)
        .map(\.unicodeScalars.count).max() ?? 0
    /// Every scalar used in some TLD; bounds the candidates before any set lookup.
    private static let tldScalars = Set(
        TopLevelDomains.generic.union(TopLevelDomains.country).flatMap(\.unicodeScalars))

    // MARK: - Search loop (extract_url.finditer)

    /// One match of `extract_url` before the extractor's checks.
    private struct Candidate {
        var url: Range<Int>
        var host: Range<Int>
        var hasProtocol: Bool
        var hasPath: Bool
        /// The character consumed by the "preceding character" group; nil when it matched `^`.
        var preceding: Unicode.Scalar?
    }

    private mutating func allURLs() -> [Range<Int>] {
        var urls: [Range<Int>] = []
        var searchStart = 0
        while let candidate = firstCandidate(from: searchStart) {
            // Like finditer, resume after the whole match even when it is rejected, so the text
            // of an invalid URL is not searched again for shorter ones.
            searchStart = candidate.url.upperBound
            urls += accepted(candidate)
        }
        return urls
    }

    /// Leftmost match of `(precedingChar)(url)` at or after `start`.
    private mutating func firstCandidate(from start: Int) -> Candidate? {
        var position = start
        while position < text.count {
            steps += 1
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

    /// `(https?://)?(domain)(?::(port))?(/path*)?(\?query)?` at `start`; the protocol is optional
    /// and greedy, so it is tried first and then without.
    private mutating func candidate(at start: Int, preceding: Unicode.Scalar?) -> Candidate? {
        guard start < text.count else { return nil }
        if let protocolLength = protocolLength(at: start),
           let found = candidate(at: start, hostStart: start + protocolLength, preceding: preceding) {
            return found
        }
        return candidate(at: start, hostStart: start, preceding: preceding)
    }

    private mutating func candidate(at start: Int, hostStart: Int, preceding: Unicode.Scalar?) -> Candidate? {
        guard hostStart < text.count, domainEnds[hostStart] >= 0 else { return nil }
        let hostEnd = domainEnds[hostStart]
        var end = hostEnd
        // Port: `:[0-9]+`.
        if matches(":", at: end), end + 1 < text.count, Self.isASCIIDigit(text[end + 1]) {
            end += 1
            while end < text.count, Self.isASCIIDigit(text[end]) { end += 1; steps += 1 }
        }
        let hasPath = matches("/", at: end)
        if hasPath {
            end = pathEnd(from: end + 1)
        }
        if matches("?", at: end), let queryEnd = queryEnd(from: end + 1) {
            end = queryEnd
        }
        return Candidate(url: start..<end, host: hostStart..<hostEnd, hasProtocol: hostStart > start,
                         hasPath: hasPath, preceding: preceding)
    }

    /// The extractor's checks after a regex match; returns the ranges that count as URLs.
    private mutating func accepted(_ candidate: Candidate) -> [Range<Int>] {
        // is_valid_url: the host must survive IDNA ToASCII, and the URL with its host encoded (and
        // a protocol assumed) must stay within 4096 code points.
        guard let asciiHostLength = IDNA.asciiLength(ofHost: text[candidate.host]) else { return [] }
        let length = candidate.url.count + asciiHostLength - candidate.host.count
            + (candidate.hasProtocol ? 0 : Self.assumedProtocolLength)
        guard length <= Self.maxURLLength else { return [] }

        if candidate.hasProtocol {
            guard let tco = tcoPrefix(of: candidate.url) else { return [candidate.url] }
            // t.co links may not carry extra path, and their slug is bounded.
            guard tco.slugLength <= Self.maxTcoSlugLength else { return [] }
            return [candidate.url.lowerBound..<tco.end]
        }
        // Without a protocol, a domain right after "-", "_", "." or "/" is the tail of something
        // else ("foo/bar.com", "me_.example.com"), not a URL.
        if let preceding = candidate.preceding, ["-", "_", ".", "/"].contains(preceding) {
            return []
        }
        var urls = asciiDomains(in: candidate.host)
        guard let last = urls.popLast() else { return [] }
        guard candidate.hasPath else { return urls + [last] }
        // With a path, the last ASCII domain takes the rest of the URL. twitter-text-parser then
        // skips as many characters as the URL with its host replaced by that domain has
        // (`url.replace(domain, ascii)`, every occurrence), which is what the count follows.
        guard last.count < candidate.host.count else { return urls + [last.lowerBound..<candidate.url.upperBound] }
        let replacements = occurrences(of: candidate.host, in: candidate.url)
        let replacedLength = candidate.url.count - replacements * (candidate.host.count - last.count)
        return urls + [last.lowerBound..<(last.lowerBound + replacedLength)]
    }

    /// Non-overlapping occurrences of the text in `needle` within `haystack`, left to right, as
    /// Python's `str.replace` counts them. The host starts the URL, so the first is at its start.
    /// Knuth-Morris-Pratt, so that a path repeating most of the host stays linear.
    private mutating func occurrences(of needle: Range<Int>, in haystack: Range<Int>) -> Int {
        let pattern = Array(text[needle])
        var fallback = Array(repeating: 0, count: pattern.count + 1)
        var matched = 0
        for index in pattern.indices.dropFirst() {
            steps += 1
            while matched > 0, pattern[index] != pattern[matched] { matched = fallback[matched] }
            if pattern[index] == pattern[matched] { matched += 1 }
            fallback[index + 1] = matched
        }
        var count = 0
        matched = 0
        for index in haystack {
            steps += 1
            while matched > 0, text[index] != pattern[matched] { matched = fallback[matched] }
            if text[index] == pattern[matched] { matched += 1 }
            if matched == pattern.count {
                count += 1
                matched = 0
            }
        }
        return count
    }

    // MARK: - Domain (valid_domain)

    /// Fills `domainEnds`: `validDomain` is `subdomain* domainName (gTLD | ccTLD | punycode)`, where a
    /// subdomain `(?:D(?:[_-]|D)*)?D\.` and a domain name `(?:D(?:-|D)*)?D\.` both run up to the next
    /// dot, D being any character but punctuation, spaces, U+FFFE/FEFF/FFFF and directional marks.
    /// So the labels from a position are fixed; the greedy `subdomain*` then backs off one label at
    /// a time, and the last label that is also a domain name followed by a TLD wins. Hence the
    /// domain starting at a label equals the one starting at the next label if there is one, else
    /// that label followed by a TLD: one pass from the end finds them all.
    private mutating func prepareDomains() {
        let count = text.count
        domainRunEnd = Array(repeating: count, count: count + 1)
        nextUnderscore = Array(repeating: count, count: count + 1)
        domainEnds = Array(repeating: -1, count: count + 1)
        var tldEndAfterDot: [Int: Int] = [:]
        for index in stride(from: count - 1, through: 0, by: -1) {
            steps += 1
            let scalar = text[index]
            domainRunEnd[index] = Self.isDomainChar(scalar) || scalar == "-" || scalar == "_"
                ? domainRunEnd[index + 1] : index
            nextUnderscore[index] = scalar == "_" ? index : nextUnderscore[index + 1]
            let dot = domainRunEnd[index]
            guard dot > index, dot < count, text[dot] == ".",
                  Self.isDomainChar(scalar), Self.isDomainChar(text[dot - 1]) else { continue }
            let next = dot + 1
            if next < count, domainEnds[next] >= 0 {
                domainEnds[index] = domainEnds[next]
            } else if nextUnderscore[index] >= dot {
                // Every position in the label shares its dot; look the TLD up once per dot.
                let end = tldEndAfterDot[dot] ?? tldEnd(at: next, limit: count, allowPunycode: true) ?? -1
                tldEndAfterDot[dot] = end
                domainEnds[index] = end
            }
        }
    }

    /// valid_ascii_domain.finditer over the host: `(?:[-a-z0-9À-ɏ…]+\.)+(?:gTLD|ccTLD|punycode)`,
    /// where the TLD's lookahead may also meet the end of the host. Labels are again fixed, so the
    /// match from each position is worked out once, from the end of the host backwards.
    private mutating func asciiDomains(in host: Range<Int>) -> [Range<Int>] {
        var runEnd = Array(repeating: host.upperBound, count: host.count + 1)
        var matchEnd = Array(repeating: -1, count: host.count + 1)
        for index in stride(from: host.upperBound - 1, through: host.lowerBound, by: -1) {
            steps += 1
            let offset = index - host.lowerBound
            runEnd[offset] = Self.isASCIIDomainChar(text[index]) ? runEnd[offset + 1] : index
            let dot = runEnd[offset]
            guard dot > index, dot < host.upperBound, text[dot] == "." else { continue }
            let next = dot + 1
            matchEnd[offset] = matchEnd[next - host.lowerBound] >= 0
                ? matchEnd[next - host.lowerBound]
                : tldEnd(at: next, limit: host.upperBound, allowPunycode: true) ?? -1
        }
        var domains: [Range<Int>] = []
        var index = host.lowerBound
        while index < host.upperBound {
            steps += 1
            let end = matchEnd[index - host.lowerBound]
            if end >= 0 {
                domains.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return domains
    }

    /// `(?:gTLD|ccTLD)(?=[^0-9a-z@+-]|$)`, or `xn--[-0-9a-z]+` when `allowPunycode`, with `limit` as `$`.
    ///
    /// tld_lib.yml lists each group in reverse order, so where one TLD is a prefix of another
    /// (嘉里 / 嘉里大酒店) the regex prefers the longer; trying the longest candidate first matches that.
    private mutating func tldEnd(at start: Int, limit: Int, allowPunycode: Bool) -> Int? {
        var longest = start
        while longest < min(limit, start + Self.maxTLDLength),
              Self.tldScalars.contains(Self.folded(text[longest])) {
            longest += 1
            steps += 1
        }
        for domains in [TopLevelDomains.generic, TopLevelDomains.country] {
            for end in stride(from: longest, to: start, by: -1) {
                if end < limit, Self.isForbiddenAfterTLD(text[end]) { continue }
                if domains.contains(folded(start..<end)) { return end }
            }
        }
        if allowPunycode, hasPrefixIgnoringCase("xn--", at: start) {
            var end = start + 4
            while end < limit, Self.isASCIIAlphanumeric(text[end]) || text[end] == "-" { end += 1; steps += 1 }
            if end > start + 4 { return end }
        }
        return nil
    }

    /// Length of "http://" or "https://" at `index`, ignoring case.
    private func protocolLength(at index: Int) -> Int? {
        guard hasPrefixIgnoringCase("http", at: index) else { return nil }
        let afterHTTP = hasPrefixIgnoringCase("s", at: index + 4) ? index + 5 : index + 4
        return hasPrefixIgnoringCase("://", at: afterHTTP) ? afterHTTP + 3 - index : nil
    }

    // MARK: - Path and query

    /// End of `valid_url_path*` starting just after the "/".
    ///
    /// In the JavaScript regex (and so in twitter-text-parser) a path item is either
    /// `general* (balancedParens general*)* endingChar` or a lone `balancedParens`: the ending
    /// group's parenthesis alternative is spliced in unbracketed, so it becomes an alternative of
    /// the whole item (Java brackets it, and there ".(e)" is a path; here it is not). Greedy
    /// matching takes the longest run of general characters and balanced parentheses, then
    /// backtracks to its last ending character; failing that the item may be parentheses alone.
    /// (The alternative `@general+/` needs a "/", itself an ending character, so it adds nothing.)
    /// Once a run has been found to hold no ending character after some point, items starting
    /// there skip the scan, which keeps "((x)(x)(x)…" linear.
    private mutating func pathEnd(from start: Int) -> Int {
        var position = start
        var noEndingFrom = Int.max, noEndingUntil = Int.min
        while true {
            if position < noEndingFrom || position > noEndingUntil {
                var index = position
                var lastEnding: Int?
                while true {
                    while index < text.count, Self.isPathCharacter(text[index]) {
                        if Self.isPathEndingCharacter(text[index]) { lastEnding = index + 1 }
                        index += 1
                        steps += 1
                    }
                    guard let parensEnd = balancedParensEnd(at: index) else { break }
                    index = parensEnd
                }
                if let lastEnding {
                    // What follows the last ending character, to the end of this run, holds none.
                    noEndingFrom = lastEnding
                    noEndingUntil = index
                    position = lastEnding
                    continue
                }
                noEndingFrom = position
                noEndingUntil = index
            }
            guard let parensEnd = balancedParensEnd(at: position) else { return position }
            position = parensEnd
        }
    }

    /// `\((?:general+|general*\(general+\)general*)\)`: up to one nested level.
    private mutating func balancedParensEnd(at start: Int) -> Int? {
        guard matches("(", at: start) else { return nil }
        let afterFirstRun = pathCharacterRunEnd(from: start + 1)
        if afterFirstRun > start + 1, matches(")", at: afterFirstRun) { return afterFirstRun + 1 }
        guard matches("(", at: afterFirstRun) else { return nil }
        let afterInnerRun = pathCharacterRunEnd(from: afterFirstRun + 1)
        guard afterInnerRun > afterFirstRun + 1, matches(")", at: afterInnerRun) else { return nil }
        let afterLastRun = pathCharacterRunEnd(from: afterInnerRun + 1)
        return matches(")", at: afterLastRun) ? afterLastRun + 1 : nil
    }

    private mutating func pathCharacterRunEnd(from start: Int) -> Int {
        var end = start
        while end < text.count, Self.isPathCharacter(text[end]) { end += 1; steps += 1 }
        return end
    }

    /// End of `queryChar* queryEndingChar` after the "?", or nil if the query group does not match.
    private mutating func queryEnd(from start: Int, limit: Int? = nil) -> Int? {
        let limit = limit ?? text.count
        var index = start
        var end: Int?
        while index < limit, Self.isQueryCharacter(text[index]) {
            if Self.isQueryEndingCharacter(text[index]) { end = index + 1 }
            index += 1
            steps += 1
        }
        return end
    }

    /// valid_tco_url, `^https?://t\.co/([a-z0-9]+)(?:\?query)?`, applied to the URL alone.
    private mutating func tcoPrefix(of url: Range<Int>) -> (end: Int, slugLength: Int)? {
        guard let protocolLength = protocolLength(at: url.lowerBound) else { return nil }
        let slugStart = url.lowerBound + protocolLength + 5
        guard hasPrefixIgnoringCase("t.co/", at: url.lowerBound + protocolLength) else { return nil }
        var end = slugStart
        while end < url.upperBound, Self.isASCIIAlphanumeric(text[end]) { end += 1; steps += 1 }
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

    private func hasPrefixIgnoringCase(_ prefix: String, at index: Int) -> Bool {
        var position = index
        for expected in prefix.unicodeScalars {
            guard position < text.count, Self.folded(text[position]) == expected else { return false }
            position += 1
        }
        return true
    }

    private func folded(_ range: Range<Int>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text[range].lazy.map(Self.folded))
        return String(scalars)
    }

    // MARK: - Character classes (twitter_text/regexp)

    /// Python's `re.IGNORECASE` compares simple lower-case forms, and also equates "ı" and "İ" with
    /// "i", "ſ" with "s" (and the Kelvin sign lower-cases to "k").
    private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return ("A"..."Z").contains(scalar) ? Unicode.Scalar(UInt8(scalar.value + 0x20)) : scalar
        }
        switch scalar.value {
        case 0x0130, 0x0131: return "i"
        case 0x017F: return "s"
        default:
            let lower = scalar.properties.lowercaseMapping.unicodeScalars
            guard lower.count == 1, let first = lower.first else { return scalar }
            return first
        }
    }

    /// `punct`, `spaces_group`, `invalid_chars_group` and `directional_markers_group`: what
    /// `valid_domain_chars` excludes. Note `punct` has neither `"` nor "`", so both are domain characters.
    private static let asciiExcludedFromDomain = Set("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$\t\n\u{0B}\u{0C}\r ".unicodeScalars)
    private static let pathPunctuation = Set("!*';:=+,.$/%#[]-\u{2013}_~|&@".unicodeScalars)
    private static let pathEndingPunctuation = Set("=_#/-+".unicodeScalars)
    private static let queryPunctuation = Set("!?*'@();:&=+$/%#[]-_.,~|".unicodeScalars)
    private static let queryEndingPunctuation = Set("-_&=#/".unicodeScalars)

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// `[a-z0-9]` under IGNORECASE.
    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        let folded = folded(scalar)
        return ("a"..."z").contains(folded) || ("0"..."9").contains(folded)
    }

    /// valid_url_preceding_chars: anything but `[A-Za-z0-9@＠$#＃]` and the invalid characters.
    /// (Its directional-character alternative is a subset of this one.)
    private static func isValidPreceding(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "@", "\u{FF20}", "$", "#", "\u{FF03}", "\u{FFFE}", "\u{FEFF}", "\u{FFFF}": return false
        default: return !isASCIIAlphanumeric(scalar)
        }
    }

    /// valid_domain_chars.
    private static func isDomainChar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return !asciiExcludedFromDomain.contains(scalar) }
        switch scalar.value {
        case 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
             0xFFFE, 0xFEFF, 0xFFFF,
             0x202A...0x202E, 0x061C, 0x200E, 0x200F, 0x2066...0x2069:
            return false
        default:
            return true
        }
    }

    /// valid_ascii_domain's label characters, `[-a-z0-9]` and latin_accent_chars.
    private static func isASCIIDomainChar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || isASCIIAlphanumeric(scalar) || isLatinAccent(scalar)
    }

    /// latin_accent_chars.
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

    /// The TLD lookahead forbids `[0-9a-z@+-]` next.
    private static func isForbiddenAfterTLD(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || scalar == "@" || scalar == "+" || scalar == "-"
    }

    /// valid_general_url_path_chars.
    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if isASCIIAlphanumeric(scalar) || isLatinAccent(scalar) || isCyrillic(scalar) { return true }
        return pathPunctuation.contains(scalar)
    }

    /// The character class of valid_url_path_ending_chars.
    private static func isPathEndingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if isASCIIAlphanumeric(scalar) || isLatinAccent(scalar) || isCyrillic(scalar) { return true }
        return pathEndingPunctuation.contains(scalar)
    }

    /// valid_url_query_chars.
    private static func isQueryCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || queryPunctuation.contains(scalar)
    }

    /// valid_url_query_ending_chars.
    private static func isQueryEndingCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || queryEndingPunctuation.contains(scalar)
    }
}
