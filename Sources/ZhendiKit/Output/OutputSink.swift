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
}

/// Keeps every output file in memory (serve mode and `check`), with the paths written.
public final class MemorySink: OutputSink, @unchecked Sendable {
    private let files = Locked([String: Data]())
    private let copies = Locked([String: URL]())

    public init() {}

    public func write(_ path: String, _ data: Data) throws {
        files.withLock { $0[path] = data }
    }

    public func copy(_ path: String, from source: URL) throws {
        copies.withLock { $0[path] = source }
    }

    public var contents: [String: Data] { files.withLock { $0 } }
    public var copiedFiles: [String: URL] { copies.withLock { $0 } }
}

/// Writes into a folder, creating parent folders once each.
public final class DirectorySink: OutputSink, @unchecked Sendable {
    public let root: URL
    private let createdDirs = Locked(Set<String>())
    private let written = Locked([String]())

    public init(root: URL) {
        self.root = root
    }

    private func prepare(_ path: String) throws -> URL {
        let url = root.appendingPathComponent(String(path.dropFirst()))
        let dir = url.deletingLastPathComponent().path
        let needed = createdDirs.withLock { $0.insert(dir).inserted }
        if needed {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        written.withLock { $0.append(path) }
        return url
    }

    public func write(_ path: String, _ data: Data) throws {
        let url = try prepare(path)
        guard FileManager.default.createFile(atPath: url.path, contents: data) else {
            throw OutputError.cannotWrite(url.path, String(cString: strerror(errno)))
        }
    }

    public func copy(_ path: String, from source: URL) throws {
        let url = try prepare(path)
        // A real copy, not a link: editing a source image later must not change the published
        // site behind the build's back.
        try FileManager.default.copyItem(at: source, to: url)
    }

    public var writtenPaths: [String] { written.withLock { $0 } }
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
