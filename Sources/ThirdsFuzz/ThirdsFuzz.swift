import Foundation
import ThirdsText
import ThirdsModel
import ThirdsRules
import ThirdsSolve
import ThirdsSchedule
import ThirdsCheck
import ThirdsExport
import ThirdsReport
import ThirdsKit
import ThirdsLearn

// The libFuzzer entry point for `.ci/fuzz.sh` (see docs/diagnostics.md#fuzzing).
// libFuzzer supplies `main`, so this target exists only when the package is
// built with THIRDS_FUZZ set and `-sanitize=fuzzer`.
//
// An input is one or more in-memory files. The bytes up to the first line
// `#@file NAME` are `plan.yaml`; each such line starts a file called NAME,
// so a plan can bring its rules (`#@file rules.yaml`, or
// `#@file ../rules/default.yaml` for a plan from plans/). Paths are resolved
// by the loader as on disk, but nothing touches the file system. With one
// file it is checked as `thirds check plan.yaml`; with several, as a
// directory (`thirds check .`), so the weeks-in-sequence path runs too.
// THIRDS_FUZZ_SOLVE=1 also schedules every plan that checks clean (a small,
// fixed search effort) and renders its schedule, explanations and every export.

@_cdecl("LLVMFuzzerTestOneInput")
public func thirdsFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzCase(bytes).run()
    return 0
}

// A debug build of an executable target has its entry point renamed to
// `ThirdsFuzz_main` (SwiftPM links it with `--defsym main=ThirdsFuzz_main`),
// which would leave libFuzzer's own `main` unused; this one starts libFuzzer
// the same way. A release build links libFuzzer's `main` and ignores it.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("ThirdsFuzz_main")
public func thirdsFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, thirdsFuzzOneInput)
}

private let solving = ProcessInfo.processInfo.environment["THIRDS_FUZZ_SOLVE"].map { !$0.isEmpty && $0 != "0" } ?? false

struct FuzzCase {
    static let marker = Array("#@file ".utf8)
    /// More files than a real plan folder needs only slow the fuzzer down.
    static let maxFiles = 8

    var files: [(name: String, data: Data)] = []

    init(_ bytes: [UInt8]) {
        var name = "plan.yaml"
        var current: [UInt8] = []
        var lineStart = 0
        while lineStart < bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = newline ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if files.count + 1 < Self.maxFiles, line.starts(with: Self.marker),
               let next = String(bytes: line.dropFirst(Self.marker.count), encoding: .utf8), !next.isEmpty {
                files.append((name, Data(current)))
                name = next
                current = []
            } else {
                current += bytes[lineStart..<min(lineEnd + 1, bytes.count)]
            }
            lineStart = lineEnd + 1
        }
        files.append((name, Data(current)))
    }

    func run() {
        // Files named *.csv are analytics exports (`thirds learn`): any bytes give posts or findings.
        let analytics = files.filter { $0.name.hasSuffix(".csv") }.map { AnalyticsInput(name: $0.name, data: $0.data) }
        if !analytics.isEmpty { _ = AnalyticsReader.read(analytics) }
        var byPath: [String: Data] = [:]
        for file in files where byPath[Paths.normalise(file.name)] == nil {
            byPath[Paths.normalise(file.name)] = file.data
        }
        let contents = byPath
        let workspace = Workspace { path in
            guard let data = contents[path] else { throw CocoaError(.fileNoSuchFile) }
            return data
        }
        let names = files.map { Paths.normalise($0.name) }
        let group = names.count == 1
            ? FileGroup(directory: nil, files: names)
            : FileGroup(directory: ".", files: Array(Set(names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") })).sorted())
        let report = Checker.check(groups: [group], workspace: workspace)
        // The reporters echo every text a plan can hold.
        // Every report must encode: a failure here is a finding.
        for format in ReportFormat.allCases {
            do { _ = try format.render(report, color: format == .text) } catch { fatalError("a report did not encode: \(error)") }
        }
        guard solving, report.errorCount == 0 else { return }
        var seen = Set<String>()
        let generatedAt = Date(timeIntervalSince1970: 1_795_910_400)
        for sequence in Checker.load(group, workspace: workspace, seen: &seen).sequences {
            var history: [Post] = []
            for (plan, occurrences) in sequence {
                let schedule = Scheduler.schedule(PlanContext(plan: plan, occurrences: occurrences, history: history),
                                                  options: SolveOptions(seed: 1, moves: 200, timeLimit: 1))
                let document = ScheduleDocument(schedule, planPath: plan.file)
                // A plan that passed the check must encode: a failure here is a finding.
                do {
                    _ = try document.yaml()
                    _ = try document.json()
                } catch {
                    fatalError("a checked plan's schedule did not encode: \(error)")
                }
                _ = WeekView.render(schedule, color: true) + WeekView.list(schedule) + WeekView.scoreLine(schedule)
                for occurrence in occurrences { _ = Scheduler.explain(schedule, occurrenceID: occurrence.id) }
                do { _ = try ExportKind.run(ExportKind.allCases, ExportInput(schedule, generatedAt: generatedAt)) } catch {
                    fatalError("a checked plan's exports did not encode: \(error)")
                }
                history += schedule.posts.map { Post(occurrence: $0.occurrence, instant: $0.candidate.instant, local: $0.candidate.local) }
            }
        }
    }
}
