// Times ProfileLearner.fit on generated histories (BENCHMARKS.md#learning-a-profile):
//   THIRDS_BENCH=1 swift run -c release --scratch-path .build-bench thirds-learn-bench [POSTS...]
// The history is drawn as in Tests/ThirdsKitTests/ProfileFitTests.swift: a
// working-hours profile, London (300) and New York (120), c = 4, Poisson
// noise from the project's SeededGenerator (SplitMix64), posts at any quarter hour over the weeks.
import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsReach
import ThirdsLearn

func audience(_ id: String, _ zone: String, size: Double, profile: ActivityProfile) -> Audience {
    Audience(id: id, zone: TimeZone(identifier: zone)!, size: size, activity: profile)
}

var truth = ActivityProfile.standard
var weekday = [Double](repeating: 0.004, count: 24)
for hour in 7...18 { weekday[hour] = 0.05 }
weekday[8] = 0.11; weekday[9] = 0.12; weekday[10] = 0.09; weekday[13] = 0.08; weekday[14] = 0.07
for hour in 19...21 { weekday[hour] = 0.02 }
let total = weekday.reduce(0, +)
truth.weekday = weekday.map { $0 / total }
truth.weekend = truth.weekday.map { $0 * 0.3 }

func correlation(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count), ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
    return sab / (saa * sbb).squareRoot()
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for count in sizes.isEmpty ? [400, 5_000] : sizes {
    let seeing = [audience("uk", "Europe/London", size: 300, profile: truth), audience("us", "America/New_York", size: 120, profile: truth)]
    let plan = seeing.map { var a = $0; a.activity = .standard; return a }
    var random = SeededGenerator(seed: 7)
    let weeks = max(20, count / 20)
    let start = 1_767_571_200.0  // 2026-01-05T00:00:00Z, a Monday
    let posts = (0..<count).map { n -> ObservedPost in
        let instant = Date(timeIntervalSince1970: start + Double(random.below(weeks * 7)) * 86_400 + Double(random.below(96)) * 900)
        let mean = 4 * seeing.reduce(0) { $0 + $1.size * ReachModel.probability($1, seesPostAt: instant) }
        return ObservedPost(id: "p\(n)", instant: instant, impressions: random.poisson(mean))
    }
    var times: [Double] = []
    var last: ProfileFit?
    for _ in 0..<3 {
        let clock = ContinuousClock()
        let began = clock.now
        last = ProfileLearner.fit(posts, audiences: plan, prior: .standard)
        let took = clock.now - began
        times.append(Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)
    }
    let fit = last!
    let r = fit.fitted.map { correlation($0.weekday + $0.weekend, truth.weekday + truth.weekend) } ?? .nan
    let cv = fit.crossValidation
    print(String(format: "%5d posts over %3d weeks: median %.3f s (runs %@), iterations %d, c %.3f, correlation with the truth %.3f, held-out deviance %.1f vs prior %.1f (%.1f%% less), MAE %.1f vs %.1f",
                 count, weeks, times.sorted()[1], times.map { String(format: "%.3f", $0) }.joined(separator: " "), fit.iterations, fit.scale, r,
                 cv?.fittedDeviance ?? .nan, cv?.priorDeviance ?? .nan, 100 * (cv?.improvement ?? .nan),
                 cv?.fittedMeanAbsoluteError ?? .nan, cv?.priorMeanAbsoluteError ?? .nan))
}
