import Foundation

/// The site as `zhendi serve` holds it: every output in memory, rebuilt when files change.
/// An edit to the body, title, summary, author or cover of one article re-renders only that
/// article and the few pages that show it (its list pages, the home page, feeds; for a title its
/// neighbours). A new article, a new date or other tags change lists but not the site's shape:
/// the article is added to or moved within the served graph's lists (`SiteGraph.adding`,
/// `.replacingArticle`; the graph is assembled again when they decline) and only what differs is
/// rendered (`ShapeKeepingEdit`), list pages when they are asked for. Both leave the search
/// index to the full build after a pause.
/// Other changes to content, files and templates (a deleted article, a new branch, a new
/// picture, an edited template) run the whole pipeline but take every page whose inputs did not
/// change from the site being served (`ReusableRender`), and unless they withdraw a page they
/// leave its search index to that build too; `site.yml` changes render everything.
/// A failed build keeps the last good site being served and reports its findings.
public final class LiveSite: @unchecked Sendable {
    public struct Outcome: Sendable {
        public let generation: Int
        public let seconds: Double
        /// Paths written or replaced by this update.
        public let changedOutputs: Int
        /// Only what the change affects was rendered (a body edit, or content changes with pages
        /// taken from the previous build).
        public let incremental: Bool
        /// Items rendered again when the others were taken from the site being served.
        public var renderedItems: Int? = nil
        /// Wall and processor time per stage of a pipeline run (empty for a body edit).
        public var timings: [StageTiming] = []
        /// Findings of this update; when it contains errors the previous site is still served.
        public let diagnostics: [Diagnostic]
        public var failed: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public enum Response {
        case data(Data, contentType: String)
        case file(URL, contentType: String)
    }

    private let lock = NSLock()
    private let options: BuildOptions
    private var state: BuildState?
    private var outputs: [String: Data] = [:]
    private var copies: [String: URL] = [:]
    /// List pages, feeds and the sitemap an update left to be rendered when asked for
    /// (`BodyEdit.deferred`, `ShapeKeepingEdit.deferred`), by output path; they stand for
    /// `outputs`' entries of the same path.
    private var deferred: [String: () -> String] = [:]
    private var sourceTexts: [String: ContentHash] = [:]
    /// What the site being served was rendered from, for the next build to reuse (always
    /// describes `outputs`: both change together).
    private var record: RenderCache?
    public private(set) var generation = 0
    /// Findings of the latest update (errors mean the site shown is the last good one).
    public private(set) var current: [Diagnostic] = []
    /// True after incremental updates: lists, search and feeds of other pages may lag until the
    /// next full build (the server runs one once the editor pauses).
    public private(set) var needsFullBuild = false

    public init(options: BuildOptions) {
        self.options = options
    }

    // MARK: building

    /// Renders everything (the first build, or after a `site.yml` change).
    @discardableResult
    public func fullBuild() -> Outcome {
        fullBuild(onlyIfUnchangedSince: nil, reusing: false) ?? fullBuild()
    }

    /// A full build run in the background while the editor may keep editing: its result is
    /// dropped (nil) if any update landed meanwhile, since it was built from older files.
    public func refresh() -> Outcome? {
        fullBuild(onlyIfUnchangedSince: lock.withLock { generation }, reusing: true)
    }

    /// Updates begun so far: a background refresh stops as soon as one begins after it.
    private var updatesBegun = 0

