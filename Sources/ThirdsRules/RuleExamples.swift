import Foundation

// Each rule's examples (see `RuleExample`): plans that keep it and plans
// that break it, with a keycap marker where each finding is reported. They
// live beside each other here, as extensions of the rule types, so the rule
// files stay about the rules' logic.

extension ThirdsRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base),
            // No engagement at all: no selection of the items can meet the shares.
            RuleExample("""
                1️⃣week: 2026-W49
                account: {name: acme, timezone: Europe/London}
                items:
                  - {id: guide, kind: content, text: "Our guide to writing queue messages"}
                  - {id: myths, kind: content, text: "Three myths about call queues"}
                  - {id: rotas, kind: content, text: "How we plan rotas for the winter peak"}
                  - {id: metrics, kind: content, text: "The metric your customers feel"}
                  - {id: webinar, kind: promotion, text: "Join our webinar on Thursday"}
                  - {id: newsletter, kind: promotion, text: "Sign up for the newsletter"}
                  - {id: case-study, kind: promotion, text: "Our new case study on repeat calls"}
                """),
            // Too much promotion: the least important one waits.
            RuleExample(RuleExample.base + """
                  - 1️⃣{id: podcast, kind: promotion, text: "New episode of our podcast", priority: low}
                  - {id: offer, kind: promotion, text: "A free queue audit for five teams"}
                """),
        ]
    }
}

extension DailyLimitRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base + """
                  - {id: mon-1, kind: content, text: "Monday morning reading", at: 2026-11-30T08:00}
                  - {id: mon-2, kind: engagement, text: "Monday questions", at: 2026-11-30T10:00}
                  - {id: mon-3, kind: promotion, text: "Monday offer", at: 2026-11-30T12:00}
                """),
            // Five pinned on Monday: reported at the first of them.
            RuleExample(RuleExample.base + """
                  - 1️⃣{id: mon-1, kind: content, text: "Monday morning reading", at: 2026-11-30T08:00}
                  - {id: mon-2, kind: engagement, text: "Monday questions", at: 2026-11-30T10:00}
                  - {id: mon-3, kind: content, text: "Monday lunchtime chart", at: 2026-11-30T12:00}
                  - {id: mon-4, kind: engagement, text: "Monday replies", at: 2026-11-30T14:00}
                  - {id: mon-5, kind: promotion, text: "Monday offer", at: 2026-11-30T16:00}
                """),
            // Six posts cannot cover seven days.
            RuleExample("""
                1️⃣week: 2026-W49
                account: {name: acme, timezone: Europe/London}
                items:
                  - {id: guide, kind: content, text: "Our guide to writing queue messages"}
                  - {id: myths, kind: content, text: "Three myths about call queues"}
                  - {id: ask, kind: engagement, text: "What is on your desk this week?"}
                  - {id: replies, kind: engagement, text: "Replies to this week's questions"}
                  - {id: webinar, kind: promotion, text: "Join our webinar on Thursday"}
                  - {id: newsletter, kind: promotion, text: "Sign up for the newsletter"}
                """),
        ]
    }
}

extension MinGapRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base + """
                  - {id: early, kind: content, text: "Early reading", at: 2026-12-01T09:00}
                  - {id: later, kind: engagement, text: "Ninety minutes later", at: 2026-12-01T10:30}
                """),
            // Reported at the later post of the pair.
            RuleExample(RuleExample.base + """
                  - {id: early, kind: content, text: "Early reading", at: 2026-12-01T09:00}
                  - 1️⃣{id: soon, kind: engagement, text: "Too soon after", at: 2026-12-01T09:45}
                """),
        ]
    }
}

extension QuietHoursRule {
    static let switchedOn = """
        rules:
          rules:
            quiet-hours: {severity: error}

        """

    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base(account: "{name: acme, timezone: Europe/London}", rules: switchedOn) + """
                  - {id: evening, kind: content, text: "For the evening shift", at: 2026-12-01T22:45}
                """),
            RuleExample(RuleExample.base(account: "{name: acme, timezone: Europe/London}", rules: switchedOn) + """
                  - 1️⃣{id: night-owl, kind: content, text: "For the night shift", at: 2026-12-01T23:30}
                """),
        ]
    }
}

extension PromotionStreakRule {
    package static let week: [(id: String, kind: String, text: String, at: String)] = [
        ("guide", "content", "Our guide to writing queue messages", "2026-11-30T08:00"),
        ("ask", "engagement", "What is on your desk this week?", "2026-12-01T12:30"),
        ("myths", "content", "Three myths about call queues", "2026-12-02T17:15"),
        ("webinar", "promotion", "Join our webinar on Thursday", "2026-12-03T07:45"),
        ("newsletter", "promotion", "Sign up for the newsletter", "2026-12-03T13:00"),
        ("replies", "engagement", "Replies to this week's questions", "2026-12-04T10:00"),
        ("shares", "engagement", "The best of the contact centre list", "2026-12-05T11:00"),
        ("rotas", "content", "How we plan rotas for the winter peak", "2026-12-06T19:00"),
        ("case-study", "promotion", "Our new case study on repeat calls", "2026-12-06T21:00"),
    ]

