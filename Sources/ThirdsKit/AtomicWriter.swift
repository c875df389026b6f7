import Foundation
import ThirdsCore
import ThirdsText
import ThirdsModel
import ThirdsSchedule
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an `OutputSet` so that each folder appears whole or not at all.
///
/// Each folder is built complete beside its target, as
/// `.<name>.thirds-new-<id>`: the new files, and the files of the old folder
/// this run does not rewrite (carried over, so that a bulk CSV written by
/// `thirds export` survives the next `thirds schedule`). The new folder then
/// takes the old one's place in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`; elsewhere the old folder is renamed aside and the new
/// one in, and a run killed between the two is repaired by the next run).
/// When one folder of a set fails, those already swapped are swapped back.
/// Each run first removes the `.<name>.thirds-*` items a killed run left.
/// Symbolic links are never followed: one in place of a folder thirds
/// writes (the plan's folder, `blog/`) is refused.
public enum AtomicWriter {
    /// A file operation failed: the path and the system's reason.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var action: String
        public var path: String
        public var reason: String

        public var description: String { "cannot \(action) '\(TerminalText.escaped(path))': \(reason)" }
    }

    /// The renames a write makes, replaceable so that tests can make one fail.
    public struct Hooks: Sendable {
        /// Called before each rename that puts new files in place (its target);
        /// a non-zero `errno` makes that rename fail with it.
        public var beforeSwap: @Sendable (String) -> Int32
        /// Whether to swap folders in one step where the system can (false
        /// tests the two-rename way other systems take).
        public var exchange: Bool

        public init(exchange: Bool = true, beforeSwap: @escaping @Sendable (String) -> Int32 = { _ in 0 }) {
            self.exchange = exchange
            self.beforeSwap = beforeSwap
        }

        /// For the command-line tests: `THIRDS_TEST_FAIL_SWAP=<path>` makes the
        /// swap into that path fail with EIO, as a full or failing disk would.
        public static func from(environment: [String: String]) -> Hooks {
            guard let target = environment["THIRDS_TEST_FAIL_SWAP"], !target.isEmpty else { return Hooks() }
            return Hooks { Paths.normalise($0) == Paths.normalise(target) ? EIO : 0 }
        }
    }

    package static let stagingMark = ".thirds-"

    public static func write(_ set: OutputSet, hooks: Hooks = Hooks()) throws {
        var created: [String] = []
        var units: [Unit] = []
        // Leaves the tree as it was: staged items removed, new folders too.
        func abandon() {
            for unit in units { unit.discard() }
            for directory in created.reversed() { rmdir(directory) }
        }
        do {
            for folder in set.folders { units.append(try stage(folder, created: &created)) }
            for file in set.singles { units.append(try stage(file, created: &created)) }
        } catch {
            abandon()
            throw error
        }
        var done: [Unit] = []
        for unit in units {
            do {
                try unit.commit(hooks)
                done.append(unit)
            } catch {
                for finished in done.reversed() { finished.rollBack() }
                abandon()
                throw error
            }
        }
        for unit in done { unit.finish() }
    }

    // MARK: Staging

    /// One folder or file made ready beside its target.
    package final class Unit {
        package let target: String
        package let staged: String
        /// Where the old target is kept until the end: the staging name after
        /// an exchange, or `.<name>.thirds-old-<id>`.
        package let aside: String
        package let isFolder: Bool
        package var state = State.staged

        package enum State { case staged, exchanged, movedAside, placed, discarded }

        /// `target` is `parent/name`; the staged and aside items go beside it.
        package init(target: String, parent: String, name: String, isFolder: Bool) {
            let id = UUID().uuidString
            self.target = target
            staged = parent + "/." + name + stagingMark + "new-" + id
            aside = parent + "/." + name + stagingMark + "old-" + id
            self.isFolder = isFolder
        }

        package func commit(_ hooks: Hooks) throws {
            let hooked = hooks.beforeSwap(target)
            if hooked != 0 { throw Failure(action: "replace", path: target, reason: String(cString: strerror(hooked))) }
            guard exists(target) else {
                try check(rename(staged, target), "move into place", target)
                state = .placed
                return
            }
            if hooks.exchange, exchange(staged, target) {
                state = .exchanged
                return
            }
            // No atomic exchange here: the old one aside, then the new one in.
            try check(rename(target, aside), "move aside", target)
            if rename(staged, target) != 0 {
                let failure = Failure(action: "move into place", path: target, reason: String(cString: strerror(errno)))
                rename(aside, target)
                throw failure
            }
            state = .movedAside
        }

        package func rollBack() {
            switch state {
            case .exchanged: _ = exchange(staged, target)
            case .movedAside:
                if rename(target, staged) == 0 { rename(aside, target) }
            case .placed: rename(target, staged)
            case .staged, .discarded: break
            }
            state = .staged
        }

        /// Removes what is left beside the target: the staged new one, or the old one.
        package func discard() {
            removeTree(staged)
            state = .discarded
        }

        package func finish() {
            removeTree(state == .movedAside ? aside : staged)
        }
    }

    package static func stage(_ folder: OutputSet.Folder, created: inout [String]) throws -> Unit {
        let target = folder.path
        let parent = (target as NSString).deletingLastPathComponent.nonEmptyPath
        let name = (target as NSString).lastPathComponent
        try refuseCurrentFolder(target)
        try makeFolders(parent, created: &created)
        recover(name, in: parent)
        try refuseLink(target)
        let unit = Unit(target: target, parent: parent, name: name, isFolder: true)
        do {
            // Named as the user will look for it, not by its hidden staging name.
            try check(mkdir(unit.staged, 0o777), "create folder", target)
            var folders: Set<String> = [""]
            for file in folder.files {
                let parts = file.path.split(separator: "/").map(String.init)
                var relative = ""
                for part in parts.dropLast() {
                    relative += (relative.isEmpty ? "" : "/") + part
                    if folders.insert(relative).inserted { try check(mkdir(unit.staged + "/" + relative, 0o777), "create folder", target + "/" + relative) }
                }
                try writeFile(unit.staged + "/" + file.path, file.contents, shownAs: target + "/" + file.path)
            }
            if exists(target) { try carryOver(from: target, to: unit.staged, written: Set(folder.files.map(\.path)), folders: folders, relative: "") }
        } catch {
            unit.discard()
            throw error
        }
        return unit
    }

    package static func stage(_ file: OutputSet.File, created: inout [String]) throws -> Unit {
        let parent = (file.path as NSString).deletingLastPathComponent.nonEmptyPath
        let name = (file.path as NSString).lastPathComponent
        try makeFolders(parent, created: &created)
        recover(name, in: parent)
        if let kind = kind(of: file.path), kind != S_IFREG {
            throw Failure(action: "write", path: file.path, reason: kind == S_IFLNK ? "it is a symbolic link, which thirds does not follow" : "it is not a file")
        }
        let unit = Unit(target: file.path, parent: parent, name: name, isFolder: false)
        try writeFile(unit.staged, file.contents, shownAs: file.path)
        return unit
    }

    /// The old folder's files that this run does not write, into the new one.
    package static func carryOver(from old: String, to new: String, written: Set<String>, folders: Set<String>, relative: String) throws {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: old + (relative.isEmpty ? "" : "/" + relative))
        } catch {
            throw Failure(action: "read folder", path: old + "/" + relative, reason: reason(of: error))
        }
        for entry in entries.sorted() where !entry.contains(stagingMark) {
            let path = relative.isEmpty ? entry : relative + "/" + entry
            let source = old + "/" + path, destination = new + "/" + path
            let kind = kind(of: source)
            if written.contains(path) {
                if kind == S_IFDIR { throw Failure(action: "replace", path: source, reason: "it is a folder where thirds writes a file") }
                continue
            }
            if folders.contains(path) {
                guard kind == S_IFDIR else {
                    throw Failure(action: "write into", path: source,
                                  reason: kind == S_IFLNK ? "it is a symbolic link, which thirds does not follow; remove it" : "it is a file where thirds writes a folder")
                }
                try carryOver(from: old, to: new, written: written, folders: folders, relative: path)
                continue
            }
            switch kind {
            case S_IFDIR:
                try check(mkdir(destination, 0o777), "create folder", source)
                try carryOver(from: old, to: new, written: [], folders: [], relative: path)
            case S_IFLNK:
                // Kept as a link, never followed.
                let target: String
                do {
                    target = try FileManager.default.destinationOfSymbolicLink(atPath: source)
                } catch {
                    throw Failure(action: "read link", path: source, reason: reason(of: error))
                }
                try check(symlink(target, destination), "copy link", source)
            case S_IFREG:
                if link(source, destination) != 0 {
                    do { try FileManager.default.copyItem(atPath: source, toPath: destination) } catch {
                        throw Failure(action: "copy", path: source, reason: reason(of: error))
                    }
                }
            default:
                throw Failure(action: "copy", path: source, reason: "it is not a file, folder or link")
            }
        }
    }

    // MARK: Checks and repairs

    /// Replacing the current folder (or one above it) would pull it from
    /// under the user's shell.
    package static func refuseCurrentFolder(_ target: String) throws {
        let current = Paths.normalise(FileManager.default.currentDirectoryPath)
        let absolute = Paths.normalise(target.hasPrefix("/") ? target : current + "/" + target)
        if absolute == "/" || current == absolute || current.hasPrefix(absolute + "/") {
            throw Failure(action: "replace", path: target, reason: "it is the current folder or holds it; give --out another folder")
        }
    }

    package static func refuseLink(_ path: String) throws {
        switch kind(of: path) {
        case nil, S_IFDIR?: return
        case S_IFLNK?:
            let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            throw Failure(action: "write into", path: path,
                          reason: "it is a symbolic link (to '\(TerminalText.escaped(destination))'), which thirds does not follow; remove it")
        default:
            throw Failure(action: "write into", path: path, reason: "it is a file, not a folder")
        }
    }

    /// Removes what a killed run left beside `name`; first, if the run died
    /// between moving the old folder aside and the new one in, puts the old
    /// one back.
    package static func recover(_ name: String, in parent: String) {
        let prefix = "." + name + stagingMark
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        let stale = entries.filter { $0.hasPrefix(prefix) }.sorted()
        if !exists(parent + "/" + name), let old = stale.first(where: { $0.hasPrefix(prefix + "old-") }) {
            rename(parent + "/" + old, parent + "/" + name)
        }
        for entry in stale where exists(parent + "/" + entry) { removeTree(parent + "/" + entry) }
    }

    package static func makeFolders(_ path: String, created: inout [String]) throws {
        if kind(of: path) != nil {
            // A link to a folder is the user's own choice of --out.
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw Failure(action: "create folder", path: path, reason: String(cString: strerror(ENOTDIR)))
            }
            return
        }
        try makeFolders(parentFolder(of: path).nonEmptyPath, created: &created)
        try check(mkdir(path, 0o777), "create folder", path)
        created.append(path)
    }

    // MARK: System calls

    package static func writeFile(_ path: String, _ contents: Data, shownAs shown: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        try check(descriptor < 0 ? -1 : 0, "write", shown)
        defer { close(descriptor) }
        try contents.withUnsafeBytes { buffer in
            // No base address only for no bytes: an empty file, already made.
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                #else
                let written = Darwin.write(descriptor, base + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    try check(-1, "write", shown)
                }
                offset += written
            }
        }
    }

    package static func check(_ result: Int32, _ action: String, _ path: String) throws {
        if result != 0 { throw Failure(action: action, path: path, reason: String(cString: strerror(errno))) }
    }

    package static func reason(of error: Error) -> String {
        if (error as NSError).domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32((error as NSError).code))) }
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedFailureReason ?? "\(error)"
    }

    package static func kind(of path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    package static func exists(_ path: String) -> Bool { kind(of: path) != nil }

    package static func removeTree(_ path: String) {
        guard let kind = kind(of: path) else { return }
        if kind == S_IFDIR {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { removeTree(path + "/" + entry) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// Swaps two paths in one step where the system can; false when it cannot
    /// (then nothing has changed).
    package static func exchange(_ a: String, _ b: String) -> Bool {
        #if canImport(Glibc)
        guard let renameat2 = Renameat2.function else { return false }
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
        #else
        return false
        #endif
    }
}

#if canImport(Glibc)
/// `renameat2` is in glibc 2.28 and later but not in Swift's Glibc module:
/// looked up at run time, so that an older system falls back to two renames.
package enum Renameat2 {
    package typealias Function = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32
    package static let function: Function? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()
}
#endif

/// The folder a path names its last part in: "a" for "a/b/", "/" for "/a",
/// "" for a bare name. Not NSString's deletingLastPathComponent, which traps
/// (SIGILL) on a one-character path made by an earlier call, as `--out o` did.
package func parentFolder(of path: String) -> String {
    var rest = Substring(path)
    while rest.count > 1, rest.hasSuffix("/") { rest.removeLast() }
    guard let slash = rest.lastIndex(of: "/") else { return "" }
    if slash == rest.startIndex { return "/" }
    var head = rest[..<slash]
    while head.count > 1, head.hasSuffix("/") { head.removeLast() }
    return String(head)
}

extension String {
    /// `""` (the parent of a bare name) is the current folder.
    fileprivate var nonEmptyPath: String { isEmpty ? "." : self }
}
