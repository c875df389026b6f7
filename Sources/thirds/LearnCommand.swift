import ArgumentParser
import Foundation
import ThirdsKit

struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Fit an activity profile to the account's own analytics, for the audiences of a plan, and write it as a profile file.",
        discussion: """
            Reads X's tweet activity exports or plain CSV files of time,impressions (docs/learn.md). Replies, retweets, \
            repeated ids and posts outside --since/--until are left out and counted. The fit is shrunk toward the prior, \
            so a few dozen posts give a gentle curve; when the data cannot support a fit, the prior is written unchanged \
            and the output says why. Writes profiles/<account>.yaml beside the plan unless --out names the file. \
            The same files give the same profile, byte for byte.
            Exit status: 0 written, 1 the plan or an analytics file has errors (nothing written), 2 the command could not run.
            """)

    @Argument(help: "Analytics files: X's tweet activity export (CSV), or CSV with time and impressions columns.")
    var analytics: [String]

    @Option(help: "The plan whose audiences (time zones, sizes) read the profile.")
    var plan: String

    @Option(help: "The profile file to write (default: profiles/<account>.yaml in the plan's folder).")
    var out: String?

    @Option(help: "The profile the fit is shrunk toward: default, b2b, consumer or a profile file (default: the plan's first audience's).")
    var prior: String?

    @Option(help: "Leave out posts before this day (YYYY-MM-DD, the account's clock).")
    var since: String?

    @Option(help: "Leave out posts after this day (YYYY-MM-DD, the account's clock).")
    var until: String?

    func run() throws {
        try Commands.learn(Commands.LearnRequest(analytics: analytics, plan: plan, out: out, prior: prior, since: since, until: until),
                           colors: Terminal.colors).perform()
    }
}
