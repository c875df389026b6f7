import Foundation
import ThirdsSchedule
import ThirdsExport

extension WeekView {
    /// The LinkedIn copies and blog articles of a schedule, at the times the
    /// cross-posting export gives them (the week view's layer cannot see it).
    package static func copies(of schedule: Schedule) -> [Copy] {
        // The export time stamps files only; it moves no copy.
        let input = ExportInput(schedule, generatedAt: Date(timeIntervalSince1970: 0))
        let kinds = Dictionary(input.posts.map { ($0.occurrence.id, letter($0.occurrence.kind)) }, uniquingKeysWith: { first, _ in first })
        var copies = CrosspostExport.publishTimes(input).compactMap { key, instant -> Copy? in
            guard let hash = key.lastIndex(of: "#"), let mark = kinds[String(key[..<hash])] else { return nil }
            return Copy(channel: String(key[key.index(after: hash)...]), instant: instant, mark: mark, of: String(key[..<hash]))
        }
        if let digest = CrosspostExport.digestTime(input) { copies.append(Copy(channel: "blog", instant: digest, mark: "D", of: "weekly digest")) }
        // publishTimes is a dictionary: put the copies in one order.
        return copies.sorted { ($0.instant, $0.channel, $0.of) < ($1.instant, $1.channel, $1.of) }
    }
}
