import ThirdsModel

/// A profile next to another as a small text chart: one line of 24 block
/// characters per day type and profile, each hour's height out of eight on a
/// scale shared by both (the highest hourly value of either is █), so the two
/// curves compare directly. A dot is exactly no checks (not a blank, which
/// editors trim at the end of a line).
public enum ProfileChart {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ profile: ActivityProfile, against prior: ActivityProfile,
                              names: (fitted: String, prior: String) = ("fitted", "prior")) -> String {
        let all = profile.weekday + profile.weekend + prior.weekday + prior.weekend
        let peak = all.filter(\.isFinite).max() ?? 0
        func line(_ values: [Double]) -> String {
            String(values.map { value -> Character in
                guard value > 0, value.isFinite, peak > 0 else { return "·" }
                let level = Int((value / peak * 8).rounded(.up))
                return blocks[min(8, max(1, level)) - 1]
            })
        }
        let width = max(7, names.fitted.count, names.prior.count)
        func label(_ text: String) -> String { text + String(repeating: " ", count: width - text.count) }
        let pad = String(repeating: " ", count: 8 + width + 1)
        return [
            pad + "0     6     12    18  23",
            "weekday " + label(names.fitted) + " " + line(profile.weekday),
            "        " + label(names.prior) + " " + line(prior.weekday),
            "weekend " + label(names.fitted) + " " + line(profile.weekend),
            "        " + label(names.prior) + " " + line(prior.weekend),
        ].joined(separator: "\n") + "\n"
    }
}
