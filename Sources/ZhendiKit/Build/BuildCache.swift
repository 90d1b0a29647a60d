import Foundation

/// Lets `zhendi build` skip a build when nothing it reads has changed since the last successful
/// one and the output is still the folder that build wrote. Kept in `.zhendi-cache/` (git-ignored).
///
/// The fingerprint covers every input by path, size and modification time (a `stat`, no reading),
/// the program itself, the options, and the moment the next scheduled article becomes due, so a
/// daily CI run still publishes it on its date.
struct BuildCache {
    let options: BuildOptions

    static func folder(_ options: BuildOptions) -> URL { options.source.appendingPathComponent(".zhendi-cache") }
    private var file: URL { Self.folder(options).appendingPathComponent("build.json") }

    struct Record: Codable, Equatable {
        var fingerprint: String
        var output: OutputIdentity
        /// Seconds since 1970 when the earliest future-dated item becomes due, if any.
        var nextPublication: Int64?
    }

    /// Nil when the site folder has problems of its own (broken links, loops…): those must be
    /// reported by a real build every time.
    func fingerprint(_ snapshot: SourceSnapshot) -> String? {
        Self.stamp(options, folders: SourceSnapshot.folderNames, snapshot: snapshot)
    }

    /// A hash of the program, the options, `site.yml` and every file under `folders` by path,
    /// size and modification time; `attachmentsOnly` folders count only their files other than
    /// Markdown (the attachments published beside content, which no item's hash covers).
    /// `folders` and `attachmentsOnly` are among the snapshot's, taken before anything was read.
    static func stamp(_ options: BuildOptions, folders: [String], attachmentsOnly: [String] = [], snapshot: SourceSnapshot? = nil) -> String? {
        var bytes = [UInt8]("\(ZhendiVersion.description)|\(options.includeDrafts)|\(options.includeFuture)|\(options.baseURL ?? "")|\(options.outputURL.path)".utf8)
        var st = stat()
        // A rebuilt program with the same version (a developer's build) must not trust old results.
        if stat("/proc/self/exe", &st) == 0 { bytes += Array("|\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)".utf8) }
        if stat(options.source.appendingPathComponent("site.yml").path, &st) == 0 {
            bytes += Array("\nsite.yml:\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)".utf8)
        }
        let dirs = folders + attachmentsOnly
        guard !dirs.isEmpty else { return ContentHash(bytes: bytes).hex(length: 16) }
        let snapshot = snapshot ?? SourceSnapshot(root: options.source)
        for dir in dirs {
            let folder = snapshot.folder(dir)
            let markdownToo = !attachmentsOnly.contains(dir)
            for e in folder.entries where markdownToo || !SiteInput.isMarkdown(e.relative) {
                bytes += Array("\n\(dir)/\(e.relative):\(e.stamp)".utf8)
            }
            if !folder.diagnostics.isEmpty { return nil }
        }
        return ContentHash(bytes: bytes).hex(length: 16)
    }

    /// True when the last build's output is still current.
    func isUpToDate(fingerprint: String) -> Bool {
        guard let data = try? Data(contentsOf: file),
              let record = try? JSONDecoder().decode(Record.self, from: data),
              record.fingerprint == fingerprint,
              OutputIdentity(of: options.outputURL) == record.output else { return false }
        if let due = record.nextPublication, Int64(options.now.timeIntervalSince1970) >= due { return false }
        return true
    }

    func save(fingerprint: String, nextPublication: Int64?) {
        guard let output = OutputIdentity(of: options.outputURL) else { return }
        let record = Record(fingerprint: fingerprint, output: output, nextPublication: nextPublication)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? JSONEncoder().encode(record).write(to: file, options: .atomic)
    }

    func invalidate() {
        try? FileManager.default.removeItem(at: file)
    }
}

/// The output folder as a build left it (inode and modification time): a folder deleted,
/// replaced or emptied since then is not trusted to hold that build's files.
struct OutputIdentity: Codable, Equatable {
    var inode: UInt64
    var modified: Int64

    init(inode: UInt64, modified: Int64) {
        self.inode = inode
        self.modified = modified
    }

    init?(of url: URL) {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return nil }
        inode = UInt64(st.st_ino)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }
}
