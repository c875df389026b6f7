import Foundation
import Testing
@testable import ThirdsCore
@testable import ThirdsModel
@testable import ThirdsReach
@testable import ThirdsLearn

@Suite("Learning the profile")
struct ProfileFitTests {
    static let here = SourceLocation(file: "t", line: 1, column: 1)

    static func audience(_ id: String, _ zone: String, size: Double, weight: Double = 1, profile: ActivityProfile = .standard) -> Audience {
        Audience(id: id, timezone: Located(TimeZone(identifier: zone)!, at: here), size: size, weight: weight,
                 activity: profile, depth: 200, feed: 150, weekend: [6, 7], location: here)
    }

    static let audiences = [audience("uk", "Europe/London", size: 300), audience("us", "America/New_York", size: 120, weight: 2)]

    /// The truth the histories are drawn from: a working-hours rhythm (busy
    /// 08:00–17:59 on weekdays, a little in the evening, quiet weekends),
    /// one check per weekday like the prior, so it differs from the default
    /// in shape, not level.
    static let truth: ActivityProfile = {
        var weekday = [Double](repeating: 0.004, count: 24)
        for hour in 7...18 { weekday[hour] = 0.05 }
        weekday[8] = 0.11; weekday[9] = 0.12; weekday[10] = 0.09; weekday[13] = 0.08; weekday[14] = 0.07
        for hour in 19...21 { weekday[hour] = 0.02 }
        let total = weekday.reduce(0, +)
        weekday = weekday.map { $0 / total }
        var profile = ActivityProfile.standard
        profile.weekday = weekday
        profile.weekend = weekday.map { $0 * 0.3 }
        return profile
    }()

    /// `count` posts from 2026-01-05 (a Monday) on, at any quarter hour of a
    /// day in the next `weeks` weeks (across the spring clock changes), each
    /// with Poisson impressions around c = 4 impressions per follower who sees it.
    static func history(_ count: Int, weeks: Int = 20, seed: UInt64, profile: ActivityProfile = truth,
                        hours: [Int]? = nil) -> [ObservedPost] {
        var random = SeededGenerator(seed: seed)
        var seeing = audiences
        for i in seeing.indices { seeing[i].activity = profile }
        let start = 1_767_571_200.0  // 2026-01-05T00:00:00Z
        return (0..<count).map { n in
            let day = Double(random.below(weeks * 7))
            let quarter = hours.map { Double($0[random.below($0.count)] * 4) } ?? Double(random.below(96))
            let instant = Date(timeIntervalSince1970: start + day * 86_400 + quarter * 900)
            let mean = 4 * seeing.reduce(0) { $0 + $1.size * ReachModel.probability($1, seesPostAt: instant) }
            return ObservedPost(id: "p\(n)", instant: instant, impressions: random.poisson(mean))
        }
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }

    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    static func values(_ profile: ActivityProfile) -> [Double] { profile.weekday + profile.weekend }

    /// Every number of a result, at full precision, and the chart.
    static func text(_ fit: ProfileFit) -> String {
        "\(values(fit.profile)) \(fit.fitted.map(values) ?? []) \(String(describing: fit.fallback)) \(fit.postsUsed) \(fit.postsIgnored) "
            + "\(fit.scale) \(fit.priorScale) \(fit.dispersion) \(fit.logLikelihood) \(fit.deviance) \(fit.priorLogLikelihood) "
            + "\(fit.priorDeviance) \(String(describing: fit.crossValidation)) \(fit.iterations)\n\(fit.chart)"
    }

    // MARK: The model's split of a window

    @Test func exposureAddsUpToTheIntegral() {
        // Hours by class times any rates is the reach model's integral: across
        // London's spring-forward night, New York's, and a window of weeks.
        var rates = [Double](repeating: 0, count: 48)
        for k in 0..<48 { rates[k] = 0.01 * Double(k % 7 + 1) + (k >= 24 ? 0.003 : 0) }
        var audience = Self.audience("a", "Europe/London", size: 1)
        audience.activity.weekday = Array(rates[0..<24])
        audience.activity.weekend = Array(rates[24..<48])
        let cases: [(String, String, Double)] = [
            ("Europe/London", "2026-03-29T00:30:00Z", 4_800),  // Sunday: 00:30–00:59, then 02:00 (hour 1 skipped)
            ("Europe/London", "2026-10-25T00:30:00Z", 9_000),  // hour 1 twice
            ("America/New_York", "2026-03-08T06:15:00Z", 20_000),
            ("Europe/London", "2026-03-20T10:00:00Z", 40 * 86_400),  // weekly closed form, over the change
            ("Asia/Kolkata", "2026-06-05T20:10:00Z", 7 * 3_600),
        ]
        for (zone, start, seconds) in cases {
            audience.timezone = Located(TimeZone(identifier: zone)!, at: Self.here)
            let instant = Self.utc(start)
            let exposure = ReachModel.hourlyExposure(of: audience, from: instant, seconds: seconds)
            let viaSplit = zip(exposure, rates).reduce(0) { $0 + $1.0 * $1.1 }
            let direct = ReachModel.expectedChecks(of: audience, from: instant, seconds: seconds)
            #expect(abs(viaSplit - direct) <= 1e-9 * max(1, direct), "\(zone) \(start): \(viaSplit) vs \(direct)")
            // Hours of a skipped local hour do not occur, so hours add to the window's length.
            #expect(abs(exposure.reduce(0, +) - seconds / 3_600) < 1e-9)
        }
    }

