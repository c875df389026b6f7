import Foundation
import ThirdsCore

extension Audience {
    /// An audience made in code, not read from a plan (the learning
    /// benchmark, tools): the plan's defaults for what is not given.
    package init(id: String, zone: TimeZone, size: Double, weight: Double = 1, activity: ActivityProfile = .standard,
                 depth: Double = 200, feed: Double = 150, weekend: Set<Int> = [6, 7],
                 location: SourceLocation = SourceLocation(file: "", line: 0, column: 0)) {
        self.init(id: id, timezone: Located(zone, at: location), size: size, weight: weight, activity: activity,
                  depth: depth, feed: feed, weekend: weekend, location: location)
    }
}
