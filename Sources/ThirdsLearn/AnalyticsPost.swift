import Foundation

/// One post of the account's history as the fit sees it: when it went out and
/// how many impressions it earned. Read from an analytics export by
/// `AnalyticsReader`; the id is the export's own (X's tweet id), or
/// `FILE:LINE` for a plain CSV without an `id` column.
public struct ObservedPost: Sendable, Hashable {
    public var id: String
    public var instant: Date
    public var impressions: Double

    public init(id: String, instant: Date, impressions: Double) {
        self.id = id
        self.instant = instant
        self.impressions = impressions
    }
}
