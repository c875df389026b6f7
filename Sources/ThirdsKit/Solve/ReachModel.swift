import Foundation

/// The reach model (docs/reach-model.md): the chance that a member of an
/// audience sees a post is the chance they check their timeline at least once
/// while it is in view, checks being a Poisson process whose rate follows the
/// audience's local hour.
public enum ReachModel {
    /// Expected checks per member in `[start, start + seconds)`: the exact
    /// integral of the hourly rate, split wherever the local hour changes.
    public static func expectedChecks(of audience: Audience, from start: Date, seconds: Double) -> Double {
        let zone = audience.timezone.value
        let end = start.addingTimeInterval(seconds)
        var total = 0.0
        var instant = start
        while instant < end {
            let offset = zone.secondsFromGMT(for: instant)
            let wall = instant.timeIntervalSince1970 + Double(offset)
            let intoHour = wall - (wall / 3_600).rounded(.down) * 3_600
            var next = min(instant.addingTimeInterval(3_600 - intoHour), end)
            // A clock change inside the piece ends it there: the local hour jumps.
            if zone.secondsFromGMT(for: next.addingTimeInterval(-1)) != offset {
                next = transition(in: zone, after: instant, before: next, offset: offset)
            }
            let local = LocalDateTime(wall: Date(timeIntervalSince1970: wall))
            total += audience.rate(weekday: local.date.isoWeekday, hour: local.time.hour) * next.timeIntervalSince(instant) / 3_600
            instant = next
        }
        return total
    }

    /// The first second at which the zone's offset is no longer `offset`.
    static func transition(in zone: TimeZone, after low: Date, before high: Date, offset: Int) -> Date {
        var low = low.timeIntervalSince1970, high = high.timeIntervalSince1970
        while high - low > 1 {
            let middle = ((low + high) / 2).rounded(.down)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: middle)) == offset { low = middle } else { high = middle }
        }
        return Date(timeIntervalSince1970: high)
    }

    /// p_a(t) = 1 − exp(−∫ λ over the time the post is in view).
    public static func probability(_ audience: Audience, seesPostAt instant: Date) -> Double {
        1 - exp(-expectedChecks(of: audience, from: instant, seconds: audience.viewSeconds))
    }

    /// An audience's expected weighted reach: w · n · p.
    public static func reach(_ audience: Audience, at instant: Date) -> Double {
        audience.weight * audience.size * probability(audience, seesPostAt: instant)
    }
}

/// The grid of a plan's period and each audience's chance per slot, worked out
/// once so the solver works on numbers, not dates.
public struct ReachTable: Sendable {
    public let slots: [Date]
    /// The account's local time at each slot.
    public let locals: [LocalDateTime]
    public let audienceIDs: [String]
    /// probability[a][s]: one member of audience a sees a post of slot s.
    public let probability: [[Double]]
    /// active[a][s]: audience a checks its timeline in the local hour of slot s.
    public let active: [[Bool]]
    public let grid: Int
    private let start: Date

    public init(plan: Plan) {
        let grid = plan.rules.grid.value
        let start = plan.period.startInstant
        let count = Int((plan.period.endInstant.timeIntervalSince(start) / Double(grid)).rounded(.up))
        let slots = (0..<count).map { start.addingTimeInterval(Double($0 * grid)) }
        self.slots = slots
        self.grid = grid
        self.start = start
        locals = slots.map(plan.account.clock.local)
        audienceIDs = plan.audiences.map(\.id)
        probability = plan.audiences.map { audience in slots.map { ReachModel.probability(audience, seesPostAt: $0) } }
        active = plan.audiences.map { audience in
            slots.map { slot in
                let local = audience.clock.local(slot)
                return audience.rate(weekday: local.date.isoWeekday, hour: local.time.hour) > 0
            }
        }
    }

    /// The slot an instant starts, if it lies on the grid.
    public func slot(of instant: Date) -> Int? {
        let offset = instant.timeIntervalSince(start) / Double(grid)
        guard offset >= 0, offset == offset.rounded(), Int(offset) < slots.count else { return nil }
        return Int(offset)
    }

    public func audienceIndex(_ id: String) -> Int? { audienceIDs.firstIndex(of: id) }

    /// One member's chance of seeing a post at `instant`: from the table on
    /// the grid, worked out afresh off it (a time pinned between slots).
    public func probability(_ audience: Audience, at instant: Date) -> Double {
        if let slot = slot(of: instant), let index = audienceIndex(audience.id) { return probability[index][slot] }
        return ReachModel.probability(audience, seesPostAt: instant)
    }
}
