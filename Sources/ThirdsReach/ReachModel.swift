import Foundation
import ThirdsCore
import ThirdsModel

/// The reach model (docs/reach-model.md): the chance that a member of an
/// audience sees a post is the chance they check their timeline at least once
/// while it is in view, checks being a Poisson process whose rate follows the
/// audience's local hour.
public enum ReachModel {
    /// Expected checks per member in `[start, start + seconds)`: the exact
    /// integral of the hourly rate, split wherever the local hour changes.
    public static func expectedChecks(of audience: Audience, from start: Date, seconds: Double) -> Double {
        integral(of: audience, from: start, seconds: seconds).checks
    }

    /// Windows up to this long are cut hour by hour; longer ones (a large
    /// `depth` over a small `feed`) are summed in whole weeks.
    package static let hourByHourLimit: Double = 2 * 86_400

    /// The integral and the number of pieces it took: about one an hour for a
    /// window of up to two days, and one per stretch between clock changes for
    /// any longer one, however long. `offsets` stands in for the zone's rules
    /// when the caller has read them once for a whole period.
    package static func integral(of audience: Audience, from start: Date, seconds: Double, offsets: ZoneOffsets? = nil) -> (checks: Double, pieces: Int) {
        guard seconds.isFinite, seconds > 0 else { return (0, 0) }
        let zone = offsets ?? ZoneOffsets(audience.timezone.value)
        if seconds > hourByHourLimit { return weekly(audience, from: start, seconds: seconds, zone: zone) }
        var total = 0.0
        let pieces = forEachLocalHour(from: start, to: start.addingTimeInterval(seconds), zone: zone) { local, seconds in
            total += audience.rate(weekday: local.date.isoWeekday, hour: local.time.hour) * seconds / 3_600
        }
        return (total, pieces)
    }

    /// Cuts `[start, end)` into pieces that each lie in one local hour (a
    /// clock change ends a piece, as the local hour jumps there) and hands
    /// each piece's local start and length in seconds to `body`; returns the
    /// number of pieces. The one cut `integral` and `hourlyExposure` share.
    @inline(__always)
    package static func forEachLocalHour(from start: Date, to end: Date, zone: ZoneOffsets,
                                         _ body: (LocalDateTime, Double) -> Void) -> Int {
        var pieces = 0
        var instant = start
        while instant < end {
            pieces += 1
            let offset = zone.offset(at: instant)
            let wall = instant.timeIntervalSince1970 + Double(offset)
            let intoHour = wall - (wall / 3_600).rounded(.down) * 3_600
            var next = min(instant.addingTimeInterval(3_600 - intoHour), end)
            if zone.offset(at: next.addingTimeInterval(-1)) != offset {
                next = zone.change(after: instant, before: next, offset: offset)
            }
            body(LocalDateTime(wall: Date(timeIntervalSince1970: wall)), next.timeIntervalSince(instant))
            instant = next
        }
        return pieces
    }

    /// Cuts `[start, end)` at the zone's clock changes and hands each
    /// stretch's wall-clock start and end (seconds since 1970 on the local
    /// clock) to `body`; returns the number of stretches. Within a stretch
    /// the local time runs evenly, which `weekly` and `weeklyExposure` use.
    @inline(__always)
    package static func forEachStretch(from start: Date, to end: Date, zone: ZoneOffsets,
                                       _ body: (Double, Double) -> Void) -> Int {
        var stretches = 0
        var instant = start
        while instant < end {
            stretches += 1
            let offset = Double(zone.offset(at: instant))
            let next = zone.nextChange(after: instant, before: end) ?? end
            body(instant.timeIntervalSince1970 + offset, next.timeIntervalSince1970 + offset)
            instant = next
        }
        return stretches
    }