    /// `reusing`: only content, files or templates changed since the site being served was built,
    /// so its pages whose inputs are unchanged can be taken as they are.
    /// `deferringSearch`: its search index may be left as it is (see `SiteBuilder.runKeepingState`).
    private func fullBuild(onlyIfUnchangedSince expected: Int?, reusing: Bool, deferringSearch: Bool = false) -> Outcome? {
        let started = Date()
        // One look at what is served: the files of its input are read again only when their size
        // or modification time changed (`SitePreparation.run(previous:)`); its pages, records and
        // index are reused only by a build that follows content, file or template changes.
        let (serving, servedRecord, servedOutputs) = lock.withLock { (state, record, outputs) }
        let (donor, previous, served) = reusing ? (servedRecord, servedOutputs, serving) : (nil, [:], nil)
        let sink = donor == nil ? MemorySink() : MemorySink(previous: previous, previousIndex: served?.searchFolder)
        var options = self.options
        // A background refresh stops as soon as an edit begins to be applied: its result would
        // be dropped, and the edit should not share the cores with it.
        if expected != nil {
            let begun = lock.withLock { updatesBegun }
            options.cancelled = { [weak self] in self.map { s in s.lock.withLock { s.updatesBegun } != begun } ?? true }
        }
        do {
            let (result, state, newRecord) = try SiteBuilder(options: options).runKeepingState(into: sink, reusing: donor, parsesFromCache: true,
                                                                                              previous: serving?.prepared, served: deferringSearch ? served : nil)
            var contents = sink.contents
            if result.searchDeferred {
                for (path, data) in previous where path.hasPrefix(state.searchFolder) || path == SearchPaths.latest { contents[path] = data }
            }
            lock.lock()
            if let expected, expected != generation {
                lock.unlock()
                return nil
            }
            self.state = state
            outputs = contents
            deferred = [:]
            record = newRecord
            copies = sink.copiedFiles
            sourceTexts = Dictionary(uniqueKeysWithValues: state.prepared.input.content.map { ($0.path, $0.hash) })
            generation += 1
            current = result.diagnostics
            needsFullBuild = result.searchDeferred
            let reused = result.renderedItems != nil
            var outcome = Outcome(generation: generation, seconds: Date().timeIntervalSince(started),
                                  changedOutputs: reused ? sink.changedCount : outputs.count,
                                  incremental: reused, diagnostics: result.diagnostics)
            outcome.renderedItems = result.renderedItems
            outcome.timings = result.timings
            lock.unlock()
            return outcome
        } catch is BuildCancelled {
            return nil
        } catch let failed as BuildFailed {
            if let expected, expected != lock.withLock({ generation }) { return nil }
            return failure(failed.diagnostics, started: started)
        } catch {
            return failure([.error("serve.build", file: nil, "\(error)")], started: started)
        }
    }

    private func failure(_ diagnostics: [Diagnostic], started: Date) -> Outcome {
        lock.lock(); defer { lock.unlock() }
        current = diagnostics
        generation += 1
        return Outcome(generation: generation, seconds: Date().timeIntervalSince(started), changedOutputs: 0,
                       incremental: false, diagnostics: diagnostics)
    }

