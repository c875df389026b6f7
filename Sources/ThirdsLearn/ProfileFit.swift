import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsReach

/// The fit's settings. The defaults are the documented ones
/// (docs/reach-model.md#learning-the-profile); tests may change them.
public struct ProfileFitOptions: Sendable, Hashable {
    /// Fewer usable posts than this and the prior is kept: with k = 5 folds
    /// each held-out fold still has two posts and each training set nine.
    public var minimumPosts = 12
    /// Posts sent in fewer distinct local hours than this (in the largest
    /// audience's zone) and the prior is kept: the data say nothing about the
    /// shape of the day.
    public var minimumHours = 3
    public var folds = 5
    /// Penalty weights, on the hourly rates in units of the prior's mean
    /// weekday hourly rate, and on their difference from the prior:
    /// shrinkage toward it, smoothness between neighbouring hours (circular,
    /// each day type), and a weak link between a weekday hour and the same
    /// weekend hour.
    public var shrinkage = 1.0
    public var smoothness = 1.0
    public var weekendLink = 0.2
    /// The negative binomial's dispersion α (variance μ + αμ²) is estimated
    /// from the data but never taken below this: impressions vary from post
    /// to post with content far more than Poisson noise, and with α near 0
    /// a single post of thousands of impressions would bend the curve.
    public var minimumDispersion = 0.05
    public var maximumIterations = 2_000

    public init() {}
}

/// Why the prior was kept.
public enum FitFallback: Sendable, Hashable {
    case priorHasNoChecks
    case noAudience
    case tooFewPosts(used: Int, needed: Int)
    case noImpressions
    case tooFewHours(hours: Int, needed: Int, zone: String)
    case didNotConverge
    case notBetterThanPrior

    public var message: String {
        switch self {
        case .priorHasNoChecks:
            return "the prior profile has no checks on a weekday, so there is no level to keep; choose another prior"
        case .noAudience:
            return "the plan's audiences have no members, so no post can be seen"
        case let .tooFewPosts(used, needed):
            return "only \(used) usable post\(used == 1 ? "" : "s"); at least \(needed) are needed to fit a profile and test it"
        case .noImpressions:
            return "every post has 0 impressions, so the history says nothing about when people read"
        case let .tooFewHours(hours, needed, zone):
            return "the posts went out in only \(hours) local hour\(hours == 1 ? "" : "s") (\(zone)); at least \(needed) are needed to tell the shape of the day"
        case .didNotConverge:
            return "the fit did not settle within its iteration limit"
        case .notBetterThanPrior:
            return "the fitted profile did not predict held-out posts better than the prior"
        }
    }
}

/// The held-out test: each fold's posts predicted by a fit on the others.
public struct CrossValidation: Sendable, Hashable {
    public var folds: Int
    /// Held-out deviance summed over all posts (each predicted by the fit
    /// that did not see it), for the fitted profile and for the prior (its
    /// scale c refitted on the same training posts).
    public var fittedDeviance: Double
    public var priorDeviance: Double
    public var fittedMeanAbsoluteError: Double
    public var priorMeanAbsoluteError: Double

    /// The share of the prior's held-out deviance the fitted profile removes
    /// (negative: the fit predicts worse).
    public var improvement: Double { priorDeviance > 0 ? 1 - fittedDeviance / priorDeviance : 0 }
}

/// What `ProfileLearner.fit` found.
public struct ProfileFit: Sendable {
    /// The profile to use: the fitted one, or the prior unchanged when the
    /// data could not support a fit (`fallback` says why).
    public var profile: ActivityProfile
    /// The penalised fit, rounded to three significant figures of its peak;
    /// nil when none was attempted.
    public var fitted: ActivityProfile?
    public var prior: ActivityProfile
    public var fallback: FitFallback?
    public var postsUsed: Int
    /// Posts with impressions that are not a number of 0 or more.
    public var postsIgnored: Int
    /// Impressions per follower who sees the post (the model's c), under
    /// the fitted profile and under the prior.
    public var scale: Double
    public var priorScale: Double
    /// The negative binomial's α: variance μ + αμ².
    public var dispersion: Double
    /// In-sample, over the used posts.
    public var logLikelihood: Double
    public var deviance: Double
    public var priorLogLikelihood: Double
    public var priorDeviance: Double
    public var crossValidation: CrossValidation?
    public var iterations: Int

