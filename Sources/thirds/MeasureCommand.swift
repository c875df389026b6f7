import ArgumentParser
import Foundation
import ThirdsKit

/// Hidden: X's measure of texts, for the differential test against
/// twitter-text-parser (.ci/xtext-differential.sh). Each stdin line is a JSON
/// string; each stdout line is `{"valid":…,"weightedLength":…}` for it.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Print X's weighted length and validity of JSON-string lines on stdin.",
        shouldDisplay: false)

    func run() throws {
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            FileHandle.standardOutput.write(Data(try Commands.measure(line: line, number: number).utf8))
        }
    }
}
