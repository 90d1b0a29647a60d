/// `sitemap.xml` (split into a sitemap index past 50,000 URLs, as the protocol requires) and
/// `robots.txt`. Only published pages appear; 404 and search are left out.
struct SitemapWriter {
    let graph: SiteGraph
    /// The sitemap protocol's limit per file.
    var maxURLsPerFile = 50_000

    private func permalink(_ p: String) -> String { Escape.xml(Escape.urlPath(graph.config.baseURL + p.dropFirst())) }

    /// (site path, lastmod) for every public page, sorted by path.
    func entries() -> [(String, ContentDate?)] {
        var lastmod: [String: ContentDate] = [:]
        func note(_ url: String, _ d: ContentDate?) {
            guard let d else { return }
            if let old = lastmod[url], old >= d { return }
            lastmod[url] = d
        }
        for p in graph.pages where p.hasOwnPage { note(p.url, p.item.updated ?? p.item.date) }
        for c in graph.sections + graph.tags + graph.branches + graph.series + graph.topics {
            let newest = c.members.compactMap { graph.pages[$0].item.updated ?? graph.pages[$0].item.date }.max()
            for n in 1...graph.pageCount(c) { note(SiteGraph.paginatedURL(c.url, page: n), newest) }
        }
        note("/", graph.pages.compactMap { $0.item.updated ?? $0.item.date }.max())
        let paths = graph.pagePaths.subtracting(["/search/"])
        return paths.sorted().map { ($0, lastmod[$0]) }
    }

    /// Site path → XML; `/sitemap.xml` is either the only sitemap or the index.
    func files() -> [(String, String)] {
        let all = entries()
        func urlset(_ slice: ArraySlice<(String, ContentDate?)>) -> String {
            // Escaping and date formatting for tens of thousands of URLs, on every core.
            let lines = concurrentMap(Array(slice)) { path, date in
                "<url><loc>\(permalink(path))</loc>" + (date.map { "<lastmod>\($0.rfc3339)</lastmod>" } ?? "") + "</url>\n"
            }
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + lines.joined() + "</urlset>\n"
        }
        if all.count <= maxURLsPerFile { return [("/sitemap.xml", urlset(all[...]))] }
        var out: [(String, String)] = []
        var index = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        var n = 1
        var start = 0
        while start < all.count {
            let slice = all[start..<min(start + maxURLsPerFile, all.count)]
            let path = "/sitemap-\(n).xml"
            out.append((path, urlset(slice)))
            let newest = slice.compactMap(\.1).max()
            index += "<sitemap><loc>\(permalink(path))</loc>" + (newest.map { "<lastmod>\($0.rfc3339)</lastmod>" } ?? "") + "</sitemap>\n"
            start += maxURLsPerFile
            n += 1
        }
        out.append(("/sitemap.xml", index + "</sitemapindex>\n"))
        return out
    }

    func robots() -> String {
        "User-agent: *\nAllow: /\nDisallow: \(graph.config.basePath)search/\n\nSitemap: \(graph.config.baseURL)sitemap.xml\n"
    }
}
