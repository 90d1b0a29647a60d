import Foundation

/// What to build and how.
public struct BuildOptions: Sendable {
    public var source: URL
    /// Defaults to `<source>/public`.
    public var output: URL?
    public var baseURL: String?
    public var includeDrafts = false
    public var includeFuture = false
    /// "Now" for deciding what is future-dated.
    public var now = Date()
    /// Called after the load stage; tests use it to change the site folder mid-build.
    var afterLoad: (@Sendable () -> Void)? = nil
    /// Asked between pages and stages; true stops the build with `BuildCancelled` (the live
    /// server's background refresh, once an edit has made its result useless).
    var cancelled: (@Sendable () -> Bool)? = nil

    public init(source: URL) {
        self.source = source
    }

    public var outputURL: URL { output ?? source.appendingPathComponent("public") }
}

/// The outcome of a successful build (a failed one throws `BuildFailed`).
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    /// HTML pages written.
    public var pages: Int
    /// All files written, pages included.
    public var files: Int
    public var output: URL
    /// Wall and processor time per stage, in seconds, in pipeline order.
    public var timings: [StageTiming]
    /// The output folder as this build left it, when it was taken (see `OutputIdentity`).
    var outputIdentity: OutputIdentity?
    /// True when nothing changed since the last build and the output was left as it was.
    public var upToDate = false
    /// When the earliest future-dated item becomes due (seconds since 1970), if any.
    public var nextPublication: Int64? = nil
    /// When the previous build was reused: how many items were rendered again (the rest came from the cache).
    public var renderedItems: Int? = nil
    /// The search index was left as the site being served had it (see `runKeepingState`).
    public var searchDeferred = false
    /// For a full `build()`: why the previous build could not be reused.
    public var fullBuildReason: FullBuildReason? = nil
}