    /// Applies changes to the given files (relative to the site folder).
    @discardableResult
    public func update(changed reported: [String]) -> Outcome {
        let started = Date()
        lock.withLock { updatesBegun += 1 }
        // A file gone by now that the site being served was not made from (an editor's or
        // `sed -i`'s temporary file) changes nothing; one it was made from is a deletion.
        let (sources, files) = lock.withLock { (sourceTexts, state?.prepared.files.files) }
        func served(_ path: String) -> Bool {
            guard let slash = path.firstIndex(of: "/") else { return true }
            return sources[path] != nil || files?[String(path[slash...])]?.sourcePath == path
        }
        let paths = reported.filter { path in
            !(path.hasPrefix("content/") || path.hasPrefix("static/")) || served(path)
                || FileManager.default.fileExists(atPath: options.source.appendingPathComponent(path).path)
        }
        if paths.isEmpty {
            return lock.withLock { Outcome(generation: generation, seconds: 0, changedOutputs: 0, incremental: true, diagnostics: current) }
        }
        // site.yml reaches every page; content, files and templates reach the pages that use them.
        guard paths.allSatisfy({ $0.hasPrefix("content/") || $0.hasPrefix("static/") || $0.hasPrefix("themes/") }) else { return fullBuild() }
        // Content files added, removed, unpublished or with new metadata; files; templates.
        func structural() -> Outcome { fullBuild(onlyIfUnchangedSince: nil, reusing: true, deferringSearch: true) ?? fullBuild() }
        let markdownOnly = paths.allSatisfy { $0.hasPrefix("content/") && SiteInput.isMarkdown($0) }
        // The site served and its record, taken together (they describe the same pages).
        let (serving, servedRecord) = lock.withLock { (self.state, record) }
        guard markdownOnly, !current.contains(where: { $0.severity == .error }), let state = serving else {
            return structural()
        }
        let config = state.prepared.input.config
        let parser = FrontMatterParser(config: config)
        let policy = PublicationPolicy(includeDrafts: options.includeDrafts, includeFuture: options.includeFuture,
                                       now: Int64(options.now.timeIntervalSince1970))
        let log = DiagnosticLog()
        var edited: [(ContentItem, SitePage?)] = []
        var renderedHashes: [String: ContentHash] = [:]
        for path in paths {
            // Gone: a deletion, which withdraws a page.
            guard case .success(let file) = SourceFile.read(options.source.appendingPathComponent(path).path, as: path) else { return structural() }
            if lock.withLock({ sourceTexts[path] }) == file.hash { continue }
            let (parsed, found) = parser.parse(file)
            log.add(contentsOf: found)
            guard var item = parsed else { return structural() }
            if let warning = FrontMatterParser.dropTagsWithoutSlug(&item) { log.add(warning) }
            // Only what is published is scanned (internal notes may hold ID numbers).
            if policy.admits(item.publication(now: policy.now)) {
                log.add(contentsOf: PrivacyGuard(allowed: config.allowedNumbers).diagnostics(for: file.text, file: path, extraAllowed: item.allowedNumbers))
            }
            edited.append((item, state.prepared.graph.page(source: path).map { state.prepared.graph.pages[$0] }))
            renderedHashes[path] = file.hash
        }
        if edited.isEmpty {
            return Outcome(generation: generation, seconds: 0, changedOutputs: 0, incremental: true, diagnostics: current)
        }
        let sink = MemorySink()
        if edited.allSatisfy({ item, page in
            page.map { item.metadataKey == $0.item.metadataKey || Self.onlyShownFieldsChanged(item, $0, in: state.prepared.graph) } ?? false
        }) {
            // Bodies, titles, summaries: the same lists.
            var graph = state.prepared.graph
            var changedPages: [Int] = []
            for (item, page) in edited {
                graph = graph.replacingItem(item, of: page!.id)
                changedPages.append(page!.id)
            }
            // Their neighbours' 上一篇/下一篇 links show the new titles.
            for (item, page) in edited where item.title != page!.item.title {
                let (prev, next) = graph.neighbours(of: page!.id)
                for n in [prev, next].compactMap({ $0 }) where !changedPages.contains(n) { changedPages.append(n) }
            }
            guard let edit = try? BodyEdit(changed: changedPages, graph: graph, theme: state.prepared.input.theme, files: state.prepared.files,
                                           feeds: state.feeds, digests: state.digests, listItemHTML: state.listItemHTML, sink: sink,
                                           deferringLists: true) else {
                return structural()
            }
            var newRecord = servedRecord
            if var r = newRecord {
                edit.update(&r, graph: graph)
                newRecord = r
            }
            var newState = state
            newState.prepared.graph = graph
            newState.prepared.items = Self.replacing(state.prepared.items, with: edited.map(\.0))
            return commit(edit, state: newState, record: newRecord, sink: sink, deferring: edit.deferred, removed: [], log: log,
                          hashes: renderedHashes, started: started)
        }
        // New articles, dates, tags: the same site shape, other lists.
        let items = Self.replacing(state.prepared.items, with: edited.map(\.0))
        let old = state.prepared.graph
        // One new or re-dated article joins and leaves lists; anything else is assembled again.
        var patched: (graph: SiteGraph, page: Int, added: Bool)?
        if edited.count == 1 {
            let (item, page) = edited[0]
            if let page {
                patched = old.replacingArticle(page.id, with: item, policy: policy).map { ($0, page.id, false) }
            } else if let graph = old.adding(item, policy: policy, withheldBefore: state.prepared.items.first { $0.source == item.source }),
                      let id = graph.page(source: item.source) {
                patched = (graph, id, true)
            }
        }
        guard let served = servedRecord,
              let reshaped = try? ShapeKeepingEdit(state: state, record: served,
                                                  graph: patched?.graph ?? SiteAssembler(config: old.config, policy: policy).assemble(items),
                                                  patched: patched.map { ($0.page, $0.added) },
                                                  changedSources: Set(renderedHashes.keys), sink: sink) else {
            return structural()
        }
        log.add(contentsOf: reshaped.diagnostics)
        var newState = state
        newState.prepared.items = items
        newState.prepared.graph = reshaped.graph
        newState.feeds = reshaped.feeds
        return commit(reshaped.edit, state: newState, record: reshaped.record, sink: sink, deferring: reshaped.deferred, removed: reshaped.removed,
                      log: log, hashes: renderedHashes, started: started)
    }

    /// `items` with the edited ones in place of those from the same file, new files' at the end:
    /// what the next update that assembles the graph starts from.
    private static func replacing(_ items: [ContentItem], with edited: [ContentItem]) -> [ContentItem] {
        var items = items
        for item in edited {
            if let i = items.firstIndex(where: { $0.source == item.source }) { items[i] = item } else { items.append(item) }
        }
        return items
    }

