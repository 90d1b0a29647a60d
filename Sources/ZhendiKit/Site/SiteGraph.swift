/// A content item that is published: it has a URL and (unless it is an intro or profile shown
/// inside another page) its own output page.
///
/// Immutable, so sharing one instance is as safe as copying a value; a class because every
/// stage reads `graph.pages[id]` in loops over all pages, and copying the struct retained each
/// of the item's two dozen strings and arrays (≈ 8 % of a structural preview update).
public final class SitePage: Sendable {
    public let id: Int
    public let item: ContentItem
    /// Site path where the item's content appears: `/news/abc/`.
    public let url: String
    /// Whether this item gets its own `index.html` (articles, plain pages, topics).
    public let hasOwnPage: Bool

    init(id: Int, item: ContentItem, url: String, hasOwnPage: Bool) {
        self.id = id
        self.item = item
        self.url = url
        self.hasOwnPage = hasOwnPage
    }
}

/// A page listing items, with its own URL: a section, tag, branch, series or topic.
public struct Collection: Sendable {
    public enum Kind: String, Sendable { case section, tag, branch, series, topic }
    public let kind: Kind
    public let key: String
    public let name: String
    public let slug: String
    /// First page's site path: `/news/`, `/tags/dang-jian/`.
    public let url: String
    /// Page ids, in display order (newest first; series in `order`).
    public let members: [Int]
    /// Page id of the intro/profile/topic document shown above the list, if any.
    public let introPage: Int?
    /// Whether the list is split into pages of `pageSize`.
    public let paginated: Bool
}

/// The assembled site: every published item with its URL and every list it belongs to.
/// Items that are not published are absent from all of it (only `withheld` remembers them, so
/// a link to one can be explained); every later stage reads only this graph, which is what makes
/// "nothing leaks" a property of the design instead of a filter each stage must remember.
public struct SiteGraph: Sendable {
    public let config: SiteConfig
    public internal(set) var pages: [SitePage]
    public let sections: [Collection]
    public let tags: [Collection]
    public let branches: [Collection]
    public let series: [Collection]
    public let topics: [Collection]
    public let homeIntro: Int?
    /// Intro documents for the index pages `/tags/`, `/branches/`, `/topics/`, `/series/`.
    public let indexIntros: [String: Int]
    public let menu: [MenuItem]
    /// `news/a.md` → `/news/a/` for every published item.
    public let urlByContentPath: [String: String]
    /// `news/a.md` → why it is not published, for items left out.
    public let withheld: [String: Publication]
    /// Site path → why the item that would live there is not published.
    public let withheldURLs: [String: Publication]
    /// Every page path the build will write (`/`, `/news/`, `/news/page/2/`, `/news/a/`…).
    public let pagePaths: Set<String>
    // By page id (arrays, not dictionaries: the preview compares them for every page after an edit).
    /// Position of each page in its series, for prev/next and 第 N 讲.
    public let seriesPosition: [(series: Int, index: Int)?]
    /// Position in its section list, for 上一篇/下一篇 of articles outside a series.
    public let sectionPosition: [(section: Int, index: Int)?]
    public let tagIndex: [String: Int]
    public let branchIndex: [String: Int]
    /// The topics listing each page, nil for none.
    public let topicsOfPage: [[Int]?]
    /// The year of the newest dated page (0: none), which every page's footer shows.
    let latestYear: Int
    /// The assembler's warnings about the whole site (a graph with errors is never built upon).
    let findings: [Diagnostic]

    public func page(_ id: Int) -> SitePage { pages[id] }

    /// The pages an item's page links as 上一讲/下一讲 (within its series) or 上一篇/下一篇
    /// (within its section list, newest first), which show its title.
    func neighbours(of id: Int) -> (prev: Int?, next: Int?) {
        if let (s, i) = seriesPosition[id] {
            let members = series[s].members
            return (i > 0 ? members[i - 1] : nil, i + 1 < members.count ? members[i + 1] : nil)
        }
        if let (s, i) = sectionPosition[id] {
            let members = sections[s].members
            return (i + 1 < members.count ? members[i + 1] : nil, i > 0 ? members[i - 1] : nil)
        }
        return (nil, nil)
    }

    /// The page made from the content file `source` (`content/…`), found by bisection: pages are
    /// in the order of their files (`SiteAssembler`).
    func page(source: String) -> Int? {
        let at = place(ofSource: source)
        return at < pages.count && pages[at].item.source == source ? at : nil
    }

    /// Where the page made from `source` is, or would be among the pages (by bisection).
    func place(ofSource source: String) -> Int {
        var lo = 0, hi = pages.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pages[mid].item.source < source { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The same graph with one item's content replaced (its metadata, hence URLs and lists, unchanged).
    func replacingItem(_ item: ContentItem, of id: Int) -> SiteGraph {
        var copy = self
        let old = pages[id]
        copy.pages[id] = SitePage(id: id, item: item, url: old.url, hasOwnPage: old.hasOwnPage)
        return copy
    }

    /// Site path of page `n` (1-based) of a paginated list.
    public static func paginatedURL(_ base: String, page n: Int) -> String {
        n <= 1 ? base : base + "page/\(n)/"
    }

    public func pageCount(_ c: Collection) -> Int {
        guard c.paginated else { return 1 }
        return max(1, (c.members.count + config.pageSize - 1) / config.pageSize)
    }
}
