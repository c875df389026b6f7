import Foundation
import ThirdsCore

/// Parsers for the textual values of plans and rules. Each takes the text as
/// written and returns nil when it does not match; the caller reports.
package enum ValueText {
    package static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        return Int(text)
    }

    package static func number(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite,
              text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
        return value
    }

    /// `1/3`, `0.25` or `25%`, between 0 and 1.
    package static func fraction(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var value: Double?
        if trimmed.hasSuffix("%") {
            value = number(String(trimmed.dropLast())).map { $0 / 100 }
        } else if let slash = trimmed.firstIndex(of: "/") {
            if let top = number(String(trimmed[..<slash]).trimmingCharacters(in: .whitespaces)),
               let bottom = number(String(trimmed[trimmed.index(after: slash)...]).trimmingCharacters(in: .whitespaces)),
               bottom > 0 {
                value = top / bottom
            }
        } else {
            value = number(trimmed)
        }
        guard let value, (0...1).contains(value) else { return nil }
        return value
    }

    package static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// `90m`, `1h30m`, `30d`, `2w`: a positive length of time, in seconds.
    package static func duration(_ text: String) -> Int? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        var total = 0
        var digits = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let amount = Int(digits) {
                let (product, overflow1) = amount.multipliedReportingOverflow(by: unit)
                let (sum, overflow2) = total.addingReportingOverflow(product)
                guard !overflow1, !overflow2 else { return nil }
                total = sum
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard sawUnit, digits.isEmpty, total > 0 else { return nil }
        return total
    }

    /// A whole number or duration written correctly but too large for Int
    /// (`99999999999999999999`, `99999999999999999999s`): out of range, not malformed.
    package static func isTooLarge(_ text: String, as kind: ParameterKind) -> Bool {
        switch kind {
        case .count:
            return !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } && integer(text) == nil
        case .duration:
            // The shape of a duration (digits then a unit, repeated), its total beyond Int.
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
            var total = 0.0
            var digits = ""
            for character in text {
                if character.isASCII, character.isNumber {
                    digits.append(character)
                } else if let unit = units[character], let amount = Double(digits) {
                    total += amount * unit
                    digits = ""
                } else {
                    return false
                }
            }
            return digits.isEmpty && total >= 9e18
        case .number:
            return Double(text).map { $0.isInfinite && $0 > 0 } ?? false
        default:
            return false
        }
    }

    /// The largest unit that divides the duration: 30d stays 30d, 90m stays 90m.
    package static func durationText(_ seconds: Int) -> String {
        if seconds == 0 { return "0m" }
        for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)] where seconds % size == 0 && seconds >= size {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    /// `HH:MM`, 00:00 to 23:59 (24:00 also, as the end of a day).
    package static func timeOfDay(_ text: String, allowEndOfDay: Bool = false) -> TimeOfDay? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
              let hour = integer(String(parts[0])), let minute = integer(String(parts[1])),
              (0...59).contains(minute) else { return nil }
        if hour == 24, minute == 0, allowEndOfDay { return TimeOfDay(hour: 24, minute: 0) }
        guard (0...23).contains(hour) else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }

    package enum DateProblem: Error { case malformed, impossible, outOfRange }

    /// A date of a plan, a week or a date and time, within `years`.
    package static func planDate(_ result: Result<LocalDate, DateProblem>) -> Result<LocalDate, DateProblem> {
        if case .success(let date) = result, !years.contains(date.year) { return .failure(.outOfRange) }
        return result
    }

    /// The years a plan's dates may fall in. Every instant of a plan then
    /// stays within four-digit years in every zone (a period ends at most 366
    /// days later), and no zone's offset is the local mean time of the 1800s,
    /// which has seconds that the schedule file's offsets do not carry.
    public static let years = 1970...2199
    package static let yearsText = "\(years.lowerBound)-01-01 to \(years.upperBound)-12-31"

    /// `YYYY-MM-DD`, checked against the calendar.
    package static func date(_ text: String) -> Result<LocalDate, DateProblem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = integer(String(parts[0])), let month = integer(String(parts[1])),
              let day = integer(String(parts[2])) else { return .failure(.malformed) }
        let date = LocalDate(year: year, month: month, day: day)
        return date.isValid ? .success(date) : .failure(.impossible)
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` (a space may stand for the `T`), wall time.
    package static func dateTime(_ text: String) -> Result<LocalDateTime, DateProblem> {
        let separators: Set<Character> = ["T", " "]
        guard let split = text.firstIndex(where: { separators.contains($0) }) else { return .failure(.malformed) }
        let datePart = String(text[..<split])
        var timePart = String(text[text.index(after: split)...])
        var second = 0
        if timePart.count == 8, timePart.filter({ $0 == ":" }).count == 2 {
            guard let value = integer(String(timePart.suffix(2))), (0...59).contains(value) else { return .failure(.malformed) }
            second = value
            timePart = String(timePart.prefix(5))
        }
        switch date(datePart) {
        case .failure(let problem): return .failure(problem)
        case .success(let day):
            guard let time = timeOfDay(timePart) else {
                return .failure(timePart.count == 5 && timePart.dropFirst(2).first == ":" ? .impossible : .malformed)
            }
            return .success(LocalDateTime(date: day, time: time, second: second))
        }
    }

    /// `2026-W49`: the Monday of that ISO week.
    package static func isoWeek(_ text: String) -> Result<LocalDate, DateProblem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
              let year = integer(String(parts[0])), let week = integer(String(parts[1].dropFirst())) else {
            return .failure(.malformed)
        }
        guard (1...53).contains(week),
              let monday = Calendars.iso8601.date(from: DateComponents(weekday: 2, weekOfYear: week, yearForWeekOfYear: year)),
              Calendars.iso8601.component(.weekOfYear, from: monday) == week else {
            return .failure(.impossible)
        }
        return .success(LocalDate(monday))
    }

    package static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// For a time past the clock (`25:00`, `10:60`): the ranges and the time
    /// meant, on the clock.
    package static func timeHint(_ text: String, allowEndOfDay: Bool = false) -> String? {
        let scalars = Array(text.unicodeScalars)
        func digit(_ index: Int) -> Int? {
            guard scalars.indices.contains(index), scalars[index].isASCII else { return nil }
            return Int(String(scalars[index]))
        }
        var index = 0
        while index + 4 < scalars.count {
            // HH:MM, not part of a longer run of digits.
            if scalars[index + 2] == ":", let h1 = digit(index), let h2 = digit(index + 1), let m1 = digit(index + 3), let m2 = digit(index + 4),
               digit(index - 1) == nil, digit(index + 5) == nil, index == 0 || scalars[index - 1] != ":" {
                let hour = h1 * 10 + h2, minute = m1 * 10 + m2
                let fine = hour <= 23 && minute <= 59 || allowEndOfDay && hour == 24 && minute == 0
                if !fine {
                    let total = hour * 60 + minute
                    let meant = String(format: "%02d:%02d", total / 60 % 24, total % 60)
                    let days = total / (24 * 60)
                    let when = days == 0 ? "" : days == 1 ? " the next day" : " \(days) days later"
                    return "hours run 00-23 and minutes 00-59: for \(String(String.UnicodeScalarView(scalars[index..<index + 5]))) use \(meant)\(when)"
                }
                index += 5
                continue
            }
            index += 1
        }
        return nil
    }

    /// The IANA zone meant by a city name or a near miss: `London` is
    /// Europe/London, `New York` America/New_York, `Europe/Londn` Europe/London.
    /// Candidates are sorted, so the answer does not depend on the system's order.
    package static func nearestZone(_ text: String) -> String? {
        let zones = TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") && !$0.hasPrefix("Etc/") }.sorted()
        let wanted = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_").lowercased()
        func city(_ zone: String) -> String { String(zone.split(separator: "/").last ?? "").lowercased() }
        // Zones of the main regions before legacy aliases (US/Pacific, Canada/Eastern).
        let regions = ["Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"]
        func rank(_ zone: String) -> (Int, String) { (regions.contains { zone.hasPrefix($0) } ? 0 : 1, zone) }
        if let exact = zones.filter({ city($0) == wanted }).min(by: { rank($0) < rank($1) }) { return exact }
        if let near = nearest(text, among: zones) { return near }
        guard wanted.count >= 4 else { return nil }
        let scored = zones.map { (zone: $0, distance: editDistance(wanted, city($0))) }
        guard let best = scored.min(by: { ($0.distance, rank($0.zone).0, $0.zone) < ($1.distance, rank($1.zone).0, $1.zone) }),
              best.distance <= max(1, wanted.count / 4) else { return nil }
        return best.zone
    }

    /// `mon` … `sun` (also full names, any case): ISO weekday 1 to 7.
    package static func weekday(_ text: String) -> Int? {
        let lower = text.lowercased()
        guard lower.count >= 3 else { return nil }
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if let index = weekdayNames.firstIndex(of: lower) ?? full.firstIndex(of: lower) { return index + 1 }
        return nil
    }

    /// `Mon-Fri`, `Sat+Sun`, `Fri-Mon` (a span may wrap past Sunday): the ISO
    /// weekdays named, for `available`, a channel's `window` and `baseline`
    /// alike; nil for anything else, an empty span (`Mon++Tue`) among them.
    package static func weekdaySpans(_ word: String) -> Set<Int>? {
        var days = Set<Int>()
        for span in word.split(separator: "+", omittingEmptySubsequences: false) {
            let ends = span.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(ends.count), let first = weekday(ends[0]), let last = weekday(ends[ends.count - 1]) else { return nil }
            var day = first
            while true {
                days.insert(day)
                if day == last { break }
                day = day % 7 + 1
            }
        }
        return days
    }
}

/// When the account's owner is at the keyboard: `Mon-Fri 08:00-18:00`, several
/// windows separated by commas (`Mon-Fri 08:00-18:00, Sat 10:00-12:00`).
public struct Availability: Sendable, Hashable {
    public struct Window: Sendable, Hashable {
        public var weekdays: Set<Int>
        public var from: TimeOfDay
        public var to: TimeOfDay  // exclusive; 24:00 is the end of the day
    }

    public var windows: [Window]
    public var text: String

    public func contains(weekday: Int, time: TimeOfDay) -> Bool {
        windows.contains { $0.weekdays.contains(weekday) && $0.from <= time && time < $0.to }
    }

    public static func parse(_ text: String) -> Availability? {
        var windows: [Window] = []
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count == 2 else { return nil }
            guard let days = ValueText.weekdaySpans(words[0]) else { return nil }
            let times = words[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard times.count == 2, let from = ValueText.timeOfDay(times[0]),
                  let to = ValueText.timeOfDay(times[1], allowEndOfDay: true), from < to else { return nil }
            windows.append(Window(weekdays: days, from: from, to: to))
        }
        return windows.isEmpty ? nil : Availability(windows: windows, text: text)
    }
}

extension Availability {
    /// Why `text` is not days and hours when the only trouble is a window
    /// whose end is not after its start (a night shift, `17:00-09:00`): what
    /// is wrong and what to write instead. Nil when any window fails for
    /// another reason, which the general message covers.
    package static func backwardsWindow(_ text: String) -> (problem: String, fix: String)? {
        var found: (problem: String, fix: String)?
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.count == 2, let days = ValueText.weekdaySpans(words[0]) else { return nil }
            let times = words[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard times.count == 2, let from = ValueText.timeOfDay(times[0]),
                  let to = ValueText.timeOfDay(times[1], allowEndOfDay: true) else { return nil }
            guard to <= from, found == nil else { continue }
            if to.minutes == 0 {
                found = ("\(words[1]) ends at 00:00, the start of the day",
                         "write the end of the day as 24:00: \"\(words[0]) \(from)-24:00\"")
            } else if to == from {
                found = ("\(words[1]) ends when it starts", "give the window a length, such as \"\(words[0]) 09:00-17:00\"")
            } else {
                // The hours after midnight fall on the next day of each.
                let next = Set(days.map { $0 % 7 + 1 })
                found = ("\(words[1]) ends before it starts",
                         "a window may not cross midnight; write it as two windows, \"\(words[0]) \(from)-24:00, \(daySpans(next)) 00:00-\(to)\"")
            }
        }
        return found
    }

    /// Days 1 (Monday) to 7 as spans such as `Mon-Fri` or `Tue-Sat+Mon`.
    package static func daySpans(_ days: Set<Int>) -> String {
        let names = ValueText.weekdayNames.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        var spans: [String] = []
        var day = 1
        while day <= 7 {
            guard days.contains(day) else { day += 1; continue }
            var last = day
            while last < 7, days.contains(last + 1) { last += 1 }
            spans.append(last == day ? names[day - 1] : "\(names[day - 1])-\(names[last - 1])")
            day = last + 1
        }
        return spans.joined(separator: "+")
    }
}