/// The pipeline: load → parse → assemble the site graph → render → index/feeds → write.
/// Every stage reports problems instead of stopping, so one run lists all of them; the output is
/// replaced only when no stage found an error.
public struct SiteBuilder: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// Builds into the output folder; skips the work when nothing changed, and after an edit
    /// that changed only bodies renders again only what shows them (`IncrementalBuild`).
    /// Otherwise everything is rendered, and files that differ from the existing site replace
    /// theirs once the whole build has succeeded (a first build swaps in a staging folder).
    public func build() throws -> BuildResult {
        let cache = BuildCache(options: options)
        let clock = StageClock()
        let snapshot = SourceSnapshot(root: options.source)
        let fingerprint = options.afterLoad == nil ? cache.fingerprint(snapshot) : nil
        if let fingerprint, cache.isUpToDate(fingerprint: fingerprint) {
            clock.lap("up to date")
            var result = BuildResult(diagnostics: [], pages: 0, files: 0, output: options.outputURL, timings: clock.timings)
            result.upToDate = true
            return result
        }
        cache.invalidate()
        // Taken before anything is read: a file changed during the build then differs next time.
        // The program, the options and site.yml reach every page; files and the theme reach the
        // pages that use them (`ReusableRender`).
        let programStamp = BuildCache.stamp(options, folders: [])
        let structureStamp = options.afterLoad == nil ? programStamp : nil
        let filesStamp = options.afterLoad == nil ? BuildCache.stamp(options, folders: ["static", "themes"], attachmentsOnly: ["content"], snapshot: snapshot) : nil
        let log = DiagnosticLog()
        let prepared = try SitePreparation.run(options: options, log: log, parseStamp: programStamp, snapshot: snapshot,
                                               lap: clock.lap)
        defer { prepared.finishCacheWrites() }
        let search = structureStamp.map { stamp in
            SearchIndexBuilder(graph: prepared.graph) { PhraseCache.table(for: $0, options: options, stamp: stamp) }
        } ?? SearchIndexBuilder(graph: prepared.graph)
        clock.lap("plan search index")
        let cacheKey = structureStamp.flatMap { stamp in filesStamp.map { RenderCache.key(stamp: stamp, files: $0, options: options, prepared: prepared) } }

        var reason = FullBuildReason.noCache
        var donor: RenderCache? = nil
        if let cacheKey {
            switch RenderCache.load(options, key: cacheKey) {
            case .current(let previous):
                if let result = try IncrementalBuild(options: options, prepared: prepared, search: search, previous: previous,
                                                     log: log, clock: clock).run() {
                    if let fingerprint, result.diagnostics.isEmpty {
                        cache.save(fingerprint: fingerprint, nextPublication: result.nextPublication, output: result.outputIdentity)
                    }
                    return result
                }
                reason = .cacheIncomplete
            case .contentChanged(let previous):
                reason = .contentChanged
                donor = previous
            case .unusable(let why):
                reason = why
            }
        }
        RenderCache.invalidate(options)

        let publisher = Publisher(output: options.outputURL)
        let staging: URL
        do {
            staging = try publisher.makeStaging()
        } catch {
            throw BuildFailed(diagnostics: [.error("output.staging", file: nil,
                "无法在 \(options.outputURL.deletingLastPathComponent().path) 创建临时文件夹（\(error.localizedDescription)）。",
                hint: "请检查磁盘空间和文件夹权限。")])
        }
        // Over an existing site only what differs is written (`ChangesSink`); a first build
        // writes everything into the staging folder, which then takes the output's place.
        var isDir: ObjCBool = false
        let changes = FileManager.default.fileExists(atPath: options.outputURL.path, isDirectory: &isDir) && isDir.boolValue
            ? ChangesSink(output: options.outputURL, staging: staging) : nil
        let sink: OutputSink = changes ?? DirectorySink(root: staging)
        var outcome: FullBuild
        do {
            outcome = try render(prepared, search: search, log: log, clock: clock, into: sink, donor: donor, cachesSegments: cacheKey != nil)
        } catch {
            publisher.discard(staging)
            throw error
        }
        do {
            if let changes {
                try changes.apply()
                publisher.discard(staging)
            } else {
                try publisher.publish(staging)
            }
        } catch {
            publisher.discard(staging)
            throw BuildFailed(diagnostics: outcome.result.diagnostics + [.error("output.publish", file: nil, "\(error)",
                hint: changes == nil ? nil : IncrementalBuild.partialHint)])
        }
        clock.lap(changes.map { "publish (\($0.changedCount) changed files)" } ?? "publish")
        if outcome.result.renderedItems != nil, let changes {
            // Most pages were taken from the previous build: say what changed, as incremental builds do.
            outcome.result.pages = changes.changedPages
            outcome.result.files = changes.changedCount
        }
        // Taken once, for both records; not at all when neither is kept.
        // A first build knows its files' digest from writing them.
        let output = cacheKey != nil || fingerprint != nil
            ? OutputIdentity(of: options.outputURL, files: changes == nil ? (sink as? DirectorySink)?.filesDigest : nil) : nil
        if let cacheKey, let output {
            // Only a help for the next build: failing to keep it costs time, not correctness.
            try? outcome.cacheRecord(key: cacheKey, output: output, search: search, options: options).save(options)
            clock.lap("save cache")
        }
        outcome.result.timings = clock.timings
        outcome.result.fullBuildReason = reason
        // Warnings are shown again on every real build: only a clean build is remembered as current.
        if let fingerprint, outcome.result.diagnostics.isEmpty {
            cache.save(fingerprint: fingerprint, nextPublication: outcome.result.nextPublication, output: output)
        }
        releaseLater((prepared, search, outcome, sink, donor as Any))
        return outcome.result
    }

    /// Runs every stage, writing into `sink`. Throws `BuildFailed` when any error was found.
    public func run(into sink: OutputSink) throws -> BuildResult {
        try runKeepingState(into: sink).result
    }

    /// Like `run`, also returning what the live server needs to update single pages later, and
    /// a record of this build from which the next one (given the site it served as `sink`'s
    /// previous version) takes whatever did not change.
    /// `parsesFromCache`: take unchanged files' front matter from `.zhendi-cache/items.bin` (the
    /// live server; a test's clean build must not).
    /// `previous`: the preparation of the build before (`zhendi serve`): unchanged files are not read, parsed or scanned again.
    /// `served`: the state of the site being served, made with `donor`. When this build withdraws
    /// none of its pages (a new article, new tags or dates), its search index is left as it is,
    /// for the live server to refresh after a pause as it does after a body edit: indexing and
    /// merging are most of such an update. A page that is gone (deleted, made a draft or
    /// internal, moved) is taken out of the index at once.
    func runKeepingState(into sink: OutputSink, reusing donor: RenderCache? = nil, parsesFromCache: Bool = false,
                         previous: SitePreparation? = nil, served: BuildState? = nil) throws -> (result: BuildResult, state: BuildState, record: RenderCache?) {
        let clock = StageClock()
        let log = DiagnosticLog()
        let prepared = try SitePreparation.run(options: options, log: log,
                                               parseStamp: parsesFromCache ? BuildCache.stamp(options, folders: []) : nil,
                                               previous: previous, lap: clock.lap)
        defer { prepared.finishCacheWrites() }
        try stopIfCancelled()
        var searchLeftAsIs: RenderCache? = nil
        if let served, let donor, donor.searchFolder == served.searchFolder {
            let urls = Set(prepared.graph.pages.map(\.url))
            if served.prepared.graph.pages.allSatisfy({ urls.contains($0.url) }) { searchLeftAsIs = donor }
        }
        let search = SearchIndexBuilder(graph: prepared.graph, phrases: searchLeftAsIs == nil ? nil : PhraseTable(phrases: []))
        var outcome = try render(prepared, search: search, log: log, clock: clock, into: sink, donor: donor,
                                 searchLeftAsIs: searchLeftAsIs?.searchFolder)
        outcome.result.searchDeferred = searchLeftAsIs != nil
        return (outcome.result, outcome.state, outcome.memoryRecord(search: search, indexOf: searchLeftAsIs))
    }

    /// Everything after preparation, for every page.
    /// `donor`: the previous build's record when only items' metadata changed since; index
    /// segments whose documents are the same, under the same ids, are taken from it instead of
    /// tokenised again (their result files are already in the output, which `sink` updates).
    /// `cachesSegments`: the build cache will be saved; each thread writes its sealed index
    /// segments' files there as it finishes them (written after publishing, they were a stage
    /// of their own at the end of the build).
    /// `searchLeftAsIs`: the folder of an index left as it is (nothing is indexed, the search
    /// page keeps pointing there; see `runKeepingState`).
    private func render(_ prepared: SitePreparation, search: SearchIndexBuilder, log: DiagnosticLog, clock: StageClock,
                        into sink: OutputSink, donor: RenderCache? = nil, cachesSegments: Bool = false,
                        searchLeftAsIs: String? = nil) throws -> FullBuild {
        func lap(_ stage: String) { clock.lap(stage) }
        let input = prepared.input
        let graph = prepared.graph
        let fileIndex = prepared.files

        // render items
        var model = SiteViewModel(graph: graph, theme: input.theme)
        let feeds = FeedSet.all(graph)
        let items = ItemRenderer(graph: graph, files: fileIndex, config: input.config, feeds: feeds)
        let firstRender = model
        let surroundings = PageRenderer(model: firstRender)
        let changes = sink as? KeepingSink
        let reuse = changes == nil ? nil : donor.map { ReusableRender($0, items: items) }
        // Only for measuring what the index costs (scripts/bench.sh): never set in real use.
        let indexing = ProcessInfo.processInfo.environment["ZHENDI_BENCH_WITHOUT_SEARCH"] == nil && searchLeftAsIs == nil
        let indexFolder = searchLeftAsIs ?? search.folder
        let plan = indexPlan(search: search, sink: sink, donor: indexing ? donor : nil)
        let chunks: [(rendered: [RenderedItem], segment: IndexSegment, documents: Range<Int>, cached: RenderCache.Segment?)] = concurrentMap(plan) { range, donated in
            // A donated segment whose file cannot be read is simply indexed again.
            let reused = donated.flatMap { s in (try? RenderCache.loadSegment(s, options: options)).map { (s, $0) } }
            let segment = reused?.1 ?? IndexSegment()
            let indexer = search.makeIndexer()
            var out: [RenderedItem] = []
            // Pages are rendered four result bundles at a time, then indexed one after another:
            // tokenising a page right after rendering it found the phrase table and the
            // per-character counts evicted by the rendering every time (runs of 32 pages: -7 %
            // of a 10,000-page build; 128: -6 % more; a whole segment of 1,024: no better).
            var indexed = 0
            func indexRendered() {
                while indexed < out.count {
                    defer { indexed += 1 }
                    let doc = range.lowerBound + indexed
                    do {
                        if reused != nil, let changes {
                            if doc == range.lowerBound || doc % SearchIndexBuilder.documentsPerBundle == 0 {
                                changes.keep(search.folder + "x/\(doc / SearchIndexBuilder.documentsPerBundle).bin")
                            }
                        } else if indexing {
                            if let warning = try search.add(page: out[indexed].id, plainText: out[indexed].output.plainText, indexer: indexer, segment: segment, sink: sink) {
                                out[indexed].output.diagnostics.append(warning)
                            }
                        }
                    } catch {
                        out[indexed].output.diagnostics.append(.error("output.write", file: graph.pages[out[indexed].id].item.source, "\(error)"))
                    }
                    out[indexed].output.plainText = ""
                }
            }
            for doc in range {
                // Stopping leaves the rest of the range out (`out` stays documents `range.lowerBound...`).
                if options.cancelled?() == true { break }
                let page = graph.pages[search.order[doc]]
                let ownPage = page.hasOwnPage && page.item.kind != .topic
                let around = ownPage ? surroundings.itemSurroundings(page.id) : 0
                let keepsHTML = items.keepHTML.contains(page.id)
                let rendered: ItemRenderer.Output
                var reusedItem = false
                // What the site answers now to what its links asked: checked equal to the
                // previous answers for an item taken from the cache.
                let linkAnswers: UInt64
                if let changes, let prior = reuse?.item(page, keepsHTML: keepsHTML, surroundings: around),
                   !ownPage || changes.keepIfPresent(page.url + "index.html") {
                    let text = indexing && reused == nil ? items.plainText(of: page) : ""
                    rendered = .init(digest: prior.digest, plainText: text, diagnostics: prior.diagnostics, linkQueries: prior.linkQueries)
                    reusedItem = true
                    linkAnswers = prior.linkAnswers
                } else {
                    rendered = items.render(page, model: firstRender, sink: sink)
                    linkAnswers = items.linkAnswers(rendered.linkQueries)
                }
                out.append(RenderedItem(id: page.id, output: rendered, linkAnswers: linkAnswers, surroundings: around,
                                        keepsHTML: keepsHTML, reused: reusedItem))
                if (doc + 1) % (SearchIndexBuilder.documentsPerBundle * 4) == 0 { indexRendered() }
            }
            indexRendered()
            guard reused == nil else { return (out, segment, range, reused?.0) }
            segment.seal()
            // Failing here is tried again when the cache is saved.
            let saved = cachesSegments && indexing ? try? RenderCache.saveSegment(segment, documents: range, search: search, options: options) : nil
            return (out, segment, range, saved)
        }
        try stopIfCancelled()
        var collected = [RenderedItem?](repeating: nil, count: graph.pages.count)
        for chunk in chunks {
            for r in chunk.rendered {
                collected[r.id] = r
                log.add(contentsOf: r.output.diagnostics)
            }
        }
        let renderedItems = collected.map { $0! }
        let digests = renderedItems.map(\.output.digest)
        model.digests = digests
        let firstLists = model
        let entries: [(key: UInt64, html: String, fields: [String: Any])] = concurrentMap(Array(graph.pages.indices)) { id in
            let page = graph.pages[id]
            guard page.item.appearsInLists else { return (0, "", [:]) }
            let fields = firstLists.listItemFields(id)
            let key = ContextFingerprint(template: input.theme.templateKey(SiteViewModel.listItemTemplate), context: fields).value
            return (key, reuse?.listItemHTML(page, key: key) ?? firstLists.renderListItem(fields: fields), fields)
        }
        model.listItemHTML = entries.map(\.html)
        model.prepareListItems(fields: entries.map(\.fields), keys: entries.map(\.key))
        lap("render pages")

        // The index is merged and written beside the lists, feeds and sitemap: each of those
        // stages leaves a core idle at times (its longest piece, its serial ends), and merging
        // needs nothing they make.
        let segments = chunks.map(\.segment)
        let merging = indexing ? Background { try search.finish(segments: segments, sink: sink) } : nil
        // Nothing may be written once this returns (the staging folder may be discarded).
        defer { _ = try? merging?.wait() }

        // render lists: a page whose context is what it was last time is the file already there
        let renderer = PageRenderer(model: model)
        var jobs: [() -> [PageJob]] = []
        // One job per list page: a section with thousands of articles must not keep one core
        // busy while the other has finished.
        for c in graph.sections + graph.tags + graph.branches + graph.series + graph.topics {
            for n in 1...graph.pageCount(c) { jobs.append { [renderer.collectionPageJob(c, page: n)] } }
        }
        for k in [Collection.Kind.tag, .branch, .series, .topic] { jobs.append { [renderer.indexJob(k)] } }
        jobs.append { [renderer.homeJob()] }
        jobs.append { [renderer.searchPageJob(indexURL: indexFolder)] }
        // Written where they are rendered, on every core.
        let outputs = concurrentMap(jobs) { make in
            make().map { job -> (url: String, key: UInt64, error: Diagnostic?) in
                let key = renderer.fingerprint(job)
                if reuse?.isUnchanged(job.url, key: key) == true && changes?.keepIfPresent(job.url + "index.html") == true {
                    return (job.url, key, nil)
                }
                do {
                    try sink.write(job.url + "index.html", renderer.render(job))
                    return (job.url, key, nil)
                } catch {
                    return (job.url, key, .error("output.write", file: nil, "\(error)"))
                }
            }
        }
        var pageCount = graph.pages.filter { $0.hasOwnPage && $0.item.kind != .topic }.count
        var pageKeys: [String: UInt64] = [:]
        for batch in outputs {
            for (url, key, error) in batch {
                pageKeys[url] = key
                if let error { log.add(error) }
                pageCount += 1
            }
        }
        do { try sink.write("/404.html", renderer.renderNotFound()) } catch { log.add(.error("output.write", file: nil, "\(error)")) }
        pageCount += 1
        lap("render lists")
        try stopIfCancelled()

        // feeds and sitemap
        let feedWriter = FeedWriter(graph: graph, digests: digests, feeds: feeds)
        let feedFiles: [[(String, String)]] = concurrentMap(feeds, feedWriter.files)
        lap("feeds")
        let sitemap = SitemapWriter(graph: graph)
        var extraFiles = feedFiles.flatMap { $0 } + sitemap.files()
        extraFiles.append(("/robots.txt", sitemap.robots()))
        for failure in concurrentMap(extraFiles, { path, text in Result { try sink.write(path, text) } }) {
            if case .failure(let error) = failure { log.add(.error("output.write", file: nil, "\(error)")) }
        }
        lap("sitemap & writing feeds")

        // anchors and image sizes
        log.add(contentsOf: AnchorCheck(graph: graph, digests: digests).run())
        log.add(contentsOf: ImageSizeCheck(graph: graph, digests: digests, files: input.files).run())
        lap("check anchors")

        // write assets and static files
        var fileCount = pageCount + extraFiles.count
        for a in input.theme.assets {
            do { try sink.write(a.outputPath, a.data) } catch { log.add(.error("output.write", file: nil, "\(error)")) }
            fileCount += 1
        }
        let statics = input.files.values.sorted { $0.outputPath < $1.outputPath }
        let copyErrors = concurrentMap(statics) { f -> Diagnostic? in
            do { try sink.copy(f.outputPath, from: f.url); return nil } catch {
                return .error("output.copy", file: f.sourcePath, "无法复制文件（\(error.localizedDescription)）。")
            }
        }
        log.add(contentsOf: copyErrors.compactMap { $0 })
        fileCount += statics.count
        lap("copy files")
        var searchFiles = 0
        if let merging { do {
            searchFiles = try merging.wait()
        } catch {
            log.add(.error("output.write", file: nil, "\(error)"))
        } }
        fileCount += searchFiles
        lap("search index (waiting)")

        let diagnostics = log.all
        if diagnostics.contains(where: { $0.severity == .error }) { throw BuildFailed(diagnostics: diagnostics) }
        let state = BuildState(prepared: prepared, digests: digests, listItemHTML: model.listItemHTML, feeds: feeds, searchFolder: indexFolder)
        let pages = renderedItems.map { r in
            let p = graph.pages[r.id]
            return RenderCache.Page(source: p.item.source, sourceHash: p.item.hash.value, digest: r.output.digest,
                                    listItemHTML: entries[r.id].html, diagnostics: r.output.diagnostics,
                                    linkQueries: r.output.linkQueries, linkAnswers: r.linkAnswers,
                                    keepsHTML: r.keepsHTML, surroundings: r.surroundings, listKey: entries[r.id].key)
        }
        var result = BuildResult(diagnostics: diagnostics, pages: pageCount, files: fileCount, output: options.outputURL, timings: clock.timings)
        result.nextPublication = prepared.nextPublication(now: options.now)
        if reuse != nil { result.renderedItems = renderedItems.filter { !$0.reused }.count }
        return FullBuild(result: result, state: state, pages: pages, pageKeys: pageKeys,
                         segments: indexing ? chunks.map { ($0.documents, $0.segment, $0.cached) } : nil)
    }

    private func stopIfCancelled() throws {
        if options.cancelled?() == true { throw BuildCancelled() }
    }

    /// The ranges of documents indexed together, each with the previous build's segment when that
    /// can stand in for indexing it: the donor's ranges first (search doc ids run oldest first, so
    /// a new article leaves the ranges before it as they were), then the rest in the usual sizes.
    private func indexPlan(search: SearchIndexBuilder, sink: OutputSink, donor: RenderCache?) -> [(Range<Int>, RenderCache.Segment?)] {
        let n = search.order.count
        guard let donor, let changes = sink as? KeepingSink, changes.previousIndex == donor.searchFolder,
              RenderCache.phrasesKey(search.phrases) == donor.phrases else {
            return SearchIndexBuilder.segmentRanges(0..<n).map { ($0, nil) }
        }
        var plan: [(Range<Int>, RenderCache.Segment?)] = []
        var next = 0
        for s in donor.segments {
            // A segment that ended inside a bundle (the last one, before pages were added) is
            // indexed again with the documents that now complete its bundle.
            let end = s.documents.upperBound
            guard s.documents.lowerBound == next, end <= n, !s.documents.isEmpty,
                  end == n || end % SearchIndexBuilder.documentsPerBundle == 0 else { break }
            plan.append((s.documents, RenderCache.fingerprint(of: s.documents, search: search) == s.fingerprint ? s : nil))
            next = s.documents.upperBound
        }
        if next < n || plan.isEmpty { plan += SearchIndexBuilder.segmentRanges(next..<n).map { ($0, nil) } }
        return plan
    }
}