    public static var examples: [RuleExample] {
        // The same week with the newsletter on Friday afternoon, after the replies.
        var apart = week
        apart[4].at = "2026-12-04T13:00"
        apart.swapAt(4, 5)
        let kept = RuleExample.pinned(apart)
        // Webinar and newsletter one after the other: reported at the first of the run.
        let broken = RuleExample.pinned(week, marks: ["webinar": "1️⃣"])
        return [
            RuleExample(kept.plan, schedule: kept.schedule),
            RuleExample(broken.plan, schedule: broken.schedule),
            // A plan alone never breaks it: a post placed between could break the run.
            RuleExample(broken.plan),
        ]
    }
}

extension DuplicateTextRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base),
            // Case, punctuation and web addresses aside, the same words: reported at the later text.
            RuleExample("""
                week: 2026-W49
                account: {name: acme, timezone: Europe/London}
                items:
                  - {id: guide, kind: content, text: "Our guide to writing queue messages"}
                  - {id: myths, kind: content, text: "Three myths about call queues"}
                  - {id: rotas, kind: content, text: "How we plan rotas for the winter peak"}
                  - {id: ask, kind: engagement, text: "What is on your desk this week?"}
                  - {id: replies, kind: engagement, text: "Replies to this week's questions"}
                  - {id: shares, kind: engagement, text: "The best of the contact centre list"}
                  - {id: webinar, kind: promotion, text: "Join our webinar on Thursday"}
                  - {id: newsletter, kind: promotion, text: "Sign up for the newsletter"}
                  - {id: newsletter-copy, kind: promotion, text: 1️⃣"sign up for the NEWSLETTER!! https://example.com/news"}
                """),
        ]
    }
}

extension HashtagsRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base + """
                  - {id: tagged, kind: content, text: "Queue messages that work #custserv", hashtags: [contactcentre]}
                """),
            // Reported at the item's first extra tag.
            RuleExample(RuleExample.base + """
                  - {id: tagged, kind: content, text: "Queue messages that work #custserv", hashtags: [1️⃣contactcentre, cx]}
                """),
        ]
    }
}

extension TextLengthRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base + """
                  - id: notes
                    kind: content
                    text: "We listened to 400 calls from the winter peak. Full notes and the rota we now use: {link}"
                    link: https://example.com/notes/winter-peak-rota
                """),
            // 291 characters and a link of 23: over X's 280.
            RuleExample(RuleExample.base + """
                  - id: essay
                    kind: content
                    text: 1️⃣"We listened to 400 calls from the winter peak. The longest waits were not at 9am but straight after lunch, when half the team was on a break and the callback queue had not been cleared. Moving two breaks by twenty minutes cut the average wait by a third. Full notes and the rota we now use: {link}"
                    link: https://example.com/notes/winter-peak-rota
                """),
        ]
    }
}

extension RampUpRule {
    package static let newAccount = "{name: acme, timezone: Europe/London, since: 2026-11-02}"

    public static var examples: [RuleExample] {
        [
            // A four-week-old account with the targets of rules/new-account.yaml and one promotion in seven.
            RuleExample("""
                week: 2026-W49
                account: \(newAccount)
                rules:
                  rules:
                    thirds: {content: 0.4, engagement: 0.45, promotion: 0.15}
                items:
                  - {id: guide, kind: content, text: "Our guide to writing queue messages"}
                  - {id: myths, kind: content, text: "Three myths about call queues"}
                  - {id: rotas, kind: content, text: "How we plan rotas for the winter peak"}
                  - {id: ask, kind: engagement, text: "What is on your desk this week?"}
                  - {id: replies, kind: engagement, text: "Replies to this week's questions"}
                  - {id: shares, kind: engagement, text: "The best of the contact centre list"}
                  - {id: webinar, kind: promotion, text: "Join our webinar on Thursday"}
                """),
            // Without thirds, ramp-up alone keeps two of the three promotions back.
            RuleExample(RuleExample.base(account: newAccount, rules: """
                rules:
                  rules:
                    thirds: off

                """).replacingOccurrences(of: "  - {id: newsletter", with: "  - 1️⃣{id: newsletter")
                .replacingOccurrences(of: "  - {id: case-study", with: "  - 2️⃣{id: case-study")),
        ]
    }
}

