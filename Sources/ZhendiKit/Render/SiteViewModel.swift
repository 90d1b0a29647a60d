import Foundation

/// Builds the Mustache contexts (plain dictionaries: fast to look up, and the names are the
/// theme's contract, listed in `TemplateLint.vocabulary` and the README).
struct SiteViewModel: @unchecked Sendable {
    let graph: SiteGraph
    let theme: Theme
    /// Filled in once every item's Markdown has been rendered.
    var digests: [PageDigest] = []
    private let siteContext: SharedContext
    private let chromeCache = Locked([Int: SharedContext]())
    private let assetContext: SharedContext

    init(graph: SiteGraph, theme: Theme) {
        self.graph = graph
        self.theme = theme
        let config = graph.config
        let base = config.basePath
        var site: [String: Any] = [
            "title": config.title,
            "description": config.description,
            "url": config.baseURL,
            "language": config.language,
            "homeURL": base,
            "searchURL": base + "search/",
            "generator": "Zhendi",
            "feeds": ["rss": base + "feed.xml", "atom": base + "atom.xml", "json": base + "feed.json"],
        ]
        if graph.latestYear > 0 { site["year"] = graph.latestYear }
        if let o = config.organization { site["organization"] = o }
        if let f = config.footer { site["footer"] = f }
        siteContext = SharedContext(site)
        var assets: [String: Any] = [:]
        for (k, v) in theme.assetPaths { assets[k] = base + v.dropFirst() }
        assetContext = SharedContext(assets)
        var siteWide = ContextFingerprint()
        siteWide.add(siteContext.fingerprint)
        siteWide.add(assetContext.fingerprint)
        for s in [config.title, config.description, config.basePath, config.baseURL] { siteWide.add(s) }
        for m in graph.menu { siteWide.add(m.name); siteWide.add(m.url) }
        siteFingerprint = siteWide.value
    }

    /// Everything site-wide `base` reads besides the chrome of the current menu item (which has
    /// its own fingerprint): the site and asset contexts, the settings it shows, the menu.
    let siteFingerprint: UInt64

    /// The menu item a page belongs to (its chrome marks it current).
    func menuCurrent(url: String, section: String?) -> Int? {
        let sectionURL = section.map { "/\($0)/" }
        return graph.menu.firstIndex { item in
            item.url == url || (item.url != "/" && url.hasPrefix(item.url)) || sectionURL == item.url
        }
    }

    /// Header, head and footer depend only on the site and on which menu item is current, so
    /// they are rendered once per menu state instead of once per page (templates stay in charge
    /// of the markup; the engine just memoises them, like Hugo's `partialCached`).
    func chrome(current: Int?) -> SharedContext {
        let key = current ?? -1
        if let hit = chromeCache.withLock({ $0[key] }) { return hit }
        let menu: [[String: Any]] = graph.menu.enumerated().map { i, item in
            let link = item.url.hasPrefix("/") ? href(item.url) : item.url
            return ["name": item.name, "url": link, "current": i == current]
        }
        let context: [String: Any] = ["site": siteContext, "assets": assetContext, "menu": menu]
        let out = SharedContext([
            "head": theme.render(context, template: "partials/head"),
            "header": theme.render(context, template: "partials/header"),
            "footer": theme.render(context, template: "partials/footer"),
        ])
        chromeCache.withLock { $0[key] = out }
        return out
    }

    /// Nil while items are still being rendered (item pages do not depend on other items' digests).
    func digest(_ id: Int) -> PageDigest? { id < digests.count ? digests[id] : nil }

    func href(_ sitePath: String) -> String { graph.config.basePath + sitePath.dropFirst() }

    func permalink(_ sitePath: String) -> String { graph.config.baseURL + sitePath.dropFirst() }

    /// The shared part of every page's context.
    func base(url: String, title: String, kind: String, description: String, section: String? = nil,
              breadcrumbs: [(String, String)] = [], image: String? = nil, feeds: (String, String)? = nil,
              noindex: Bool = false) -> [String: Any] {
        let current = menuCurrent(url: url, section: section)
        var alternates: [[String: Any]] = []
        if let (name, feedBase) = feeds {
            alternates += [
                ["type": "application/rss+xml", "title": "\(name) RSS", "href": href(feedBase + "feed.xml")],
                ["type": "application/atom+xml", "title": "\(name) Atom", "href": href(feedBase + "atom.xml")],
                ["type": "application/feed+json", "title": "\(name) JSON Feed", "href": href(feedBase + "feed.json")],
            ]
        }
        var meta: [String: Any] = [
            "description": description.isEmpty ? graph.config.description : description,
            "canonical": permalink(url),
            "ogType": kind == "article" ? "article" : "website",
            "alternates": alternates,
        ]
        if let image { meta["ogImage"] = image.hasPrefix("/") ? permalink(image) : image }
        if noindex { meta["noindex"] = true }
        var crumbs: [[String: Any]] = []
        if !breadcrumbs.isEmpty {
            crumbs.append(["name": "首页", "url": href("/")])
            for (n, u) in breadcrumbs { crumbs.append(["name": n, "url": href(u)]) }
        }
        let fullTitle = kind == "home" ? graph.config.title : "\(title) - \(graph.config.title)"
        return [
            "site": siteContext,
            "assets": assetContext,
            "chrome": chrome(current: current),
            "meta": meta,
            "breadcrumbs": crumbs,
            "hasBreadcrumbs": !crumbs.isEmpty,
            "page": ["title": fullTitle, "kind": kind, "url": href(url), "permalink": permalink(url),
                     "isHome": kind == "home", "bodyClass": "kind-\(kind)"],
        ]
    }

