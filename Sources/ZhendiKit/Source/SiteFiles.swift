import Foundation

/// A Markdown file from `content/`, decoded.
public struct SourceFile: Sendable {
    /// Relative to the site folder: `content/news/a.md`.
    public let path: String
    public let text: String
    public let hash: ContentHash

    /// Relative to `content/`: `news/a.md`.
    public var contentPath: String { String(path.dropFirst("content/".count)) }
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
    struct Entry {
        let relative: String
        let url: URL
        let size: Int
    }

    let root: URL
    let displayPrefix: String

    func files(diagnostics: inout [Diagnostic]) -> [Entry] {
        var out: [Entry] = []
        var visited = Set<String>()
        walk(root, relative: "", depth: 0, visited: &visited, out: &out, diagnostics: &diagnostics)
        return out.sorted { $0.relative < $1.relative }
    }

    private func display(_ relative: String) -> String {
        relative.isEmpty ? displayPrefix : displayPrefix + "/" + relative
    }

    private func walk(_ dir: URL, relative: String, depth: Int, visited: inout Set<String>,
                      out: inout [Entry], diagnostics: inout [Diagnostic]) {
        var st = stat()
        guard stat(dir.path, &st) == 0 else {
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
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        } catch {
            diagnostics.append(.error("files.unreadable", file: display(relative), "无法列出这个文件夹的内容。",
                                      hint: "请确认文件夹存在并且有读取权限。"))
            return
        }
        for name in names {
            // Editor droppings and hidden files are not content.
            if name.hasPrefix(".") || name.hasPrefix("~$") || name.hasSuffix("~") || name == "Thumbs.db" || name == "desktop.ini" {
                continue
            }
            let url = dir.appendingPathComponent(name)
            let rel = relative.isEmpty ? name : relative + "/" + name
            var s = stat()
            guard stat(url.path, &s) == 0 else {
                var l = stat()
                if lstat(url.path, &l) == 0, (l.st_mode & S_IFMT) == S_IFLNK {
                    diagnostics.append(.error("files.broken-symlink", file: display(rel), "这个符号链接指向的文件不存在。",
                                              hint: "请删除它，或让它指向存在的文件。"))
                } else {
                    diagnostics.append(.error("files.unreadable", file: display(rel), "无法读取这个文件。"))
                }
                continue
            }
            switch s.st_mode & S_IFMT {
            case S_IFDIR:
                walk(url, relative: rel, depth: depth + 1, visited: &visited, out: &out, diagnostics: &diagnostics)
            case S_IFREG:
                out.append(Entry(relative: rel, url: url, size: Int(s.st_size)))
            default:
                diagnostics.append(.warning("files.special", file: display(rel), "这不是普通文件，已跳过。"))
            }
        }
    }
}
