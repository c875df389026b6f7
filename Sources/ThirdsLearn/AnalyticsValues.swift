import Foundation
import ThirdsCore

/// The two values a row must give, parsed by hand from their digits: no
/// DateFormatter or NumberFormatter, whose results follow the machine's
/// locale and zone, so the same bytes give the same values everywhere.
package enum AnalyticsValues {
    /// Why a value was refused: the message's tail and a hint.
    package struct Problem: Error, Equatable {
        package var message: String
        package var hint: String
    }

    // MARK: Times

    /// `2026-06-20 09:00 +0000` (X's export) or ISO 8601 with an offset:
    /// `2026-06-20T09:00:00+01:00`, `2026-06-20T08:00Z`, with a `T` or a space
    /// between date and time, optional seconds and fraction, and the offset as
    /// `Z`, `+01:00`, `+0100` or `+01`, after an optional space.
    package static func instant(_ raw: String) -> Result<Date, Problem> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let example = "write it as 2026-06-20 09:00 +0000 or 2026-06-20T09:00:00+01:00 (ISO 8601 with its UTC offset)"
        var scanner = DigitScanner(text)
        guard let year = scanner.digits(exactly: 4), scanner.take("-"), let month = scanner.digits(exactly: 2), scanner.take("-"),
              let day = scanner.digits(exactly: 2) else {
            return .failure(Problem(message: "'\(raw)' is not a date and time", hint: example))
        }
        if scanner.atEnd {
            return .failure(Problem(message: "'\(raw)' is a date without a time of day",
                                    hint: "each post needs the time it went out: \(example)"))
        }
        guard scanner.take("T") || scanner.take("t") || scanner.take(" "), let hour = scanner.digits(exactly: 2), scanner.take(":"),
              let minute = scanner.digits(exactly: 2) else {
            return .failure(Problem(message: "'\(raw)' is not a date and time", hint: example))
        }
        var second = 0
        var fraction = 0.0
        if scanner.take(":") {
            guard let value = scanner.digits(exactly: 2) else {
                return .failure(Problem(message: "'\(raw)' is not a date and time", hint: example))
            }
            second = value
            if scanner.take(".") || scanner.take(",") {
                guard let (value, count) = scanner.digitRun(max: 9), count > 0 else {
                    return .failure(Problem(message: "'\(raw)' is not a date and time", hint: example))
                }
                fraction = Double(value) / pow(10, Double(count))
            }
        }
        _ = scanner.take(" ")
        var offset = 0
        if scanner.take("Z") || scanner.take("z") {
        } else if let sign = scanner.takeSign() {
            guard let hours = scanner.digits(exactly: 2) else {
                return .failure(Problem(message: "'\(raw)' has an offset that is not ±HH:MM", hint: example))
            }
            var minutes = 0
            if scanner.take(":") {
                guard let value = scanner.digits(exactly: 2) else {
                    return .failure(Problem(message: "'\(raw)' has an offset that is not ±HH:MM", hint: example))
                }
                minutes = value
            } else if let value = scanner.digits(exactly: 2) {
                minutes = value
            }
            guard hours <= 18, minutes <= 59, hours * 60 + minutes <= 18 * 60 else {
                return .failure(Problem(message: "'\(raw)' has an offset beyond ±18:00", hint: example))
            }
            offset = sign * (hours * 3_600 + minutes * 60)
        } else if scanner.atEnd {
            return .failure(Problem(message: "'\(raw)' has no UTC offset",
                                    hint: "add the offset the time was written in, such as Z or +01:00: thirds never guesses a zone"))
        } else {
            return .failure(Problem(message: "'\(raw)' is not a date and time", hint: example))
        }
        guard scanner.atEnd else {
            return .failure(Problem(message: "'\(raw)' is not a date and time", hint: example))
        }
        let date = LocalDate(year: year, month: month, day: day)
        guard date.isValid, hour <= 23, minute <= 59, second <= 59 else {
            return .failure(Problem(message: "'\(raw)' is not a date and time in the calendar",
                                    hint: "months run 01-12, days as the month has them, hours 00-23, minutes and seconds 00-59"))
        }
        guard (AnalyticsLimits.firstYear...AnalyticsLimits.lastYear).contains(year) else {
            return .failure(Problem(message: "'\(raw)' is outside the years \(AnalyticsLimits.firstYear)-\(AnalyticsLimits.lastYear)",
                                    hint: "check the year"))
        }
        let seconds = date.daysSinceEpoch * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return .success(Date(timeIntervalSince1970: Double(seconds) + fraction))
    }

    // MARK: Impressions

    /// A count of impressions: digits, optionally grouped in thousands by
    /// commas (`1,234`, which a spreadsheet writes in quotes) and followed by
    /// a zero fraction (`1777.0`, as X writes every count). Anything else,
    /// `n/a`, `-`, a negative or a fraction, is refused rather than guessed.
    package static func impressions(_ raw: String) -> Result<Double, Problem> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let range = "a whole number from 0 to \(grouped(AnalyticsLimits.maxImpressions))"
        if text.isEmpty {
            return .failure(Problem(message: "impressions are empty", hint: "give \(range), 0 for none"))
        }
        var body = Substring(text)
        let negative = body.first == "-" || body.first == "\u{2212}"
        if negative { body = body.dropFirst() }
        var whole = Substring(body)
        var fraction = Substring("")
        if let dot = body.firstIndex(of: ".") {
            whole = body[..<dot]
            fraction = body[body.index(after: dot)...]
        }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        let digitsOnly = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        let wellGrouped = groups.count == 1
            ? digitsOnly(groups[0])
            : groups.allSatisfy(digitsOnly) && groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }
        let fractionOK = body.contains(".") ? (!fraction.isEmpty && fraction.allSatisfy { $0.isASCII && $0.isNumber }) : true
        guard wellGrouped, fractionOK else {
            if groups.count > 1, groups.allSatisfy(digitsOnly) {
                return .failure(Problem(message: "impressions '\(raw)' is not a number: a comma may only group thousands, as in 1,234",
                                        hint: "give \(range); write a decimal point as '.'"))
            }
            return .failure(Problem(message: "impressions '\(raw)' is not a number", hint: "give \(range)"))
        }
        if negative {
            return .failure(Problem(message: "impressions '\(raw)' is negative", hint: "give \(range)"))
        }
        if fraction.contains(where: { $0 != "0" }) {
            return .failure(Problem(message: "impressions '\(raw)' is not a whole number",
                                    hint: "impressions are counts: give \(range) (if the '.' groups thousands, leave it out)"))
        }
        let digits = groups.joined().drop { $0 == "0" }
        // More digits than the limit has cannot be within it (and cannot overflow Int below).
        guard digits.count <= String(Int(AnalyticsLimits.maxImpressions)).count, let value = Int(digits.isEmpty ? "0" : String(digits)),
              Double(value) <= AnalyticsLimits.maxImpressions else {
            return .failure(Problem(message: "impressions '\(raw)' is more than the most it can be", hint: "give \(range)"))
        }
        return .success(Double(value))
    }

    package static func grouped(_ value: Double) -> String {
        let digits = String(Int(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}

/// Reads ASCII digits and signs from the front of a string.
private struct DigitScanner {
    var scalars: [Unicode.Scalar]
    var index = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var atEnd: Bool { index == scalars.count }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < scalars.count, scalars[index] == character else { return false }
        index += 1
        return true
    }

    /// +1 or -1 for `+`, `-` or U+2212 MINUS SIGN.
    mutating func takeSign() -> Int? {
        if take("+") { return 1 }
        if take("-") || take("\u{2212}") { return -1 }
        return nil
    }

    mutating func digits(exactly count: Int) -> Int? {
        guard index + count <= scalars.count else { return nil }
        var value = 0
        for scalar in scalars[index..<index + count] {
            guard ("0"..."9").contains(scalar) else { return nil }
            value = value * 10 + Int(scalar.value - 48)
        }
        index += count
        return value
    }

    /// Up to `max` digits (more are read and dropped): the value of the first `max` and their count.
    mutating func digitRun(max: Int) -> (Int, Int)? {
        var value = 0
        var count = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) {
            if count < max {
                value = value * 10 + Int(scalars[index].value - 48)
                count += 1
            }
            index += 1
        }
        return (value, count)
    }
}