    /// A long window in closed form. Between two clock changes the local
    /// (wall) time runs evenly and the rate repeats every local week, so the
    /// integral over such a stretch is its whole weeks times a week's checks,
    /// plus the difference of two partial weeks read from hourly running sums.
    package static func weekly(_ audience: Audience, from start: Date, seconds: Double, zone: ZoneOffsets) -> (checks: Double, pieces: Int) {
        // Hour h of the local week (Monday 00:00 is 0): its rate, and the checks before it.
        var rates = [Double](repeating: 0, count: 168)
        var before = [Double](repeating: 0, count: 169)
        for hour in 0..<168 {
            rates[hour] = audience.rate(weekday: hour / 24 + 1, hour: hour % 24)
            before[hour + 1] = before[hour] + rates[hour]
        }
        let week = 604_800.0
        let monday = 4 * 86_400.0  // 1970-01-05, a Monday, in wall seconds
        func position(_ wall: Double) -> (weeks: Double, into: Double) {
            let weeks = ((wall - monday) / week).rounded(.down)
            let rest = wall - monday - weeks * week
            let hour = min(167, max(0, Int(saturating: rest / 3_600)))
            return (weeks, before[hour] + rates[hour] * (rest - Double(hour) * 3_600) / 3_600)
        }
        var total = 0.0
        let pieces = forEachStretch(from: start, to: start.addingTimeInterval(seconds), zone: zone) { fromWall, toWall in
            let from = position(fromWall), to = position(toWall)
            total += (to.weeks - from.weeks) * before[168] + (to.into - from.into)
        }
        return (total, pieces)
    }


    /// p_a(t) = 1 − exp(−∫ λ over the time the post is in view).
    public static func probability(_ audience: Audience, seesPostAt instant: Date) -> Double {
        probability(audience, seesPostAt: instant, offsets: nil)
    }

    /// With `offsets`, the zone's offsets read once for a whole period (the reach table).
    package static func probability(_ audience: Audience, seesPostAt instant: Date, offsets: ZoneOffsets?) -> Double {
        1 - exp(-integral(of: audience, from: instant, seconds: audience.viewSeconds, offsets: offsets).checks)
    }

    /// An audience's expected weighted reach: w · n · p.
    public static func reach(_ audience: Audience, at instant: Date) -> Double {
        reach(audience, probability: probability(audience, seesPostAt: instant))
    }

    /// w · n · p for a member's chance p already known (from the reach table):
    /// the one reach formula the solver, the schedule and the exports use.
    public static func reach(_ audience: Audience, probability p: Double) -> Double {
        weight(of: audience) * p
    }

    /// w · n: what one unit of a member's chance is worth.
    public static func weight(of audience: Audience) -> Double {
        audience.weight * audience.size
    }

    /// Whether an hour is active for an audience: its members check their
    /// timeline in the local hour of `instant` (the rate is above zero). The
    /// one definition the reach table and the coverage rule share. `offsets`
    /// stands in for the zone's rules when read once for a period.
    public static func isActive(_ audience: Audience, at instant: Date) -> Bool {
        isActive(audience, at: instant, offsets: nil)
    }

    package static func isActive(_ audience: Audience, at instant: Date, offsets: ZoneOffsets?) -> Bool {
        let offset = (offsets ?? ZoneOffsets(audience.timezone.value)).offset(at: instant)
        let local = LocalDateTime(wall: instant.addingTimeInterval(Double(offset)))
        return audience.rate(weekday: local.date.isoWeekday, hour: local.time.hour) > 0
    }
}