    /// Whether the fitted profile predicted held-out posts better than the prior.
    public var beatsPrior: Bool {
        guard let cv = crossValidation else { return false }
        return cv.fittedDeviance < cv.priorDeviance
    }

    /// The fitted curve next to the prior, one line of 24 hours per day type.
    public var chart: String { ProfileChart.render(fitted ?? profile, against: prior) }
}

/// Learns an activity profile from an account's post history
/// (docs/reach-model.md#learning-the-profile): a post's expected impressions
/// are μ = c · Σ_a n_a · p_a(t) under the profile, fitted by penalised
/// negative binomial maximum likelihood with the prior's checks per weekday
/// held fixed.
public enum ProfileLearner {
    public static func fit(_ posts: [ObservedPost], audiences: [Audience], prior: ActivityProfile,
                           options: ProfileFitOptions = ProfileFitOptions()) -> ProfileFit {
        // Sorted, so the order the posts came in changes nothing, to the bit.
        let usable = posts.filter { $0.impressions.isFinite && $0.impressions >= 0 && $0.instant.timeIntervalSince1970.isFinite }
            .sorted { ($0.instant, $0.id, $0.impressions) < ($1.instant, $1.id, $1.impressions) }
        var result = ProfileFit(profile: prior, fitted: nil, prior: prior, fallback: nil, postsUsed: usable.count,
                                postsIgnored: posts.count - usable.count, scale: 0, priorScale: 0, dispersion: 0,
                                logLikelihood: 0, deviance: 0, priorLogLikelihood: 0, priorDeviance: 0,
                                crossValidation: nil, iterations: 0)
        let level = prior.checksPerWeekday
        guard level.isFinite, level > 0, (prior.weekday + prior.weekend).allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            result.fallback = .priorHasNoChecks
            return result
        }
        guard let largest = audiences.filter({ $0.size > 0 }).max(by: { $0.size < $1.size }) else {
            result.fallback = .noAudience
            return result
        }
        guard usable.count >= options.minimumPosts else {
            result.fallback = .tooFewPosts(used: usable.count, needed: options.minimumPosts)
            return result
        }
        guard usable.contains(where: { $0.impressions > 0 }) else {
            result.fallback = .noImpressions
            return result
        }
        let clock = ZoneOffsets(largest.timezone.value)
        let hours = Set(usable.map { LocalDateTime(wall: $0.instant.addingTimeInterval(Double(clock.offset(at: $0.instant)))).time.hour })
        guard hours.count >= options.minimumHours else {
            result.fallback = .tooFewHours(hours: hours.count, needed: options.minimumHours, zone: largest.timezone.value.identifier)
            return result
        }

        let design = Design(usable, audiences: audiences)
        let model = Model(design: design, prior: prior, options: options)
        let everyone = Array(0..<usable.count)

        // The prior, its scale fitted: the baseline, and the first estimate of α.
        let priorRates = model.priorRates
        var alpha = options.minimumDispersion
        let priorMeans0 = design.means(rates: priorRates, scale: 1, posts: everyone)
        alpha = model.dispersion(means: priorMeans0.map { $0 * model.scale(priorRates, posts: everyone, alpha: 0) }, posts: everyone)
        // α and the fit settle together: refit while α moves by more than 5%.
        var fit = model.fit(posts: everyone, alpha: alpha)
        for _ in 0..<3 {
            let updated = model.dispersion(means: design.means(rates: fit.rates, scale: fit.scale, posts: everyone), posts: everyone)
            if abs(updated - alpha) <= 0.05 * alpha { break }
            alpha = updated
            fit = model.fit(posts: everyone, alpha: alpha)
        }
        let family = Family(alpha: alpha)
        let priorScale = model.scale(priorRates, posts: everyone, alpha: alpha)
        let fittedMeans = design.means(rates: fit.rates, scale: fit.scale, posts: everyone)
        let priorMeans = design.means(rates: priorRates, scale: priorScale, posts: everyone)
        result.dispersion = alpha
        result.scale = fit.scale
        result.priorScale = priorScale
        result.iterations = fit.iterations
        result.logLikelihood = family.logLikelihood(design.y, fittedMeans)
        result.deviance = family.deviance(design.y, fittedMeans)
        result.priorLogLikelihood = family.logLikelihood(design.y, priorMeans)
        result.priorDeviance = family.deviance(design.y, priorMeans)
        guard fit.converged, fit.rates.allSatisfy(\.isFinite), fit.scale.isFinite else {
            result.fallback = .didNotConverge
            return result
        }
        let fitted = rounded(fit.rates)
        result.fitted = fitted

