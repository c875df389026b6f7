import Foundation

/// RFC 3492 Punycode encoding.
///
/// Written here because Foundation on Linux has no IDNA/Punycode API and the package takes no
/// dependencies beyond Yams and swift-argument-parser. Only encoding is needed: twitter-text
/// measures hosts by their encoded length.
enum Punycode {
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
    static func encode<Input: Collection<Unicode.Scalar>>(_ input: Input) -> String? {
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
enum IDNA {
    private static let maxLabelLength = 63
    private static let acePrefix: [Unicode.Scalar] = ["x", "n", "-", "-"]
    /// RFC 3490 section 3.1 treats these four as label separators, not only ".".
    private static let labelSeparators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// The length of `host` after ToASCII, or nil if ToASCII would reject it.
    static func asciiLength<Host: Collection<Unicode.Scalar>>(ofHost host: Host) -> Int? {
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
        if prepared.allSatisfy(\.isASCII) {
            return prepared.count <= maxLabelLength ? prepared.count : nil
        }
        // An already-encoded label must not be encoded again (nameprep has lower-cased it).
        if prepared.starts(with: acePrefix) { return nil }
        guard let encoded = Punycode.encode(prepared) else { return nil }
        let length = acePrefix.count + encoded.utf8.count
        return length <= maxLabelLength ? length : nil
    }

    /// An approximation of RFC 3491 nameprep: drop the "mapped to nothing" code points, fold case,
    /// apply NFKC. The prohibited-character and bidi checks are not reproduced; they never change a
    /// label's length, only whether java.net.IDN throws for exotic hosts.
    private static func nameprep<Label: Collection<Unicode.Scalar>>(_ label: Label) -> [Unicode.Scalar] {
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: label.lazy.filter { !isMappedToNothing($0) })
        let folded = String(kept).lowercased().precomposedStringWithCompatibilityMapping
        return Array(folded.unicodeScalars)
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
