import Foundation

/// A Markdown file from `content/`, decoded.
public struct SourceFile: Sendable {
    /// Relative to the site folder: `content/news/a.md`.
    public let path: String
    public let text: String
    public let hash: ContentHash

    /// Relative to `content/`: `news/a.md`.
    public var contentPath: String { String(path.dropFirst("content/".count)) }

    /// The content file at `file` on disk, read and decoded; `path` as the site names it
    /// (`content/news/a.md`).
    static func read(_ file: String, as path: String) -> Result<SourceFile, Diagnostic> {
        guard let data = readFileBytes(atPath: file) else {
            return .failure(.error("files.unreadable", file: path, "无法读取这个文件（可能已被删除或没有读取权限）。",
                                   hint: "请确认文件存在并且有读取权限。"))
        }
        return SourceText.decode(data, file: path).map { SourceFile(path: path, text: $0, hash: ContentHash(bytes: data)) }
    }

    /// The length of the Markdown extension `path` ends with (`.md` or `.markdown`, in any case:
    /// Windows shows `文章.MD` as readily as `文章.md`), or nil.
    static func markdownExtensionLength(_ path: String) -> Int? {
        let tail = path.utf8.suffix(9).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        if tail.count == 9, tail.elementsEqual(".markdown".utf8) { return 9 }
        if tail.count >= 3, tail.suffix(3).elementsEqual(".md".utf8) { return 3 }
        return nil
    }

    /// Whether `data`, a file in `content/` with another extension, is an article saved as text
    /// (Notepad adds `.txt` unless told not to): it starts with a front matter line.
    static func looksLikeArticle(_ data: [UInt8]) -> Bool {
        let text = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        return text.starts(with: Array("---\n".utf8)) || text.starts(with: Array("---\r\n".utf8))
    }
}

/// A file copied to the output unchanged (from `static/`, or a non-Markdown file inside `content/`).
public struct StaticFile: Sendable, Hashable {
    /// Where it lands in the output, relative: `images/a.jpg`.
    public let outputPath: String
    /// Relative to the site folder, for messages: `static/images/a.jpg`.
    public let sourcePath: String
    public let url: URL
    public let size: Int
}

/// Walks folders defensively: symlink loops, unreadable entries and vanishing folders become
/// diagnostics instead of hangs or crashes.
struct FolderWalker {
    struct Entry: Sendable {
        let relative: String
        /// Absolute path of the file.
        let path: String
        let size: Int
        /// Modification time, from the same `stat` as the size.
        let modified: timespec

        /// (Told it is a file: otherwise `URL` asks the file system, one more `stat` per file.)
        var url: URL { URL(fileURLWithPath: path, isDirectory: false) }
        /// Size and modification time: what the build cache compares to see a change.
        var stamp: String { "\(size):\(modified.tv_sec).\(modified.tv_nsec)" }
    }

    let root: URL
    let displayPrefix: String

    func files(diagnostics: inout [Diagnostic]) -> [Entry] {
        var out: [Entry] = []
        var visited = Set<String>()
        walk(root.path, relative: "", depth: 0, visited: &visited, out: &out, diagnostics: &diagnostics)
        return out.sorted { $0.relative < $1.relative }
    }

    private func display(_ relative: String) -> String {
        relative.isEmpty ? displayPrefix : displayPrefix + "/" + relative
    }

