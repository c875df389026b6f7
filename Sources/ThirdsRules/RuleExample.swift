import Foundation
import ThirdsCore

/// A plan that keeps or breaks a rule, SwiftLint-style: each rule states what
/// it means by examples, and one generic test runs every rule's examples
/// through the real loader and checker. Keycap markers `1️⃣` … `9️⃣` in the
/// text (removed before checking) stand where the rule's findings are
/// reported, one finding of the rule per marker, as swift-format's tests mark
/// positions; the markers are the whole expectation, so an example without
/// markers keeps every rule in force, and one with markers breaks only this
/// rule, exactly there.
public struct RuleExample: Sendable {
    /// The plan, checked as `plan.yaml`.
    public var plan: String
    /// A schedule of the plan (`plan: plan.yaml`), checked as `schedule.yaml`
    /// instead of the plan: for what only a complete schedule shows.
    public var schedule: String?

    public init(_ plan: String, schedule: String? = nil) {
        self.plan = plan
        self.schedule = schedule
    }

    public static let planFile = "plan.yaml"
    public static let scheduleFile = "schedule.yaml"

    /// An expected finding: the rule is the example's own.
    public struct Mark: Sendable, Hashable {
        public var file: String
        public var line: Int
        public var column: Int
    }

    /// The files as checked (markers removed), the file to check, and where
    /// the findings are expected.
    public func resolved() -> (files: [String: String], checked: String, marks: [Mark]) {
        let plan = Self.unmarked(self.plan, file: Self.planFile)
        var files = [Self.planFile: plan.text]
        var marks = plan.marks
        if let schedule {
            let resolved = Self.unmarked(schedule, file: Self.scheduleFile)
            files[Self.scheduleFile] = resolved.text
            marks += resolved.marks
        }
        return (files, schedule == nil ? Self.planFile : Self.scheduleFile, marks)
    }

    /// Whether the example breaks its rule (it has markers).
    public var breaks: Bool { !resolved().marks.isEmpty }

    /// The text without its markers, and each marker's line and column,
    /// counted in Unicode scalars as libyaml counts them.
    package static func unmarked(_ text: String, file: String) -> (text: String, marks: [Mark]) {
        let scalars = Array(text.unicodeScalars)
        var clean = String.UnicodeScalarView()
        var marks: [Mark] = []
        var line = 1, column = 1, index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if ("1"..."9").contains(scalar), index + 2 < scalars.count,
               scalars[index + 1] == "\u{FE0F}", scalars[index + 2] == "\u{20E3}" {
                marks.append(Mark(file: file, line: line, column: column))
                index += 3
                continue
            }
            clean.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            index += 1
        }
        return (String(clean), marks)
    }
}

extension RuleExample {
    /// The base plan of docs/rules.md, which keeps every default rule: a
    /// London account's week 2026-W49 with three items of each kind on
    /// lines 4 to 12 and no times; examples add items after it.
    public static let base = header + items

    static let header = """
        week: 2026-W49
        account: {name: acme, timezone: Europe/London}

        """

    static let items = """
        items:
          - {id: guide, kind: content, text: "Our guide to writing queue messages"}
          - {id: myths, kind: content, text: "Three myths about call queues"}
          - {id: rotas, kind: content, text: "How we plan rotas for the winter peak"}
          - {id: ask, kind: engagement, text: "What is on your desk this week?"}
          - {id: replies, kind: engagement, text: "Replies to this week's questions"}
          - {id: shares, kind: engagement, text: "The best of the contact centre list"}
          - {id: webinar, kind: promotion, text: "Join our webinar on Thursday"}
          - {id: newsletter, kind: promotion, text: "Sign up for the newsletter"}
          - {id: case-study, kind: promotion, text: "Our new case study on repeat calls"}

        """

    /// The base plan's items with the account and rules given.
    package static func base(account: String, rules: String = "") -> String {
        "week: 2026-W49\naccount: \(account)\n" + rules + items
    }

    /// A week whose every post is pinned, one a day or so, and its schedule:
    /// `pinned` lists (id, kind, text, local time) in time order.
    package static func pinned(_ posts: [(id: String, kind: String, text: String, at: String)], marks: [String: String] = [:])
        -> (plan: String, schedule: String) {
        let plan = header + "items:\n" + posts.map {
            "  - {id: \($0.id), kind: \($0.kind), text: \"\($0.text)\", at: \($0.at)}\n"
        }.joined()
        // London is UTC in December: the local times are the UTC instants.
        let schedule = "format: thirds-schedule/2\nplan: plan.yaml\nposts:\n" + posts.map {
            "  - \(marks[$0.id] ?? ""){id: \($0.id), at: \($0.at):00Z}\n"
        }.joined()
        return (plan, schedule)
    }
}
