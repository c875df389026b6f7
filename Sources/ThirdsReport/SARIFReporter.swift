import Foundation
import ThirdsCore
import ThirdsText
import ThirdsRules
import ThirdsCheck

/// SARIF 2.1.0, the format code-scanning dashboards read. Every rule of the
/// catalogue and every loader check is described once in the driver; results
/// point at them by id and index.
public enum SARIFReporter {
    public static let informationURI = "https://github.com/thirds-dev/thirds"

    package struct Log: Encodable {
        package var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        package var version = "2.1.0"
        package var runs: [Run]
        package enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    package struct Run: Encodable {
        package var tool: Tool
        package var results: [Result]
        package var columnKind = "unicodeCodePoints"
    }

    package struct Tool: Encodable { var driver: Driver }

    package struct Driver: Encodable {
        package var name = "thirds"
        package var version = Thirds.version
        package var informationUri = SARIFReporter.informationURI
        package var rules: [RuleDescriptor]
    }

    package struct RuleDescriptor: Encodable {
        package var id: String
        package var shortDescription: Message
        package var helpUri: String
        package var defaultConfiguration: Configuration
    }

    package struct Configuration: Encodable { var level: String }
    package struct Message: Encodable { var text: String }

    package struct Result: Encodable {
        package var ruleId: String
        package var ruleIndex: Int
        package var level: String
        package var message: Message
        package var locations: [Location]
        package var relatedLocations: [Location]?
    }

    package struct Location: Encodable {
        package var physicalLocation: PhysicalLocation
        package var id: Int?
    }

    package struct PhysicalLocation: Encodable {
        package var artifactLocation: ArtifactLocation
        package var region: Region
    }

    package struct ArtifactLocation: Encodable { var uri: String }
    package struct Region: Encodable {
        package var startLine: Int
        package var startColumn: Int
    }

    public static func render(_ report: CheckReport) throws -> String {
        let descriptors = Diagnostics.catalogue.map { entry in
            RuleDescriptor(id: entry.id, shortDescription: Message(text: entry.summary),
                           helpUri: "\(informationURI)/blob/main/docs/\(entry.page)#\(entry.id)",
                           defaultConfiguration: Configuration(level: level(entry.severity)))
        }
        let index = Dictionary(uniqueKeysWithValues: descriptors.enumerated().map { ($0.element.id, $0.offset) })
        func location(_ place: SourceLocation, id: Int? = nil) -> Location {
            Location(physicalLocation: PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: uri(place.file)),
                region: Region(startLine: max(place.line, 1), startColumn: max(place.column, 1))), id: id)
        }
        let results = report.findings.map { finding in
            Result(ruleId: finding.ruleID, ruleIndex: index[finding.ruleID] ?? 0, level: level(finding.severity),
                   message: Message(text: finding.message + (finding.hint.map { " Hint: \($0)" } ?? "")),
                   locations: [location(finding.location)],
                   relatedLocations: finding.related.isEmpty ? nil : finding.related.enumerated().map { location($0.element, id: $0.offset + 1) })
        }
        return try encodeJSON(Log(runs: [Run(tool: Tool(driver: Driver(rules: descriptors)), results: results)]), what: "the SARIF report")
    }

    package static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .off: "none"
        }
    }

    /// Relative paths stay relative (to the repository root, as scanners
    /// expect), with each segment percent-encoded.
    package static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
