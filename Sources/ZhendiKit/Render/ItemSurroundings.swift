/// What an item's page shows besides its own Markdown, gathered from the site graph: its own
/// fields, the lists it is in and the neighbours it links to. The page's context is built from
/// this value and the site-wide parts of `SiteViewModel` only (`PageRenderer.itemJob`), so a
/// fingerprint of it (every stored property, see `FingerprintEncoder`) changes exactly when the
/// site around the item does, at about a third of the cost of building and hashing the context
/// (a structural preview update at 10,000 pages spent a quarter of its time on that).
struct ItemSurroundings: Encodable {
    /// A name and site path (`/tags/dang-jian/`).
    struct Link: Encodable {
        var name: String
        var url: String
    }

    struct SeriesPlace: Encodable {
        var name: String
        var url: String
        var position: Int
        var total: Int
    }

    var url: String
    var isArticle: Bool
    /// The template its page is rendered with (its key goes into the fingerprint).
    var template: String { isArticle ? "article" : "page" }
    var title: String
    /// The item's own `summary:` (the one from its body is in its digest).
    var summary: String?
    var date: ContentDate?
    var updated: ContentDate?
    var author: String?
    var hasCover: Bool
    var sectionKey: String?
    var section: Link?
    var tags: [Link]
    var branch: Link?
    var topics: [Link]?
    /// 上一讲/下一讲 within a series.
    var series: SeriesPlace?
    /// 上一篇/下一篇 within its section list.
    var inSectionList: Bool
    /// Title and site path of the pages it links as previous and next.
    var prev: Link?
    var next: Link?

    init(_ id: Int, in graph: SiteGraph) {
        let p = graph.pages[id]
        let item = p.item
        url = p.url
        isArticle = item.kind == .article
        title = item.title
        summary = item.summary
        date = item.date
        updated = item.updated
        author = item.author
        hasCover = item.cover != nil
        if let s = item.section, let sec = graph.sections.first(where: { $0.key == s }) {
            sectionKey = sec.key
            section = Link(name: sec.name, url: sec.url)
        }
        tags = item.tags.compactMap { t in graph.tagIndex[t].map { Link(name: graph.tags[$0].name, url: graph.tags[$0].url) } }
        if let b = item.branch, let i = graph.branchIndex[b] { branch = Link(name: graph.branches[i].name, url: graph.branches[i].url) }
        topics = graph.topicsOfPage[id].map { $0.map { Link(name: graph.topics[$0].name, url: graph.topics[$0].url) } }
        if let (s, i) = graph.seriesPosition[id] {
            let c = graph.series[s]
            series = SeriesPlace(name: c.name, url: c.url, position: i + 1, total: c.members.count)
        }
        inSectionList = graph.sectionPosition[id] != nil
        let (before, after) = graph.neighbours(of: id)
        prev = before.map { Link(name: graph.pages[$0].item.title, url: graph.pages[$0].url) }
        next = after.map { Link(name: graph.pages[$0].item.title, url: graph.pages[$0].url) }
    }
}