    @Test func springForwardSkipsTheLocalHour() {
        // London, Sunday 29 March 2026, 00:30–01:50 UTC: 30 minutes of local
        // hour 0 and 50 of local hour 2 (weekend classes 24 and 26).
        let exposure = ReachModel.hourlyExposure(of: Self.audience("a", "Europe/London", size: 1),
                                                 from: Self.utc("2026-03-29T00:30:00Z"), seconds: 4_800)
        #expect(abs(exposure[24] - 0.5) < 1e-12)
        #expect(exposure[25] == 0)
        #expect(abs(exposure[26] - 50.0 / 60) < 1e-12)
        #expect(abs(exposure.reduce(0, +) - exposure[24] - exposure[26]) < 1e-12)
    }

    // MARK: Recovering a known profile

    @Test func fourHundredPostsRecoverTheProfile() {
        let fit = ProfileLearner.fit(Self.history(400, seed: 7), audiences: Self.audiences, prior: .standard)
        #expect(fit.fallback == nil, "\(fit.fallback?.message ?? "")")
        let fitted = fit.fitted.map(Self.values) ?? []
        #expect(fitted.count == 48)
        guard fitted.count == 48 else { return }
        // Every class is reached: posts go out at every quarter hour, and the
        // two zones' windows cover all 48 local hours.
        let r = Self.correlation(fitted, Self.values(Self.truth))
        #expect(r > 0.9, "correlation with the truth \(r)\n\(fit.chart)")
        #expect(Self.correlation(Self.values(.standard), Self.values(Self.truth)) < 0.6)  // the prior is far off
        #expect(fit.beatsPrior)
        #expect(fit.profile == fit.fitted)
        let cv = fit.crossValidation!
        #expect(cv.fittedDeviance < 0.8 * cv.priorDeviance, "\(cv)")
        #expect(cv.fittedMeanAbsoluteError < cv.priorMeanAbsoluteError)
        // The level is the prior's: one check per weekday (to the rounding of three figures).
        #expect(abs(fit.profile.checksPerWeekday - 1) < 0.005)
        #expect(abs(fit.scale - 4) < 0.4, "c = \(fit.scale)")
        // docs/reach-model.md#reading-the-report shows this chart.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = (try? String(contentsOf: root.appendingPathComponent("docs/reach-model.md"), encoding: .utf8)) ?? ""
        #expect(docs.contains("```text\n" + fit.chart + "```\n"), "\(fit.chart)")
    }

    @Test func fifteenPostsStayNearThePrior() {
        let fit = ProfileLearner.fit(Self.history(15, seed: 11), audiences: Self.audiences, prior: .standard)
        let fitted = fit.fitted.map(Self.values) ?? []
        #expect(fitted.count == 48)
        guard fitted.count == 48 else { return }
        let prior = Self.values(.standard)
        // No hour moves by more than a quarter of the prior's peak (0.15), and
        // the curve keeps the prior's shape, though the truth is far from it.
        let largest = zip(fitted, prior).map { abs($0 - $1) }.max()!
        #expect(largest <= 0.25 * 0.15, "largest change \(largest)\n\(fit.chart)")
        #expect(Self.correlation(fitted, prior) > 0.95)
        #expect(Self.correlation(fitted, Self.values(Self.truth)) < 0.6)
    }

    @Test func aPriorThatIsRightStaysRight() {
        // Drawn from the prior itself, the fit keeps its shape.
        let fit = ProfileLearner.fit(Self.history(400, seed: 3, profile: .standard), audiences: Self.audiences, prior: .standard)
        let fitted = fit.fitted.map(Self.values) ?? []
        #expect(fitted.count == 48 && Self.correlation(fitted, Self.values(.standard)) > 0.97, "\(fit.chart)")
    }

    // MARK: When the data cannot support a fit

    @Test func tooFewPostsKeepThePrior() {
        let fit = ProfileLearner.fit(Self.history(11, seed: 1), audiences: Self.audiences, prior: .standard)
        #expect(fit.fallback == .tooFewPosts(used: 11, needed: 12))
        #expect(fit.profile == .standard && fit.fitted == nil)
        #expect(fit.fallback?.message == "only 11 usable posts; at least 12 are needed to fit a profile and test it")
    }

