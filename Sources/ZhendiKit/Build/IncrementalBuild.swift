import Foundation

/// `zhendi build` after edits that changed only bodies (a typo fixed, a paragraph added: the
/// usual case): renders again the edited items, the pages that show them, their feeds and the
/// search index ranges that hold them, and takes everything else from the previous build
/// (`RenderCache`). Every check still runs over the whole site, so the findings are those of a
/// full build; the output must be byte-identical to one (IncrementalBuildTests).
///
/// Nothing is written until every stage has succeeded; then the output folder is updated in
/// place (`ChangesSink`). The cache record is removed first, so a build interrupted while
/// writing is followed by a full one.
struct IncrementalBuild {
    let options: BuildOptions
    let prepared: SitePreparation
    let search: SearchIndexBuilder
    let previous: RenderCache
    let log: DiagnosticLog
    let clock: StageClock

    /// Nil when the previous build cannot be reused after all; the caller then builds in full.
    func run() throws -> BuildResult? {
        let graph = prepared.graph
        let input = prepared.input
        guard previous.pages.count == graph.pages.count else { return nil }
        var changed: [Int] = []
        for p in graph.pages {
            guard previous.pages[p.id].source == p.item.source else { return nil }
            if previous.pages[p.id].sourceHash != p.item.hash.value { changed.append(p.id) }
        }
        guard changed.isEmpty || search.folder != previous.searchFolder else { return nil }
        // The previous index folder becomes the new one (`ChangesSink`): without it, or beside
        // another one, build everything.
        guard changed.isEmpty || ChangesSink.indexFolders(in: options.outputURL) == [previous.searchFolder] else { return nil }
        let loaded = concurrentMap(previous.segments) { s in Result { try RenderCache.loadSegment(s, options: options) } }
        guard var segments = try? loaded.map({ try $0.get() }),
              previous.segments.first?.documents.lowerBound ?? 0 == 0,
              zip(previous.segments, previous.segments.dropFirst()).allSatisfy({ $0.documents.upperBound == $1.documents.lowerBound }),
              previous.segments.last?.documents.upperBound ?? 0 == search.order.count else { return nil }
        clock.lap("read cache")

        // The edited items and what shows them; the search page names the new index.
        let feeds = FeedSet.all(graph)
        let sink = MemorySink()
        let edit = try BodyEdit(changed: changed, graph: graph, theme: input.theme, files: prepared.files, feeds: feeds,
                                digests: previous.pages.map(\.digest), listItemHTML: previous.pages.map(\.listItemHTML), sink: sink)
        let rendered = edit.rendered, digests = edit.digests, items = edit.items
        var pageDiagnostics = previous.pages.map(\.diagnostics)
        var plainTexts: [Int: String] = [:]
        for (id, r) in zip(changed, rendered) {
            pageDiagnostics[id] = r.diagnostics
            plainTexts[id] = r.plainText
        }
        let searchPage = edit.renderer.searchPageJob(indexURL: search.folder)
        try sink.write("/search/index.html", edit.renderer.render(searchPage))
        clock.lap("render changed pages")

        // Search: ranges holding an edited document are indexed again (their other documents'
        // text comes from their Markdown; their pages are not rendered); the others are reused,
        // and so are their result files in the previous index folder.
        var segmentRecords = previous.segments
        if !changed.isEmpty {
            let changedDocs = Set(changed.compactMap { search.docOfPage[$0] })
            // New phrases change how every document is cut into tokens.
            let phrasesChanged = RenderCache.phrasesKey(search.phrases) != previous.phrases
            let dirty = previous.segments.indices.filter { i in
                phrasesChanged || previous.segments[i].documents.contains(where: changedDocs.contains)
            }
            let redone = try concurrentMap(dirty) { i -> Result<IndexSegment?, Error> in
                Result {
                    let segment = IndexSegment()
                    let indexer = search.makeIndexer()
                    let documents = Array(previous.segments[i].documents)
                    let texts = concurrentMap(documents) { doc in
                        plainTexts[search.order[doc]] ?? items.plainText(of: graph.pages[search.order[doc]])
                    }
                    for (doc, text) in zip(documents, texts) {
                        // A page too long to index whole: a full build reports it with the page.
                        if try search.add(page: search.order[doc], plainText: text, indexer: indexer, segment: segment, sink: sink) != nil {
                            return nil
                        }
                    }
                    segment.seal()
                    return segment
                }
            }.map { try $0.get() }.compactMap { $0 }
            guard redone.count == dirty.count else { return nil }
            for (i, s) in zip(dirty, redone) { segments[i] = s }
            _ = try search.finish(segments: segments, sink: sink)
            for (i, s) in zip(dirty, redone) {
                segmentRecords[i] = try RenderCache.saveSegment(s, documents: previous.segments[i].documents, search: search, options: options)
            }
        }
        clock.lap("search index")

        log.add(contentsOf: pageDiagnostics.flatMap { $0 })
        log.add(contentsOf: AnchorCheck(graph: graph, digests: digests).run())
        log.add(contentsOf: ImageSizeCheck(graph: graph, digests: digests, files: input.files).run())
        let diagnostics = log.all
        if diagnostics.contains(where: { $0.severity == .error }) { throw BuildFailed(diagnostics: diagnostics) }
        clock.lap("check anchors")

        // Write: only what differs from the output; the previous index folder becomes the new one,
        // where every list file was written again (others are pruned) and the result bundles of
        // documents in reused ranges stay as they are.
        RenderCache.invalidate(options)
        let publisher = Publisher(output: options.outputURL)
        let changes: ChangesSink
        do {
            let staging = try publisher.makeStaging()
            defer { publisher.discard(staging) }
            changes = ChangesSink(output: options.outputURL, staging: staging)
            try changes.write(all: sink.contents.map { ($0.key, $0.value) })
            try changes.apply(prunedFolders: changed.isEmpty ? [] : [search.folder + "p/", search.folder + "d/", search.folder + "q/"])
        } catch {
            throw BuildFailed(diagnostics: diagnostics + [.error("output.write", file: nil, "\(error)", hint: Self.partialHint)])
        }
        clock.lap("write changes")

        let output = OutputIdentity(of: options.outputURL)
        if let output {
            var record = previous
            record.output = output
            record.searchFolder = search.folder
            record.segments = segmentRecords
            record.phrases = RenderCache.phrasesKey(search.phrases)
            edit.update(&record, graph: graph)
            record.pageKeys[searchPage.url] = edit.renderer.fingerprint(searchPage)
            try? record.save(options)
            clock.lap("save cache")
        }
        var result = BuildResult(diagnostics: diagnostics, pages: changes.changedPages, files: changes.changedCount,
                                 output: options.outputURL, timings: clock.timings)
        result.nextPublication = prepared.nextPublication(now: options.now)
        result.renderedItems = changed.count
        result.outputIdentity = output
        return result
    }

    static let partialHint = "网站文件夹可能只更新了一部分；问题解决后再运行一次 zhendi build 会完整重新生成。"
}
