import Foundation

/// SARIF 2.1.0, the format code-scanning dashboards read. Every rule of the
/// catalogue and every loader check is described once in the driver; results
/// point at them by id and index.
public enum SARIFReporter {
    public static let informationURI = "https://github.com/thirds-dev/thirds"

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var columnKind = "unicodeCodePoints"
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "thirds"
        var version = Thirds.version
        var informationUri = SARIFReporter.informationURI
        var rules: [RuleDescriptor]
    }

    struct RuleDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var helpUri: String
        var defaultConfiguration: Configuration
    }

    struct Configuration: Encodable { var level: String }
    struct Message: Encodable { var text: String }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var id: Int?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable { var uri: String }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    public static func render(_ report: CheckReport) -> String {
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
        return encodeJSON(Log(runs: [Run(tool: Tool(driver: Driver(rules: descriptors)), results: results)]))
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .off: "none"
        }
    }

    /// Relative paths stay relative (to the repository root, as scanners
    /// expect), with each segment percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0) }
            .joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
