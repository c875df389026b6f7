import Foundation

/// How large one plan may be (docs/diagnostics.md#limits): far above a real
/// plan, small enough that the worst plan within them is checked in seconds
/// and scheduled within the time limit. Past one, the plan gets a single
/// `plan-too-large` finding and is not checked further.
public enum PlanLimits {
    /// Entries under `items`.
    public static let items = 1_000
    /// Posts after repeating items are expanded, counted before expanding:
    /// every day a repeating item may go out on.
    public static let posts = 2_000
    /// Entries under `audiences`.
    public static let audiences = 100
    /// Slots of the grid in the period: 366 days at the default 15m grid.
    public static let slots = 35_136
    /// Posts times the audiences each reaches: the entries a schedule file
    /// lists (about 100 bytes each in YAML, 170 in JSON), so every schedule
    /// thirds writes stays within `LoadLimits.maxScheduleBytes` and can be checked.
    public static let audienceEntries = 60_000
    /// Audiences times slots: the reach table's size.
    public static let reachValues = 1_000_000
    /// Places the scheduler weighs: each unpinned post times the slots of its
    /// window (a post free to go anywhere in a year has 35,136).
    public static let placements = 2_000_000

    package static func grouped(_ value: Int) -> String { ParameterSpec.grouped(Double(value)) }
}
