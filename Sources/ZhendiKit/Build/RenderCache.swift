import Foundation

/// What a build leaves in `.zhendi-cache/` so the next `zhendi build` renders again only what an
/// edit affects (`IncrementalBuild`): per page, the source it was rendered from and what other
/// pages need from it (digest, list entry, findings); per range of documents, its sealed search
/// index segment, in a file of its own so an edit rewrites only the segments it touches.
///
/// It holds only while the site's structure is the same: `key` covers the program, the options,
/// `site.yml`, the theme, the static files, content attachments, and every item's metadata and
/// publication state. Any difference there means a full build (which, for all but the first three,
/// still takes from this record every page whose inputs did not change: `ReusableRender`). The
/// search phrase table is sampled from bodies, so an edit may change it; then every segment is
/// indexed again (`phrases` tells).
struct RenderCache {
    struct Page {
        var source: String
        var sourceHash: UInt64
        var digest: PageDigest
        var listItemHTML: String
        var diagnostics: [Diagnostic]
        /// What its link resolution asked the graph, and a fingerprint of the answers.
        var linkQueries: [String]
        var linkAnswers: UInt64
        /// Its digest kept the body HTML (`ItemRenderer.keepHTML`).
        var keepsHTML: Bool
        /// `PageRenderer.itemSurroundings` of its page (0 without a page of its own).
        var surroundings: UInt64
        /// Fingerprint of its list entry's fields (0: unknown, render it again).
        var listKey: UInt64
    }

    struct Segment {
        var documents: Range<Int>
        /// File in the cache folder, named by its first document and the index version.
        var file: String
        /// What its documents were (`fingerprint(of:)`): after a structural change a full build
        /// reuses the segment if the same documents still hold the same ids.
        var fingerprint: String
        /// The segment itself, when the record is kept in memory (`zhendi serve`) rather than on disk.
        var sealed: IndexSegment? = nil
    }

    /// What the record is valid for, in two parts so a full build can say which one changed.
    struct Key: Equatable {
        /// The program, the options and `site.yml`.
        var structure: String
        /// Every item's metadata and publication state, the static files, content attachments and the theme.
        var content: String
    }

    var key: Key
    var output: OutputIdentity
    var searchFolder: String
    var phrases: String
    var pages: [Page]
    var segments: [Segment]
    /// Fingerprint (`PageJob`) of every page other than items' own, by site path.
    var pageKeys: [String: UInt64]

    static let formatTag = "zhendi-render-cache-7"

    private static func recordURL(_ options: BuildOptions) -> URL {
        BuildCache.folder(options).appendingPathComponent("pages.bin")
    }

    private static func segmentURL(_ options: BuildOptions, _ file: String) -> URL {
        BuildCache.folder(options).appendingPathComponent(file)
    }

    /// `stamp` is `BuildCache.stamp` of the program, options and `site.yml`; `files` of the static
    /// files, content attachments and themes; both taken before the build read them. Files and
    /// templates are content, not structure: a new picture re-renders only the pages whose links
    /// asked for it (`LinkLookups`), an edited template only the pages it renders (`Theme.templateKey`).
    static func key(stamp: String, files: String, options: BuildOptions, prepared: SitePreparation) -> Key {
        var bytes: [UInt8] = Array(files.utf8)
        let now = Int64(options.now.timeIntervalSince1970)
        for item in prepared.items.sorted(by: { $0.source < $1.source }) {
            bytes += Array("\u{0}\(item.metadataKey)\u{1}\(item.publication(now: now).rawValue)".utf8)
        }
        return Key(structure: stamp, content: ContentHash(bytes: bytes).hex(length: 16))
    }

    /// The documents `range` holds in `search`'s order: source, contents, metadata, URL.
    static func fingerprint(of range: Range<Int>, search: SearchIndexBuilder) -> String {
        var bytes: [UInt8] = []
        for doc in range {
            let p = search.graph.pages[search.order[doc]]
            bytes += Array("\u{0}\(p.item.hash.value)\u{1}\(p.url)\u{1}\(p.item.metadataKey)".utf8)
        }
        return ContentHash(bytes: bytes).hex(length: 16)
    }

    static func phrasesKey(_ table: PhraseTable) -> String {
        var bytes: [UInt8] = []
        for phrase in table.phrases {
            bytes.append(0)
            for c in phrase { bytes += Array(String(c).utf8) + [44] }
        }
        return ContentHash(bytes: bytes).hex(length: 16)
    }

    // MARK: reading and writing

    /// What the previous build left, as far as this build can use it.
    enum Lookup {
        /// Made under the same key for the output as it is: an incremental build may follow.
        case current(RenderCache)
        /// Only items' metadata changed: a full build, which may reuse index segments.
        case contentChanged(RenderCache)
        case unusable(FullBuildReason)
    }