    @Test func badNumbersAreLeftOutAndCounted() {
        var posts = Self.history(12, seed: 1)
        posts[3].impressions = -1
        posts[5].impressions = .nan
        let fit = ProfileLearner.fit(posts, audiences: Self.audiences, prior: .standard)
        #expect(fit.postsIgnored == 2 && fit.postsUsed == 10)
        #expect(fit.fallback == .tooFewPosts(used: 10, needed: 12))
    }

    @Test func noImpressionsKeepThePrior() {
        let posts = Self.history(40, seed: 2).map { ObservedPost(id: $0.id, instant: $0.instant, impressions: 0) }
        let fit = ProfileLearner.fit(posts, audiences: Self.audiences, prior: .standard)
        #expect(fit.fallback == .noImpressions && fit.profile == .standard)
    }

    @Test func postsInTwoHoursKeepThePrior() {
        // 09:xx and 13:xx UTC over eight winter weeks: London's 09:xx and 13:xx.
        let fit = ProfileLearner.fit(Self.history(80, weeks: 8, seed: 4, hours: [9, 13]), audiences: Self.audiences, prior: .standard)
        #expect(fit.fallback == .tooFewHours(hours: 2, needed: 3, zone: "Europe/London"))
        #expect(fit.profile == .standard && fit.fitted == nil)
        #expect(fit.fallback?.message == "the posts went out in only 2 local hours (Europe/London); at least 3 are needed to tell the shape of the day")
    }

    @Test func aPriorWithoutChecksOrNoAudienceKeepsThePrior() {
        var empty = ActivityProfile.standard
        empty.weekday = [Double](repeating: 0, count: 24)
        #expect(ProfileLearner.fit(Self.history(40, seed: 5), audiences: Self.audiences, prior: empty).fallback == .priorHasNoChecks)
        #expect(ProfileLearner.fit(Self.history(40, seed: 5), audiences: [], prior: .standard).fallback == .noAudience)
    }

    @Test func impressionsThatIgnoreTheHourFlattenTheCurve() {
        // Every post makes about 100 impressions whatever its hour: the fit
        // lowers the prior's peaks and fills its night, never overshooting.
        var random = SeededGenerator(seed: 9)
        let posts = Self.history(200, seed: 6).map {
            ObservedPost(id: $0.id, instant: $0.instant, impressions: random.poisson(100))
        }
        let fit = ProfileLearner.fit(posts, audiences: Self.audiences, prior: .standard)
        let fitted = fit.fitted.map(Self.values) ?? []
        #expect(fitted.count == 48)
        guard fitted.count == 48 else { return }
        #expect(fitted.allSatisfy { $0 >= 0 && $0 <= 0.15 }, "\(fit.chart)")
        #expect(fitted.max()! < 0.8 * 0.15, "\(fit.chart)")
        #expect(fit.fitted!.weekday[3] > 0, "\(fit.chart)")  // the prior's 03:00 is 0
    }

    // MARK: Determinism and the chart

    @Test func theSameBytesEveryRunInAnyZoneAndOrder() {
        let posts = Self.history(120, seed: 8)
        let first = Self.text(ProfileLearner.fit(posts, audiences: Self.audiences, prior: .standard))
        let again = Self.text(ProfileLearner.fit(posts.reversed(), audiences: Self.audiences, prior: .standard))
        let saved = NSTimeZone.default
        NSTimeZone.default = TimeZone(identifier: "Pacific/Chatham")!
        let elsewhere = Self.text(ProfileLearner.fit(posts, audiences: Self.audiences, prior: .standard))
        NSTimeZone.default = saved
        #expect(first == again)
        #expect(first == elsewhere)
    }

    @Test func chartOfTheDefaultAgainstItself() {
        // Peak 0.15 is █ (8/8); 0.12 is 6.4/8 → ▇; 0.06 → 3.2 → ▄; 0.04 → 2.13 → ▃; 0.03 → 1.6 → ▂; 0 is a dot.
        let chart = ProfileChart.render(.standard, against: .standard)
        let lines = chart.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "                0     6     12    18  23")
        #expect(lines[1] == "weekday fitted  ·······██▃▃▃▇▂▂▂▂▄▄▄▄▄▃·")
        #expect(lines[2] == "        prior   ·······██▃▃▃▇▂▂▂▂▄▄▄▄▄▃·")
        #expect(lines[3] == "weekend fitted  ▃········██▃▃▃▇▂▂▂▂▄▄▄▄▄")
        #expect(lines[4] == "        prior   ▃········██▃▃▃▇▂▂▂▂▄▄▄▄▄")
        #expect(lines.count == 6 && lines[5].isEmpty)
    }
}

