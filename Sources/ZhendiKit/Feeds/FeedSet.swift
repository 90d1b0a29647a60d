/// One feed (site-wide, a section or a branch): which items, newest first, and where it lives.
struct FeedSet: Sendable {
    let title: String
    let description: String
    /// Site path of the HTML page the feed follows: `/` or `/news/`.
    let pageURL: String
    /// Folder the three feed files are written into: `/` or `/news/`.
    let base: String
    let members: [Int]

    /// Every feed of the site: the whole site, each section, each branch.
    static func all(_ graph: SiteGraph) -> [FeedSet] {
        let limit = graph.config.feedLimit
        var sets: [FeedSet] = []
        // The newest of each section are enough: a page among the site's newest `limit` has
        // fewer than `limit` pages of its own section dated after it. Each list is newest first;
        // pages dated as its last taken one are taken too (ties are ordered otherwise here).
        // Sorting every article was ≈ 5 % of a new article's update in the live preview.
        let candidates = graph.sections.flatMap { s -> ArraySlice<Int> in
            guard s.members.count > limit, limit > 0 else { return s.members[...] }
            let last = graph.pages[s.members[limit - 1]].item.date?.instant
            var end = limit
            while end < s.members.count, graph.pages[s.members[end]].item.date?.instant == last { end += 1 }
            return s.members[..<end]
        }
        let everything = candidates.sorted { a, b in
            let x = graph.pages[a].item, y = graph.pages[b].item
            let dx = x.date?.instant ?? .min, dy = y.date?.instant ?? .min
            if dx != dy { return dx > dy }
            return x.source < y.source
        }
        sets.append(FeedSet(title: graph.config.title, description: graph.config.description.isEmpty ? graph.config.title : graph.config.description,
                            pageURL: "/", base: "/", members: Array(everything.prefix(limit))))
        for c in graph.sections + graph.branches {
            sets.append(FeedSet(title: "\(c.name) - \(graph.config.title)", description: "\(graph.config.title)“\(c.name)”的最新内容",
                                pageURL: c.url, base: c.url, members: Array(c.members.prefix(limit))))
        }
        return sets
    }
}
