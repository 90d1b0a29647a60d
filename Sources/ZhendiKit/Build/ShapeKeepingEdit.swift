/// Content changes in the live preview that keep the site's shape — a new article, a new date,
/// other tags — applied without running the pipeline: the graph made from the items with the new
/// or changed ones (assembled again, or the served one with one article added or moved:
/// `LiveSite`) is compared with the one being served, and only what differs is rendered: the
/// changed items, the items whose surroundings moved (their neighbours, the rest of a series),
/// the lists whose members changed and the sitemap (when asked for), and the feeds. The search index is left to the refresh after a pause, as after a body edit.
///
/// The shape is every section's, branch's, series' and topic's key, name and address, intro
/// pages, the menu, and every page that was published still published at its address (tags may
/// come and go). A change that alters it (a new branch, a deleted or withdrawn page, a renamed
/// section) is the pipeline's, with reuse (`LiveSite`).
struct ShapeKeepingEdit {
    let graph: SiteGraph
    let feeds: [FeedSet]
    let edit: BodyEdit
    /// The served site's record, renumbered for the new graph and brought up to date.
    let record: RenderCache
    /// What is rendered when asked for: the edit's list pages and feeds, and the sitemap.
    let deferred: [(path: String, render: () -> String)]
    /// Output paths of list pages that no longer exist (a list with fewer pages).
    let removed: [String]
    /// The assembler's findings about the whole site.
    let diagnostics: [Diagnostic]

