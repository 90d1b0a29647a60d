import Foundation

/// Where rendered files go: a staging folder on disk for `build`, memory for `serve` and `check`.
/// Paths are site paths of files: `/news/a/index.html`.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ path: String, _ data: Data) throws
    func copy(_ path: String, from source: URL) throws
}

extension OutputSink {
    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    /// Writes `files` (site path, contents) on every core; throws the first failure in their order.
    func write(all files: [(String, Data)]) throws {
        for result in concurrentMap(files, { f in Result { try write(f.0, f.1) } }) { try result.get() }
    }
}

/// A sink over the previous version of the site: a file that would come out the same is kept
/// as it is there instead of being rendered and written again (`ReusableRender`).
protocol KeepingSink: OutputSink {
    /// The search index folder the previous version uses (`/search/<version>/`).
    var previousIndex: String? { get }
    /// `path` is part of the new site as the previous version has it.
    func keep(_ path: String)
    /// `keep`, if the previous version has `path`; false (nothing kept) otherwise.
    func keepIfPresent(_ path: String) -> Bool
}

/// Keeps every output file in memory (serve mode and `check`), with the paths written; the live
/// server hands it the site it is serving, from which unchanged files are kept.
public final class MemorySink: KeepingSink, @unchecked Sendable {
    private let files = Locked([String: Data]())
    private let copies = Locked([String: URL]())
    private let previous: [String: Data]
    let previousIndex: String?

    public init() {
        previous = [:]
        previousIndex = nil
    }

    init(previous: [String: Data], previousIndex: String?) {
        self.previous = previous
        self.previousIndex = previousIndex
    }

    /// Files of the new index folder are kept from the previous one (`ChangesSink` renames it).
    private func previousData(_ path: String) -> Data? {
        if let old = previousIndex, let new = SearchPaths.folder(of: path), new != old {
            return previous[old + path.dropFirst(new.count)]
        }
        return previous[path]
    }

    func keep(_ path: String) {
        _ = keepIfPresent(path)
    }

    func keepIfPresent(_ path: String) -> Bool {
        guard let data = previousData(path) else { return false }
        files.withLock { $0[path] = data }
        return true
    }

    public func write(_ path: String, _ data: Data) throws {
        files.withLock { $0[path] = data }
        if previousData(path) != data { changed.withLock { $0 += 1 } }
    }

    public func copy(_ path: String, from source: URL) throws {
        copies.withLock { $0[path] = source }
    }

    private let changed = Locked(0)
    /// Files written that the previous version did not have as they are now.
    var changedCount: Int { changed.withLock { $0 } }

    public var contents: [String: Data] { files.withLock { $0 } }
    public var copiedFiles: [String: URL] { copies.withLock { $0 } }
}

/// Writes into a folder, creating parent folders once each.
public final class DirectorySink: OutputSink, @unchecked Sendable {
    public let root: URL
    private let createdDirs = Locked(Set<String>())
    /// Each file written (site path), with its share of `OutputIdentity`'s digest, taken as it
    /// is written: walking the finished output again (a `stat` per file) was a serial tail of
    /// every clean build.
    private let shares = Locked([String: UInt64]())

    /// The digest `OutputIdentity` computes of this folder's files, as this sink wrote them.
    var filesDigest: UInt64 { shares.withLock { $0.values.reduce(0, &+) } }

    /// `root.path`, which Foundation computes again on every call.
    private let rootPath: String

    public init(root: URL) {
        self.root = root
        rootPath = root.path
    }

    private func prepare(_ path: String) throws -> String {
        // Output paths come from validated slugs; this is the last line of defence.
        guard Self.isSafe(path) else {
            throw OutputError.cannotWrite(path, "路径不安全")
        }
        let full = rootPath + path
        let dir = String(full.utf8[..<full.utf8.lastIndex(of: UInt8(ascii: "/"))!])!
        try makeDirectory(dir)
        return full
    }

    /// Starts with `/`, and has no NUL and no `.` or `..` between slashes. Checked as bytes:
    /// splitting into substrings, per file written, showed in a clean build's profile.
    static func isSafe(_ path: String) -> Bool {
        var bytes = path.utf8.makeIterator()
        guard bytes.next() == UInt8(ascii: "/") else { return false }
        var dots = 0, length = 0
        while true {
            let b = bytes.next()
            if b == nil || b == UInt8(ascii: "/") {
                if length > 0, dots == length, length <= 2 { return false }
                guard b != nil else { return true }
                dots = 0
                length = 0
            } else if b == 0 {
                return false
            } else {
                length += 1
                if b == UInt8(ascii: ".") { dots += 1 }
            }
        }
    }

    private func makeDirectory(_ dir: String) throws {
        if createdDirs.withLock({ $0.contains(dir) }) { return }
        if mkdir(dir, 0o755) != 0 {
            let err = errno
            if err == ENOENT {
                try makeDirectory(String(dir[..<dir.lastIndex(of: "/")!]))
                if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                    throw OutputError.cannotWrite(dir, String(cString: strerror(errno)))
                }
            } else if err != EEXIST {
                throw OutputError.cannotWrite(dir, String(cString: strerror(err)))
            }
        }
        _ = createdDirs.withLock { $0.insert(dir) }
    }

    public func write(_ path: String, _ data: Data) throws {
        let full = try prepare(path)
        let st = try data.withUnsafeBytes { try Self.writeFile(atPath: full, $0) }
        record(path, st)
    }

    private func record(_ path: String, _ st: stat) {
        let share = OutputIdentity.share(path: path.dropFirst(), size: st.st_size, modified: st.st_mtim)
        shares.withLock { $0[path] = share }
    }

    /// Creates or truncates the file at `path` and writes all of `bytes` (a plain `write` loop:
    /// no copy into Foundation types on the way); returns the file's status after writing.
    @discardableResult
    static func writeFile(atPath path: String, _ bytes: UnsafeRawBufferPointer) throws -> stat {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError.cannotWrite(path, String(cString: strerror(errno)))
            }
            offset += n
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw OutputError.cannotWrite(path, String(cString: strerror(errno))) }
        return st
    }

    public func copy(_ path: String, from source: URL) throws {
        let url = URL(fileURLWithPath: try prepare(path))
        // A real copy, not a link: editing a source image later must not change the published
        // site behind the build's back.
        try FileManager.default.copyItem(at: source, to: url)
        var st = stat()
        guard stat(url.path, &st) == 0 else { throw OutputError.cannotWrite(url.path, String(cString: strerror(errno))) }
        record(path, st)
    }

    public var writtenPaths: [String] { shares.withLock { $0.keys.sorted() } }
}

public enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(String, String)
    case cannotPublish(String)

    public var description: String {
        switch self {
        case .cannotWrite(let p, let why): return "无法写入 \(p)(\(why))。"
        case .cannotPublish(let why): return why
        }
    }
}
