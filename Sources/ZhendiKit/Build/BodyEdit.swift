/// Items whose bodies changed while their metadata (hence URLs and lists) did not, rendered again
/// as a full build renders them, together with every page and feed that shows them: what the live
/// server's single-page update and the incremental `zhendi build` share.
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
    /// Per changed item, `PageRenderer.itemSurroundings` of its page now (0 without a page of its
    /// own): a retitled item changes its own and its neighbours' (see `LiveSite.update`).
    let surroundings: [UInt64]
    /// Renders further pages with the new digests.
    let renderer: PageRenderer
    /// What rendered the items (their Markdown, e.g. for other items' plain text).
    let items: ItemRenderer

    /// Writes the changed items' pages, the pages that show them and the feeds that list them.
    init(changed: [Int], graph: SiteGraph, theme: Theme, files: FileIndex, feeds: [FeedSet],
         digests: [PageDigest], listItemHTML: [String], sink: OutputSink) throws {
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
        let changedFeeds = FeedSet.containing(changedSet, in: feeds)
        let feedWriter = FeedWriter(graph: graph, digests: digests, feeds: changedFeeds)
        let jobs = renderer.pages(showing: changedSet)
        let writes = jobs.map { ($0.url + "index.html", renderer.render($0)) } + changedFeeds.flatMap(feedWriter.files)
        for (path, text) in writes { try sink.write(path, text) }
        var pageKeys: [String: UInt64] = [:]
        for job in jobs { pageKeys[job.url] = renderer.fingerprint(job) }
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
    /// again. Their digest kind did not change; the list entries' fields did (summary…): their
    /// keys are left unknown rather than computed twice.
    func update(_ record: inout RenderCache, graph: SiteGraph) {
        for (k, (id, out)) in zip(changed, rendered).enumerated() {
            let before = record.pages[id]
            record.pages[id] = RenderCache.Page(source: before.source, sourceHash: graph.pages[id].item.hash.value, digest: out.digest,
                                                listItemHTML: listItemHTML[id], diagnostics: out.diagnostics,
                                                linkQueries: out.linkQueries, linkAnswers: items.linkAnswers(out.linkQueries),
                                                keepsHTML: before.keepsHTML, surroundings: surroundings[k], listKey: 0)
        }
        record.pageKeys.merge(pageKeys) { _, new in new }
    }
}
