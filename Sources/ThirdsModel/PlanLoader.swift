import Foundation
import ThirdsCore

/// Builds a `Plan` from its YAML, reporting every problem it finds on the way.
package enum PlanLoader {
    package static let topKeys = ["week", "start", "days", "account", "rules", "channels", "audiences", "items", "library"]
    package static let accountKeys = ["name", "timezone", "since", "available", "baseline"]
    package static let audienceKeys = ["timezone", "size", "weight", "profile", "checks", "checks-per-day", "depth", "feed", "weekend"]
    package static let itemKeys = [
        "id", "kind", "text", "link", "title", "description", "slug", "hashtags", "audiences", "channel", "crosspost",
        "priority", "repeat", "not_before", "not_after", "required", "at", "waive", "task", "duration",
        "standing", "article",
    ]
    package static let channelKeys: [String: [String]] = [
        "x": ["handle", "utm"],
        "linkedin": ["author", "version", "visibility", "window", "gap", "utm"],
        "blog": ["site", "engine", "lead", "digest", "utm", "permalink"],
    ]

    package static func load(_ node: YAMLNode, file: String, workspace: Workspace, findings: inout FindingList) -> Plan? {
        guard let root = MappingReader(node, context: "at the top of the plan", allowed: topKeys, findings: &findings) else { return nil }
        // Counted before anything is read, so an oversized plan costs nothing more.
        if case .sequence(let nodes, let location)? = root["items"], nodes.count > PlanLimits.items {
            findings.error("plan-too-large", at: location,
                           "the plan has \(nodes.count) items, more than the limit of \(PlanLimits.grouped(PlanLimits.items))",
                           hint: "split it into plans of shorter periods, such as one a week")
            return nil
        }
        if case .mapping(let pairs, let location)? = root["audiences"], pairs.count > PlanLimits.audiences {
            findings.error("plan-too-large", at: location,
                           "the plan has \(pairs.count) audiences, more than the limit of \(PlanLimits.grouped(PlanLimits.audiences))",
                           hint: "merge audiences that share a time zone and reading habits")
            return nil
        }
        let account = readAccount(root, findings: &findings)
        let period = readPeriod(root, clock: account.map { $0.clock }, findings: &findings)
        let rules = readRules(root, file: file, workspace: workspace, findings: &findings)
        let channels = readChannels(root, findings: &findings)
        let audiences = readAudiences(root, file: file, workspace: workspace, findings: &findings)
        // Audiences with a broken setting still exist for references to them.
        var audienceNames: [String] = []
        if case .mapping(let pairs, _)? = root["audiences"] { audienceNames = pairs.map(\.key.text) }
        // A misspelt section ('audience:') is reported once, as an unknown key;
        // the references to what it would define are not checked against nothing.
        let misspelt = Set(root.pairs.compactMap { pair in
            topKeys.contains(pair.key.text) ? nil : nearest(pair.key.text, among: topKeys)
        }).filter { root[$0] == nil }
        let items = ArticleLoader.attach(
            readItems(root, audienceNames: misspelt.contains("audiences") ? nil : audienceNames,
                      channelNames: misspelt.contains("channels") ? nil : channels.map(\.name), ruleIDs: workspace.rules.ids, findings: &findings),
            file: file, workspace: workspace, account: account, period: period, channels: channels, findings: &findings)
        let library = readLibrary(root, file: file, workspace: workspace, items: items,
                                  audienceNames: misspelt.contains("audiences") ? nil : audienceNames,
                                  channelNames: misspelt.contains("channels") ? nil : channels.map(\.name), findings: &findings)
        guard let account, let period, let rules else { return nil }
        guard withinLimits(root, period: period, grid: rules.grid.value, audiences: audiences.count, items: items, findings: &findings) else { return nil }
        return Plan(file: file, name: Paths.stem(file), period: period, account: account, rules: rules,
                    channels: channels, audiences: audiences, items: items, location: node.location, library: library)
    }

    /// The limits that depend on the period: grid slots, reach values, and
    /// posts once repeating items are expanded (counted without expanding).
    package static func withinLimits(_ root: MappingReader, period: Period, grid: Int, audiences: Int, items: [Item], findings: inout FindingList) -> Bool {
        let at = root.keyLocation("days") ?? period.location
        let slots = period.days * (86_400 / max(60, grid))
        if slots > PlanLimits.slots {
            findings.error("plan-too-large", at: at,
                           "\(period.days) days on a grid of \(ValueText.durationText(grid)) make \(slots) slots, more than the limit of \(PlanLimits.grouped(PlanLimits.slots))",
                           hint: "use a coarser grid (15m gives 96 slots a day) or a shorter period")
            return false
        }
        if audiences * slots > PlanLimits.reachValues {
            findings.error("plan-too-large", at: root.keyLocation("audiences") ?? at,
                           "\(audiences) audiences over \(slots) slots make \(audiences * slots) reach values, more than the limit of \(PlanLimits.grouped(PlanLimits.reachValues))",
                           hint: "use fewer audiences, a coarser grid or a shorter period")
            return false
        }
        let days = period.dates.map(\.isoWeekday)
        // Days a repeating item goes out on; a one-off item is one post.
        func postsOf(_ item: Item) -> Int { item.repeats.map { rule in days.filter { rule.value.includes(weekday: $0) }.count } ?? 1 }
        let posts = items.reduce(0) { $0 + postsOf($1) }
        if posts > PlanLimits.posts {
            findings.error("plan-too-large", at: root.keyLocation("items") ?? at,
                           "the plan's items make up to \(posts) posts over its \(period.days) days, more than the limit of \(PlanLimits.grouped(PlanLimits.posts))",
                           hint: "repeat fewer items, or split it into plans of shorter periods")
            return false
        }
        let entries = items.reduce(0) { total, item in total + postsOf(item) * (item.audiences.isEmpty ? audiences : item.audiences.count) }
        if entries > PlanLimits.audienceEntries {
            findings.error("plan-too-large", at: root.keyLocation("items") ?? at,
                           "the plan's posts reach up to \(entries) audiences in all (each post once for each of its audiences), more than the limit of \(PlanLimits.grouped(PlanLimits.audienceEntries))",
                           hint: "give items the 'audiences' they are for, use fewer audiences, or split the period")
            return false
        }
        // Each unpinned post may go in any slot of its window: a repeating
        // item's day, or the period's days from not_before to not_after.
        let perDay = slots / max(1, period.days)
        let placements = items.reduce(0) { total, item in
            if item.at != nil { return total + 1 }
            if item.repeats != nil { return total + postsOf(item) * perDay }
            let first = item.notBefore.map { max(0, period.start.days(until: $0.value.date)) } ?? 0
            let last = item.notAfter.map { min(period.days, period.start.days(until: $0.value.date) + 1) } ?? period.days
            return total + max(0, last - first) * perDay
        }
        if placements > PlanLimits.placements {
            findings.error("plan-too-large", at: root.keyLocation("items") ?? at,
                           "the plan's posts have up to \(placements) slots to choose from, more than the limit of \(PlanLimits.grouped(PlanLimits.placements))",
                           hint: "narrow the posts' windows with not_before and not_after, use a coarser grid, or split the period")
            return false
        }
        return true
    }

    // MARK: Account and period

    package static func readAccount(_ root: MappingReader, findings: inout FindingList) -> Account? {
        guard let node = root.require("account", findings: &findings, hint: "add 'account:' with 'name' and 'timezone'"),
              let reader = MappingReader(node, context: "in 'account'", allowed: accountKeys, findings: &findings) else { return nil }
        let name = reader.require("name", findings: &findings).flatMap { scalar($0, "'name'", findings: &findings) }
        let zone = reader.require("timezone", findings: &findings, hint: "an IANA zone such as Europe/London")
            .flatMap { timeZone($0, findings: &findings) }
        var since: Located<LocalDate>?
        if let node = reader["since"], let text = scalar(node, "'since'", findings: &findings) {
            since = date(text, findings: &findings)
        }
        var available: Located<Availability>?
        if let node = reader["available"], let text = scalar(node, "'available'", findings: &findings) {
            if let value = Availability.parse(text.text) {
                available = Located(value, at: text.location)
            } else if let backwards = Availability.backwardsWindow(text.text) {
                findings.error("invalid-value", at: text.location, "'available' is '\(text.text)': \(backwards.problem)", hint: backwards.fix)
            } else {
                findings.error("invalid-value", at: text.location, "'available' is '\(text.text)', not a list of days and hours",
                               hint: ValueText.timeHint(text.text, allowEndOfDay: true) ?? "write it as \"Mon-Fri 08:00-18:00\", with more windows after commas")
            }
        }
        let baseline = reader["baseline"].flatMap { readHabit($0, findings: &findings) }
        guard let name, let zone else { return nil }
        return Account(name: Located(name.text, at: name.location), timezone: zone, since: since, available: available, baseline: baseline)
    }

    /// `baseline:` a text of days and times, or a list of them.
    package static func readHabit(_ node: YAMLNode, findings: inout FindingList) -> Located<Habit>? {
        let hint = "write it as \"weekdays 09:00\", or groups of days and times such as \"Mon-Fri 09:00 13:00, Sat 10:30\""
        var texts: [YAMLScalar] = []
        if case .sequence(let nodes, let location) = node {
            guard !nodes.isEmpty else {
                findings.error("invalid-value", at: location, "'baseline' is an empty list", hint: hint)
                return nil
            }
            for element in nodes {
                guard let text = scalar(element, "each entry of 'baseline'", findings: &findings) else { return nil }
                texts.append(text)
            }
        } else {
            guard let text = scalar(node, "'baseline'", findings: &findings) else { return nil }
            texts = [text]
        }
        var groups: [Habit.Group] = []
        for text in texts {
            guard let habit = Habit.parse(text.text) else {
                findings.error("invalid-value", at: text.location, "'baseline' has '\(text.text)', not days followed by local times",
                               hint: ValueText.timeHint(text.text, allowEndOfDay: false) ?? hint)
                return nil
            }
            groups += habit.groups
        }
        let habit = Habit(groups: groups, text: texts.map(\.text).joined(separator: ", "))
        if let busiest = (1...7).map({ habit.times(onWeekday: $0).count }).max(), busiest > Habit.timesPerDay {
            findings.error("invalid-value", at: texts[0].location, "'baseline' posts \(busiest) times on one day, more than the limit of \(Habit.timesPerDay)",
                           hint: "give the times the account really posted at, at most one every quarter of an hour")
            return nil
        }
        return Located(habit, at: texts[0].location)
    }

    package static func readPeriod(_ root: MappingReader, clock: ZoneClock?, findings: inout FindingList) -> Period? {
        var start: Located<LocalDate>?
        if let week = root["week"], let text = scalar(week, "'week'", findings: &findings) {
            switch ValueText.planDate(ValueText.isoWeek(text.text)) {
            case .success(let monday): start = Located(monday, at: text.location)
            case .failure(.impossible): findings.error("invalid-date", at: text.location, "week '\(text.text)' does not exist")
            case .failure(.outOfRange): findings.error("invalid-date", at: text.location, "week '\(text.text)' is outside the dates thirds works with, \(ValueText.yearsText)",
                                                       hint: "check the year")
            case .failure(.malformed): findings.error("invalid-date", at: text.location, "week '\(text.text)' is not an ISO week",
                                                      hint: "write it as 2026-W49")
            }
            if let other = root.keyLocation("start") {
                findings.error("invalid-value", at: other, "give either 'week' or 'start', not both")
            }
        } else if let node = root["start"], let text = scalar(node, "'start'", findings: &findings) {
            start = date(text, findings: &findings)
        } else {
            findings.error("missing-key", at: root.location, "missing 'week' (or 'start') at the top of the plan",
                           hint: "add 'week: 2026-W49', or 'start: 2026-11-30' with 'days: 7'")
            return nil
        }
        var days = 7
        if let node = root["days"], let text = scalar(node, "'days'", findings: &findings) {
            if let value = ValueText.integer(text.text), (1...366).contains(value) {
                days = value
            } else {
                findings.error("invalid-value", at: text.location, "'days' is '\(text.text)', not a whole number from 1 to 366")
            }
        }
        guard let start, let clock else { return nil }
        return Period(start: start.value, days: days, clock: clock, location: start.location)
    }

    package static func readRules(_ root: MappingReader, file: String, workspace: Workspace, findings: inout FindingList) -> RuleSet? {
        guard let node = root["rules"] else { return workspace.rules.builtIn }
        var base: RuleSet?
        var override = RulesOverride()
        if case .scalar(let path) = node {
            base = workspace.resolveBase(Located(path.text, at: path.location), from: file, chain: [file], findings: &findings)
        } else {
            guard let parsed = RulesLoader.parse(node, context: "in 'rules'", rules: workspace.rules, findings: &findings) else { return nil }
            override = parsed
            base = workspace.resolveBase(parsed.extends, from: file, chain: [file], findings: &findings)
        }
        guard let base else { return nil }
        let rules = RulesLoader.apply(override, to: base)
        findings.append(contentsOf: RulesLoader.validate(rules, with: workspace.rules).filter { $0.location.file == file })
        return rules
    }

    // MARK: Channels and audiences

    package static func readChannels(_ root: MappingReader, findings: inout FindingList) -> [Channel] {
        guard let node = root["channels"],
              let reader = MappingReader(node, context: "in 'channels'", allowed: Channel.known, findings: &findings) else { return [] }
        var channels: [Channel] = []
        for (key, value) in reader.pairs {
            guard let allowed = channelKeys[key.text] else { continue }
            var settings: [String: Located<String>] = [:]
            if case .scalar(let empty) = value, empty.isNull {
                // `x:` with nothing after it: the channel with no settings.
            } else if let mapping = MappingReader(value, context: "in channel '\(key.text)'", allowed: allowed, findings: &findings) {
                for (name, setting) in mapping.pairs where allowed.contains(name.text) {
                    if let text = scalar(setting, "'\(name.text)'", findings: &findings) {
                        settings[name.text] = Located(text.text, at: text.location)
                    }
                }
            }
            checkChannelSettings(key.text, settings, findings: &findings)
            channels.append(Channel(name: key.text, settings: settings, location: key.location))
        }
        return channels
    }

    /// Each setting read the way the exports will read it, so a mistake shows
    /// up in `thirds check`, not half-way through writing files.
    package static func checkChannelSettings(_ channel: String, _ settings: [String: Located<String>], findings: inout FindingList) {
        for flag in ["utm", "digest"] {
            if let value = settings[flag], ValueText.boolean(value.value) == nil {
                findings.error("invalid-value", at: value.location, "'\(flag)' of channel '\(channel)' is '\(value.value)', not true or false")
            }
        }
        if let engine = settings["engine"], !["wordpress", "hugo", "jekyll"].contains(engine.value) {
            findings.error("invalid-value", at: engine.location, "blog engine '\(engine.value)' is not wordpress, hugo or jekyll")
        }
        if let site = settings["site"], !isWebAddress(site.value) {
            findings.error("invalid-value", at: site.location, "blog site '\(site.value)' is not an http(s) address",
                           hint: "write the address the blog is read at, such as https://acme.example.com")
        }
        if let lead = settings["lead"], (ValueText.duration(lead.value) ?? 0) > ParameterSpec.longestDuration
            || ValueText.isTooLarge(lead.value, as: .duration) {
            // An article that long before its post would be dated before any calendar can say.
            findings.error("invalid-duration", at: lead.location, "'lead' of channel '\(channel)' is '\(lead.value)', more than the most it can be",
                           hint: "use a duration from 0 to \(ValueText.durationText(ParameterSpec.longestDuration))")
        } else if let lead = settings["lead"], ValueText.duration(lead.value) == nil, lead.value != "0" {
            findings.error("invalid-duration", at: lead.location, "'lead' of channel '\(channel)' is '\(lead.value)', not a duration such as 0, 30m or 1d")
        }
        if let gap = settings["gap"] {
            // At least one 5-minute mark, so two copies never share an instant; at most a day, so a week holds some.
            if let seconds = ValueText.duration(gap.value), !ValueText.isTooLarge(gap.value, as: .duration) {
                if seconds < 300 || seconds > 86_400 {
                    findings.error("invalid-duration", at: gap.location, "'gap' of channel '\(channel)' is '\(gap.value)', outside 5m to 1d",
                                   hint: "use a duration from 5m to 1d, such as 2h")
                }
            } else {
                findings.error("invalid-duration", at: gap.location, "'gap' of channel '\(channel)' is '\(gap.value)', not a duration such as 30m or 2h",
                               hint: "use a duration from 5m to 1d, such as 2h")
            }
        }
        if let permalink = settings["permalink"], let problem = Permalink.problem(permalink.value) {
            findings.error("invalid-value", at: permalink.location, "'permalink' of channel '\(channel)' is '\(permalink.value)', which \(problem)",
                           hint: "write it as \"/:year/:month/:slug/\", from the tokens \(Permalink.tokens.joined(separator: " "))")
        }
        if let window = settings["window"], Availability.parse(window.value) == nil,
           let backwards = Availability.backwardsWindow(window.value) {
            findings.error("invalid-value", at: window.location, "'window' of channel '\(channel)' is '\(window.value)': \(backwards.problem)",
                           hint: backwards.fix)
        } else if let window = settings["window"], Availability.parse(window.value) == nil {
            findings.error("invalid-value", at: window.location, "'window' of channel '\(channel)' is '\(window.value)', not days and hours",
                           hint: "write it as \"Mon-Fri 09:00-17:00\"")
        }
        if let visibility = settings["visibility"], !["PUBLIC", "CONNECTIONS", "LOGGED_IN"].contains(visibility.value) {
            findings.error("invalid-value", at: visibility.location, "LinkedIn visibility '\(visibility.value)' is not PUBLIC, CONNECTIONS or LOGGED_IN")
        }
        if let version = settings["version"], !(version.value.count == 6 && version.value.allSatisfy(\.isNumber)) {
            findings.error("invalid-value", at: version.location, "LinkedIn-Version '\(version.value)' is not a month as YYYYMM, such as 202510")
        }
    }

    package static func readAudiences(_ root: MappingReader, file: String? = nil, workspace: Workspace? = nil, findings: inout FindingList) -> [Audience] {
        guard let node = root["audiences"] else { return [] }
        guard case .mapping(let pairs, _) = node else {
            findings.error("wrong-type", at: node.location, "'audiences' must be a mapping of audience names to settings, found \(node.kindName)")
            return []
        }
        return pairs.compactMap { key, value in
            if !isIdentifier(key.text) {
                findings.error("invalid-value", at: key.location, "audience name '\(key.text)' may hold only letters, digits, '-', '_' and '.'")
            }
            return readAudience(key, value, file: file, workspace: workspace, findings: &findings)
        }
    }

    /// `file` and `workspace` find the profile files the audience names; without them a path is an unknown profile.
    package static func readAudience(_ key: YAMLScalar, _ node: YAMLNode, file: String? = nil, workspace: Workspace? = nil, findings: inout FindingList) -> Audience? {
        guard let reader = MappingReader(node, context: "in audience '\(key.text)'", allowed: audienceKeys, findings: &findings) else { return nil }
        let zone = reader.require("timezone", findings: &findings, hint: "an IANA zone such as America/New_York")
            .flatMap { timeZone($0, findings: &findings) }
        /// A number in its range (Audience.ranges); nil with a finding when missing or wrong.
        func number(_ name: String) -> Double?? {
            guard let node = reader[name] else { return .some(nil) }
            guard let text = scalar(node, "'\(name)'", findings: &findings) else { return nil }
            // Only called below, each time with a key of Audience.ranges.
            let range = Audience.ranges[name]!
            guard let value = ValueText.number(text.text), range.contains(value) else {
                let tooLarge = (ValueText.number(text.text) ?? 0) > range.upperBound || ValueText.isTooLarge(text.text, as: .number)
                findings.error("invalid-value", at: text.location,
                               "'\(name)' of audience '\(key.text)' is '\(text.text)', "
                               + (tooLarge ? "more than the most it can be" : "not \(range.text)"),
                               hint: tooLarge ? "use \(range.text)" : nil)
                return nil
            }
            return .some(value)
        }
        if reader["size"] == nil { _ = reader.require("size", findings: &findings, hint: "how many followers are in this audience") }
        let size = number("size")
        let weight = number("weight")
        let depth = number("depth")
        let feed = number("feed")
        let perDay = number("checks-per-day")
        var activity = ActivityProfile.standard
        if let node = reader["profile"], let text = scalar(node, "'profile'", findings: &findings) {
            let names = ActivityProfile.named.keys.sorted()
            if let named = ActivityProfile.named[text.text] {
                activity = named
            } else if ProfileDocument.isPath(text.text), let file, let workspace {
                activity = workspace.resolveProfile(Located(text.text, at: text.location), from: file, findings: &findings) ?? activity
            } else {
                findings.error("invalid-value", at: text.location, "unknown activity profile '\(text.text)'"
                               + (nearest(text.text, among: names).map { " (did you mean '\($0)'?)" } ?? ""),
                               hint: "known profiles: \(names.joined(separator: ", ")); or a profile file such as profiles/NAME.yaml; or give 'checks'")
            }
        }
        if let node = reader["checks"], let custom = readChecks(node, findings: &findings) { activity = custom }
        if case .some(.some(let perDay)) = perDay { activity = activity.scaled(toChecksPerDay: perDay) }
        var weekend: Set<Int> = [6, 7]
        if let node = reader["weekend"], let days = list(node, "'weekend'", findings: &findings) {
            weekend = []
            for day in days {
                if let number = ValueText.weekday(day.text) {
                    weekend.insert(number)
                } else {
                    findings.error("invalid-value", at: day.location, "'\(day.text)' is not a day of the week", hint: "use mon, tue, wed, thu, fri, sat or sun")
                }
            }
        }
        guard let zone, case .some(.some(let size)) = size, let weight, let depth, let feed else { return nil }
        return Audience(id: key.text, timezone: zone, size: size, weight: weight ?? 1, activity: activity,
                        depth: depth ?? 200, feed: feed ?? 150, weekend: weekend, location: key.location)
    }

    /// `checks:` as 24 numbers, or `{weekday: [24], weekend: [24]}`.
    package static func readChecks(_ node: YAMLNode, findings: inout FindingList) -> ActivityProfile? {
        func hours(_ node: YAMLNode, _ what: String) -> [Double]? { hourlyChecks(node, what, findings: &findings) }
        if case .mapping = node {
            guard let reader = MappingReader(node, context: "in 'checks'", allowed: ["weekday", "weekend"], findings: &findings),
                  let weekdayNode = reader.require("weekday", findings: &findings),
                  let weekday = hours(weekdayNode, "'checks.weekday'") else { return nil }
            let weekend = reader["weekend"].flatMap { hours($0, "'checks.weekend'") } ?? ActivityProfile.shiftedTwoHoursLater(weekday)
            return ActivityProfile(weekday: weekday, weekend: weekend)
        }
        guard let weekday = hours(node, "'checks'") else { return nil }
        return ActivityProfile(weekday: weekday, weekend: ActivityProfile.shiftedTwoHoursLater(weekday))
    }

    /// 24 numbers of checks per hour, each from 0 to Audience.maximumChecksPerHour
    /// (a plan's `checks` and a profile file's `weekday` and `weekend`).
    package static func hourlyChecks(_ node: YAMLNode, _ what: String, findings: inout FindingList) -> [Double]? {
        guard case .sequence(let values, let location) = node else {
            findings.error("wrong-type", at: node.location, "\(what) must be a list of 24 numbers, found \(node.kindName)")
            return nil
        }
        guard values.count == 24 else {
            findings.error("invalid-value", at: location, "\(what) has \(values.count) numbers; it needs one for each of the 24 hours")
            return nil
        }
        var out: [Double] = []
        for value in values {
            guard let text = scalar(value, "each entry of \(what)", findings: &findings) else { return nil }
            guard let number = ValueText.number(text.text), number >= 0 else {
                findings.error("invalid-value", at: text.location, "'\(text.text)' is not a number of checks per hour (0 or more)")
                return nil
            }
            guard number <= Audience.maximumChecksPerHour else {
                findings.error("invalid-value", at: text.location, "'\(text.text)' is more checks per hour than the most it can be",
                               hint: "use a number from 0 to \(ParameterSpec.grouped(Audience.maximumChecksPerHour))")
                return nil
            }
            out.append(number)
        }
        return out
    }

    // MARK: Items

    /// `audienceNames` or `channelNames` nil: the section is misspelt, and references to it go unchecked.
    package static func readItems(_ root: MappingReader, audienceNames: [String]?, channelNames: [String]?, ruleIDs: [String], findings: inout FindingList) -> [Item] {
        guard let node = root.require("items", findings: &findings, hint: "add 'items:' with the week's drafted posts") else { return [] }
        guard case .sequence(let nodes, _) = node else {
            findings.error("wrong-type", at: node.location, "'items' must be a list, found \(node.kindName)")
            return []
        }
        // Ids are checked on the raw entries, so an item with another problem still counts.
        var seen: [String: SourceLocation] = [:]
        for node in nodes {
            guard case .mapping(let pairs, _) = node, case .scalar(let id)? = pairs.first(where: { $0.key.text == "id" })?.value, !id.isNull else { continue }
            if let first = seen[id.text] {
                findings.error("duplicate-id", at: id.location, "duplicate id '\(id.text)' (first used at line \(first.line))",
                               hint: "give each item its own id")
            } else {
                seen[id.text] = id.location
            }
        }
        return nodes.enumerated().compactMap { index, node in
            readItem(node, number: index + 1, audienceNames: audienceNames, channelNames: channelNames, ruleIDs: ruleIDs, findings: &findings)
        }
    }

    package static func readItem(_ node: YAMLNode, number: Int, audienceNames: [String]?, channelNames: [String]?, ruleIDs: [String], findings: inout FindingList) -> Item? {
        // Name the item by its id in every message, even those about keys before it.
        var name = "item \(number)"
        if case .mapping(let pairs, _) = node, case .scalar(let id)? = pairs.first(where: { $0.key.text == "id" })?.value, !id.isNull {
            name = "item '\(id.text)'"
        }
        guard let reader = MappingReader(node, context: "in \(name)", allowed: itemKeys, findings: &findings) else { return nil }
        let idText = reader.require("id", findings: &findings, hint: "give each item a short unique id such as 'webinar'")
            .flatMap { scalar($0, "'id'", findings: &findings) }
        let label = idText.map { "item '\($0.text)'" } ?? "item \(number)"
        if let idText, !isIdentifier(idText.text) {
            findings.error("invalid-value", at: idText.location, "id '\(idText.text)' may hold only letters, digits, '-', '_' and '.'")
        }
        func string(_ key: String) -> Located<String>? {
            reader[key].flatMap { scalar($0, "'\(key)' of \(label)", findings: &findings) }.map { Located($0.text, at: $0.location) }
        }
        func strings(_ key: String) -> [Located<String>] {
            (reader[key].flatMap { list($0, "'\(key)' of \(label)", findings: &findings) } ?? []).map { Located($0.text, at: $0.location) }
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> Located<T>? where T.RawValue == String {
            guard let text = string(key) else { return nil }
            if let value = T(rawValue: text.value) { return Located(value, at: text.location) }
            let names = T.allCases.map(\.rawValue)
            findings.error("invalid-value", at: text.location, "\(key) '\(text.value)' of \(label) is not one of \(names.joined(separator: ", "))"
                           + (nearest(text.value, among: names).map { " (did you mean '\($0)'?)" } ?? ""))
            return nil
        }
        let kindNode = reader.require("kind", findings: &findings, hint: "content, engagement or promotion")
        let kind = kindNode == nil ? nil : choice("kind", ItemKind.self)
        let (text, task) = readTextOrTask(reader, kind: kind?.value, label: label, findings: &findings)
        let link = string("link")
        if let link, !isWebAddress(link.value) {
            findings.error("invalid-value", at: link.location, "link '\(link.value)' of \(label) is not an http(s) address")
        }
        // The article's address is the item's link; a link of its own would contradict it.
        let article = string("article").map { Article(reference: $0) }
        if let article, let link {
            findings.error("invalid-value", at: link.location, "\(label) has both 'link' and 'article': its posts link to the article's address",
                           hint: "remove 'link' (the article's address comes from the blog's 'site' and 'permalink')")
            _ = article
        }
        if let text {
            checkPlaceholders(text, hasLink: link != nil || article != nil, label: label, isTask: task != nil, findings: &findings)
        }
        let hashtags = strings("hashtags").map { tag in Located(tag.value.hasPrefix("#") ? String(tag.value.dropFirst()) : tag.value, at: tag.location) }
        for tag in hashtags where tag.value.isEmpty || !tag.value.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" }) {
            findings.error("invalid-value", at: tag.location, "hashtag '\(tag.value)' may hold only letters, digits and '_'")
        }
        var repeats: Located<Repeat>?
        if let node = reader["repeat"] {
            repeats = readRepeat(node, label: label, findings: &findings)
        }
        var at: Located<FixedTime>?
        if let node = reader["at"], let value = scalar(node, "'at' of \(label)", findings: &findings) {
            if repeats != nil {
                if let time = ValueText.timeOfDay(value.text) {
                    at = Located(.daily(time), at: value.location)
                } else {
                    findings.error("invalid-value", at: value.location, "'at' of repeating \(label) is '\(value.text)', not a time of day",
                                   hint: ValueText.timeHint(value.text) ?? "a repeating item takes a time such as \"08:30\" for each day")
                }
            } else if let moment = dateTime(value, what: "'at' of \(label)", findings: &findings) {
                at = Located(.moment(moment.value), at: moment.location)
            }
        }
        let notBefore = reader["not_before"].flatMap { scalar($0, "'not_before'", findings: &findings) }
            .flatMap { dateTime($0, what: "'not_before' of \(label)", findings: &findings) }
        let notAfter = reader["not_after"].flatMap { scalar($0, "'not_after'", findings: &findings) }
            .flatMap { dateTime($0, what: "'not_after' of \(label)", findings: &findings) }
        if let notBefore, let notAfter, notAfter.value <= notBefore.value {
            findings.error("invalid-value", at: notAfter.location, "not_after \(notAfter.value) of \(label) is not after its not_before \(notBefore.value)")
        }
        var required = false
        if let value = string("required") {
            if let flag = ValueText.boolean(value.value) {
                required = flag
            } else {
                findings.error("invalid-value", at: value.location, "'required' of \(label) is '\(value.value)', not true or false")
            }
        }
        // `standing: true`: `thirds new` keeps the item each week.
        var standing = false
        if let value = string("standing") {
            if let flag = ValueText.boolean(value.value) {
                standing = flag
            } else {
                findings.error("invalid-value", at: value.location, "'standing' of \(label) is '\(value.value)', not true or false")
            }
        }
        var waivers: [Waiver] = []
        if let node = reader["waive"] {
            if let mapping = MappingReader(node, context: "in 'waive' of \(label)", allowed: ruleIDs, findings: &findings) {
                for (rule, reason) in mapping.pairs where ruleIDs.contains(rule.text) {
                    let why = scalar(reason, "the reason for waiving '\(rule.text)'", findings: &findings)
                    if let why, why.text.trimmingCharacters(in: .whitespaces).isEmpty {
                        findings.error("invalid-value", at: why.location, "waiving '\(rule.text)' needs a reason")
                    }
                    waivers.append(Waiver(rule: Located(rule.text, at: rule.location), reason: why?.text ?? ""))
                }
            }
        }
        let slug = string("slug")
        if let slug, slug.value.isEmpty || !slug.value.split(separator: "-", omittingEmptySubsequences: false).allSatisfy({ part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        }) {
            findings.error("invalid-value", at: slug.location, "slug '\(slug.value)' of \(label) may hold only lowercase letters, digits and single hyphens")
        }
        let channel = string("channel") ?? Located("x", at: reader.location)
        if let article, channel.value == "blog" {
            findings.error("invalid-value", at: article.reference.location, "\(label) goes out on the blog itself, so it cannot also carry an article",
                           hint: "post it on x or linkedin and let the article go to the blog, or drop 'article'")
        }
        let audiences = strings("audiences")
        let crosspost = strings("crosspost")
        checkReferences(item: idText?.text ?? "\(number)", audiences: audiences, channel: channel, crosspost: crosspost,
                        audienceNames: audienceNames, channelNames: channelNames, findings: &findings)
        guard let idText, let kind, let text else { return nil }
        return Item(
            id: Located(idText.text, at: idText.location), kind: kind, text: text, link: link, title: string("title"),
            description: string("description"), slug: slug, hashtags: hashtags, audiences: audiences, channel: channel,
            crosspost: crosspost, priority: choice("priority", Priority.self)?.value ?? .normal,
            repeats: repeats, notBefore: notBefore, notAfter: notAfter, required: required, at: at,
            waivers: waivers, location: reader.location, task: task, standing: standing, article: article)
    }

    package static func readRepeat(_ node: YAMLNode, label: String, findings: inout FindingList) -> Located<Repeat>? {
        if case .scalar(let text) = node {
            switch text.text {
            case "daily": return Located(.daily, at: text.location)
            case "weekdays": return Located(.weekdays, at: text.location)
            default:
                if let day = ValueText.weekday(text.text) { return Located(.on([day]), at: text.location) }
                findings.error("invalid-value", at: text.location, "repeat '\(text.text)' of \(label) is not daily, weekdays or a list of days",
                               hint: "write 'repeat: weekdays' or 'repeat: [mon, wed, fri]'")
                return nil
            }
        }
        guard let days = list(node, "'repeat' of \(label)", findings: &findings) else { return nil }
        var set = Set<Int>()
        for day in days {
            if let number = ValueText.weekday(day.text) {
                set.insert(number)
            } else {
                findings.error("invalid-value", at: day.location, "'\(day.text)' is not a day of the week", hint: "use mon, tue, wed, thu, fri, sat or sun")
            }
        }
        return set.isEmpty ? nil : Located(.on(set), at: node.location)
    }

    /// `{link}` is the only placeholder, and needs a link to stand for.
    package static func checkPlaceholders(_ text: Located<String>, hasLink: Bool, label: String, isTask: Bool = false, findings: inout FindingList) {
        var rest = Substring(text.value)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if name == "link" {
                // A task takes no 'link' (it is never published): the address goes in its words.
                if isTask, !hasLink {
                    findings.error("invalid-value", at: text.location, "task of \(label) uses {link}, but a task has no link to stand for",
                                   hint: "write the address itself in the task's words, such as task: \"Answer questions under https://…\"")
                } else if !hasLink {
                    findings.error("missing-key", at: text.location, "text of \(label) uses {link} but the item has no 'link'",
                                   hint: "add 'link: https://…' to the item")
                }
            } else if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) {
                findings.error("invalid-value", at: text.location, "text of \(label) has an unknown placeholder {\(name)}",
                               hint: "the only placeholder is {link}")
            }
            rest = rest[rest.index(after: close)...]
        }
    }

    // MARK: References

    package static func checkReferences(
        item: String, audiences: [Located<String>], channel: Located<String>, crosspost: [Located<String>],
        audienceNames: [String]?, channelNames: [String]?, findings: inout FindingList
    ) {
        if crosspost.contains(where: { $0.value == channel.value }) {
            findings.error("invalid-value", at: channel.location, "item '\(item)' cross-posts to its own channel '\(channel.value)'")
        }
        if let audienceNames { checkAudiences(item: item, audiences, audienceNames, findings: &findings) }
        guard let channelNames else { return }
        // X needs no settings to post to; other channels need theirs.
        let usable = channelNames + (channelNames.contains("x") ? [] : ["x"])
        for target in crosspost + (channel.value == "x" ? [] : [channel]) where !channelNames.contains(target.value) {
            let known = Channel.known.contains(target.value)
            findings.error("undefined-reference", at: target.location,
                           "channel '\(target.value)' of item '\(item)' is not " + (known ? "set up under 'channels'" : "a known channel")
                           + (known ? "" : nearest(target.value, among: Channel.known).map { " (did you mean '\($0)'?)" } ?? ""),
                           hint: known ? "add '\(target.value):' with its settings under 'channels:'" : "channels: \(usable.joined(separator: ", "))")
        }
    }

    package static func checkAudiences(item: String, _ audiences: [Located<String>], _ audienceNames: [String], findings: inout FindingList) {
        for audience in audiences where !audienceNames.contains(audience.value) {
            findings.error("undefined-reference", at: audience.location, "audience '\(audience.value)' of item '\(item)' is not defined"
                           + (nearest(audience.value, among: audienceNames).map { " (did you mean '\($0)'?)" } ?? ""),
                           hint: audienceNames.isEmpty ? "define it under 'audiences:'" : "defined audiences: \(audienceNames.joined(separator: ", "))")
        }
    }

    // MARK: Values

    package static func timeZone(_ node: YAMLNode, findings: inout FindingList) -> Located<TimeZone>? {
        guard let text = scalar(node, "'timezone'", findings: &findings) else { return nil }
        // Abbreviations and offsets are not zones: only IANA names carry the rules for clock changes.
        if text.text.contains("/") || text.text == "UTC", let zone = TimeZone(identifier: text.text) {
            return Located(zone, at: text.location)
        }
        let suggestion = ValueText.nearestZone(text.text)
        findings.error("unknown-timezone", at: text.location, "unknown time zone '\(text.text)'"
                       + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                       hint: "use an IANA zone name such as Europe/London or America/New_York, not an abbreviation or offset")
        return nil
    }

    package static func date(_ text: YAMLScalar, findings: inout FindingList) -> Located<LocalDate>? {
        switch ValueText.planDate(ValueText.date(text.text)) {
        case .success(let date): return Located(date, at: text.location)
        case .failure(.impossible):
            findings.error("invalid-date", at: text.location, "'\(text.text)' is not a date in the calendar")
        case .failure(.outOfRange):
            findings.error("invalid-date", at: text.location, "'\(text.text)' is outside the dates thirds works with, \(ValueText.yearsText)",
                           hint: "check the year")
        case .failure(.malformed):
            findings.error("invalid-date", at: text.location, "'\(text.text)' is not a date", hint: "write dates as YYYY-MM-DD")
        }
        return nil
    }

    package static func dateTime(_ text: YAMLScalar, what: String, findings: inout FindingList) -> Located<LocalDateTime>? {
        switch ValueText.dateTime(text.text).flatMap({ value in ValueText.planDate(.success(value.date)).map { _ in value } }) {
        case .success(let value): return Located(value, at: text.location)
        case .failure(.impossible):
            findings.error("invalid-date", at: text.location, "\(what) '\(text.text)' is not a date and time in the calendar",
                           hint: ValueText.timeHint(text.text))
        case .failure(.outOfRange):
            findings.error("invalid-date", at: text.location, "\(what) '\(text.text)' is outside the dates thirds works with, \(ValueText.yearsText)",
                           hint: "check the year")
        case .failure(.malformed):
            findings.error("invalid-date", at: text.location, "\(what) '\(text.text)' is not a local date and time",
                           hint: [ValueText.timeHint(text.text), "write it as 2026-12-03T12:00, in the account's time zone"].compactMap { $0 }.joined(separator: "; "))
        }
        return nil
    }

    package static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    package static func isWebAddress(_ text: String) -> Bool {
        guard text.hasPrefix("https://") || text.hasPrefix("http://"), !text.contains(" "),
              let url = URL(string: text), let host = url.host, !host.isEmpty else { return false }
        return true
    }
}
