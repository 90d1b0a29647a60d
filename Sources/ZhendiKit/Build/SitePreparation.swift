import Foundation

/// The first stages of every command that needs the whole site (build, check, export): load,
/// parse, privacy scan, assemble the graph, and index the files the output will contain.
struct SitePreparation {
    let input: SiteInput
    var items: [ContentItem]
    var graph: SiteGraph
    let files: FileIndex
    /// Each content file's parse and privacy findings, by path: the next run in the same process
    /// (`zhendi serve`) takes them for every file whose contents are the same.
    var parses: [String: ParseCache.Entry] = [:]
    var privacyFindings: [String: (hash: ContentHash, findings: [Diagnostic])] = [:]
    /// The parse cache's file being written in the background (encoding and writing it was the
    /// parse stage's last tenth, on one core); `finishCacheWrites` waits for it.
    let cacheWrites: DispatchGroup

    /// Called before a build returns, so the next one finds the cache complete (an unfinished
    /// write is only a missed speed-up: the file is replaced whole, by rename).
    func finishCacheWrites() { cacheWrites.wait() }

    /// `parseStamp` (see `ParseCache`) lets parses of unchanged files come from the build cache,
    /// which is then refreshed; nil parses every file and leaves the cache alone.
    /// `snapshot`: the source folders as the caller walked them (see `SiteInput.load`).
    /// `previous`: the run before in this process (`zhendi serve`): unchanged files are not read,
    /// nor parsed and scanned again while `site.yml` says the same (both read it).
    static func run(options: BuildOptions, log: DiagnosticLog, parseStamp: String? = nil, snapshot: SourceSnapshot? = nil,
                    previous: SitePreparation? = nil, lap: (String) -> Void = { _ in }) throws -> SitePreparation {
        Slug.warmUp()
        // load
        let (loaded, loadDiagnostics) = SiteInput.load(root: options.source, baseURLOverride: options.baseURL, snapshot: snapshot,
                                                       previous: previous?.input)
        log.add(contentsOf: loadDiagnostics)
        guard let input = loaded else { throw BuildFailed(diagnostics: log.all) }
        lap("load")
        options.afterLoad?()

        // parse
        let parser = FrontMatterParser(config: input.config)
        let sameConfig = previous.flatMap { $0.input.config == input.config ? $0 : nil }
        let parseCache = sameConfig.map { ParseCache(entries: $0.parses) } ?? ParseCache(options: options, stamp: parseStamp)
        let parsed = concurrentMap(input.content) { parseCache.parse($0, with: parser) }
        // By index: `for (item, found) in parsed` copied every item once more (a few dozen
        // references to retain each, on one core).
        var items: [ContentItem] = []
        items.reserveCapacity(parsed.count)
        var parses: [String: ParseCache.Entry] = [:]
        parses.reserveCapacity(parsed.count)
        for k in parsed.indices {
            log.add(contentsOf: parsed[k].1)
            guard let item = parsed[k].0 else { continue }
            parses[item.source] = ParseCache.Entry(item: item, diagnostics: parsed[k].1)
            items.append(item)
        }
        Slug.prepare(items.flatMap { $0.tags + [$0.branch, $0.series].compactMap { $0 } })
        for i in items.indices {
            if let warning = FrontMatterParser.dropTagsWithoutSlug(&items[i]) { log.add(warning) }
        }
        lap("parse")

        // privacy: only what would be published is scanned (internal notes may hold ID numbers)
        let policy = PublicationPolicy(includeDrafts: options.includeDrafts, includeFuture: options.includeFuture,
                                       now: Int64(options.now.timeIntervalSince1970))
        let guard_ = PrivacyGuard(allowed: input.config.allowedNumbers)
        let texts = Dictionary(uniqueKeysWithValues: input.content.map { ($0.path, $0.text) })
        let known = sameConfig?.privacyFindings ?? parseCache.privacyFindings
        let privacy: [[Diagnostic]?] = concurrentMap(items) { item in
            guard policy.admits(item.publication(now: policy.now)), let text = texts[item.source] else { return nil }
            if let k = known[item.source], k.hash == item.hash { return k.findings }
            return guard_.diagnostics(for: text, file: item.source, extraAllowed: item.allowedNumbers)
        }
        var privacyFindings: [String: (hash: ContentHash, findings: [Diagnostic])] = [:]
        for (item, findings) in zip(items, privacy) {
            guard let findings else { continue }
            log.add(contentsOf: findings)
            privacyFindings[item.source] = (item.hash, findings)
        }
        for f in input.files.values.sorted(by: { $0.outputPath < $1.outputPath }) where PrivacyGuard.isTextFile(f.outputPath) && f.size < 8_000_000 {
            if let data = FileManager.default.contents(atPath: f.url.path), let text = String(data: data, encoding: .utf8) {
                log.add(contentsOf: guard_.diagnostics(for: text, file: f.sourcePath))
            }
        }
        let cacheWrites = DispatchGroup()
        let scanned = privacyFindings
        DispatchQueue.global().async(group: cacheWrites) {
            parseCache.save(parsed, of: input.content, privacy: scanned, options: options)
        }
        lap("privacy")

        // assemble
        let graph = SiteAssembler(config: input.config, policy: policy).assemble(items)
        log.add(contentsOf: graph.findings)
        var fileIndex = FileIndex(files: input.files)
        for a in input.theme.assets { fileIndex.generated.insert(a.outputPath) }
        fileIndex.generated.formUnion(["/404.html", "/feed.xml", "/atom.xml", "/feed.json", "/sitemap.xml", "/robots.txt"])
        for c in graph.sections + graph.branches {
            fileIndex.generated.formUnion([c.url + "feed.xml", c.url + "atom.xml", c.url + "feed.json"])
        }
        lap("assemble")
        return SitePreparation(input: input, items: items, graph: graph, files: fileIndex, parses: parses, privacyFindings: privacyFindings,
                               cacheWrites: cacheWrites)
    }

    /// When the earliest future-dated item becomes due (seconds since 1970), if any.
    func nextPublication(now: Date) -> Int64? {
        let t = Int64(now.timeIntervalSince1970)
        return items.compactMap { $0.date?.instant }.filter { $0 > t }.min()
    }
}