    /// Serves what an update rendered, unless it found errors (then the last good site stays).
    private func commit(_ edit: BodyEdit, state: BuildState, record newRecord: RenderCache?, sink: MemorySink,
                        deferring: [(path: String, render: () -> String)], removed: [String],
                        log: DiagnosticLog, hashes: [String: ContentHash], started: Date) -> Outcome {
        for r in edit.rendered { log.add(contentsOf: r.diagnostics) }
        log.add(contentsOf: AnchorCheck(graph: state.prepared.graph, digests: edit.digests).run(only: edit.changed))
        let diagnostics = log.all
        lock.lock(); defer { lock.unlock() }
        generation += 1
        current = diagnostics
        if diagnostics.contains(where: { $0.severity == .error }) {
            // Keep serving the last good site; the editor sees the errors in the overlay.
            return Outcome(generation: generation, seconds: Date().timeIntervalSince(started), changedOutputs: 0,
                           incremental: true, diagnostics: diagnostics)
        }
        let written = sink.contents
        for path in removed {
            outputs[path] = nil
            deferred[path] = nil
        }
        for (path, data) in written {
            outputs[path] = data
            deferred[path] = nil
        }
        for (path, render) in deferring { deferred[path] = render }
        var newState = state
        newState.digests = edit.digests
        newState.listItemHTML = edit.listItemHTML
        // Freeing the site served until now (tens of thousands of items, digests and records)
        // took a tenth of a new article's update: it is let go of later, on another thread.
        let retired = (self.state, record)
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 2) { withExtendedLifetime(retired) {} }
        self.state = newState
        // The record must describe `outputs`.
        record = newRecord
        // The hashes of what was rendered (a file saved again meanwhile differs and is redone).
        sourceTexts.merge(hashes) { _, rendered in rendered }
        needsFullBuild = true
        var outcome = Outcome(generation: generation, seconds: Date().timeIntervalSince(started), changedOutputs: written.count + deferring.count,
                              incremental: true, diagnostics: diagnostics)
        outcome.renderedItems = edit.changed.count
        return outcome
    }

    /// Whether `item` differs from what `page` was made from only in what its own page, its lists
    /// and feeds show of it (title, summary, author, cover), on an article that introduces no list:
    /// then the change reaches those pages as a body edit does, a title also its neighbours' links
    /// and the search data (refreshed after a pause). A title also orders pages of equal dates: a
    /// new one is taken so only on a dated article whose date no other page has.
    static func onlyShownFieldsChanged(_ item: ContentItem, _ page: SitePage, in graph: SiteGraph) -> Bool {
        let old = page.item
        var probe = item
        probe.title = old.title
        probe.summary = old.summary
        probe.author = old.author
        probe.cover = old.cover
        guard probe.metadataKey == old.metadataKey, item.kind == .article else { return false }
        let id = page.id
        let collections = graph.sections + graph.tags + graph.branches + graph.series + graph.topics
        guard graph.homeIntro != id, !graph.indexIntros.values.contains(id), !collections.contains(where: { $0.introPage == id }) else {
            return false
        }
        guard item.title != old.title else { return true }
        guard let date = item.date?.instant else { return false }
        return !graph.pages.contains { $0.id != id && $0.item.date?.instant == date }
    }

    // MARK: serving

    /// The response for a URL path (`/news/a/`), or nil for 404.
    public func lookup(_ urlPath: String) -> Response? {
        var path = urlPath.removingPercentEncoding ?? urlPath
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<q]) }
        let base = lock.withLock { state?.prepared.graph.config.basePath } ?? "/"
        if base != "/", path.hasPrefix(base) { path = "/" + path.dropFirst(base.count) }
        if path.hasSuffix("/") { path += "index.html" }
        return lock.withLock {
            for candidate in [path, path + "/index.html"] {
                guard let render = deferred.removeValue(forKey: candidate) else { continue }
                outputs[candidate] = Data(render().utf8)
            }
            if let data = outputs[path] { return .data(data, contentType: Self.contentType(path)) }
            if let data = outputs[path + "/index.html"] { return .data(data, contentType: "text/html; charset=utf-8") }
            if let url = copies[path] { return .file(url, contentType: Self.contentType(path)) }
            return nil
        }
    }

    public var notFoundPage: Data? { lock.withLock { outputs["/404.html"] } }

    public static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "pdf": return "application/pdf"
        case "bin": return "application/octet-stream"
        default: return "application/octet-stream"
        }
    }

    /// Files whose changes matter: site.yml, content/, static/ and themes/, with a cheap
    /// fingerprint (size and modification time) each.
    public func watchedFiles() -> [String: String] {
        var out: [String: String] = [:]
        let root = options.source
        var st = stat()
        if stat(root.appendingPathComponent("site.yml").path, &st) == 0 { out["site.yml"] = "\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)" }
        let snapshot = SourceSnapshot(root: root)
        for dir in SourceSnapshot.folderNames {
            for e in snapshot.folder(dir).entries { out["\(dir)/\(e.relative)"] = e.stamp }
        }
        return out
    }
}

extension NSLock {
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock(); defer { unlock() }
        return try body()
    }
}
