import ArgumentParser
import Foundation
import ThirdsText
import ThirdsSchedule
import ThirdsKit

/// Hidden: X's measure of texts, for the differential test against
/// twitter-text-parser (.ci/xtext-differential.sh). Each stdin line is a JSON
/// string; each stdout line is `{"valid":…,"weightedLength":…}` for it.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Print X's weighted length and validity of JSON-string lines on stdin.",
        shouldDisplay: false)

    struct Measure: Encodable {
        var weightedLength: Int
        var valid: Bool
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            guard let text = try? JSONDecoder().decode(String.self, from: Data(line.utf8)) else {
                throw CommandFailure("stdin line \(number) is not a JSON string")
            }
            let measure = Measure(weightedLength: XText.weightedLength(text), valid: XText.isValid(text))
            FileHandle.standardOutput.write(try encoder.encode(measure) + Data("\n".utf8))
        }
    }
}
