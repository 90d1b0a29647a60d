import Foundation

/// Applies an incremental build to the published folder instead of swapping in a whole new copy
/// (writing 30,000 unchanged pages again is what an incremental build exists to avoid).
///
/// The search index moves to its new versioned folder by renaming the old one and replacing only
/// the files whose contents differ (shard counts are kept stable, so an edit touches a few
/// hundred shards, not all of them); then every other changed file is replaced. Each file is
/// replaced by a rename, so a reader gets the old file or the new one, never half of one.
struct InPlaceUpdate {
    let root: URL

    struct Counts {
        var written = 0
        var html = 0
        var kept = 0
    }

    /// Renames `from` to `to` and brings it to exactly `files` (site paths under `to`): changed
    /// or new files replaced, files not listed removed (`keep` tells which unlisted ones stay:
    /// result files of documents whose text did not change). Throws before touching anything if
    /// `from` is missing.
    func moveIndexFolder(from: String, to: String, files: [(String, Data)], keep: (String) -> Bool) throws -> Counts {
        let old = root.path + from.dropLast(), new = root.path + to.dropLast()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: old, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError.cannotWrite(old, "上次生成的搜索索引不在了")
        }
        Publisher.removeTree(URL(fileURLWithPath: new))
        guard rename(old, new) == 0 else { throw OutputError.cannotWrite(new, String(cString: strerror(errno))) }
        var counts = try replace(files)
        let listed = Set(files.map(\.0))
        for name in ["p", "q", "x"] {
            let dir = new + "/" + name
            for file in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                let path = to + name + "/" + file
                if listed.contains(path) { continue }
                if keep(path) { counts.kept += 1 } else { unlink(dir + "/" + file) }
            }
        }
        return counts
    }

    /// Every file whose contents differ from what is there, replaced atomically.
    func replace(_ files: [(String, Data)]) throws -> Counts {
        let sink = DirectorySink(root: root)
        let results = concurrentMap(files) { path, data -> Result<Bool, Error> in
            Result {
                let full = root.path + path
                if let old = FileManager.default.contents(atPath: full), old == data { return false }
                let dir = (path as NSString).deletingLastPathComponent
                let temporary = (dir == "/" ? "" : dir) + "/.zhendi-new-\(getpid())-" + (path as NSString).lastPathComponent
                try sink.write(temporary, data)
                guard rename(root.path + temporary, full) == 0 else {
                    let why = String(cString: strerror(errno))
                    unlink(root.path + temporary)
                    throw OutputError.cannotWrite(full, why)
                }
                return true
            }
        }
        var counts = Counts()
        for (r, file) in zip(results, files) where try r.get() {
            counts.written += 1
            if file.0.hasSuffix(".html") { counts.html += 1 }
        }
        return counts
    }
}
