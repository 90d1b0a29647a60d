import Foundation

/// Lets `zhendi build` skip a build when nothing it reads has changed since the last successful
/// one and the output is still the folder that build wrote. Kept in `.zhendi-cache/` (git-ignored).
///
/// The fingerprint covers every input by path, size and modification time (a `stat`, no reading),
/// the program itself, the options, and the moment the next scheduled article becomes due, so a
/// daily CI run still publishes it on its date.
struct BuildCache {
    let options: BuildOptions

    private var file: URL { options.source.appendingPathComponent(".zhendi-cache/build.json") }

    struct Record: Codable, Equatable {
        var fingerprint: String
        var outputInode: UInt64
        var outputModified: Int64
        /// Seconds since 1970 when the earliest future-dated item becomes due, if any.
        var nextPublication: Int64?
    }

    /// Nil when the site folder has problems of its own (broken links, loops…): those must be
    /// reported by a real build every time.
    func fingerprint() -> String? {
        var bytes = [UInt8]("\(ZhendiVersion.description)|\(options.includeDrafts)|\(options.includeFuture)|\(options.baseURL ?? "")|\(options.outputURL.path)".utf8)
        var st = stat()
        func add(_ relative: String) {
            if stat(options.source.appendingPathComponent(relative).path, &st) == 0 {
                bytes += Array("\n\(relative):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)".utf8)
            }
        }
        add("site.yml")
        for dir in ["content", "static", "themes"] {
            var problems: [Diagnostic] = []
            for e in FolderWalker(root: options.source.appendingPathComponent(dir), displayPrefix: dir).files(diagnostics: &problems) {
                add("\(dir)/\(e.relative)")
            }
            if !problems.isEmpty && FileManager.default.fileExists(atPath: options.source.appendingPathComponent(dir).path) { return nil }
        }
        return ContentHash(bytes: bytes).hex(length: 16)
    }

    private func outputIdentity() -> (UInt64, Int64)? {
        var st = stat()
        guard stat(options.outputURL.path, &st) == 0 else { return nil }
        return (UInt64(st.st_ino), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }

    /// True when the last build's output is still current.
    func isUpToDate(fingerprint: String) -> Bool {
        guard let data = try? Data(contentsOf: file),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.fingerprint == fingerprint,
              let (inode, modified) = outputIdentity(),
              record.outputInode == inode, record.outputModified == modified else { return false }
        if let due = record.nextPublication, Int64(options.now.timeIntervalSince1970) >= due { return false }
        return true
    }

    func save(fingerprint: String, nextPublication: Int64?) {
        guard let (inode, modified) = outputIdentity() else { return }
        let record = Record(fingerprint: fingerprint, outputInode: inode, outputModified: modified, nextPublication: nextPublication)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? JSONEncoder().encode(record).write(to: file, options: .atomic)
    }

    func invalidate() {
        try? FileManager.default.removeItem(at: file)
    }
}
