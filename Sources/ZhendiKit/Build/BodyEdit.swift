/// Items whose bodies changed while their metadata (hence URLs and lists) did not, rendered again
/// as a full build renders them, together with every page and feed that shows them: what the live
/// server's single-page update and the incremental `zhendi build` share. `ShapeKeepingEdit` adds
/// the lists whose members changed.
struct BodyEdit {
    /// The items whose bodies changed (page ids).
    let changed: [Int]
    /// Per changed item, in the order given.
    let rendered: [ItemRenderer.Output]
    /// Every page's digest and list entry, the changed ones replaced.
    let digests: [PageDigest]
    let listItemHTML: [String]
    /// Fingerprints of the pages other than items' own that were rendered again, by site path.
    let pageKeys: [String: UInt64]
    /// List pages and feeds left to be rendered when asked for (`deferringLists`): the output
    /// path and how to render it. A page in a long list moves with every article added before it, and
    /// rendering them all was most of the live preview's update for a new article.
    let deferred: [(path: String, render: () -> String)]
    /// Per changed item, `PageRenderer.itemSurroundings` of its page now (0 without a page of its
    /// own): a retitled item changes its own and its neighbours' (see `LiveSite.update`).
    let surroundings: [UInt64]
    /// Renders further pages with the new digests.
    let renderer: PageRenderer
    /// What rendered the items (their Markdown, e.g. for other items' plain text).
    let items: ItemRenderer

    /// Writes the changed items' pages, the pages that show them and the feeds that list them.
    /// `relisted`: collections whose members changed, every page of which is rendered again;
    /// `reindexed`: kinds of collection whose index page (and the home page) is rendered again
    /// (lists came, went or changed size); `refeeds`: feeds (by folder) whose members changed.
    init(changed: [Int], graph: SiteGraph, theme: Theme, files: FileIndex, feeds: [FeedSet],
         digests: [PageDigest], listItemHTML: [String], sink: OutputSink,
         relisted: [Collection] = [], reindexed: Set<Collection.Kind> = [], refeeds: Set<String> = [],
         deferringLists: Bool = false) throws {
        let items = ItemRenderer(graph: graph, files: files, config: graph.config, feeds: feeds)
        // Item pages never show another item's body: rendered without digests, as in a full build.
        let itemModel = SiteViewModel(graph: graph, theme: theme)
        let rendered = concurrentMap(changed) { items.render(graph.pages[$0], model: itemModel, sink: sink) }
        let around = PageRenderer(model: itemModel)
        surroundings = changed.map { id in
            graph.pages[id].hasOwnPage && graph.pages[id].item.kind != .topic ? around.itemSurroundings(id) : 0
        }
        var digests = digests
        for (id, r) in zip(changed, rendered) { digests[id] = r.digest }
        var model = SiteViewModel(graph: graph, theme: theme)
        model.digests = digests
        var listItemHTML = listItemHTML
        for id in changed where graph.pages[id].item.appearsInLists { listItemHTML[id] = model.renderListItem(id) }
        model.listItemHTML = listItemHTML
        let renderer = PageRenderer(model: model)
        let changedSet = Set(changed)
        let changedFeeds = feeds.filter { f in refeeds.contains(f.base) || f.members.contains(where: changedSet.contains) }

        var jobs: [(url: String, make: () -> PageJob)] = renderer.pages(showing: changedSet).map { job in (job.url, { job }) }
        for c in relisted {
            for n in 1...graph.pageCount(c) { jobs.append((SiteGraph.paginatedURL(c.url, page: n), { renderer.collectionPageJob(c, page: n) })) }
        }
        for kind in reindexed.subtracting([.section]) {
            jobs.append((PageRenderer.indexPath(kind).1, { renderer.indexJob(kind) }))
        }
        if !reindexed.isEmpty { jobs.append(("/", renderer.homeJob)) }
        var seen = Set<String>()
        jobs.removeAll { !seen.insert($0.url).inserted }
        var pageKeys: [String: UInt64] = [:]
        if deferringLists {
            // Feeds are read by feed readers, not by the editor's browser: written when asked for,
            // like the lists (escaping the full text of every article in them was ≈ 4 % of the
            // update's CPU in perf). The deferred files share one writer.
            let writer = MadeOnce { [digests] in FeedWriter(graph: graph, digests: digests, feeds: changedFeeds) }
            deferred = jobs.map { job in (job.url + "index.html", { renderer.render(job.make()) }) }
                + changedFeeds.flatMap { f in
                    FeedWriter.Format.allCases.map { format in (f.base + format.fileName, { writer.value.file(f, format) }) }
                }
        } else {
            deferred = []
            for (url, make) in jobs {
                let job = make()
                try sink.write(url + "index.html", renderer.render(job))
                pageKeys[url] = renderer.fingerprint(job)
            }
            let feedWriter = FeedWriter(graph: graph, digests: digests, feeds: changedFeeds)
            for (path, text) in changedFeeds.flatMap(feedWriter.files) { try sink.write(path, text) }
        }
        self.pageKeys = pageKeys
        self.changed = changed
        self.rendered = rendered
        self.digests = digests
        self.listItemHTML = listItemHTML
        self.renderer = renderer
        self.items = items
    }

    /// Brings `record` (a build's, describing the output before this edit) up to date with it, so
    /// it still describes the output: the changed items' records and the keys of the pages rendered
    /// again (a deferred page's key is unknown: the next build renders it again). Their digest
    /// kind did not change; the list entries' fields did (summary…): their keys are left unknown
    /// rather than computed twice.
    func update(_ record: inout RenderCache, graph: SiteGraph) {
        for (k, (id, out)) in zip(changed, rendered).enumerated() {
            record.pages[id] = RenderCache.Page(source: graph.pages[id].item.source, sourceHash: graph.pages[id].item.hash.value, digest: out.digest,
                                                listItemHTML: listItemHTML[id], diagnostics: out.diagnostics,
                                                linkQueries: out.linkQueries, linkAnswers: items.linkAnswers(out.linkQueries),
                                                keepsHTML: items.keepHTML.contains(id), surroundings: surroundings[k], listKey: 0)
        }
        record.pageKeys.merge(pageKeys) { _, new in new }
        for (path, _) in deferred where path.hasSuffix("/index.html") { record.pageKeys[String(path.dropLast("index.html".count))] = nil }
    }
}

/// A value made the first time it is asked for (deferred outputs share one feed writer). Asked
/// for only under the live server's lock.
private final class MadeOnce<Value> {
    private var made: Value?
    private let make: () -> Value
    init(_ make: @escaping () -> Value) { self.make = make }
    var value: Value {
        if let made { return made }
        let v = make()
        made = v
        return v
    }
}
