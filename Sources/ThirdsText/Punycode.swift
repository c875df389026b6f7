import Foundation

/// RFC 3492 Punycode encoding.
///
/// Written here because Foundation on Linux has no IDNA/Punycode API and the package takes no
/// dependencies beyond Yams and swift-argument-parser. Only encoding is needed: twitter-text
/// measures hosts by their encoded length.
package enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 0x80
    // RFC 3492 section 6.4: implementations must detect overflow of at least 26 bits; we use 32.
    private static let maxInt = Int(UInt32.max)

    /// The Punycode encoding of `input` (without the "xn--" prefix), or nil on overflow.
    package static func encode<Input: Collection<Unicode.Scalar>>(_ input: Input) -> String? {
        let codePoints = input.map { Int($0.value) }
        var output = codePoints.filter { $0 < initialN }.map { UInt8($0) }
        let basicCount = output.count
        var handledCount = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }

        var n = initialN
        var delta = 0
        var bias = initialBias
        while handledCount < codePoints.count {
            // Every remaining code point is >= n, so the minimum exists.
            let m = codePoints.lazy.filter { $0 >= n }.min()!
            guard (m - n) <= (maxInt - delta) / (handledCount + 1) else { return nil }
            delta += (m - n) * (handledCount + 1)
            n = m
            for codePoint in codePoints {
                if codePoint < n {
                    delta += 1
                    guard delta <= maxInt else { return nil }
                }
                guard codePoint == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta: delta, pointCount: handledCount + 1, isFirst: handledCount == basicCount)
                delta = 0
                handledCount += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }

    private static func adapt(delta: Int, pointCount: Int, isFirst: Bool) -> Int {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / pointCount
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}

/// The part of IDNA ToASCII (RFC 3490) that twitter-text relies on, modelled on java.net.IDN as
/// its Java Extractor calls it: a host is usable only if every label is 1...63 characters once
/// encoded.
package enum IDNA {
    private static let maxLabelLength = 63
    private static let acePrefix: [Unicode.Scalar] = ["x", "n", "-", "-"]
    /// RFC 3490 section 3.1 treats these four as label separators, not only ".".
    private static let labelSeparators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// The length of `host` after ToASCII, or nil if ToASCII would reject it.
    package static func asciiLength<Host: Collection<Unicode.Scalar>>(ofHost host: Host) -> Int? {
        var total = 0
        var labelCount = 0
        for label in host.split(omittingEmptySubsequences: false, whereSeparator: labelSeparators.contains) {
            guard let length = asciiLength(ofLabel: label) else { return nil }
            total += length
            labelCount += 1
        }
        return total + labelCount - 1
    }

    private static func asciiLength<Label: Collection<Unicode.Scalar>>(ofLabel label: Label) -> Int? {
        if label.allSatisfy(\.isASCII) {
            return (1...maxLabelLength).contains(label.count) ? label.count : nil
        }
        let prepared = nameprep(label)
        if prepared.isEmpty { return nil }
        // Python's codec (twitter-text-parser's reference, and java.net.IDN alike) refuses a label
        // with a prohibited character or breaking the bidi rule, and the URL with it.
        if prepared.contains(where: isProhibited) || breaksBidiRule(prepared) { return nil }
        if prepared.allSatisfy(\.isASCII) {
            return prepared.count <= maxLabelLength ? prepared.count : nil
        }
        // An already-encoded label must not be encoded again (nameprep has lower-cased it).
        if prepared.starts(with: acePrefix) { return nil }
        guard let encoded = Punycode.encode(prepared) else { return nil }
        let length = acePrefix.count + encoded.utf8.count
        return length <= maxLabelLength ? length : nil
    }

    /// An approximation of RFC 3491 nameprep's mapping: drop the "mapped to nothing" code points,
    /// fold case, apply NFKC (with today's Unicode rather than 3.2).
    private static func nameprep<Label: Collection<Unicode.Scalar>>(_ label: Label) -> [Unicode.Scalar] {
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: label.lazy.filter { !isMappedToNothing($0) })
        // Table B.2 folds case fully ("ß" to "ss", "ς" to "σ") and is closed under NFKC; lower-casing
        // on both sides of NFKC with those two folds added comes close, and it matters: "xn--p1aiß"
        // becomes the ASCII "xn--p1aiss", which is no longer refused as already encoded.
        func fold(_ text: String) -> String {
            text.lowercased().replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "ς", with: "σ")
        }
        let folded = fold(fold(String(kept)).precomposedStringWithCompatibilityMapping)
        return Array(folded.unicodeScalars)
    }

    /// RFC 3454 tables C.1.2 and C.2.2 to C.9, as nameprep prohibits them (after mapping).
    private static func isProhibited(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00A0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000,                       // C.1.2
             0x0080...0x009F, 0x06DD, 0x070F, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029,
             0x2060...0x2063, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFC, 0x1D173...0x1D17A, // C.2.2
             0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD,                      // C.3
             0xFDD0...0xFDEF,                                                              // C.4
             0xFFFD,                                                                       // C.6
             0x2FF0...0x2FFB,                                                              // C.7
             0x0340, 0x0341, 0x200E, 0x200F, 0x202A...0x202E,                              // C.8
             0xE0001, 0xE0020...0xE007F:                                                   // C.9
            return true
        default:
            return scalar.value & 0xFFFE == 0xFFFE // C.4: the last two code points of every plane
        }
    }

    /// RFC 3454 section 6: a label with a right-to-left character (table D.1) must start and end
    /// with one and hold no left-to-right character (table D.2). D.2 is approximated by the
    /// letters and spacing marks Unicode 3.2 assigned outside the right-to-left blocks; Swift
    /// exposes no bidi class.
    private static func breaksBidiRule(_ label: [Unicode.Scalar]) -> Bool {
        guard label.contains(where: isRightToLeft) else { return false }
        if !isRightToLeft(label[0]) || !isRightToLeft(label[label.count - 1]) { return true }
        return label.contains { scalar in
            guard !isRightToLeft(scalar), let age = scalar.properties.age,
                  age.major < 3 || (age.major == 3 && age.minor <= 2) else { return false }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spacingMark:
                return !(0x0590...0x08FF).contains(scalar.value) && !(0xFB1D...0xFDFF).contains(scalar.value)
                    && !(0xFE70...0xFEFF).contains(scalar.value)
            default:
                return false
            }
        }
    }

    /// RFC 3454 table D.1: characters of bidi class R or AL in Unicode 3.2.
    private static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x05BE, 0x05C0, 0x05C3, 0x05D0...0x05EA, 0x05F0...0x05F4, 0x061B, 0x061F, 0x0621...0x063A,
             0x0640...0x064A, 0x066D...0x066F, 0x0671...0x06D5, 0x06DD, 0x06E5, 0x06E6, 0x06FA...0x06FE,
             0x0700...0x070D, 0x0710, 0x0712...0x072C, 0x0780...0x07A5, 0x07B1, 0x200F, 0xFB1D,
             0xFB1F...0xFB28, 0xFB2A...0xFB36, 0xFB38...0xFB3C, 0xFB3E, 0xFB40, 0xFB41, 0xFB43, 0xFB44,
             0xFB46...0xFBB1, 0xFBD3...0xFD3D, 0xFD50...0xFD8F, 0xFD92...0xFDC7, 0xFDF0...0xFDFC,
             0xFE70...0xFE74, 0xFE76...0xFEFC:
            return true
        default:
            return false
        }
    }

    /// RFC 3454 table B.1.
    private static func isMappedToNothing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x034F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF:
            return true
        default:
            return false
        }
    }
}
