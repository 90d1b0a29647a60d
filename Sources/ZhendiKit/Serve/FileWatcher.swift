import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells the live server which files under the site folder changed, as soon as they change:
/// inotify on Linux (no rescanning thousands of files), with a stat-polling fallback.
public final class FileWatcher: @unchecked Sendable {
    private let root: URL
    private let folders = ["content", "static", "themes"]
    private var fd: Int32 = -1
    private var watches: [Int32: String] = [:]  // watch descriptor → folder relative to root ("" for root)
    private var snapshot: [String: String] = [:]
    private let snapshotter: () -> [String: String]
    /// Files written to since they were last closed after writing (or moved into place).
    private var beingWritten = Set<String>()

    /// Whether a file reported by `changes()` may still be being written: with notifications,
    /// while one was modified and not yet closed; without them, always (nothing tells).
    /// The server then waits a moment for the rest of the write; a file saved and closed (the
    /// usual case) is built at once.
    public var mayBeWriting: Bool { fd < 0 || !beingWritten.isEmpty }

    /// - Parameter snapshot: the polling fallback's view of the files (path → fingerprint).
    public init(root: URL, snapshot: @escaping () -> [String: String]) {
        self.root = root
        self.snapshotter = snapshot
        #if canImport(Glibc)
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd >= 0 {
            addWatch("")
            for f in folders { addTree(f) }
        }
        #endif
        if fd < 0 { self.snapshot = snapshot() }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    public var usesNotifications: Bool { fd >= 0 }

    #if canImport(Glibc)
    private func addWatch(_ relative: String) {
        let path = relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
        let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF)
        let wd = inotify_add_watch(fd, path, mask)
        if wd >= 0 { watches[wd] = relative }
    }

    private func addTree(_ relative: String) {
        var isDir: ObjCBool = false
        let path = root.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return }
        addWatch(relative)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !name.hasPrefix(".") {
            addTree(relative + "/" + name)
        }
    }
    #endif

    /// Returns when a change is waiting to be read, or after `seconds`. With notifications it
    /// waits on a thread of its own (the server's threads go on serving), so a save is seen at
    /// once and an idle preview does not wake up every few milliseconds to look.
    public func wait(upTo seconds: Double) async {
        #if canImport(Glibc)
        if fd >= 0 {
            let fd = self.fd
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    _ = poll(&ready, 1, Int32(max(0, seconds * 1000).rounded(.up)))
                    done.resume()
                }
            }
            return
        }
        #endif
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }

    /// Paths (relative to the site folder) changed since the last call; empty when none.
    public func changes() -> [String] {
        #if canImport(Glibc)
        if fd >= 0 {
            var changed = Set<String>()
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                var offset = 0
                while offset < n {
                    let (wd, mask, nameLength, decoded) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int, String?) in
                        let event = raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: inotify_event.self).pointee
                        let nameStart = raw.baseAddress!.advanced(by: offset + MemoryLayout<inotify_event>.size).assumingMemoryBound(to: CChar.self)
                        // nil: a name that is not UTF-8 (GBK, from a zip).
                        let name = event.len > 0 ? String(validatingCString: nameStart) : ""
                        return (event.wd, event.mask, Int(event.len), name)
                    }
                    offset += MemoryLayout<inotify_event>.size + nameLength
                    guard let name = decoded else {
                        // It cannot be told apart: its folder is reported as changed, so the whole
                        // site is read and the name reported (`FolderWalker`).
                        if let dir = watches[wd] { changed.insert(dir.isEmpty ? "/" : dir + "/") }
                        continue
                    }
                    guard let dir = watches[wd], !name.hasPrefix("."), !name.hasSuffix("~") else { continue }
                    let relative = dir.isEmpty ? name : dir + "/" + name
                    if dir.isEmpty && !(name == "site.yml" || folders.contains(name)) { continue }
                    if mask & UInt32(IN_ISDIR) != 0 {
                        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { addTree(relative) }
                        changed.insert(relative + "/")
                    } else {
                        changed.insert(relative)
                        if mask & UInt32(IN_CREATE | IN_MODIFY) != 0 { beingWritten.insert(relative) }
                        if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE) != 0 { beingWritten.remove(relative) }
                    }
                }
            }
            return changed.sorted()
        }
        #endif
        let now = snapshotter()
        defer { snapshot = now }
        return Set(now.keys).union(snapshot.keys).filter { now[$0] != snapshot[$0] }.sorted()
    }
}
