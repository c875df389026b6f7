import Foundation
import ThirdsCore

/// A value read from a file together with where it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// Reads the keys of one mapping against the set of keys it may hold,
/// reporting unknown keys (with the nearest known one) and wrong types.
package struct MappingReader {
    package let pairs: [(key: YAMLScalar, value: YAMLNode)]
    package let location: SourceLocation
    /// Where the mapping sits, for messages: "in item 'webinar'".
    package let context: String

    /// Reads `node` as a mapping whose keys must be among `allowed`; nil (with a
    /// finding) when it is not a mapping.
    package init?(_ node: YAMLNode, context: String, allowed: [String], findings: inout FindingList) {
        guard case .mapping(let pairs, let location) = node else {
            findings.error("wrong-type", at: node.location, "expected a mapping \(context), found \(node.kindName)")
            return nil
        }
        self.pairs = pairs
        self.location = location
        self.context = context
        for pair in pairs where !allowed.contains(pair.key.text) {
            let suggestion = nearest(pair.key.text, among: allowed)
            findings.error("unknown-key", at: pair.key.location,
                           "unknown key '\(pair.key.text)' \(context)" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                           hint: suggestion == nil ? "known keys: \(allowed.joined(separator: ", "))" : nil)
        }
    }

    package subscript(key: String) -> YAMLNode? {
        guard let node = pairs.first(where: { $0.key.text == key })?.value else { return nil }
        if case .scalar(let scalar) = node, scalar.isNull { return nil }
        return node
    }

    /// The key's own location, for messages about the key rather than its value.
    package func keyLocation(_ key: String) -> SourceLocation? {
        pairs.first { $0.key.text == key }?.key.location
    }

    package func require(_ key: String, findings: inout FindingList, hint: String? = nil) -> YAMLNode? {
        if let node = self[key] { return node }
        findings.error("missing-key", at: keyLocation(key) ?? location, "missing '\(key)' \(context)", hint: hint)
        return nil
    }

    /// `format:`, required and exactly `expected`: how a profile or library
    /// file says what it is.
    package func requireFormat(_ expected: String, findings: inout FindingList) {
        if let format = require("format", findings: &findings, hint: "add 'format: \(expected)' at the top")
            .flatMap({ scalar($0, "'format'", findings: &findings) }), format.text != expected {
            findings.error("invalid-value", at: format.location, "format '\(format.text)' is not one this version of thirds reads",
                           hint: "write 'format: \(expected)'")
        }
    }
}

/// Reads a node that must be a single scalar, reporting lists and mappings.
package func scalar(_ node: YAMLNode, _ what: String, findings: inout FindingList) -> YAMLScalar? {
    guard case .scalar(let scalar) = node, !scalar.isNull else {
        findings.error("wrong-type", at: node.location, "\(what) must be a single value, found \(node.kindName)")
        return nil
    }
    return scalar
}

/// Reads a node that must be a list; a single scalar counts as a list of one.
package func list(_ node: YAMLNode, _ what: String, findings: inout FindingList) -> [YAMLScalar]? {
    switch node {
    case .scalar(let scalar): return [scalar]
    case .sequence(let nodes, _):
        var out: [YAMLScalar] = []
        for node in nodes {
            if let value = scalar(node, "each entry of \(what)", findings: &findings) { out.append(value) }
        }
        return out
    case .mapping(_, let location):
        findings.error("wrong-type", at: location, "\(what) must be a list, found a mapping")
        return nil
    }
}

/// The closest candidate by edit distance, if it is close enough to be a typo.
package func nearest(_ word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { (candidate: $0, distance: editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }) else { return nil }
    return best.distance <= max(2, word.count / 3) ? best.candidate : nil
}

/// Levenshtein distance: typos in keys and references are one or two edits away.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