/// A zone's UTC offsets over a span, read once: the reach table asks for
/// them hundreds of thousands of times, and the system's zone rules are slow
/// to ask. Outside the span, and with no span, it asks the zone. Each change
/// is found to the second as `TimeZone.transition` finds it, so the numbers
/// are the same as asking the zone every time.
package struct ZoneOffsets: Sendable {
    package let zone: TimeZone
    /// The span read, in seconds since 1970, and the offset in force from each change on.
    private let from: Double
    private let to: Double
    private let changes: [(at: Double, offset: Int)]
    private let first: Int

    package init(_ zone: TimeZone) {
        self.zone = zone
        from = 0
        to = 0
        changes = []
        first = 0
    }

    /// Offsets are sampled once a day (no zone changes its clocks twice in a
    /// day) and each change is pinned to the second.
    package init(_ zone: TimeZone, from start: Date, to end: Date) {
        self.zone = zone
        from = start.timeIntervalSince1970
        to = max(from, end.timeIntervalSince1970)
        first = zone.secondsFromGMT(for: start)
        var found: [(at: Double, offset: Int)] = []
        var low = from
        var offset = first
        while low < to {
            let high = min(low + 86_400, to)
            let next = zone.secondsFromGMT(for: Date(timeIntervalSince1970: high))
            if next != offset {
                let change = zone.transition(after: Date(timeIntervalSince1970: low), before: Date(timeIntervalSince1970: high), offset: offset)
                offset = zone.secondsFromGMT(for: change)
                found.append((change.timeIntervalSince1970, offset))
                low = change.timeIntervalSince1970
            } else {
                low = high
            }
        }
        changes = found
    }

    private func covers(_ time: Double) -> Bool { time >= from && time < to }

    package func offset(at instant: Date) -> Int {
        let time = instant.timeIntervalSince1970
        guard covers(time) else { return zone.secondsFromGMT(for: instant) }
        // The last change at or before the instant.
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].at <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? first : changes[low - 1].offset
    }

    /// The first second after `low` (and up to `high`) at which the offset is no longer `offset`.
    package func change(after low: Date, before high: Date, offset: Int) -> Date {
        guard covers(low.timeIntervalSince1970), covers(high.timeIntervalSince1970) else {
            return zone.transition(after: low, before: high, offset: offset)
        }
        let time = low.timeIntervalSince1970
        return changes.first { $0.at > time }.map { Date(timeIntervalSince1970: $0.at) } ?? high
    }

    /// The next clock change after `instant` and before `end`, if any.
    package func nextChange(after instant: Date, before end: Date) -> Date? {
        let time = instant.timeIntervalSince1970
        if covers(time), covers(end.timeIntervalSince1970) {
            return changes.first { $0.at > time && $0.at < end.timeIntervalSince1970 }.map { Date(timeIntervalSince1970: $0.at) }
        }
        // Unread: the zone's next transition, confirmed to the second.
        let offset = zone.secondsFromGMT(for: instant)
        var next = min(zone.nextDaylightSavingTimeTransition(after: instant) ?? end, end)
        if next <= instant { next = end }
        if zone.secondsFromGMT(for: next.addingTimeInterval(-1)) != offset {
            next = zone.transition(after: instant, before: next, offset: offset)
        }
        return next < end ? next : nil
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
        let count = max(0, Int(saturating: (plan.period.endInstant.timeIntervalSince(start) / Double(grid)).rounded(.up)))
        let slots = (0..<count).map { start.addingTimeInterval(Double($0 * grid)) }
        self.slots = slots
        self.grid = grid
        self.start = start
        locals = slots.map(plan.account.clock.local)
        audienceIDs = plan.audiences.map(\.id)
        // Each zone's offsets are read once, over the period and the longest
        // time a post of an audience in that zone stays in view.
        var zones: [String: ZoneOffsets] = [:]
        let last = (slots.last ?? start).addingTimeInterval(Double(grid))
        var longest: [String: Double] = [:]
        for audience in plan.audiences { longest[audience.timezone.value.identifier] = max(longest[audience.timezone.value.identifier] ?? 0, audience.viewSeconds) }
        func offsets(_ audience: Audience) -> ZoneOffsets {
            let zone = audience.timezone.value
            if let known = zones[zone.identifier] { return known }
            let read = ZoneOffsets(zone, from: start.addingTimeInterval(-86_400),
                                   to: last.addingTimeInterval((longest[zone.identifier] ?? 0) + 86_400))
            zones[zone.identifier] = read
            return read
        }
        probability = plan.audiences.map { audience in
            let zone = offsets(audience)
            return slots.map { ReachModel.probability(audience, seesPostAt: $0, offsets: zone) }
        }
        active = plan.audiences.map { audience in
            let zone = offsets(audience)
            return slots.map { ReachModel.isActive(audience, at: $0, offsets: zone) }
        }
    }

    /// The slot an instant starts, if it lies on the grid.
    public func slot(of instant: Date) -> Int? {
        let offset = instant.timeIntervalSince(start) / Double(grid)
        guard offset >= 0, offset == offset.rounded(), offset < Double(slots.count) else { return nil }
        return Int(saturating: offset)
    }

    public func audienceIndex(_ id: String) -> Int? { audienceIDs.firstIndex(of: id) }

    /// One member's chance of seeing a post at `instant`: from the table on
    /// the grid, worked out afresh off it (a time pinned between slots).
    public func probability(_ audience: Audience, at instant: Date) -> Double {
        if let slot = slot(of: instant), let index = audienceIndex(audience.id) { return probability[index][slot] }
        return ReachModel.probability(audience, seesPostAt: instant)
    }

    /// Whether `instant` falls in an active hour of the audience: from the
    /// table on the grid, worked out afresh off it.
    public func isActive(_ audience: Audience, at instant: Date, index: Int? = nil) -> Bool {
        if let slot = slot(of: instant), let index = index ?? audienceIndex(audience.id) { return active[index][slot] }
        return ReachModel.isActive(audience, at: instant)
    }
}
