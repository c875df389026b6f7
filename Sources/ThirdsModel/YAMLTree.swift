import Foundation
import ThirdsCore
import Yams

/// The parsed YAML as this tool reads it: every node keeps where it came from,
/// and every scalar keeps its text exactly as written, so that `23:00`, `off`
/// and `2011-06-01` are read by what they say rather than by what a YAML 1.1
/// resolver would turn them into.
public indirect enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case mapping([(key: YAMLScalar, value: YAMLNode)], SourceLocation)
    case sequence([YAMLNode], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(_, let location), .sequence(_, let location): location
        }
    }

    /// What the node is, for messages such as "expected a mapping, found a list".
    public var kindName: String {
        switch self {
        case .scalar(let scalar): scalar.isNull ? "nothing" : "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

public struct YAMLScalar: Sendable, Hashable {
    public var text: String
    /// Plain (unquoted) scalars may be null (`~`, `null`, empty); quoted ones never are.
    public var isPlain: Bool
    public var location: SourceLocation

    public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(text) }
}

/// Limits that keep a hostile or broken file from taking the tool down.
/// Documented in docs/diagnostics.md#limits; the numbers are far above any real plan.
public struct LoadLimits: Sendable {
    public var maxBytes = 1 << 20
    public var maxDepth = 32
    /// Nodes after alias expansion: an alias bomb ("billion laughs") stops here.
    public var maxNodes = 200_000
    /// A schedule that thirds wrote for a plan within the plan limits (up to
    /// 2,000 posts, each listing up to 100 audiences) may be larger than a plan.
    public var maxScheduleBytes = 16 << 20
    public var maxScheduleNodes = 2_000_000

    public init() {}
}

/// Turns the bytes of a file into a `YAMLNode`, or one finding saying why not.
public enum YAMLReader {
    public static func read(_ data: Data, file: String, limits: LoadLimits = LoadLimits()) -> Result<YAMLNode, Finding> {
        let start = SourceLocation(file: file, line: 1, column: 1)
        func fail(_ rule: String, _ location: SourceLocation, _ message: String, hint: String? = nil) -> Result<YAMLNode, Finding> {
            .failure(Finding(ruleID: rule, severity: .error, location: location, message: message, hint: hint))
        }
        if data.count > limits.maxBytes {
            return fail("file-too-large", start,
                        "file is \(data.count) bytes, over the limit of \(limits.maxBytes) bytes",
                        hint: "split the plan into one file per week")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let problem = firstEncodingProblem(bytes, file: file) {
            return .failure(problem)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.allSatisfy({ $0.isWhitespace }) {
            return fail("empty-file", start, "file is empty", hint: "a plan needs at least 'week', 'account' and 'items'")
        }
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: .basic).singleRoot()
        } catch let error as YamlError {
            return .failure(finding(for: error, file: file, text: text))
        } catch {
            return fail("yaml-syntax", start, "could not read YAML: \(error)")
        }
        guard let root else {
            return fail("empty-file", start, "file holds no YAML document (only comments or blank lines)",
                        hint: "a plan needs at least 'week', 'account' and 'items'")
        }
        var budget = limits.maxNodes
        do {
            return .success(try convert(root, file: file, text: text, depth: 1, limits: limits, budget: &budget))
        } catch let problem as LimitExceeded {
            return .failure(problem.finding)
        } catch {
            return fail("yaml-syntax", start, "could not read YAML: \(error)")
        }
    }

    private struct LimitExceeded: Error { var finding: Finding }

    private static func convert(_ node: Node, file: String, text: String, depth: Int, limits: LoadLimits, budget: inout Int) throws -> YAMLNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        budget -= 1
        if budget < 0 {
            throw LimitExceeded(finding: Finding(
                ruleID: "too-many-nodes", severity: .error, location: location,
                message: "document expands to more than \(limits.maxNodes) values (aliases included)",
                hint: "remove aliases that refer to aliases; a weekly plan needs a few thousand values at most"))
        }
        if depth > limits.maxDepth {
            throw LimitExceeded(finding: Finding(
                ruleID: "nesting-too-deep", severity: .error, location: location,
                message: "nesting is deeper than \(limits.maxDepth) levels",
                hint: "plans and rules nest a few levels deep; check the indentation"))
        }
        switch node {
        case .scalar(let scalar):
            // Raw invalid characters are refused with the bytes; only a double-quoted escape can make one.
            if scalar.style == .doubleQuoted, scalar.string.unicodeScalars.contains(where: InvalidCharacter.isInvalid) {
                throw LimitExceeded(finding: InvalidCharacter.escapeFinding(in: text, quoteAt: location))
            }
            return .scalar(YAMLScalar(text: scalar.string, isPlain: scalar.style == .plain, location: location))
        case .mapping(let mapping):
            var pairs: [(key: YAMLScalar, value: YAMLNode)] = []
            for (key, value) in mapping {
                let convertedKey = try convert(key, file: file, text: text, depth: depth + 1, limits: limits, budget: &budget)
                guard case .scalar(let keyScalar) = convertedKey else {
                    throw LimitExceeded(finding: Finding(
                        ruleID: "wrong-type", severity: .error, location: convertedKey.location,
                        message: "mapping keys must be plain names, not \(convertedKey.kindName)"))
                }
                pairs.append((keyScalar, try convert(value, file: file, text: text, depth: depth + 1, limits: limits, budget: &budget)))
            }
            return .mapping(pairs, location)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for element in sequence {
                items.append(try convert(element, file: file, text: text, depth: depth + 1, limits: limits, budget: &budget))
            }
            return .sequence(items, location)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is malformed input.
            throw LimitExceeded(finding: Finding(
                ruleID: "yaml-syntax", severity: .error, location: location, message: "unresolved alias"))
        }
    }

    /// The first byte sequence that is not UTF-8 text: invalid UTF-8, a
    /// control byte that no text file holds (a sign of binary data), or a
    /// character no text may hold (`InvalidCharacter`).
    package static func firstEncodingProblem(_ bytes: [UInt8], file: String) -> Finding? {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00..<0x80: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            let location = SourceLocation(file: file, line: line, column: column)
            if length == 0 || index + length > bytes.count
                || String(validating: bytes[index..<index + length], as: UTF8.self) == nil {
                return Finding(ruleID: "not-utf8", severity: .error, location: location,
                               message: "file is not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(index))",
                               hint: "save the file as UTF-8")
            }
            if length == 1, byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                return Finding(ruleID: "binary-data", severity: .error, location: location,
                               message: "file holds binary data (control byte 0x\(String(format: "%02X", byte)) at offset \(index))",
                               hint: "plans and rules are YAML text files")
            }
            if let scalar = String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars.first,
               InvalidCharacter.isInvalid(scalar) {
                return InvalidCharacter.rawFinding(scalar, at: location)
            }
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return nil
    }

    private static func finding(for error: YamlError, file: String, text: String) -> Finding {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem.contains("nesting level") {
                return Finding(ruleID: "nesting-too-deep", severity: .error, location: at(mark),
                               message: "nesting is too deep for the YAML reader",
                               hint: "plans and rules nest a few levels deep; check the brackets and indentation")
            }
            // An unclosed quote runs to the end of the file: the place to fix is
            // where it opened, which libyaml gives as the context mark.
            if let context, context.text.contains("quoted scalar"),
               problem.contains("end of stream") || problem.contains("document indicator") {
                return Finding(ruleID: "yaml-syntax", severity: .error, location: at(context.mark),
                               message: "malformed YAML: the quote opened here is never closed (\(problem) at line \(mark.line), column \(mark.column))",
                               hint: "close the quote; inside double quotes write a quote as \\\", inside single quotes as ''")
            }
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? problem
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(mark.line - 1).first ?? ""
            return Finding(ruleID: "yaml-syntax", severity: .error, location: at(mark),
                           message: "malformed YAML: \(detail)",
                           hint: line.contains("\t") ? "indent with spaces, not tabs" : hintForSyntax(problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let location = secondOccurrence(of: key, after: context.mark, in: text)
                .map { SourceLocation(file: file, line: $0, column: context.mark.column) } ?? at(context.mark)
            return Finding(ruleID: "duplicate-key", severity: .error, location: location,
                           message: "duplicate key '\(key)' in mapping (first at line \(context.mark.line))",
                           hint: "a key may appear once in a mapping; merge the two entries")
        case .reader(let problem, let offset, _, _):
            return Finding(ruleID: "not-utf8", severity: .error,
                           location: SourceLocation(file: file, line: 1, column: 1),
                           message: "could not read the file as text: \(problem)\(offset.map { " at offset \($0)" } ?? "")")
        default:
            return Finding(ruleID: "yaml-syntax", severity: .error,
                           location: SourceLocation(file: file, line: 1, column: 1),
                           message: "could not read YAML: \(error)")
        }
    }

    private static func hintForSyntax(_ problem: String) -> String? {
        if problem.contains("mapping values are not allowed") { return "quote values that contain ': '" }
        if problem.contains("did not find expected key") { return "check the indentation of this line and the one above" }
        return nil
    }

    /// libyaml reports a duplicate key at its first occurrence; users need the
    /// second. In a block mapping the repeat is a later line at the same column.
    private static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        for number in mark.line..<lines.count {
            let line = Array(lines[number].unicodeScalars)
            let content = line.drop { $0 == " " }
            let lineIndent = line.count - content.count
            if content.isEmpty || content.first == "#" { continue }
            if lineIndent < indent { return nil }
            guard lineIndent == indent else { continue }
            var rest = String(String.UnicodeScalarView(content))
            if rest.hasPrefix("- ") { continue }
            for quote in ["\"", "'"] where rest.hasPrefix(quote) { rest = String(rest.dropFirst()).replacingOccurrences(of: quote, with: "") }
            if rest.hasPrefix(key), rest.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                return number + 1
            }
        }
        return nil
    }
}
