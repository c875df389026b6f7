import Foundation
import ThirdsText
import ThirdsModel

/// Text helpers the cross-post formats share: where the links and hashtags
/// of a post are, its slug, a title when the plan gives none, and quoting
/// for YAML front matter.
package enum CrosspostText {
    // MARK: Links

    /// The web addresses in a text, as ranges of its Unicode scalars: from
    /// `http://` or `https://` (not inside a word) to the next space, less
    /// trailing punctuation that closes the sentence rather than the address
    /// (a `)` stays when the address opened one, as Wikipedia's do).
    package static func urlRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            guard index == 0 || !isWordScalar(scalars[index - 1]),
                  let prefix = ["https://", "http://"].first(where: { hasPrefix(scalars, at: index, $0) }) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, !scalars[end].properties.isWhitespace, !"<>\"".unicodeScalars.contains(scalars[end]) { end += 1 }
            while end > index + prefix.count {
                let last = scalars[end - 1]
                if ".,;:!?'".unicodeScalars.contains(last) {
                    end -= 1
                } else if last == ")" || last == "]" || last == "}" {
                    let open: Unicode.Scalar = last == ")" ? "(" : last == "]" ? "[" : "{"
                    let body = scalars[index..<end]
                    if body.filter({ $0 == last }).count > body.filter({ $0 == open }).count { end -= 1 } else { break }
                } else {
                    break
                }
            }
            if end > index + prefix.count {
                ranges.append(index..<end)
                index = end
            } else {
                index += prefix.count
            }
        }
        return ranges
    }

    package static func urls(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return urlRanges(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    private static func hasPrefix(_ scalars: [Unicode.Scalar], at index: Int, _ prefix: String) -> Bool {
        let wanted = Array(prefix.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        for (offset, scalar) in wanted.enumerated() {
            let have = scalars[index + offset]
            let lower = have.value >= 65 && have.value <= 90 ? Unicode.Scalar(UInt8(have.value + 32)) : have
            if lower != scalar { return false }
        }
        return true
    }

    package static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        CharacterSet.alphanumerics.contains(scalar)
    }

    // MARK: Hashtags

    /// Every hashtag of a text, without its sign, first spelling kept when the
    /// same tag appears twice in different case.
    package static func hashtags(in text: String) -> [String] {
        var seen = Set<String>()
        return HashtagText.hashtags(in: text).filter { seen.insert($0.lowercased()).inserted }
    }

    // MARK: Slugs and titles

    /// Lowercase ASCII letters and digits joined by single hyphens: accents
    /// dropped (é → e), everything else a separator; at most 60 characters.
    package static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
        let special: [Character: String] = ["ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"]
        var words: [String] = []
        var current = ""
        for character in folded {
            let mapped = special[character] ?? String(character)
            for scalar in mapped.unicodeScalars {
                if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                    current.unicodeScalars.append(scalar)
                } else if !current.isEmpty {
                    words.append(current)
                    current = ""
                }
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > 60 {
                if slug.isEmpty { slug = String(word.prefix(60)) }
                break
            }
            slug = next
        }
        return slug
    }

    /// The item's title, else one made from its text, else its id.
    package static func title(of item: Item) -> String {
        if let title = item.title?.value, !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return title }
        let made = title(from: item.text.value)
        return made.isEmpty ? item.id.value : made
    }

    /// A title for a post the plan gives none: its first sentence, or its
    /// first words up to a clause break, without links, `{link}` or the `#`
    /// of hashtags.
    package static func title(from text: String) -> String {
        let words = text.replacingOccurrences(of: "{link}", with: " ")
            .split(whereSeparator: { $0.isWhitespace })
            .map(String.init)
            .filter { !$0.lowercased().hasPrefix("http://") && !$0.lowercased().hasPrefix("https://") }
            .map { word -> String in
                let scalars = Array(word.unicodeScalars)
                if let body = scalars.indices.first.flatMap({ HashtagText.body(in: scalars, at: $0) }), body.upperBound == scalars.count {
                    return String(String.UnicodeScalarView(scalars[body]))
                }
                return word
            }
        guard !words.isEmpty else { return "" }
        let maxWords = 12, maxCharacters = 80
        var taken: [String] = []
        var clauseEnd: Int?
        var finished = false
        for word in words {
            let candidate = (taken + [word]).joined(separator: " ")
            if taken.count == maxWords || candidate.count > maxCharacters { break }
            taken.append(word)
            if let last = word.last, ".?!".contains(last) { finished = true; break }
            if let last = word.last, ",;:—–".contains(last), taken.count >= 4 { clauseEnd = taken.count }
        }
        if taken.isEmpty {
            // One long run without spaces (Chinese, Japanese): cut by characters.
            return String(words[0].prefix(60)) + "…"
        }
        let whole = finished || taken.count == words.count
        if !whole, let clauseEnd { taken = Array(taken.prefix(clauseEnd)) }
        var title = taken.joined(separator: " ")
        while let last = title.last, ",;:—–.".contains(last) { title.removeLast() }
        return whole || clauseEnd != nil ? title : title + "…"
    }

    // MARK: Quoting

    /// A YAML double-quoted scalar (YAML 1.1 and 1.2 alike): backslash, quote
    /// and every control or line-breaking character escaped, so the value
    /// reads back exactly, whatever it holds.
    package static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if scalar.value > 0xFFFF, InvalidCharacter.isInvalid(scalar) {
                    out += String(format: "\\U%08X", scalar.value)
                } else if InvalidCharacter.isInvalid(scalar) {
                    // Controls and noncharacters: Hugo and Jekyll refuse them written raw.
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Text for HTML: `&`, `<`, `>` and both quotes as entities.
    package static func htmlEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
