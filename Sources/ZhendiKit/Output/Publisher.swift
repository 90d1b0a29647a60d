import Foundation

/// Swaps a fully built staging folder in place of the output folder, so readers (and the editor)
/// only ever see a complete old site or a complete new one. A failed build never touches the
/// output: its staging folder is simply removed.
struct Publisher {
    let output: URL

    /// A fresh staging folder beside the output (same file system, so the swap is a rename).
    func makeStaging() throws -> URL {
        let parent = output.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).zhendi-staging-\(getpid())")
        try? FileManager.default.removeItem(at: staging)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return staging
    }

    func discard(_ staging: URL) {
        try? FileManager.default.removeItem(at: staging)
    }

    /// Replaces the output with `staging`. Hidden files at the output's top level (`.git` of a
    /// gh-pages worktree, `.gitkeep`, `.well-known`) belong to the editor and are carried over.
    func publish(_ staging: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: output.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            throw OutputError.cannotPublish("输出位置 \(output.path) 是一个文件而不是文件夹。")
        }
        if exists {
            for name in (try? fm.contentsOfDirectory(atPath: output.path)) ?? [] where name.hasPrefix(".") {
                let target = staging.appendingPathComponent(name)
                if fm.fileExists(atPath: target.path) { continue }
                try? fm.moveItem(at: output.appendingPathComponent(name), to: target)
            }
        }
        let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).zhendi-old-\(getpid())")
        try? fm.removeItem(at: old)
        if exists {
            if rename(output.path, old.path) != 0 {
                // The output may be a mount point that cannot be renamed: replace its contents instead.
                try replaceContents(of: output, with: staging)
                return
            }
        }
        if rename(staging.path, output.path) != 0 {
            let why = String(cString: strerror(errno))
            if exists { _ = rename(old.path, output.path) }  // put the old site back
            throw OutputError.cannotPublish("无法把新生成的网站移动到 \(output.path)(\(why)),原有网站保持不变。")
        }
        Publisher.removeTree(old)
    }

    /// Deletes a folder tree using every core: removing the previous site is a large share of a
    /// build's file system work.
    static func removeTree(_ url: URL) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: url.path) else { return }
        let children = names.map { url.appendingPathComponent($0) }
        concurrentForEach(count: children.count) { i in try? fm.removeItem(at: children[i]) }
        try? fm.removeItem(at: url)
    }

    private func replaceContents(of dir: URL, with staging: URL) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: dir.path) where !name.hasPrefix(".") {
            try fm.removeItem(at: dir.appendingPathComponent(name))
        }
        for name in try fm.contentsOfDirectory(atPath: staging.path) {
            let target = dir.appendingPathComponent(name)
            if fm.fileExists(atPath: target.path) { continue }
            try fm.moveItem(at: staging.appendingPathComponent(name), to: target)
        }
        try? fm.removeItem(at: staging)
    }
}
