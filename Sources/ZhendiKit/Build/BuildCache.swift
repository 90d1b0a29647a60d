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

    /// `output`: the output folder's identity, taken after the build's last write (nil when it
    /// could not be read: then nothing is saved and the next build is a real one).
    func save(fingerprint: String, nextPublication: Int64?, output: OutputIdentity?) {
        guard let output else { return }
        let record = Record(fingerprint: fingerprint, output: output, nextPublication: nextPublication)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? JSONEncoder().encode(record).write(to: file, options: .atomic)
    }

    func invalidate() {
        try? FileManager.default.removeItem(at: file)
    }
}

/// The output folder as a build left it: the folder itself (inode and modification time) and
/// every file in it (path, size and modification time, folded into one hash). A folder deleted,
/// replaced or emptied since then, or a page in it edited or deleted by hand, is not trusted to
/// hold that build's files: the next build compares and rewrites them instead of skipping them.
struct OutputIdentity: Codable, Equatable {
    var inode: UInt64
    var modified: Int64
    var files: UInt64

    init(inode: UInt64, modified: Int64, files: UInt64) {
        self.inode = inode
        self.modified = modified
        self.files = files
    }

    /// `files`: the folder's files digest when it is already known (`DirectorySink.filesDigest`
    /// of the folder that became the output); otherwise it is computed by walking the folder.
    init?(of url: URL, files known: UInt64? = nil) {
        var st = stat()
        guard stat(url.path, &st) == 0, let files = known ?? Self.filesDigest(url.path) else { return nil }
        inode = UInt64(st.st_ino)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        self.files = files
    }

    /// A file's share of the digest: its path relative to the output (`news/a/index.html`),
    /// hashed one name at a time as the walk reaches it, its size and modification time.
    static func share(path: Substring, size: Int, modified: timespec) -> UInt64 {
        var hash = ContentHash(bytes: [])
        var rest = path.utf8[...]
        while let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
            hash = hash.appending(rest[..<slash]).appending(Self.slash)
            rest = rest[rest.index(after: slash)...]
        }
        return share(path: hash.appending(rest), size: size, modified: modified)
    }

    private static let slash: [UInt8] = [UInt8(ascii: "/")]

    private static func share(path: ContentHash, size: Int, modified: timespec) -> UInt64 {
        let h = mix64(path.value ^ UInt64(bitPattern: Int64(size)))
        return mix64(h ^ UInt64(bitPattern: Int64(modified.tv_sec) &* 1_000_000_000 &+ Int64(modified.tv_nsec)))
    }

    /// A sum of one hash per file, so the order the folders are read in does not matter. One
    /// `fstatat` per file (≈ 18,000 at 10,000 pages), the top-level folders on every core;
    /// names are hashed as the bytes `readdir` gives, folders opened relative to their parent.
    private static func filesDigest(_ root: String) -> UInt64? {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var folders: [(fd: Int32, prefix: ContentHash)] = []
        guard var sum = walk(fd, prefix: ContentHash(bytes: []), into: &folders) else {
            for f in folders { close(f.fd) }
            return nil
        }
        for part in concurrentMap(folders, { walk($0.fd, prefix: $0.prefix, into: nil) }) {
            guard let part else { return nil }
            sum &+= part
        }
        return sum
    }

    /// The sum of the hashes of the files in the folder `fd` (which it closes), and of those
    /// below it unless `folders` is given: then the subfolders are opened and put there instead.
    /// `prefix`: the hash of the folder's path relative to the output.
    private static func walk(_ fd: Int32, prefix: ContentHash, into folders: UnsafeMutablePointer<[(fd: Int32, prefix: ContentHash)]>?) -> UInt64? {
        guard let dir = fdopendir(fd) else { close(fd); return nil }
        defer { closedir(dir) }
        var sum: UInt64 = 0
        while let entry = readdir(dir) {
            let result: UInt64? = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> UInt64? in
                let name = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                if name[0] == 0x2E && (name[1] == 0 || (name[1] == 0x2E && name[2] == 0)) { return 0 }  // . and ..
                var st = stat()
                guard fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
                let path = prefix.appending(UnsafeRawBufferPointer(start: name, count: strlen(name)))
                if st.st_mode & S_IFMT == S_IFDIR {
                    let sub = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                    guard sub >= 0 else { return nil }
                    let folder = path.appending(Self.slash)
                    if let folders {
                        folders.pointee.append((sub, folder))
                        return 0
                    }
                    return walk(sub, prefix: folder, into: nil)
                }
                return share(path: path, size: st.st_size, modified: st.st_mtim)
            }
            guard let result else { return nil }
            sum &+= result
        }
        return sum
    }
}
