import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel

/// The text layer of iCalendar (RFC 5545 §3.1, §3.3.11): escaped TEXT values,
/// UTC date-times, and content lines folded at 75 octets.
package enum ICalendarText {
    /// The most octets a physical line holds, not counting its CRLF; a
    /// continuation line's leading space counts among them.
    package static let lineLimit = 75

    /// A TEXT value: backslash, semicolon and comma escaped, every line break
    /// (LF, CR or CRLF) written `\n`. Other control characters (which TEXT may
    /// not hold), noncharacters and U+FEFF (which load refuses anyway) are
    /// dropped; tab is kept.
    package static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }  // CRLF: already written
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case "\n", "\r": out.append(contentsOf: "\\n".unicodeScalars)
            case "\t": out.append(scalar)
            default:
                if InvalidCharacter.isInvalid(scalar) { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A list of TEXT values (CATEGORIES): each escaped, joined by commas.
    package static func list(_ values: [String]) -> String {
        values.map(escape).joined(separator: ",")
    }

    /// A UTC date-time, `20261130T064500Z` (whole seconds, rounded down).
    package static func utc(_ instant: Date) -> String {
        let wall = LocalDateTime(wall: instant)
        let year = String(wall.date.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + twoDigits(wall.date.month) + twoDigits(wall.date.day)
            + "T" + twoDigits(wall.time.hour) + twoDigits(wall.time.minute) + twoDigits(wall.second) + "Z"
    }

    /// A content line folded so that no physical line passes 75 octets. Folds
    /// fall between characters as a reader sees them (grapheme clusters: an
    /// accent stays on its letter, a ZWJ emoji or a flag in one piece); only a
    /// cluster too long for a whole line is split, and then between Unicode
    /// scalars, so a UTF-8 sequence is never cut. Lines are joined by CRLF and
    /// a space, which unfolding removes.
    package static func fold(_ line: String) -> String {
        var out = ""
        var used = 0  // octets on the current physical line
        func breakLine() {
            out += "\r\n "
            used = 1
        }
        for character in line {
            let size = character.utf8.count
            if used + size <= lineLimit {
                out.append(character)
                used += size
            } else if 1 + size <= lineLimit {
                breakLine()
                out.append(character)
                used += size
            } else {
                for scalar in character.unicodeScalars {
                    let scalarSize = String(scalar).utf8.count
                    if used + scalarSize > lineLimit { breakLine() }
                    out.unicodeScalars.append(scalar)
                    used += scalarSize
                }
            }
        }
        return out
    }

    /// Characters a UID field keeps as they are; any other octet is written
    /// `+XX` (hex), so fields never hold the `.` that separates them and the
    /// UID stays within the characters calendar stores use in file names.
    package static func uidField(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "+%02X", byte)
            }
        }
        return out
    }
}