    /// Nil when the change alters the site's shape (or its graph has errors, which the pipeline reports).
    /// `patched`: set when `graph` is the served one with one article added or changed
    /// (`SiteGraph.adding`, `.replacingArticle`), its page id then: every other page keeps its
    /// item and address (past an added one, with an id one higher), so the pages need not be
    /// paired nor their fields compared.
    init?(state: BuildState, record served: RenderCache, graph: SiteGraph, patched: (page: Int, added: Bool)?, changedSources: Set<String>,
          sink: OutputSink) throws {
        let old = state.prepared.graph
        let found = graph.findings
        guard !found.contains(where: { $0.severity == .error }), served.pages.count == old.pages.count else { return nil }

        // The pages' fields the comparisons below read, taken out once: reading them from the
        // pages in those loops copied whole pages (an item's dozen references) every time.
        let fields = patched == nil ? concurrently({ PageFields(old) }, { PageFields(graph) }) : nil

        // Old page ids in the new graph (ids follow file names, so a new file renumbers those
        // after it). Both graphs list pages in the order of their files: one walk pairs them.
        var oldToNew: [Int] = []
        oldToNew.reserveCapacity(old.pages.count)
        if let (page, added) = patched {
            oldToNew = added ? Array(0..<page) + Array(page + 1 ..< graph.pages.count) : Array(old.pages.indices)
        } else if let (before, after) = fields {
            var n = 0
            for o in old.pages.indices {
                while n < after.sources.count, after.sources[n] < before.sources[o] { n += 1 }
                guard n < after.sources.count, after.sources[n] == before.sources[o], after.urls[n] == before.urls[o],
                      after.ownPage[n] == before.ownPage[o] else { return nil }
                oldToNew.append(n)
            }
        }
        var newToOld = [Int?](repeating: nil, count: graph.pages.count)
        for (o, n) in oldToNew.enumerated() { newToOld[n] = o }

        // Tags may come and go (a tag is a list and nothing else); the other collections reach
        // the menu, the home page or other items' pages, and must stay.
        let oldCollections = old.sections + old.branches + old.series + old.topics
        let collections = graph.sections + graph.branches + graph.series + graph.topics
        let counts = [old.sections.count, old.branches.count, old.series.count, old.topics.count]
        guard counts == [graph.sections.count, graph.branches.count, graph.series.count, graph.topics.count],
              zip(oldCollections, collections).allSatisfy({ a, b in
                  a.kind == b.kind && a.key == b.key && a.name == b.name && a.url == b.url && a.paginated == b.paginated
                      && a.introPage.map { oldToNew[$0] } == b.introPage
              }),
              old.homeIntro.map({ oldToNew[$0] }) == graph.homeIntro,
              old.indexIntros.mapValues({ oldToNew[$0] }) == graph.indexIntros,
              old.menu == graph.menu else { return nil }

        let feeds = FeedSet.all(graph)
        let items = ItemRenderer(graph: graph, files: state.prepared.files, config: graph.config, feeds: feeds)
        var relisted: [Collection] = []
        // Pages that exist in one graph only: a new item's, list pages a list grew or lost.
        var pagesComingOrGoing: [String] = []
        var pagesGone: [String] = []
        var reindexed = Set<Collection.Kind>()
        // Pairs of the same list before and after; a new tag's pairs with nothing, as does a tag gone.
        let oldTags = Dictionary(uniqueKeysWithValues: old.tags.map { ($0.url, $0) })
        let newTagURLs = Set(graph.tags.map(\.url))
        var pairs = Array(zip(oldCollections.map(Optional.some), collections.map(Optional.some)))
        pairs += graph.tags.map { (oldTags[$0.url], $0) }
        pairs += old.tags.filter { !newTagURLs.contains($0.url) }.map { ($0, nil) }
        for (a, b) in pairs {
            if let a, let b {
                // Names that share an address are shown as the first one's: every page with the tag shows it.
                guard a.name == b.name else { return nil }
                if a.members.map({ oldToNew[$0] }) == b.members { continue }
            }
            if let b { relisted.append(b) }
            reindexed.insert((a ?? b)!.kind)
            let (before, now) = (a.map(old.pageCount) ?? 0, b.map(graph.pageCount) ?? 0)
            let url = (a ?? b)!.url
            let differing = (min(before, now) + 1 ..< max(before, now) + 1).map { SiteGraph.paginatedURL(url, page: $0) }
            pagesComingOrGoing += differing
            if before > now { pagesGone += differing }
        }
        var refeeds = Set<String>()
        for (a, b) in zip(state.feeds, feeds) where a.base != b.base || a.members.map({ oldToNew[$0] }) != b.members { refeeds.insert(b.base) }
        let contentPaths = changedSources.map { String($0.dropFirst("content/".count)) }
        pagesComingOrGoing += contentPaths.compactMap { graph.urlByContentPath[$0] }
        // What links asked that the new graph answers otherwise (a new page's address…).
        let moved = LinkLookups.changedQueries(from: old, to: graph, contentPaths: contentPaths, pagePaths: pagesComingOrGoing)

        // Hundreds of thousands of queries were asked: their byte length (read, not counted), then
        // their kind, rule out most before any is hashed (hashing them all, even as bytes, was a
        // tenth of a new article's update; a String's hash is Unicode-normalised, and many are
        // Chinese). The length goes through a 64-bit mask first: hashing every query's shape into
        // a Set was still 5–6 % of the update (perf).
        func shape(_ q: String) -> Int { Int(q.utf8.first ?? 0) << 32 | q.utf8.count }
        let movedShapes = Set(moved.map(shape))
        let lengthMask = moved.reduce(UInt64(0)) { $0 | 1 << UInt64($1.utf8.count & 63) }
        func asksMoved(_ queries: [String]) -> Bool {
            queries.contains { q in
                lengthMask & 1 << UInt64(q.utf8.count & 63) != 0 && movedShapes.contains(shape(q)) && moved.contains(q)
            }
        }
        // What an item's page shows of the site (`ItemSurroundings`) besides its own fields and
        // the collections' names: its neighbours, its place in a series, its topics.
        func sameLink(_ a: Int?, _ b: Int?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            guard let (before, after) = fields else {
                return (oldToNew[b] == a && a != patched?.page)
                    || (graph.pages[a].url == old.pages[b].url && graph.pages[a].item.title == old.pages[b].item.title)
            }
            return after.urls[a] == before.urls[b] && after.titles[a] == before.titles[b]
        }
        // Whether page `id` is made from the same item as page `o` was.
        func sameItem(_ id: Int, _ o: Int) -> Bool {
            guard let (before, after) = fields else { return id != patched?.page }
            return after.hashes[id] == before.hashes[o] && !changedSources.contains(after.sources[id])
        }
        func sameSeriesPlace(_ id: Int, _ o: Int) -> Bool {
            switch (graph.seriesPosition[id], old.seriesPosition[o]) {
            case (nil, nil): return true
            case let (a?, b?): return a.series == b.series && a.index == b.index && graph.series[a.series].members.count == old.series[b.series].members.count
            default: return false
            }
        }
        var changed: [Int] = []
        for id in graph.pages.indices {
            guard let o = newToOld[id] else { changed.append(id); continue }
            let (prev, next) = graph.neighbours(of: id), (oldPrev, oldNext) = old.neighbours(of: o)
            if !sameItem(id, o) || !sameLink(prev, oldPrev) || !sameLink(next, oldNext) || !sameSeriesPlace(id, o)
                || graph.topicsOfPage[id] != old.topicsOfPage[o]
                || (graph.sectionPosition[id] == nil) != (old.sectionPosition[o] == nil)
                || items.keepHTML.contains(id) != served.pages[o].keepsHTML
                || (!moved.isEmpty && asksMoved(served.pages[o].linkQueries)) {
                changed.append(id)
            }
        }
        func renumbered<T>(_ values: [T], new: (Int) -> T) -> [T] {
            graph.pages.indices.map { id in newToOld[id].map { values[$0] } ?? new(id) }
        }
        edit = try BodyEdit(changed: changed, graph: graph, theme: state.prepared.input.theme, files: state.prepared.files, feeds: feeds,
                            digests: renumbered(state.digests) { _ in .empty }, listItemHTML: renumbered(state.listItemHTML) { _ in "" },
                            sink: sink, relisted: relisted, reindexed: reindexed, refeeds: refeeds, deferringLists: true)
        // Asked for by search engines, not by the editor: rendered when asked for, like the lists.
        let sitemap = SitemapWriter(graph: graph)
        var deferred = edit.deferred
        if graph.pagePaths.count <= sitemap.maxURLsPerFile {
            deferred.append(("/sitemap.xml", { sitemap.files()[0].1 }))
        } else {
            for (path, text) in sitemap.files() { try sink.write(path, text) }
        }

        var record = served
        record.pages = renumbered(served.pages) { id in
            RenderCache.Page(source: graph.pages[id].item.source, sourceHash: 0, digest: .empty, listItemHTML: "", diagnostics: [],
                             linkQueries: [], linkAnswers: 0, keepsHTML: false, surroundings: 0, listKey: 0)
        }
        edit.update(&record, graph: graph)
        for url in pagesGone { record.pageKeys[url] = nil }
        self.graph = graph
        self.feeds = feeds
        self.record = record
        removed = pagesGone.map { $0 + "index.html" }
        self.deferred = deferred
        self.diagnostics = found
    }
}

/// The fields of a graph's pages that `ShapeKeepingEdit` compares, one array each.
private struct PageFields {
    var sources: [String] = [], urls: [String] = [], titles: [String] = [], hashes: [ContentHash] = [], ownPage: [Bool] = []

    /// In one walk over the pages: reading a page's fields is mostly waiting for its page, item
    /// and strings to come from memory (tens of thousands of objects spread over the heap), and
    /// a walk per field waited five times (8 % of a new article's update in perf).
    init(_ graph: SiteGraph) {
        let n = graph.pages.count
        sources.reserveCapacity(n); urls.reserveCapacity(n); titles.reserveCapacity(n)
        hashes.reserveCapacity(n); ownPage.reserveCapacity(n)
        for page in graph.pages {
            let item = page.item
            sources.append(item.source)
            urls.append(page.url)
            titles.append(item.title)
            hashes.append(item.hash)
            ownPage.append(page.hasOwnPage)
        }
    }
}