    func link(_ name: String, _ sitePath: String) -> [String: Any] { ["name": name, "url": href(sitePath)] }

    func summary(of id: Int) -> String {
        let item = graph.pages[id].item
        if let s = item.summary, !s.isEmpty { return s }
        return digest(id)?.summary ?? ""
    }

    /// Each item's entry in lists, rendered once from `partials/list-item` (like Hugo's
    /// `.Render "summary"`): an article appears in half a dozen lists.
    var listItemHTML: [String] = [] {
        didSet { listItemContexts = [] }
    }
    /// Built once per item when lists are rendered.
    private var listItemContexts: [SharedContext] = []

    /// `fields`: every item's `listItemFields`; `keys`: their fingerprints with the entry
    /// template's (0 for an item no list shows). The entry's HTML is rendered from exactly
    /// those, so the key stands for the whole entry and nothing is built or hashed twice.
    mutating func prepareListItems(fields: [[String: Any]], keys: [UInt64]) {
        let model = self
        listItemContexts = concurrentMap(Array(graph.pages.indices)) { id in
            guard keys[id] != 0 else { return SharedContext(model.listItemContext(fields: id)) }
            var entry = fields[id]
            entry["html"] = model.listItemHTML[id]
            return SharedContext(entry, fingerprint: keys[id])
        }
    }

    /// One entry of a list (section, tag, branch, home…), with its pre-rendered `html`.
    func listItem(_ id: Int) -> SharedContext {
        id < listItemContexts.count ? listItemContexts[id] : SharedContext(listItemContext(fields: id))
    }

    private func listItemContext(fields id: Int) -> [String: Any] {
        var out = listItemFields(id)
        if id < listItemHTML.count { out["html"] = listItemHTML[id] }
        return out
    }

    static let listItemTemplate = "partials/list-item"

    func renderListItem(_ id: Int) -> String {
        renderListItem(fields: listItemFields(id))
    }

    func renderListItem(fields: [String: Any]) -> String {
        theme.render(fields, template: Self.listItemTemplate)
    }

    func listItemFields(_ id: Int) -> [String: Any] {
        let p = graph.pages[id]
        let item = p.item
        var out: [String: Any] = ["title": item.title, "url": href(p.url), "summary": summary(of: id)]
        if let d = item.date {
            out["dateText"] = d.chinese
            out["dateISO"] = d.rfc3339
        }
        if let s = item.section, let sec = graph.sections.first(where: { $0.key == s }) {
            out["section"] = link(sec.name, sec.url)
        }
        if let b = item.branch, let i = graph.branchIndex[b] {
            out["branch"] = link(graph.branches[i].name, graph.branches[i].url)
        }
        // A few tags are enough in a list; an item with thousands must not make every list quadratic.
        let tags = item.tags.prefix(5).compactMap { t -> [String: Any]? in
            graph.tagIndex[t].map { link(graph.tags[$0].name, graph.tags[$0].url) }
        }
        if !tags.isEmpty { out["tags"] = tags }
        if let o = item.order { out["order"] = o }
        if let lead = digest(id)?.leadImage, item.cover != nil { out["cover"] = href(lead) }
        if let minutes = digest(id)?.readingMinutes { out["readingMinutes"] = minutes }
        return out
    }

    func pagination(base: String, current: Int, total: Int) -> [String: Any] {
        var pages: [[String: Any]] = []
        // Compact: first, last and the neighbours of the current page (only those are visited:
        // a section of 600 pages has 600 list pages).
        let last = max(1, total)
        let low = max(1, current - 2), high = min(last, current + 2)
        for n in Set([1, last] + (low <= high ? Array(low...high) : [])).sorted() {
            pages.append(["number": n, "url": href(SiteGraph.paginatedURL(base, page: n)), "current": n == current])
        }
        var out: [String: Any] = ["current": current, "total": total, "show": total > 1, "pages": pages]
        if current > 1 { out["hasPrev"] = true; out["prevURL"] = href(SiteGraph.paginatedURL(base, page: current - 1)) }
        if current < total { out["hasNext"] = true; out["nextURL"] = href(SiteGraph.paginatedURL(base, page: current + 1)) }
        return out
    }
}
