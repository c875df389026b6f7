import Foundation
import Testing
import Yams
@testable import ThirdsCore
@testable import ThirdsText
@testable import ThirdsModel
@testable import ThirdsSchedule
@testable import ThirdsExport
@testable import ThirdsReport
@testable import ThirdsKit

/// Swift refuses noncharacters in string literals.
func nonchar(_ code: UInt32) -> String { String(Unicode.Scalar(code)!) }

// MARK: - Characters refused at load

@Suite("Control characters, noncharacters and U+FEFF are refused at load, at their position")
struct InvalidCharacterTests {
    /// A plan whose first item's title is `title` (written as is into a double-quoted value).
    func planWithTitle(_ title: String) -> String {
        plan(items: "  - {id: a, kind: content, text: \"Hello\", title: \"\(title)\"}")
    }

    @Test(arguments: [
        (#"Hi ⟨invalid-character⟩\uFFFE there"#, "U+FFFE, a noncharacter, written '\\uFFFE'"),
        (#"Hi ⟨invalid-character⟩\uffff"#, "U+FFFF, a noncharacter, written '\\uffff'"),
        (#"a ⟨invalid-character⟩\0 b"#, "U+0000, a control character, written '\\0'"),
        (#"⟨invalid-character⟩\e[31m red"#, "U+001B, a control character, written '\\e'"),
        (#"bell ⟨invalid-character⟩\a"#, "U+0007, a control character, written '\\a'"),
        (#"back ⟨invalid-character⟩\b"#, "U+0008, a control character, written '\\b'"),
        (#"next ⟨invalid-character⟩\x85 line"#, "U+0085, a control character, written '\\x85'"),
        (#"plane one ⟨invalid-character⟩\U0001FFFE"#, "U+1FFFE, a noncharacter, written '\\U0001FFFE'"),
        (#"zwnbsp ⟨invalid-character⟩\uFEFF"#, "U+FEFF, a zero-width no-break space"),
        // An escaped backslash is not an escape: the finding is at the real one after it.
        (#"path C:\\e and ⟨invalid-character⟩\e"#, "U+001B"),
    ])
    func escapeInQuotedValue(_ title: String, _ message: String) {
        expectFinding("invalid-character", in: Marked(planWithTitle(title)), message: message)
    }

    @Test func escapeOnALaterLineOfAQuotedValue() {
        // The title's second line holds the escape.
        let text = plan(items: "  - id: a\n    kind: content\n    text: Hello\n    title: \"one \\\" line\n      two ⟨invalid-character⟩\\x07\"")
        expectFinding("invalid-character", in: Marked(text), message: "U+0007, a control character, written '\\x07'")
    }

    @Test(arguments: [
        (0xFFFF, "U+FFFF, a noncharacter"), (0xFFFE, "U+FFFE, a noncharacter"),
        (0x85, "U+0085, a control character"), (0x9B, "U+009B, a control character"),
        (0x7F, "U+007F, a control character"), (0xFDD0, "U+FDD0, a noncharacter"),
        (0x10FFFF, "U+10FFFF, a noncharacter"), (0xFEFF, "U+FEFF, a zero-width no-break space"),
    ] as [(UInt32, String)])
    func rawCharacter(_ code: UInt32, _ message: String) throws {
        // Written as itself, in a plain value and in a comment alike; libyaml used to call some of
        // these "not-utf8 … control characters are not allowed".
        let character = String(try #require(Unicode.Scalar(code)))
        let marked = Marked("week: 2026-W49\nitems:\n  - text: ok ⟨invalid-character⟩\(character) text\n")
        let finding = YAMLReader.read(Data(marked.text.utf8), file: "raw.yaml").failure
        #expect(finding?.ruleID == "invalid-character")
        #expect(finding?.location == SourceLocation(file: "raw.yaml", line: 3, column: 14))
        #expect(finding?.message.hasPrefix("file holds \(message)") == true, "\(finding?.message ?? "")")
        let comment = YAMLReader.read(Data("# note \(character)\nweek: 2026-W49\n".utf8), file: "c.yaml").failure
        #expect(comment?.ruleID == "invalid-character" && comment?.location.line == 1 && comment?.location.column == 8)
    }

    @Test func textCharactersPass() {
        // Tab, line breaks (raw or escaped), a byte order mark at the start, and ordinary
        // invisible characters such as U+200D and U+2060 are text.
        let bom = "\u{FEFF}" + plan(items: "  - {id: a, kind: content, text: \"tab\\there\\nline\\r\\u2060 👩\u{200D}💻\"}")
        let report = check(bom)
        #expect(!report.findings.contains { $0.ruleID == "invalid-character" }, "\(describe(report))")
    }

    @Test func catalogueAndDocsName() throws {
        #expect(Diagnostics.catalogue.contains { $0.id == "invalid-character" && $0.severity == .error })
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let docs = try String(contentsOf: root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        #expect(docs.contains("### invalid-character"))
    }
}

// MARK: - Escaping in the exports

@Suite("Exports escape what Jekyll, Hugo and YAML would misread")
struct ExportEscapingTests {
    @Test func jekyllWrapsLiquidInRaw() {
        #expect(BlogPost.markdown(from: "Use {% if %} here") == "Use \\{% if %\\} here\n")
        #expect(BlogPost.liquidRaw("Use \\{% if %\\} here\n") == "{% raw %}Use \\{% if %\\} here\n{% endraw %}\n")
        // "{{" is defused by escaping already, yet wrapped all the same.
        #expect(BlogPost.liquidRaw("a \\{\\{ b\n") == "a \\{\\{ b\n")
        #expect(BlogPost.liquidRaw("a {{ b\n") == "{% raw %}a {{ b\n{% endraw %}\n")
        #expect(BlogPost.liquidRaw("plain text\n") == "plain text\n")
    }

    @Test func literalEndrawCannotCloseTheRawBlock() {
        // The text's own "{% endraw %}" keeps its braces escaped: no "%}" of the text's own ends the block.
        let body = BlogPost.markdown(from: "stop {% endraw %} {{ x }} at https://x.example/a{%endraw%}b")
        #expect(body == "stop \\{% endraw %\\} \\{\\{ x \\}\\} at <https://x.example/a%7B%endraw%%7Db>\n")
        #expect(!body.contains("%}"))
    }

    @Test(arguments: ["hugo", "jekyll"])
    func markdownFileBody(engine: String) throws {
        let clock = ZoneClock(try #require(TimeZone(identifier: "Europe/London")))
        let file = BlogPost.markdownFile(engine: engine, slug: "s", title: "T {% x %}", instant: Date(timeIntervalSince1970: 1_796_115_600),
                                         clock: clock, tags: [], description: nil,
                                         body: BlogPost.markdown(from: "Hi {% x %} and {{< yt >}}"))
        let body = try #require(file.contents.components(separatedBy: "---\n\n").last)
        if engine == "jekyll" {
            #expect(body == "{% raw %}Hi \\{% x %\\} and \\{\\{\\< yt \\>\\}\\}\n{% endraw %}\n")
        } else {
            // Hugo's shortcodes open with "{{<" or "{{%": the escaped "\{\{\<" is neither.
            #expect(body == "Hi \\{% x %\\} and \\{\\{\\< yt \\>\\}\\}\n")
        }
        #expect(file.contents.contains("title: \"T {% x %}\"\n"))
    }

    @Test func frontMatterEscapesControlsAndNoncharacters() throws {
        let odd = "a" + nonchar(0xFFFE) + "b\u{0}c\u{1B}d\u{7}e\u{8}f\u{FEFF}g" + nonchar(0x1FFFE) + "h\u{85}i\u{9B}j"
        let quoted = CrosspostText.yamlQuoted(odd)
        #expect(quoted == #""a\uFFFEb\u0000c\u001Bd\u0007e\u0008f\uFEFFg\U0001FFFEh\Ni\u009Bj""#)
        // Nothing but printable text in the file; it reads back exactly.
        #expect(quoted.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
        #expect(try Yams.load(yaml: "title: " + quoted) as? [String: String] == ["title": odd])
    }

    @Test func markdownBodyWritesCharacterReferences() {
        #expect(BlogPost.markdown(from: "a\u{0}b\u{1B}c" + nonchar(0xFFFF) + "d") == "a&#x0;b&#x1B;c&#xFFFF;d\n")
    }

    @Test func iCalendarDropsThem() {
        #expect(ICalendarText.escape("a\u{0}b\u{85}c" + nonchar(0xFFFE) + "d\u{FEFF}e\tf") == "abcde\tf")
    }
}

// MARK: - X: recognised emoji sequences and invalid characters

@Suite("X weighs an emoji sequence as 2 only when Unicode's data lists it")
struct XEmojiSequenceTests {
    // Each length worked by hand: an emoji that twitter-text-parser's data (emoji-test.txt,
    // Emoji 12.0) lists weighs 2; ZWJ (U+200D, in the weight-100 range 8192-8205) weighs 1;
    // any other code point outside the weight-100 ranges weighs 2.
    @Test(arguments: [
        // 💻 (2) + ZWJ (1) + the Scotland flag, a listed tag sequence (2).
        ("💻\u{200D}🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", 5),
        // Listed ZWJ sequences: family, woman technologist, rainbow flag (with and without VS16).
        ("👨\u{200D}👩\u{200D}👧\u{200D}👦", 2), ("👩\u{200D}💻", 2), ("🏳️\u{200D}🌈", 2), ("🏳\u{200D}🌈", 2),
        // Not in Emoji 12.0: ❤️ (listed 2764 FE0F, 2) + ZWJ (1) + 🔥 (2); 🧑🏾 (2) + ZWJ (1) + 💻 (2).
        ("❤️\u{200D}🔥", 5), ("🧑🏾\u{200D}💻", 5),
        // Two of the same joined: 👍 + ZWJ + 👍.
        ("👍\u{200D}👍", 5),
        // A lone ZWJ weighs 1.
        ("\u{200D}", 1),
        // Regional indicators A A are no flag: two code points of 2.
        ("\u{1F1E6}\u{1F1E6}", 4), ("🇫🇷", 2),
        // Texas (US-TX) is no listed subdivision flag: 🏴 (2) and five tag characters of 2 each.
        ("🏴\u{E0075}\u{E0073}\u{E0074}\u{E0078}\u{E007F}", 12),
        // © and ® are listed single emoji (unqualified), so 2 although in the weight-100 range.
        ("©", 2), ("®", 2), ("©\u{FE0F}", 2),
        // Keycaps with and without VS16 are listed.
        ("1\u{20E3}", 2), ("1\u{FE0F}\u{20E3}", 2),
        // CRLF counts as one line break.
        ("a\r\nb", 3), ("a\rb", 3),
    ])
    func handWorkedLengths(_ text: String, _ expected: Int) {
        #expect(XText.weightedLength(text) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func aZWJChainOfUnrelatedEmojiCanPassTheLimit() {
        // 56 chains of 💻 ZWJ 🏴󠁧󠁢󠁳󠁣󠁴󠁿 weigh 56 × 5 = 280; counted as one emoji each they were 112.
        let chain = "💻\u{200D}🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"
        #expect(XText.weightedLength(String(repeating: chain, count: 56)) == 280)
        #expect(XText.isValid(String(repeating: chain, count: 56)))
        #expect(!XText.isValid(String(repeating: chain, count: 56) + "a"))
    }

    @Test func invalidCharactersMakeAPostInvalid() {
        // twitter-text's "Handle invalid characters": U+FFFE, U+FEFF, U+FFFF.
        #expect(!XText.isValid("a" + nonchar(0xFFFE) + "b") && !XText.isValid("\u{FEFF}") && !XText.isValid("x" + nonchar(0xFFFF)))
        #expect(XText.weightedLength("a" + nonchar(0xFFFE)) == 3)
        #expect(XText.invalidCharacters(in: "ab\u{FEFF}c" + nonchar(0xFFFF)).map(\.offset) == [2, 4])
        #expect(!XText.isValid(""))
        #expect(XText.isValid(" "))
        #expect(XText.isValid(String(repeating: "x", count: 280)) && !XText.isValid(String(repeating: "x", count: 281)))
    }
}

@Suite("thirds measure (hidden, for the differential test against twitter-text-parser)")
struct MeasureCommandTests {
    @Test func measuresJSONStringLines() throws {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["measure"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // 💻 ZWJ 🏴󠁧󠁢󠁳󠁣󠁴󠁿 is 5; U+FEFF weighs 2 and makes the post invalid; 281 x's are over the limit.
        let lines = [#""💻\u200d🏴\udb40\udc67\udb40\udc62\udb40\udc73\udb40\udc63\udb40\udc74\udb40\udc7f""#, #""\ufeff""#,
                     "\"" + String(repeating: "x", count: 281) + "\""]
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(answer == """
            {"valid":true,"weightedLength":5}
            {"valid":false,"weightedLength":2}
            {"valid":false,"weightedLength":281}

            """)
        let help = try CLITests.run(["--help"])
        #expect(!help.stdout.contains("measure"))
    }
}