    // Paths are plain strings: building a URL per file cost more than its `stat`.
    private func walk(_ dir: String, relative: String, depth: Int, visited: inout Set<String>,
                      out: inout [Entry], diagnostics: inout [Diagnostic]) {
        var st = stat()
        guard stat(dir, &st) == 0 else {
            diagnostics.append(.error("files.unreadable", file: display(relative), "无法读取这个文件夹（\(String(cString: strerror(errno)))）。",
                                      hint: "请确认文件夹存在并且有读取权限。"))
            return
        }
        let identity = "\(st.st_dev):\(st.st_ino)"
        if visited.contains(identity) || depth > 32 {
            diagnostics.append(.error("files.symlink-loop", file: display(relative),
                "这个文件夹通过符号链接（快捷方式）指回了自己的上级，形成了循环。",
                hint: "请删除或修改这个符号链接。"))
            return
        }
        visited.insert(identity)
        defer { visited.remove(identity) }
        // Listed and stat'ed through the folder's descriptor: a full path per file made the kernel
        // walk every folder above it again (most of a preview update's file scan).
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, let handle = fdopendir(fd) else {
            if fd >= 0 { close(fd) }
            diagnostics.append(.error("files.unreadable", file: display(relative), "无法列出这个文件夹的内容。",
                                      hint: "请确认文件夹存在并且有读取权限。"))
            return
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let e = readdir(handle) {
            let name = withUnsafePointer(to: e.pointee.d_name) { pointer -> String? in
                let cString = UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)
                guard let name = String(validatingCString: cString) else {
                    // A name in GBK (a zip made on Chinese Windows, unpacked here) cannot be
                    // opened under any name we could write it back as.
                    let shown = String(cString: cString)
                    diagnostics.append(.error("files.name-encoding", file: display(relative.isEmpty ? shown : relative + "/" + shown),
                        "这个文件的名字不是 UTF-8 编码（常见于在中文 Windows 上打包、在这里解压的压缩包），无法读取。",
                        hint: "请把文件改名（中文、英文都可以），或用 7-Zip 等支持 UTF-8 的工具重新打包、解压。"))
                    return nil
                }
                return name
            }
            if let name, name != ".", name != ".." { names.append(name) }
        }
        names.sort()
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        for name in names {
            // Editor droppings and hidden files are not content.
            if name.hasPrefix(".") || name.hasPrefix("~$") || name.hasSuffix("~") || name == "Thumbs.db" || name == "desktop.ini" {
                continue
            }
            let path = prefix + name
            let rel = relative.isEmpty ? name : relative + "/" + name
            var s = stat()
            guard fstatat(fd, name, &s, 0) == 0 else {
                var l = stat()
                if fstatat(fd, name, &l, AT_SYMLINK_NOFOLLOW) == 0, (l.st_mode & S_IFMT) == S_IFLNK {
                    diagnostics.append(.error("files.broken-symlink", file: display(rel), "这个符号链接指向的文件不存在。",
                                              hint: "请删除它，或让它指向存在的文件。"))
                } else {
                    diagnostics.append(.error("files.unreadable", file: display(rel), "无法读取这个文件。"))
                }
                continue
            }
            switch s.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, relative: rel, depth: depth + 1, visited: &visited, out: &out, diagnostics: &diagnostics)
            case S_IFREG:
                out.append(Entry(relative: rel, path: path, size: Int(s.st_size), modified: s.st_mtim))
            default:
                diagnostics.append(.warning("files.special", file: display(rel), "这不是普通文件，已跳过。"))
            }
        }
    }
}

/// One walk of a site's source folders (`content`, `static`, `themes`), shared by the build's
/// change stamps and by loading: each used to walk `content/` again, three walks of 10,000
/// files before the first was read. The folders are walked side by side.
struct SourceSnapshot: Sendable {
    struct Folder: Sendable {
        let exists: Bool
        let entries: [FolderWalker.Entry]
        let diagnostics: [Diagnostic]
    }

    static let folderNames = ["content", "static", "themes"]
    private let folders: [String: Folder]

    init(root: URL) {
        let walked = concurrentMap(Self.folderNames) { name -> Folder in
            let url = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return Folder(exists: false, entries: [], diagnostics: []) }
            var diagnostics: [Diagnostic] = []
            let entries = FolderWalker(root: url, displayPrefix: name).files(diagnostics: &diagnostics)
            return Folder(exists: true, entries: entries, diagnostics: diagnostics)
        }
        folders = Dictionary(uniqueKeysWithValues: zip(Self.folderNames, walked))
    }

    /// One of `folderNames`.
    func folder(_ name: String) -> Folder {
        guard let f = folders[name] else { preconditionFailure("not a snapshot folder: \(name)") }
        return f
    }
}
