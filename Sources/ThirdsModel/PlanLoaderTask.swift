import Foundation
import ThirdsCore

extension PlanLoader {
    /// An item's `text`, or for engagement that is work to do its `task`
    /// (exactly one of the two) with the task's optional `duration`. A task's
    /// words stand in the item's text, so it is placed and counted like a post.
    package static func readTextOrTask(_ reader: MappingReader, kind: ItemKind?, label: String,
                                       findings: inout FindingList) -> (text: Located<String>?, task: ItemTask?) {
        func value(_ key: String) -> Located<String>? {
            reader[key].flatMap { scalar($0, "'\(key)' of \(label)", findings: &findings) }.map { Located($0.text, at: $0.location) }
        }
        let taskAt = reader["task"] == nil ? nil : reader.keyLocation("task")
        var duration: Int?
        if let text = value("duration") {
            if taskAt == nil {
                findings.error("invalid-value", at: reader.keyLocation("duration") ?? text.location,
                               "'duration' of \(label) is only for a task: a post takes no time",
                               hint: "remove 'duration', or write the engagement as 'task: \"…\"'")
            } else if let seconds = ValueText.duration(text.value), ItemTask.durationRange.contains(seconds) {
                duration = seconds
            } else {
                findings.error("invalid-value", at: text.location,
                               "'duration' of \(label) is '\(text.value)', not a length from 5m to 8h",
                               hint: "write it as 30m, 45m or 1h30m")
            }
        }
        guard let taskAt else {
            var text = reader.require("text", findings: &findings,
                                      hint: kind == .engagement ? "or 'task: \"…\"' for engagement that is work to do, not a post" : nil) == nil ? nil : value("text")
            // A post with no words would go out empty (X and LinkedIn refuse one).
            if let empty = text, empty.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                findings.error("invalid-value", at: empty.location, "'text' of \(label) is empty: a post needs words",
                               hint: "write the post's words, such as text: \"Why queues beat batches {link}\""
                                   + (kind == .engagement ? ", or write work to do as 'task: \"…\"'" : ""))
                text = nil
            }
            return (text, nil)
        }
        let text = value("task")
        var valid = text != nil
        if let empty = text, empty.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            findings.error("invalid-value", at: empty.location, "'task' of \(label) is empty: the calendar block would say nothing",
                           hint: "say what to do, such as task: \"Reply to comments on Monday's post\"")
            valid = false
        }
        if let other = reader.keyLocation("text") {
            findings.error("invalid-value", at: other, "\(label) has both 'text' and 'task'",
                           hint: "give 'text' for a post or 'task' for work to do, not both")
            valid = false
        }
        if let kind, kind != .engagement {
            findings.error("invalid-value", at: taskAt, "'task' of \(label) is only for engagement items, and this one is \(kind.rawValue)",
                           hint: "write the post as 'text', or make the item 'kind: engagement'")
            valid = false
        }
        // A task is never published: settings about publishing would do nothing.
        for key in ["crosspost", "hashtags", "article"] {
            if let at = reader.keyLocation(key) {
                findings.error("invalid-value", at: at, "'\(key)' of \(label) has no effect: a task is not published",
                               hint: "remove '\(key)', or write a post as 'text'")
                valid = false
            }
        }
        // A link would go nowhere; the task's words are where the owner reads it.
        if let at = reader.keyLocation("link") {
            findings.error("invalid-value", at: at, "'link' of \(label) has no effect: a task is not published, so a link has nowhere to go",
                           hint: "remove 'link' and put the address in the task's words, such as task: \"Answer questions under https://…\"")
            valid = false
        }
        // Engagement happens where people reply: the blog takes articles, not replies.
        if case .scalar(let channel)? = reader["channel"], channel.text == "blog" {
            findings.error("invalid-value", at: channel.location, "channel 'blog' of \(label) is not a channel where engagement happens",
                           hint: "give the channel where the task's work is done, 'x' or 'linkedin' (leave 'channel' out for x)")
            valid = false
        }
        guard valid, let text else { return (nil, nil) }
        return (text, ItemTask(duration: duration ?? ItemTask.defaultDuration, location: taskAt,
                                    durationLocation: duration == nil ? nil : reader.keyLocation("duration")))
    }
}
