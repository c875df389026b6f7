import ThirdsCore

/// Characters no value of a plan, rules file or schedule may hold: control
/// characters other than tab, line feed and carriage return (C0, DEL, C1),
/// Unicode noncharacters (U+FDD0–U+FDEF, and the last two code points of each
/// plane, U+FFFE and U+FFFF among them) and U+FEFF past the file's start.
/// Hugo and Jekyll refuse a front matter that holds a noncharacter, X refuses
/// a post with U+FFFE, U+FEFF or U+FFFF (twitter-text's invalid characters),
/// and in Markdown or a calendar they are invisible garbage: refused at load,
/// where the fix is one edit.
package enum InvalidCharacter {
    package static func isInvalid(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D: return false
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0xFEFF: return true
        default: return (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
        }
    }

    /// "U+FFFE, a noncharacter" or "U+001B, a control character".
    package static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch scalar.value {
        case ..<0xA0: return code + ", a control character"
        case 0xFEFF: return code + ", a zero-width no-break space that X refuses in a post (for a no-break join use U+2060)"
        default: return code + ", a noncharacter"
        }
    }

    package static let hint = "delete it; values may hold tab and line breaks, but no other control characters and no noncharacters"

    /// The character written as itself in the file.
    package static func rawFinding(_ scalar: Unicode.Scalar, at location: SourceLocation) -> Finding {
        Finding(ruleID: "invalid-character", severity: .error, location: location,
                message: "file holds \(describe(scalar))", hint: hint.replacingOccurrences(of: "delete it", with: "delete it (most editors do not show it)"))
    }

    /// The character written as an escape in the double-quoted scalar whose
    /// opening quote is at `quote`: the finding points at the escape's backslash.
    package static func escapeFinding(in text: String, quoteAt quote: SourceLocation) -> Finding {
        let found = firstInvalidEscape(in: text, line: quote.line, column: quote.column)
        let location = found.map { SourceLocation(file: quote.file, line: $0.line, column: $0.column) } ?? quote
        let what = found.map { "\(describe($0.scalar)), written '\($0.escape)'" } ?? "a control character or a noncharacter"
        return Finding(ruleID: "invalid-character", severity: .error, location: location,
                       message: "quoted value holds \(what)", hint: hint.replacingOccurrences(of: "delete it", with: "delete the escape"))
    }

    /// Walks a double-quoted scalar from its opening quote (1-based line and
    /// column, counted in Unicode scalars as libyaml counts) and decodes its
    /// escapes until one stands for an invalid character.
    package static func firstInvalidEscape(in text: String, line: Int, column: Int)
        -> (line: Int, column: Int, scalar: Unicode.Scalar, escape: String)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        var scalars: [Unicode.Scalar] = []
        for (number, content) in lines.enumerated() where number >= line - 1 {
            scalars.append(contentsOf: content.unicodeScalars)
            scalars.append("\n")
        }
        let simple: [Unicode.Scalar: UInt32] = ["0": 0, "a": 7, "b": 8, "v": 0x0B, "f": 0x0C, "e": 0x1B, "N": 0x85]
        var index = column  // just after the opening quote
        var (currentLine, currentColumn) = (line, column + 1)
        func advance(_ count: Int) {
            for _ in 0..<count where index < scalars.count {
                if scalars[index] == "\n" { (currentLine, currentColumn) = (currentLine + 1, 1) } else { currentColumn += 1 }
                index += 1
            }
        }
        while index < scalars.count, scalars[index] != "\"" {
            guard scalars[index] == "\\", index + 1 < scalars.count else { advance(1); continue }
            let kind = scalars[index + 1]
            var value = simple[kind]
            var length = 2
            if let digits = ["x": 2, "u": 4, "U": 8][kind], index + 2 + digits <= scalars.count {
                value = UInt32(String(String.UnicodeScalarView(scalars[index + 2..<index + 2 + digits])), radix: 16)
                length += digits
            }
            if let value, let scalar = Unicode.Scalar(value), isInvalid(scalar) {
                return (currentLine, currentColumn, scalar, String(String.UnicodeScalarView(scalars[index..<index + length])))
            }
            advance(length)
        }
        return nil
    }
}
