/// What a full build takes from the previous one instead of rendering it again when items'
/// metadata, files or templates changed (a new article, a retitle, a deleted page, a new
/// picture, an edited template): an item page whose source and surroundings
/// (`PageRenderer.itemSurroundings`) are as they were, a list entry whose fields are, and any
/// other page whose context fingerprint is. Like Hugo's identity tracking, but
/// derived from what each page actually shows rather than declared.
///
/// Only used over the output folder the record was made for (`RenderCache.load` checks its
/// identity), so a page kept is the file already there.
struct ReusableRender {
    private let pages: [String: RenderCache.Page]
    private let pageKeys: [String: UInt64]
    private let items: ItemRenderer

    init(_ record: RenderCache, items: ItemRenderer) {
        var bySource: [String: RenderCache.Page] = [:]
        for p in record.pages { bySource[p.source] = p }
        pages = bySource
        pageKeys = record.pageKeys
        self.items = items
    }

    /// The previous rendering of `page` when it would come out the same: same source, same
    /// surroundings, same answers to what its links asked the site, same digest kind.
    func item(_ page: SitePage, keepsHTML: Bool, surroundings: UInt64) -> RenderCache.Page? {
        guard let p = pages[page.item.source], p.sourceHash == page.item.hash.value, p.keepsHTML == keepsHTML,
              p.surroundings == surroundings,
              p.linkQueries.isEmpty || items.linkAnswers(p.linkQueries) == p.linkAnswers else { return nil }
        return p
    }

    func listItemHTML(_ page: SitePage, key: UInt64) -> String? {
        guard key != 0, let p = pages[page.item.source], p.listKey == key else { return nil }
        return p.listItemHTML
    }

    func isUnchanged(_ url: String, key: UInt64) -> Bool { pageKeys[url] == key }
}
