import Foundation
import ThirdsCore
import ThirdsModel
import ThirdsCheck
import ThirdsExport

/// `thirds schedule --check`: every file the run would write, compared
/// byte for byte with the one on disk, and the files of `blog/` it would no
/// longer write. Nothing is written.
///
/// The calendar's `DTSTAMP` and `SEQUENCE` and the manifest's `generated_at`
/// hold the export time. With `SOURCE_DATE_EPOCH` set, the fresh files carry
/// that time, and a committed file of another time is stale. Without it, each
/// folder's files are made again with the time they already carry (the
/// calendar's first `DTSTAMP`, else the manifest's `generated_at`): an
/// unchanged plan is up to date however long ago it was written, and any
/// other difference, in those lines too, is stale.
public enum OutputCheck {
    public struct Difference: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// On disk, with other bytes than the run would write.
            case stale
            /// The run would write it; it is not there.
            case missing
            /// Under `blog/`, and the run would not write it (the writer keeps
            /// such files, so only deleting it makes the folder fresh).
            case extra
        }

        public var path: String
        public var kind: Kind

        public var line: String {
            switch kind {
            case .stale, .missing: "\(TerminalText.escaped(path)): \(kind.rawValue); run 'thirds schedule' again and commit the result"
            case .extra: "\(TerminalText.escaped(path)): extra; 'thirds schedule' no longer writes it (and keeps what it does not write): delete it"
            }
        }
    }

    /// The folders of a plan's output that hold only what `thirds schedule`
    /// writes (`thirds export` writes the same files there).
    package static let ownedFolders = ["blog"]

    /// How `set` differs from the files on disk, folder by folder, each
    /// folder's paths in order. A file that exists but cannot be read throws.
    public static func differences(_ set: OutputSet) throws -> [Difference] {
        var differences: [Difference] = []
        for folder in set.folders {
            var found: [Difference] = []
            for (file, path) in zip(folder.files, folder.paths) {
                guard AtomicWriter.exists(path) else {
                    found.append(Difference(path: path, kind: .missing))
                    continue
                }
                if try read(path) != file.contents { found.append(Difference(path: path, kind: .stale)) }
            }
            let written = Set(folder.files.map(\.path))
            for owned in ownedFolders {
                for relative in try filesBelow(folder.path, owned) where !written.contains(relative) {
                    found.append(Difference(path: folder.path == "." ? relative : folder.path + "/" + relative, kind: .extra))
                }
            }
            differences += found.sorted { $0.path < $1.path }
        }
        for file in set.singles where AtomicWriter.exists(file.path) ? try read(file.path) != file.contents : true {
            differences.append(Difference(path: file.path, kind: AtomicWriter.exists(file.path) ? .stale : .missing))
        }
        return differences
    }

    package static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AtomicWriter.Failure(action: "read", path: path, reason: AtomicWriter.reason(of: error))
        }
    }

    /// Files (and links) below `folder/relative`, relative to `folder`;
    /// links are not followed, staging items of a killed run are skipped. A
    /// folder that cannot be listed throws.
    package static func filesBelow(_ folder: String, _ relative: String) throws -> [String] {
        let path = folder == "." ? relative : folder + "/" + relative
        guard AtomicWriter.kind(of: path) == S_IFDIR else { return [] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw AtomicWriter.Failure(action: "read folder", path: path, reason: AtomicWriter.reason(of: error))
        }
        var files: [String] = []
        for entry in entries.sorted() where !entry.contains(AtomicWriter.stagingMark) {
            let inner = relative + "/" + entry
            if AtomicWriter.kind(of: (folder == "." ? "" : folder + "/") + inner) == S_IFDIR {
                files += try filesBelow(folder, inner)
            } else {
                files.append(inner)
            }
        }
        return files
    }

    /// The export time the files in `folder` carry: the calendar's first
    /// `DTSTAMP`, else the manifest's `generated_at`; nil when neither holds one.
    public static func recordedGenerationTime(inFolder folder: String) -> Date? {
        let prefix = folder == "." ? "" : folder + "/"
        if let calendar = try? String(contentsOfFile: prefix + ICalendarExport.fileName, encoding: .utf8),
           let line = calendar.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("DTSTAMP:") }),
           let time = calendarTime(String(line.dropFirst("DTSTAMP:".count))) {
            return time
        }
        struct Manifest: Decodable { var generated_at: String }
        if let data = try? Data(contentsOf: URL(fileURLWithPath: prefix + CrosspostExport.manifestPath)),
           let manifest = try? JSONDecoder().decode(Manifest.self, from: data) {
            return ScheduleVerifier.utcInstant(manifest.generated_at)
        }
        return nil
    }

    /// `20261129T000000Z` (an iCalendar UTC date-time) as an instant.
    package static func calendarTime(_ text: String) -> Date? {
        let characters = Array(text)
        guard characters.count == 16, characters[8] == "T", characters[15] == "Z",
              characters.enumerated().allSatisfy({ [8, 15].contains($0.offset) || $0.element.isASCII && $0.element.isNumber }) else { return nil }
        func digits(_ range: Range<Int>) -> String { String(characters[range]) }
        return ScheduleVerifier.utcInstant("\(digits(0..<4))-\(digits(4..<6))-\(digits(6..<8))T\(digits(9..<11)):\(digits(11..<13)):\(digits(13..<15))Z")
    }
}