        // k-fold: post j (in time order) is held out in fold j mod k.
        let folds = max(2, options.folds)
        var heldFitted = [Double](repeating: 0, count: usable.count)
        var heldPrior = [Double](repeating: 0, count: usable.count)
        for fold in 0..<folds {
            let training = everyone.filter { $0 % folds != fold }
            let held = everyone.filter { $0 % folds == fold }
            let trained = model.fit(posts: training, alpha: alpha)
            let scale = model.scale(priorRates, posts: training, alpha: alpha)
            for (i, mean) in zip(held, design.means(rates: trained.rates, scale: trained.scale, posts: held)) { heldFitted[i] = mean }
            for (i, mean) in zip(held, design.means(rates: priorRates, scale: scale, posts: held)) { heldPrior[i] = mean }
        }
        let count = Double(usable.count)
        let cv = CrossValidation(
            folds: folds, fittedDeviance: family.deviance(design.y, heldFitted), priorDeviance: family.deviance(design.y, heldPrior),
            fittedMeanAbsoluteError: zip(design.y, heldFitted).reduce(0) { $0 + abs($1.0 - $1.1) } / count,
            priorMeanAbsoluteError: zip(design.y, heldPrior).reduce(0) { $0 + abs($1.0 - $1.1) } / count)
        result.crossValidation = cv
        if cv.fittedDeviance.isFinite, cv.fittedDeviance < cv.priorDeviance {
            result.profile = fitted
        } else {
            result.fallback = .notBetterThanPrior
        }
        return result
    }

    /// Three significant figures of the peak: the file stays readable, and an
    /// hour the data leave at the floor (far below the peak) becomes 0.
    static func rounded(_ rates: [Double]) -> ActivityProfile {
        let peak = rates.max() ?? 0
        guard peak > 0, peak.isFinite else { return profile(rates) }
        let digits = 2 - Int((log10(peak)).rounded(.down))
        let values: [Double] = rates.map { rate in
            if digits >= 0 {
                let factor = pow(10, Double(digits))
                return (rate * factor).rounded() / factor
            }
            let factor = pow(10, Double(-digits))
            return (rate / factor).rounded() * factor
        }
        return profile(values)
    }

    /// The 48 rates as a profile (its memberwise initialiser is ThirdsModel's own).
    static func profile(_ rates: [Double]) -> ActivityProfile {
        var profile = ActivityProfile.standard
        profile.weekday = Array(rates[0..<24])
        profile.weekend = Array(rates[24..<48])
        return profile
    }
}

/// The posts' exposures: for each post, each group of audiences that share
/// a zone, a view window and weekend days (they see a post alike), with their
/// members, and the hours of the post's view window in each of the 48 local
/// hour classes.
struct Design {
    let y: [Double]
    /// Flat, for speed: post i's groups are `postStart[i]..<postStart[i + 1]`,
    /// group r has `members[r]` and the hour classes `entryStart[r]..<entryStart[r + 1]`
    /// of `classes` and `hours`.
    let postStart: [Int]
    let members: [Double]
    let entryStart: [Int]
    let classes: [Int]
    let hours: [Double]
    let groupCount: Int