/// Thrown when `BuildOptions.cancelled` says so; nothing was written that matters.
struct BuildCancelled: Error {}

/// A full build's result and what the build cache keeps of it.
private struct FullBuild {
    var result: BuildResult
    var state: BuildState
    var pages: [RenderCache.Page]
    var pageKeys: [String: UInt64]
    /// Nil when the index was not built (a benchmark setting): nothing to keep then. Segments
    /// taken from the previous build, or already written to the cache, come with their record.
    var segments: [(Range<Int>, IndexSegment, RenderCache.Segment?)]?

    /// The record kept in memory by the live server: segments stay as they are, not in files.
    /// `indexOf`: the record whose index was left as it is; its segments are still the index's.
    func memoryRecord(search: SearchIndexBuilder, indexOf leftAsIs: RenderCache? = nil) -> RenderCache? {
        let phrases: String, kept: [RenderCache.Segment]
        if let leftAsIs {
            (phrases, kept) = (leftAsIs.phrases, leftAsIs.segments)
        } else if let segments {
            phrases = RenderCache.phrasesKey(search.phrases)
            kept = segments.map { documents, segment, _ in
                RenderCache.Segment(documents: documents, file: "", fingerprint: RenderCache.fingerprint(of: documents, search: search), sealed: segment)
            }
        } else {
            return nil
        }
        return RenderCache(key: .init(structure: "", content: ""), output: OutputIdentity(inode: 0, modified: 0, files: 0),
                           searchFolder: state.searchFolder, phrases: phrases, pages: pages, segments: kept, pageKeys: pageKeys)
    }

    func cacheRecord(key: RenderCache.Key, output: OutputIdentity, search: SearchIndexBuilder, options: BuildOptions) throws -> RenderCache {
        guard let segments else { throw BinaryReader.Malformed() }
        let saved = concurrentMap(segments) { documents, segment, cached in
            Result { try cached ?? RenderCache.saveSegment(segment, documents: documents, search: search, options: options) }
        }
        return RenderCache(key: key, output: output, searchFolder: state.searchFolder, phrases: RenderCache.phrasesKey(search.phrases), pages: pages,
                           segments: try saved.map { try $0.get() }, pageKeys: pageKeys)
    }
}

/// One item as the build rendered it, or took it from the previous build.
struct RenderedItem {
    var id: Int
    var output: ItemRenderer.Output
    var linkAnswers: UInt64
    var surroundings: UInt64
    var keepsHTML: Bool
    /// Taken from the previous build, not rendered again.
    var reused: Bool
}

/// What a finished build knows, kept by the live server to re-render single pages.
struct BuildState: @unchecked Sendable {
    var prepared: SitePreparation
    var digests: [PageDigest]
    var listItemHTML: [String]
    var feeds: [FeedSet]
    var searchFolder: String
}
