import Foundation

/// Applies an incremental build to the published folder instead of swapping in a whole new copy
/// (writing 30,000 unchanged pages again is what an incremental build exists to avoid).
///
/// Order matters for a reader browsing meanwhile: first the new search index folder (a new
/// versioned path nobody refers to yet), then every changed file replaced by a rename (a reader
/// gets the old file or the new one, never half of one; the search page switches to the new
/// index here), and last the old index folder is removed.
struct InPlaceUpdate {
    let root: URL

    struct Counts {
        var written = 0
        var html = 0
        var linked = 0
    }

    /// Phase one: the files of the new index folder, plus hard links to unchanged files of the old
    /// one. Throws if an old file is missing; the caller then removes `folder` and builds in full.
    func createIndexFolder(_ folder: String, files: [(String, Data)], links: [(from: String, to: String)]) throws -> Counts {
        let sink = DirectorySink(root: root)
        for (path, data) in files { try sink.write(path, data) }
        let fm = FileManager.default
        for l in links {
            let target = root.path + l.to
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard link(root.path + l.from, target) == 0 else {
                throw OutputError.cannotWrite(target, String(cString: strerror(errno)))
            }
        }
        return Counts(written: files.count, html: 0, linked: links.count)
    }

    func removeFolder(_ folder: String) {
        Publisher.removeTree(root.appendingPathComponent(String(folder.dropFirst())))
    }

    /// Phase two: every file whose contents differ from what is there, replaced atomically.
    func replace(_ files: [(String, Data)]) throws -> Counts {
        var counts = Counts()
        let sink = DirectorySink(root: root)
        for (path, data) in files.sorted(by: { $0.0 < $1.0 }) {
            let full = root.path + path
            if let old = FileManager.default.contents(atPath: full), old == data { continue }
            let dir = (path as NSString).deletingLastPathComponent
            let temporary = (dir == "/" ? "" : dir) + "/.zhendi-new-\(getpid())-" + (path as NSString).lastPathComponent
            try sink.write(temporary, data)
            guard rename(root.path + temporary, full) == 0 else {
                let why = String(cString: strerror(errno))
                unlink(root.path + temporary)
                throw OutputError.cannotWrite(full, why)
            }
            counts.written += 1
            if path.hasSuffix(".html") { counts.html += 1 }
        }
        return counts
    }
}
