import Foundation
import ThirdsText
import ThirdsModel

/// CSV as RFC 4180 writes it: records end in CRLF, fields are separated by
/// commas, and a field is quoted when it holds a comma, a double quote, CR or
/// LF, with each double quote inside doubled.
///
/// Written here rather than taken from a library: the package depends on no
/// CSV library (only Yams and ArgumentParser), and writing CSV takes only these
/// few lines. The output is the text as given, scalar for scalar: no BOM, no
/// normalisation, and no escaping beyond RFC 4180's (a backslash or a
/// semicolon is an ordinary character).
public enum CSVWriter {
    /// One field, quoted when RFC 4180 needs it.
    public static func field(_ value: String) -> String {
        // Bytes, not Characters: in a Swift String "\r\n" is one Character, and
        // a quote followed by a combining mark is another, so a Character
        // search would miss them.
        let needsQuotes = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return value }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// One record, with its CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A whole file: the header record (when there is one), then the rows.
    public static func document(header: [String]?, rows: [[String]]) -> String {
        var text = header.map(record) ?? ""
        for row in rows { text += record(row) }
        return text
    }
}
