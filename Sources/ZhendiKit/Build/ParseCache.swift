import Foundation

/// Parsed front matter by file path and contents, kept in `.zhendi-cache/items.bin`, so a build
/// parses only the files that changed (YAML is most of what reading a site costs). Valid for the
/// same program and `site.yml` (parsing reads the time zone and section names from it); the body
/// is not stored but cut from the file's text again, so an entry is small. The privacy scan's
/// findings are kept with each published file's entry too (they depend on the same things).
struct ParseCache {
    struct Entry {
        var item: ContentItem
        var diagnostics: [Diagnostic]
        /// The privacy scan's findings for this contents; nil if it was not scanned.
        var privacy: [Diagnostic]? = nil
    }

    private(set) var entries: [String: Entry] = [:]
    private let stamp: String?

    private static func url(_ options: BuildOptions) -> URL {
        BuildCache.folder(options).appendingPathComponent("items.bin")
    }

    /// An empty cache when there is no usable file (or `stamp` is nil: nothing is kept then).
    init(options: BuildOptions, stamp: String?) {
        self.stamp = stamp
        guard let stamp, var r = BinaryReader(contentsOfFile: Self.url(options).path) else { return }
        guard (try? r.string()) == stamp else { return }
        do {
            let n = try r.int()
            for _ in 0..<max(0, n) {
                let item = try r.itemMetadata(body: "")
                let diagnostics = try r.array { try $0.diagnostic() }
                entries[item.source] = Entry(item: item, diagnostics: diagnostics, privacy: try r.optional { r in try r.array { try $0.diagnostic() } })
            }
        } catch {
            entries = [:]
        }
    }

    /// Parses kept in memory by the previous run (`SitePreparation.parses`); nothing is saved.
    init(entries: [String: Entry]) {
        self.entries = entries
        stamp = nil
    }

    /// The parse of `file`, from the cache when its contents are the same as last time.
    func parse(_ file: SourceFile, with parser: FrontMatterParser) -> (ContentItem?, [Diagnostic]) {
        if let hit = entries[file.path], hit.item.hash == file.hash {
            // An entry kept in memory has its body (same contents, same body); one read from
            // the file has none stored.
            guard hit.item.body.isEmpty else { return (hit.item, hit.diagnostics) }
            var item = hit.item
            item.body = FrontMatterParser.body(of: file.text)
            return (item, hit.diagnostics)
        }
        return parser.parse(file)
    }

    /// The privacy findings kept, by path, with the contents they were found in.
    var privacyFindings: [String: (hash: ContentHash, findings: [Diagnostic])] {
        entries.compactMapValues { e in e.privacy.map { (e.item.hash, $0) } }
    }

    /// Keeps the parses of `files` (those that produced an item) and the privacy findings of
    /// the published ones for the next build; when all of it came from the cache, the file
    /// already says all this.
    func save(_ parsed: [(ContentItem?, [Diagnostic])], of files: [SourceFile],
              privacy: [String: (hash: ContentHash, findings: [Diagnostic])], options: BuildOptions) {
        guard let stamp else { return }
        if files.count == entries.count, files.allSatisfy({ entries[$0.path]?.item.hash == $0.hash }),
           privacy.count == entries.values.filter({ $0.privacy != nil }).count,
           privacy.allSatisfy({ entries[$0.key]?.privacy == $0.value.findings }) { return }
        var w = BinaryWriter()
        w.string(stamp)
        let kept = parsed.compactMap { p in p.0.map { ($0, p.1) } }
        w.int(kept.count)
        for (item, diagnostics) in kept {
            w.itemMetadata(item)
            w.array(diagnostics) { $0.diagnostic($1) }
            let scanned = privacy[item.source].flatMap { $0.hash == item.hash ? $0.findings : nil }
            w.optional(scanned) { w, findings in w.array(findings) { $0.diagnostic($1) } }
        }
        try? FileManager.default.createDirectory(at: BuildCache.folder(options), withIntermediateDirectories: true)
        try? w.write(to: Self.url(options))
    }
}