    init(_ posts: [ObservedPost], audiences: [Audience]) {
        y = posts.map(\.impressions)
        var groups: [(key: String, audience: Audience, members: Double)] = []
        for audience in audiences where audience.size > 0 {
            let key = "\(audience.timezone.value.identifier) \(audience.viewSeconds) \(audience.weekend.sorted())"
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].members += audience.size
            } else {
                groups.append((key, audience, audience.size))
            }
        }
        groupCount = groups.count
        let first = posts.first?.instant ?? Date(timeIntervalSince1970: 0)
        let last = posts.last?.instant ?? first
        var zones: [String: ZoneOffsets] = [:]
        for group in groups where zones[group.audience.timezone.value.identifier] == nil {
            let longest = groups.filter { $0.audience.timezone.value.identifier == group.audience.timezone.value.identifier }
                .map(\.audience.viewSeconds).max() ?? 0
            zones[group.audience.timezone.value.identifier] = ZoneOffsets(
                group.audience.timezone.value, from: first.addingTimeInterval(-86_400), to: last.addingTimeInterval(longest + 86_400))
        }
        var postStart = [0], members: [Double] = [], entryStart = [0], classes: [Int] = [], hours: [Double] = []
        for post in posts {
            for group in groups {
                let exposure = ReachModel.hourlyExposure(of: group.audience, from: post.instant, seconds: group.audience.viewSeconds,
                                                         offsets: zones[group.audience.timezone.value.identifier])
                for k in exposure.indices where exposure[k] > 0 {
                    classes.append(k)
                    hours.append(exposure[k])
                }
                members.append(group.members)
                entryStart.append(classes.count)
            }
            postStart.append(members.count)
        }
        self.postStart = postStart
        self.members = members
        self.entryStart = entryStart
        self.classes = classes
        self.hours = hours
    }

    /// Expected checks Σ_k hours_k λ_k of group row r.
    @inline(__always) func checks(_ r: Int, _ rates: [Double]) -> Double {
        var checks = 0.0
        for e in entryStart[r]..<entryStart[r + 1] { checks += hours[e] * rates[classes[e]] }
        return checks
    }

    /// m_i = Σ_g n_g (1 − e^(−Σ_k hours_k λ_k)), times `scale`.
    func means(rates: [Double], scale: Double, posts: [Int]) -> [Double] {
        posts.map { i in
            var m = 0.0
            for r in postStart[i]..<postStart[i + 1] { m += members[r] * -expm1(-checks(r, rates)) }
            return scale * m
        }
    }
}

/// The negative binomial with variance μ + αμ².
struct Family {
    let alpha: Double

    /// dℓ/dμ.
    func score(_ y: Double, _ mu: Double) -> Double { (y - mu) / (mu * (1 + alpha * mu)) }

    /// ℓ without the terms that do not depend on μ.
    func kernel(_ y: Double, _ mu: Double) -> Double {
        (y > 0 ? y * log(mu) : 0) - (y + 1 / alpha) * log1p(alpha * mu)
    }

    func logLikelihood(_ ys: [Double], _ mus: [Double]) -> Double {
        let r = 1 / alpha
        var total = 0.0
        for (y, mu) in zip(ys, mus) {
            let safe = max(mu, .leastNormalMagnitude)
            total += lgamma(y + r) - lgamma(r) - lgamma(y + 1) - r * log1p(alpha * safe)
                + (y > 0 ? y * log(alpha * safe / (1 + alpha * safe)) : 0)
        }
        return total
    }

    func deviance(_ ys: [Double], _ mus: [Double]) -> Double {
        let r = 1 / alpha
        var total = 0.0
        for (y, mu) in zip(ys, mus) {
            let safe = max(mu, .leastNormalMagnitude)
            total += 2 * ((y > 0 ? y * log(y / safe) : 0) - (y + r) * (log1p(alpha * y) - log1p(alpha * safe)))
        }
        return total
    }
}

/// The penalised likelihood over a design.
struct Model {
    let design: Design
    let options: ProfileFitOptions
    /// The prior's checks per weekday, which the fit keeps.
    let level: Double
    /// The prior with its zeros raised to a floor far below its peak, so
    /// every rate is exp of a number.
    let priorRates: [Double]
    /// The unit of the penalty: the prior's mean weekday hourly rate.
    let unit: Double

    init(design: Design, prior: ActivityProfile, options: ProfileFitOptions) {
        self.design = design
        self.options = options
        level = prior.checksPerWeekday
        let raw = prior.weekday + prior.weekend
        let floor = 2e-4 * (raw.max() ?? 0)
        priorRates = raw.map { max($0, floor) }
        unit = level / 24
    }

    /// The moment estimate of α: mean of ((y − μ)² − μ) / μ², never below the floor.
    func dispersion(means: [Double], posts: [Int]) -> Double {
        var total = 0.0
        var count = 0.0
        for (i, mu) in zip(posts, means) where mu > 0 {
            let y = design.y[i]
            total += ((y - mu) * (y - mu) - mu) / (mu * mu)
            count += 1
        }
        let estimate = count > 0 ? total / count : 0
        return min(100, max(options.minimumDispersion, estimate.isFinite ? estimate : options.minimumDispersion))
    }

