import Foundation

/// Text from a plan (or a file's name) shown on a terminal: control
/// characters and bidirectional controls are written as escapes, so a
/// hostile value can neither drive the terminal (ESC, OSC sequences) nor
/// reorder what the reader sees.
public enum TerminalText {
    /// C0 and C1 controls, DEL, the line and paragraph separators, and the
    /// bidirectional marks, embeddings, overrides and isolates.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `\e` for ESC, `\t`, `\n`, `\r`, and `\u{…}` for the others.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\u{1B}": out += "\\e"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
