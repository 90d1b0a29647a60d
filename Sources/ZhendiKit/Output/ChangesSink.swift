import Foundation

/// Writes over an existing site: only files whose bytes differ from what the output folder holds
/// are written, into a staging folder; `apply` moves them in once the whole build has succeeded
/// and deletes what the new site no longer has. Used by full builds over an existing site and by
/// incremental builds (which hand it only what they rendered again).
///
/// A new article changes a few hundred files of a 27,000-file site. Writing all of them into a
/// fresh folder and deleting the old site made such a build take 19 s instead of 7 s at 10,000
/// pages on ext4 (file creation is slow right after mass deletion, and so is the deletion).
/// A failed build leaves the output untouched, as with a swap: only the staging folder is removed.
final class ChangesSink: KeepingSink, @unchecked Sendable {
    let output: URL
    let staging: DirectorySink
    /// The index folder the existing site uses (`/search/<version>/`); new index files are compared
    /// with their namesakes there, since the whole folder is renamed to the new version on apply.
    let previousIndex: String?
    private let produced = Locked(Set<String>())
    private let changed = Locked(Set<String>())
    private let newIndex = Locked<String?>(nil)

    init(output: URL, staging: URL) {
        self.output = output
        self.staging = DirectorySink(root: staging)
        let folders = Self.indexFolders(in: output)
        previousIndex = folders.count == 1 ? folders[0] : nil
    }

    /// The search index folders (`/search/<version>/`) an output folder holds: one for a site we built.
    static func indexFolders(in output: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("search").path)) ?? []
        return names.filter { $0.count == 12 && $0.allSatisfy(\.isHexDigit) }.map { "/search/\($0)/" }
    }

    /// Where the existing site keeps the file that `path` will replace.
    private func existing(_ path: String) -> String {
        if let old = previousIndex, let new = SearchPaths.folder(of: path), new != old {
            newIndex.withLock { $0 = new }
            return output.path + old + path.dropFirst(new.count)
        }
        return output.path + path
    }

    func write(_ path: String, _ data: Data) throws {
        produced.withLock { _ = $0.insert(path) }
        if let old = FileManager.default.contents(atPath: existing(path)), old == data { return }
        changed.withLock { _ = $0.insert(path) }
        try staging.write(path, data)
    }

    /// `path` is part of the new site and already in the output as it should be (a search result
    /// file of a document whose index segment was reused): neither compared nor written.
    func keep(_ path: String) {
        _ = existing(path)
        produced.withLock { _ = $0.insert(path) }
    }

    /// `keep`, if the output still has `path` as a file; false (nothing kept) if it was deleted
    /// by hand, so the caller renders it again.
    func keepIfPresent(_ path: String) -> Bool {
        var st = stat()
        guard lstat(existing(path), &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        keep(path)
        return true
    }

    func copy(_ path: String, from source: URL) throws {
        produced.withLock { _ = $0.insert(path) }
        let fm = FileManager.default
        if let a = try? fm.attributesOfItem(atPath: existing(path)), let b = try? fm.attributesOfItem(atPath: source.path),
           (a[.size] as? Int) == (b[.size] as? Int), fm.contentsEqual(atPath: existing(path), andPath: source.path) { return }
        changed.withLock { _ = $0.insert(path) }
        try staging.copy(path, from: source)
    }

    var changedCount: Int { changed.withLock { $0.count } }
    var changedPages: Int { changed.withLock { $0.filter { $0.hasSuffix(".html") }.count } }

    /// Moves the changed files in and removes files that were not written: everywhere (a full
    /// build writes every file of the site) or only below `prunedFolders` (site paths; an
    /// incremental build writes every shard but not the pages it kept). Hidden entries at the
    /// output's top level (`.git` of a gh-pages worktree, `.well-known`) are the editor's.
    func apply(prunedFolders: [String]? = nil) throws {
        let fm = FileManager.default
        if let old = previousIndex, let new = newIndex.withLock({ $0 }), old != new {
            Publisher.removeTree(URL(fileURLWithPath: output.path + new))
            guard rename(output.path + old.dropLast(), output.path + new.dropLast()) == 0 else {
                throw OutputError.cannotWrite(output.path + new, String(cString: strerror(errno)))
            }
        }
        for path in changed.withLock({ $0 }).sorted() {
            let target = output.path + path
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: target, isDirectory: &isDir), isDir.boolValue { try fm.removeItem(atPath: target) }
            guard rename(staging.root.path + path, target) == 0 else {
                throw OutputError.cannotWrite(target, String(cString: strerror(errno)))
            }
        }
        let keep = produced.withLock { $0 }
        for folder in prunedFolders ?? ["/"] {
            removeStale(in: output.path + folder.dropLast(), sitePath: folder, keep: keep)
        }
    }

    /// Deletes files not in `keep` below `dir`, and folders left empty.
    private func removeStale(in dir: String, sitePath: String, keep: Set<String>) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
            if sitePath == "/" && name.hasPrefix(".") { continue }
            let full = dir + "/" + name, site = sitePath + name
            if keep.contains(site) { continue }  // a file of the new site: no need to look at it
            // lstat, not fileExists: a symbolic link to a folder elsewhere is removed as a link,
            // never followed (deleting inside it would reach outside the output).
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                removeStale(in: full, sitePath: site + "/", keep: keep)
                if ((try? fm.contentsOfDirectory(atPath: full)) ?? ["x"]).isEmpty { try? fm.removeItem(atPath: full) }
            } else if !keep.contains(site) {
                unlink(full)
            }
        }
    }
}

enum SearchPaths {
    /// Names the current index folder (the only search file whose name stays the same).
    static let latest = "/search/latest.json"

    /// `/search/<12 hex digits>/` when `path` lies in an index folder.
    static func folder(of path: String) -> String? {
        guard path.hasPrefix("/search/") else { return nil }
        let rest = path.dropFirst("/search/".count)
        guard let slash = rest.firstIndex(of: "/"), rest.distance(from: rest.startIndex, to: slash) == 12 else { return nil }
        return "/search/" + rest[..<slash] + "/"
    }
}
