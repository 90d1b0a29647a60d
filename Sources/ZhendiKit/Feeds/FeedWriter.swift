/// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for one feed set. Everything is escaped for its format,
/// every URL is absolute, dates keep the +08:00 offset.
struct FeedWriter {
    let graph: SiteGraph
    let digests: [PageDigest]
    /// Full content (when the site shows it) of every item of the feeds to be written, made
    /// absolute and escaped once: an item is in several feeds (site, section, branch) and each
    /// feed comes in three formats.
    private let content: [Int: (xml: String, json: String)]

    /// `feeds`: the feeds this writer will be asked for.
    init(graph: SiteGraph, digests: [PageDigest], feeds: [FeedSet]) {
        self.graph = graph
        self.digests = digests
        var ids = Set<Int>()
        if graph.config.feedFullContent { for f in feeds { ids.formUnion(f.members) } }
        let list = Array(ids)
        let baseURL = graph.config.baseURL
        let escaped = concurrentMap(list) { id -> (xml: String, json: String)? in
            guard let html = digests[id].html else { return nil }
            let absolute = AbsoluteLinks(baseURL: baseURL).apply(html)
            return (Escape.xml(absolute), Escape.jsonString(absolute))
        }
        var content: [Int: (xml: String, json: String)] = [:]
        for (id, e) in zip(list, escaped) { if let e { content[id] = e } }
        self.content = content
    }

    private var config: SiteConfig { graph.config }

    enum Format: CaseIterable {
        case rss, atom, json
        var fileName: String {
            switch self {
            case .rss: return "feed.xml"
            case .atom: return "atom.xml"
            case .json: return "feed.json"
            }
        }
    }

    func file(_ f: FeedSet, _ format: Format) -> String {
        switch format {
        case .rss: return rss(f)
        case .atom: return atom(f)
        case .json: return json(f)
        }
    }

    /// The three files of a feed set: (site path, contents).
    func files(_ f: FeedSet) -> [(String, String)] {
        Format.allCases.map { (f.base + $0.fileName, file(f, $0)) }
    }

    func permalink(_ sitePath: String) -> String { config.baseURL + sitePath.dropFirst() }

    private func summary(_ id: Int) -> String {
        graph.pages[id].item.summary.flatMap { $0.isEmpty ? nil : $0 } ?? digests[id].summary
    }

    private func updated(_ set: FeedSet) -> ContentDate? {
        set.members.compactMap { graph.pages[$0].item.updated ?? graph.pages[$0].item.date }.max()
    }

    private var author: String { config.organization ?? config.title }