    /// The previous build's record for the output folder as it is now (the rest of a record for
    /// another structure or output is not even decoded).
    static func load(_ options: BuildOptions, key expected: Key) -> Lookup {
        guard var r = BinaryReader(contentsOfFile: recordURL(options).path) else { return .unusable(.noCache) }
        do {
            guard try r.string() == formatTag else { return .unusable(.noCache) }
            let key = Key(structure: try r.string(), content: try r.string())
            guard key.structure == expected.structure else { return .unusable(.structureChanged) }
            let output = OutputIdentity(inode: UInt64(try r.int()), modified: Int64(try r.int()), files: try r.uint64())
            guard output == OutputIdentity(of: options.outputURL) else { return .unusable(.outputChanged) }
            let folder = try r.string()
            let phrases = try r.string()
            let pages = try r.array { r in
                Page(source: try r.string(), sourceHash: try r.uint64(), digest: try r.digest(),
                     listItemHTML: try r.string(), diagnostics: try r.array { try $0.diagnostic() },
                     linkQueries: try r.array { try $0.string() }, linkAnswers: try r.uint64(), keepsHTML: try r.bool(), surroundings: try r.uint64(), listKey: try r.uint64())
            }
            let segments = try r.array { r in
                let lower = try r.int(), upper = try r.int()
                guard lower <= upper else { throw BinaryReader.Malformed() }
                return Segment(documents: lower..<upper, file: try r.string(), fingerprint: try r.string())
            }
            let keyed = try r.array { r in (try r.string(), try r.uint64()) }
            guard let pageKeys = try? Dictionary(keyed, uniquingKeysWith: { _, _ in throw BinaryReader.Malformed() }) else {
                return .unusable(.cacheIncomplete)
            }
            guard r.isAtEnd else { return .unusable(.cacheIncomplete) }
            let record = RenderCache(key: key, output: output, searchFolder: folder, phrases: phrases, pages: pages, segments: segments,
                                     pageKeys: pageKeys)
            return key.content == expected.content ? .current(record) : .contentChanged(record)
        } catch {
            return .unusable(.cacheIncomplete)
        }
    }

    /// The sealed index segment of `segment`'s documents; throws if its file is gone or damaged.
    static func loadSegment(_ segment: Segment, options: BuildOptions) throws -> IndexSegment {
        if let sealed = segment.sealed { return sealed }
        guard var r = BinaryReader(contentsOfFile: segmentURL(options, segment.file).path) else { throw BinaryReader.Malformed() }
        let s = try IndexSegment.unarchive(from: &r)
        guard r.isAtEnd else { throw BinaryReader.Malformed() }
        return s
    }

    /// Writes a segment's file, named by its documents and the index version: the same name is
    /// the same contents, so an existing file is left alone.
    static func saveSegment(_ segment: IndexSegment, documents: Range<Int>, search: SearchIndexBuilder, options: BuildOptions) throws -> Segment {
        let version = search.version
        // Range and version determine the contents (a range with the same start but another end,
        // from a build that planned its ranges differently, must not be mistaken for this one).
        let name = "search-\(documents.lowerBound)-\(documents.upperBound)-\(version).bin"
        let url = segmentURL(options, name)
        if !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var w = BinaryWriter()
            segment.archive(into: &w)
            try w.write(to: url)
        }
        return Segment(documents: documents, file: name, fingerprint: fingerprint(of: documents, search: search))
    }

    /// Writes the record, then removes segment files no record refers to any more.
    func save(_ options: BuildOptions) throws {
        var w = BinaryWriter()
        w.string(Self.formatTag)
        w.string(key.structure)
        w.string(key.content)
        w.int(Int(truncatingIfNeeded: output.inode))
        w.int(Int(output.modified))
        w.uint64(output.files)
        w.string(searchFolder)
        w.string(phrases)
        w.array(pages) { w, p in Self.write(p, to: &w) }
        w.array(segments) { w, s in
            w.int(s.documents.lowerBound)
            w.int(s.documents.upperBound)
            w.string(s.file)
            w.string(s.fingerprint)
        }
        w.array(pageKeys.sorted { $0.key < $1.key }) { w, entry in
            w.string(entry.key)
            w.uint64(entry.value)
        }
        let folder = BuildCache.folder(options)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try w.write(to: Self.recordURL(options))
        let kept = Set(segments.map(\.file))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix("search-") && name.hasSuffix(".bin") && !kept.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Forgets the record (segment files stay until the next save): done before the output is
    /// changed in place, so a build interrupted there is followed by a full one.
    static func invalidate(_ options: BuildOptions) {
        try? FileManager.default.removeItem(at: recordURL(options))
    }

    private static func write(_ p: Page, to w: inout BinaryWriter) {
        w.string(p.source)
        w.uint64(p.sourceHash)
        w.digest(p.digest)
        w.string(p.listItemHTML)
        w.array(p.diagnostics) { $0.diagnostic($1) }
        w.array(p.linkQueries) { $0.string($1) }
        w.uint64(p.linkAnswers)
        w.bool(p.keepsHTML)
        w.uint64(p.surroundings)
        w.uint64(p.listKey)
    }
}

/// Why `zhendi build` rebuilt everything although it keeps a cache: told to the editor, who
/// otherwise wonders why one build takes a second and the next a minute.
public enum FullBuildReason: Error, Sendable {
    case noCache
    case structureChanged
    case contentChanged
    case outputChanged
    case cacheIncomplete

    public var chinese: String {
        switch self {
        case .noCache: return "没有上次生成留下的缓存（第一次生成，或缓存文件夹 .zhendi-cache 已删除）"
        case .structureChanged: return "网站设置 site.yml 或阵地程序本身有变化"
        case .contentChanged: return "新增、删除或移动了内容文件、图片等附件或主题文件，或改了某篇内容的标题、日期、标签等设置（定时文章到了发布时间也算）"
        case .outputChanged: return "输出文件夹或其中的文件在上次生成之后被删除、移动、替换或手工改动"
        case .cacheIncomplete: return "上次生成留下的缓存或搜索索引不完整"
        }
    }
}
