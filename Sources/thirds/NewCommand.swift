import ArgumentParser
import Foundation
import ThirdsKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write the next week's plan after the latest one in a folder of weekly plans.",
        discussion: """
            Copies the account, rules, channels, audiences and baseline; keeps standing (standing: true) and repeating items; \
            carries the items that the latest week's schedule (<schedules>/<plan>/schedule.yaml) deferred, with their ids, \
            unless their window has passed; drops the old week's other items. Prints what it kept, carried and dropped, \
            with a note on a kept item whose time falls in a clock change or whose article already went out. \
            Checks the folder as 'thirds check' does first. Never writes over a file that exists.
            Exit status: 0 written, 1 the folder has errors or the new file exists (nothing written), 2 the command could not run.
            """)

    @Argument(help: "The folder of weekly plans.")
    var directory: String = "plans"

    @Option(help: "The ISO week to write, such as 2027-W03 (default: the week after the latest plan).")
    var week: String?

    @Option(help: "The folder 'thirds schedule' wrote the schedules to.")
    var schedules: String = "out"

    func run() throws {
        try Commands.new(NewWeek.Request(directory: directory, week: week, schedules: schedules), colors: Terminal.colors).perform()
    }
}