extension CoverageRule {
    package static func singaporePlan(marked: Bool, items: [(id: String, kind: String, text: String, audience: String)]) -> String {
        RuleExample.header + """
            audiences:
              uk: {timezone: Europe/London, size: 144, weight: 1}
              \(marked ? "1️⃣" : "")singapore: {timezone: Asia/Singapore, size: 40, weight: 3}
            items:

            """ + items.map { "  - {id: \($0.id), kind: \($0.kind), text: \"\($0.text)\", audiences: [\($0.audience)]}\n" }.joined()
    }

    public static var examples: [RuleExample] {
        [
            // A Singapore audience of weight 3 with three items of its own.
            RuleExample(singaporePlan(marked: false, items: [
                ("guide", "content", "Our guide to writing queue messages", "uk"),
                ("myths", "content", "Three myths about call queues", "uk"),
                ("asia-hello", "content", "Good morning Singapore", "singapore"),
                ("ask", "engagement", "What is on your desk this week?", "uk"),
                ("replies", "engagement", "Replies to this week's questions", "uk"),
                ("asia-ask", "engagement", "Singapore, what is on your desk?", "singapore"),
                ("webinar", "promotion", "Join our webinar on Thursday", "uk"),
                ("newsletter", "promotion", "Sign up for the newsletter", "uk"),
                ("asia-offer", "promotion", "Our webinar at a Singapore hour", "singapore"),
            ])),
            // Only one item for it: reported at the audience.
            RuleExample(singaporePlan(marked: true, items: [
                ("guide", "content", "Our guide to writing queue messages", "uk"),
                ("myths", "content", "Three myths about call queues", "uk"),
                ("asia-hello", "content", "Good morning Singapore", "singapore"),
                ("ask", "engagement", "What is on your desk this week?", "uk"),
                ("replies", "engagement", "Replies to this week's questions", "uk"),
                ("shares", "engagement", "The best of the contact centre list", "uk"),
                ("webinar", "promotion", "Join our webinar on Thursday", "uk"),
                ("newsletter", "promotion", "Sign up for the newsletter", "uk"),
                ("case-study", "promotion", "Our new case study on repeat calls", "uk"),
            ])),
        ]
    }
}

extension SpreadRule {
    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base + """
                  - {id: mon-nine, kind: content, text: "Monday at nine", at: 2026-11-30T09:00}
                  - {id: tue-nine, kind: engagement, text: "Tuesday at nine", at: 2026-12-01T09:15}
                  - {id: wed-ten, kind: promotion, text: "Wednesday at ten", at: 2026-12-02T10:00}
                """),
            // Three at nine o'clock: reported at the first of them.
            RuleExample(RuleExample.base + """
                  - 1️⃣{id: mon-nine, kind: content, text: "Monday at nine", at: 2026-11-30T09:00}
                  - {id: tue-nine, kind: engagement, text: "Tuesday at nine", at: 2026-12-01T09:15}
                  - {id: wed-nine, kind: promotion, text: "Wednesday at nine", at: 2026-12-02T09:45}
                """),
        ]
    }
}

extension AvailabilityRule {
    package static let weekdays = "{name: acme, timezone: Europe/London, available: \"Mon-Fri 08:00-18:00\"}"

    public static var examples: [RuleExample] {
        [
            RuleExample(RuleExample.base(account: weekdays) + """
                  - {id: tuesday-chat, kind: engagement, text: "Tuesday chat", at: 2026-12-01T10:00}
                  - {id: tuesday-tip, kind: content, text: "A Tuesday tip", at: 2026-12-01T19:00}
                  - {id: tuesday-offer, kind: promotion, text: "A Tuesday offer", at: 2026-12-01T21:00}
                """),
            // A pinned engagement post at the weekend, and one whose window holds no available time.
            RuleExample("""
                week: 2026-W49
                account: \(weekdays)
                items:
                  - {id: guide, kind: content, text: "Our guide to writing queue messages"}
                  - {id: myths, kind: content, text: "Three myths about call queues"}
                  - {id: rotas, kind: content, text: "How we plan rotas for the winter peak"}
                  - {id: ask, kind: engagement, text: "What is on your desk this week?"}
                  - 1️⃣{id: saturday-chat, kind: engagement, text: "Saturday chat", at: 2026-12-05T10:00}
                  - 2️⃣{id: evening-replies, kind: engagement, text: "Evening replies", not_before: 2026-12-01T19:00, not_after: 2026-12-01T23:00}
                  - {id: webinar, kind: promotion, text: "Join our webinar on Thursday"}
                  - {id: newsletter, kind: promotion, text: "Sign up for the newsletter"}
                  - {id: case-study, kind: promotion, text: "Our new case study on repeat calls"}
                """),
        ]
    }
}