    /// The best c for fixed rates: Σ (y − c m)/(1 + α c m) = 0 falls as c
    /// grows, so bisection on log c finds it. α = 0 is the Poisson's Σy / Σm.
    func scale(_ rates: [Double], posts: [Int], alpha: Double) -> Double {
        let m = design.means(rates: rates, scale: 1, posts: posts)
        let ys = posts.map { design.y[$0] }
        let total = m.reduce(0, +)
        guard total > 0 else { return 0 }
        let poisson = ys.reduce(0, +) / total
        guard alpha > 0, poisson > 0 else { return poisson }
        func slope(_ c: Double) -> Double {
            var sum = 0.0
            for j in 0..<m.count { sum += (ys[j] - c * m[j]) / (1 + alpha * c * m[j]) }
            return sum
        }
        var low = log(poisson) - 30, high = log(poisson) + 30
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if slope(exp(middle)) > 0 { low = middle } else { high = middle }
        }
        return exp((low + high) / 2)
    }

    struct Fit {
        var rates: [Double]
        var scale: Double
        var iterations: Int
        var converged: Bool
    }

    /// Rates λ_k = level · e^θ_k / Σ_weekday e^θ: the weekday adds up to the
    /// prior's checks, whatever θ; the last parameter is log c.
    func rates(_ theta: [Double]) -> [Double] {
        let top = theta[0..<48].max() ?? 0
        let shifted = (0..<48).map { exp(theta[$0] - top) }
        var weekday = 0.0
        for h in 0..<24 { weekday += shifted[h] }
        return shifted.map { level * $0 / weekday }
    }

    func fit(posts: [Int], alpha: Double) -> Fit {
        var start = priorRates.map(log)
        start.append(log(max(scale(priorRates, posts: posts, alpha: alpha), .leastNormalMagnitude)))
        let family = Family(alpha: alpha)
        let minimizer = Minimizer(maximumIterations: options.maximumIterations)
        let outcome = minimizer.minimize(from: start) { theta, gradient in
            objective(theta, gradient: &gradient, posts: posts, family: family)
        }
        return Fit(rates: rates(outcome.point), scale: exp(outcome.point[48]), iterations: outcome.iterations, converged: outcome.converged)
    }

    /// − log-likelihood + penalty, and its gradient in θ and log c.
    func objective(_ theta: [Double], gradient: inout [Double], posts: [Int], family: Family) -> Double {
        let lambda = rates(theta)
        let c = exp(theta[48])
        var value = 0.0
        var byRate = [Double](repeating: 0, count: 48)
        var byScale = 0.0
        var seen = [Double](repeating: 0, count: design.groupCount)
        for i in posts {
            let rows = design.postStart[i]..<design.postStart[i + 1]
            var m = 0.0
            for r in rows {
                let checks = design.checks(r, lambda)
                seen[r - rows.lowerBound] = exp(-checks)
                m += design.members[r] * -expm1(-checks)
            }
            let mu = max(c * m, .leastNormalMagnitude)
            let y = design.y[i]
            value -= family.kernel(y, mu)
            let score = family.score(y, mu)
            byScale -= score * mu
            for r in rows {
                let weight = -score * c * design.members[r] * seen[r - rows.lowerBound]
                for e in design.entryStart[r]..<design.entryStart[r + 1] { byRate[design.classes[e]] += weight * design.hours[e] }
            }
        }
        // The penalty, on d_k = (λ_k − prior_k) / unit.
        var d = [Double](repeating: 0, count: 48)
        for k in 0..<48 { d[k] = (lambda[k] - priorRates[k]) / unit }
        var byD = [Double](repeating: 0, count: 48)
        for k in 0..<48 {
            value += options.shrinkage * d[k] * d[k]
            byD[k] += 2 * options.shrinkage * d[k]
            let next = k < 24 ? (k + 1) % 24 : 24 + (k - 23) % 24
            let step = d[k] - d[next]
            value += options.smoothness * step * step
            byD[k] += 2 * options.smoothness * step
            byD[next] -= 2 * options.smoothness * step
        }
        for h in 0..<24 {
            let gap = d[h] - d[24 + h]
            value += options.weekendLink * gap * gap
            byD[h] += 2 * options.weekendLink * gap
            byD[24 + h] -= 2 * options.weekendLink * gap
        }
        for k in 0..<48 { byRate[k] += byD[k] / unit }
        // Through λ_k = level e^θ_k / Σ_weekday e^θ: ∂λ_k/∂θ_j = λ_k (δ_kj − [j weekday] λ_j / level).
        var through = 0.0
        for k in 0..<48 { through += lambda[k] * byRate[k] }
        for j in 0..<48 { gradient[j] = lambda[j] * byRate[j] - (j < 24 ? lambda[j] / level * through : 0) }
        gradient[48] = byScale
        return value
    }
}