    func rss(_ set: FeedSet) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
        x += "<title>\(Escape.xml(set.title))</title>\n"
        x += "<link>\(Escape.xml(permalink(set.pageURL)))</link>\n"
        x += "<description>\(Escape.xml(set.description))</description>\n"
        x += "<language>\(Escape.xml(config.language.lowercased()))</language>\n"
        x += "<generator>Zhendi</generator>\n"
        x += "<atom:link href=\"\(Escape.xml(permalink(set.base + "feed.xml")))\" rel=\"self\" type=\"application/rss+xml\"/>\n"
        if let u = updated(set) { x += "<lastBuildDate>\(u.rfc822)</lastBuildDate>\n" }
        for id in set.members {
            let p = graph.pages[id]
            let item = p.item
            x += "<item>\n<title>\(Escape.xml(item.title))</title>\n"
            x += "<link>\(Escape.xml(permalink(p.url)))</link>\n"
            x += "<guid isPermaLink=\"true\">\(Escape.xml(permalink(p.url)))</guid>\n"
            if let d = item.date { x += "<pubDate>\(d.rfc822)</pubDate>\n" }
            if let a = item.author, !a.isEmpty { x += "<dc:creator>\(Escape.xml(a))</dc:creator>\n" }
            for t in item.tags { x += "<category>\(Escape.xml(t))</category>\n" }
            x += "<description>\(content[id]?.xml ?? Escape.xml(summary(id)))</description>\n"
            x += "</item>\n"
        }
        x += "</channel>\n</rss>\n"
        return x
    }

    func atom(_ set: FeedSet) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(Escape.xml(config.language))\">\n"
        x += "<title>\(Escape.xml(set.title))</title>\n"
        x += "<subtitle>\(Escape.xml(set.description))</subtitle>\n"
        x += "<id>\(Escape.xml(permalink(set.pageURL)))</id>\n"
        x += "<link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(permalink(set.pageURL)))\"/>\n"
        x += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(Escape.xml(permalink(set.base + "atom.xml")))\"/>\n"
        // Atom requires <updated>; an empty feed uses the epoch rather than the clock, so output
        // stays deterministic.
        x += "<updated>\((updated(set) ?? ContentDate(instant: 0, offsetSeconds: 0)).rfc3339)</updated>\n"
        x += "<author><name>\(Escape.xml(author))</name></author>\n"
        x += "<generator>Zhendi</generator>\n"
        for id in set.members {
            let p = graph.pages[id]
            let item = p.item
            let published = item.date ?? ContentDate(instant: 0, offsetSeconds: 0)
            x += "<entry>\n<title type=\"text\">\(Escape.xml(item.title))</title>\n"
            x += "<id>\(Escape.xml(permalink(p.url)))</id>\n"
            x += "<link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(permalink(p.url)))\"/>\n"
            x += "<published>\(published.rfc3339)</published>\n"
            x += "<updated>\((item.updated ?? published).rfc3339)</updated>\n"
            if let a = item.author, !a.isEmpty { x += "<author><name>\(Escape.xml(a))</name></author>\n" }
            for t in item.tags { x += "<category term=\"\(Escape.xml(t))\"/>\n" }
            x += "<summary type=\"text\">\(Escape.xml(summary(id)))</summary>\n"
            if let html = content[id]?.xml { x += "<content type=\"html\">\(html)</content>\n" }
            x += "</entry>\n"
        }
        x += "</feed>\n"
        return x
    }

    func json(_ set: FeedSet) -> String {
        var items: [String] = []
        for id in set.members {
            let p = graph.pages[id]
            let item = p.item
            var fields: [String] = [
                "\"id\": \(Escape.jsonString(permalink(p.url)))",
                "\"url\": \(Escape.jsonString(permalink(p.url)))",
                "\"title\": \(Escape.jsonString(item.title))",
                "\"summary\": \(Escape.jsonString(summary(id)))",
            ]
            if let html = content[id]?.json {
                fields.append("\"content_html\": \(html)")
            } else {
                fields.append("\"content_text\": \(Escape.jsonString(summary(id)))")
            }
            if let d = item.date { fields.append("\"date_published\": \(Escape.jsonString(d.rfc3339))") }
            if let u = item.updated { fields.append("\"date_modified\": \(Escape.jsonString(u.rfc3339))") }
            if let a = item.author, !a.isEmpty { fields.append("\"authors\": [{\"name\": \(Escape.jsonString(a))}]") }
            if !item.tags.isEmpty { fields.append("\"tags\": [\(item.tags.map(Escape.jsonString).joined(separator: ", "))]") }
            if let lead = digests[id].leadImage, lead.hasPrefix("/") { fields.append("\"image\": \(Escape.jsonString(permalink(lead)))") }
            items.append("    {\n      " + fields.joined(separator: ",\n      ") + "\n    }")
        }
        let head = [
            "\"version\": \"https://jsonfeed.org/version/1.1\"",
            "\"title\": \(Escape.jsonString(set.title))",
            "\"home_page_url\": \(Escape.jsonString(permalink(set.pageURL)))",
            "\"feed_url\": \(Escape.jsonString(permalink(set.base + "feed.json")))",
            "\"description\": \(Escape.jsonString(set.description))",
            "\"language\": \(Escape.jsonString(config.language))",
            "\"authors\": [{\"name\": \(Escape.jsonString(author))}]",
        ]
        return "{\n  " + head.joined(separator: ",\n  ") + ",\n  \"items\": [\n" + items.joined(separator: ",\n") + (items.isEmpty ? "" : "\n") + "  ]\n}\n"
    }
}
