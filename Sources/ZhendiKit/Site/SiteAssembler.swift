import Foundation

/// Options that decide which items are published.
public struct PublicationPolicy: Sendable {
    public var includeDrafts: Bool
    public var includeFuture: Bool
    /// Seconds since 1970 used as "now" for future-dated items (injected so builds are testable).
    public var now: Int64

    public init(includeDrafts: Bool = false, includeFuture: Bool = false, now: Int64) {
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.now = now
    }

    func admits(_ p: Publication) -> Bool {
        switch p {
        case .published: return true
        case .draft: return includeDrafts
        case .future: return includeFuture
        case .internal: return false  // never, whatever the flags
        }
    }
}

/// Builds the site graph from parsed items: decides what is published, gives everything a URL,
/// detects URL collisions and groups items into sections, tags, branches, series and topics.
struct SiteAssembler {
    let config: SiteConfig
    let policy: PublicationPolicy

    func assemble(_ items: [ContentItem]) -> SiteGraph {
        var diagnostics: [Diagnostic] = []
        // By file, as indices: sorting the items themselves, and each `for item in` over them,
        // copied every item (a few dozen references to retain), on one core.
        let byFile = items.indices.sorted { items[$0].source < items[$1].source }

        // Section keys: configured ones first (in config order), then any other folder in content/.
        var sectionKeys = config.sections.map(\.key)
        for i in byFile where items[i].kind == .article {
            if let s = items[i].section, !sectionKeys.contains(s) { sectionKeys.append(s) }
        }
        let reservedRoots: Set<String> = ["tags", "branches", "series", "topics", "search", "assets", "page"]
        for key in sectionKeys where !Slug.isSafePathSegment(key) {
            diagnostics.append(.error("site.bad-section-folder", file: "content/\(key)",
                "文件夹名“\(key)”不能直接用作网址。",
                hint: "栏目文件夹名只能包含小写英文字母、数字和连字符，例如 notices；中文名称请写在 site.yml 的 sections 里。"))
        }
        sectionKeys.removeAll { !Slug.isSafePathSegment($0) }
        for key in sectionKeys where reservedRoots.contains(key) {
            diagnostics.append(.error("site.reserved-section", file: "content/\(key)",
                "文件夹名“\(key)”是系统保留的网址，不能用作栏目。", hint: "请给这个栏目换一个文件夹名。"))
        }

        // Branch slugs: site.yml first, then profiles, then pinyin of the name.
        var branchSlugByName: [String: String] = [:]
        for b in config.branches { if let s = b.slug { branchSlugByName[b.name] = s } }
        for i in byFile where items[i].kind == .branchProfile {
            if branchSlugByName[items[i].title] == nil { branchSlugByName[items[i].title] = items[i].slug }
        }
        func branchSlug(_ name: String) -> String { branchSlugByName[name] ?? Slug.make(name) }

        // URLs for every item, published or not (a link to an unpublished item is explained).
        func url(for item: ContentItem) -> String {
            item.path ?? "/branches/\(branchSlug(item.title))/"
        }

        var pages: [SitePage] = []
        // Each page's kind and date, kept beside the pages as they are made: the loops below that
        // pick pages by kind or order them by date then read flat arrays instead of walking
        // the pages, each walk waiting for 10,000 pages and items to come from memory (the live
        // preview assembles a graph for every new article).
        var kinds: [ContentKind] = [], instant: [Int64] = []
        var latestYear = 0
        // An article's section as its index in `sectionKeys` (-1: none of them), found while the
        // item is at hand (short keys compare by value); grouping the articles by their section
        // string hashed it once per article, walking them in date order, all over memory.
        var sectionOf: [Int] = []
        var urlByContentPath: [String: String] = [:]
        var withheld: [String: Publication] = [:]
        var withheldURLs: [String: Publication] = [:]
        var ownerOfPath: [String: String] = [:]
        pages.reserveCapacity(items.count)
        kinds.reserveCapacity(items.count)
        instant.reserveCapacity(items.count)
        urlByContentPath.reserveCapacity(items.count)
        ownerOfPath.reserveCapacity(items.count)
        for i in byFile {
            let item = items[i]
            let contentPath = String(item.source.dropFirst("content/".count))
            let publication = item.publication(now: policy.now)
            let u = url(for: item)
            guard policy.admits(publication) else {
                withheld[contentPath] = publication
                withheldURLs[u] = publication
                continue
            }
            let ownPage = item.kind == .article || item.kind == .page || item.kind == .topic
            if ownPage || item.kind == .branchProfile {
                // One hash in the usual case: set, and put the first owner back on a collision.
                if let other = ownerOfPath.updateValue(item.source, forKey: u) {
                    ownerOfPath[u] = other
                    diagnostics.append(.error("site.duplicate-url", file: item.source, line: item.line(of: "slug"),
                        "网址 \(u) 与 \(other) 重复，两篇内容不能用同一个网址。",
                        hint: "请修改其中一篇的文件名，或在开头的设置里加上不同的 slug。"))
                    continue
                }
            }
            urlByContentPath[contentPath] = u
            pages.append(SitePage(id: pages.count, item: item, url: u, hasOwnPage: ownPage))
            kinds.append(item.kind)
            sectionOf.append(item.kind == .article ? item.section.flatMap { sectionKeys.firstIndex(of: $0) } ?? -1 : -1)
            instant.append(item.date?.instant ?? Int64.min)
            if let y = item.date?.year, y > latestYear { latestYear = y }
        }

        // Newest first; ties broken by title then file so the order never depends on the file system.
        // Fields are read in place: copying two items per comparison (a few dozen references
        // to retain) was most of sorting 10,000 articles.
        func newestFirst(_ a: Int, _ b: Int) -> Bool {
            if instant[a] != instant[b] { return instant[a] > instant[b] }
            if pages[a].item.title != pages[b].item.title { return pages[a].item.title < pages[b].item.title }
            return pages[a].item.source < pages[b].item.source
        }
        // Loops below go by index: `for p in pages` copies every page (a few dozen references
        // to retain), and this runs on one core before anything is rendered.
        let articles = pages.indices.filter { kinds[$0] == .article }
        let plainPages = pages.indices.filter { kinds[$0] == .page }
        // Every list is newest first: sorted once, each list's members are taken in this order
        // (the order is total, so a list's members come out as sorting them would give).
        let listedNewestFirst = (articles + plainPages).sorted(by: newestFirst)
        let articlesNewestFirst = listedNewestFirst.filter { kinds[$0] == .article }

        var articlesBySection = [[Int]](repeating: [], count: sectionKeys.count)
        for id in articlesNewestFirst where sectionOf[id] >= 0 { articlesBySection[sectionOf[id]].append(id) }
        var sections: [Collection] = []
        var sectionPosition = [(section: Int, index: Int)?](repeating: nil, count: pages.count)
        var introByKey: [String: Int] = [:]
        for i in pages.indices where kinds[i] == .sectionIndex { introByKey[pages[i].item.section!] = i }
        for key in sectionKeys where !reservedRoots.contains(key) {
            let members = sectionKeys.firstIndex(of: key).map { articlesBySection[$0] } ?? []
            let name = config.section(key)?.name ?? introByKey[key].map { pages[$0].item.title } ?? key
            for (i, m) in members.enumerated() { sectionPosition[m] = (sections.count, i) }
            sections.append(Collection(kind: .section, key: key, name: name, slug: key, url: "/\(key)/",
                                       members: members, introPage: introByKey[key], paginated: true))
        }

        // Tags on one core, the other lists on the other: neither reads what the other makes,
        // and the live preview assembles the graph again for every new article.
        func tagLists() -> (tags: [Collection], found: [Diagnostic]) {
            var found: [Diagnostic] = []
            // Tags: one page per distinct slug; names that collide on a slug are merged with a warning.
            // Names are resolved in file order (the first spelling of a slug names the tag); tens
            // of thousands of uses cost one lookup each: a spelling's tag is remembered.
            var spellings = StringIDs()
            var tagOfSpelling: [(tag: Int, merged: Bool)] = []
            var tagOfSlug: [String: Int] = [:]
            var tagSlugs: [String] = [], tagNames: [String] = []
            // Each page's tags in one array, `tagOfUse[tagStart[id]..<tagStart[id + 1]]` (an array
            // per page was ten thousand allocations for every graph the preview assembles).
            var tagStart = [Int](repeating: 0, count: pages.count + 1)
            for id in pages.indices { tagStart[id + 1] = tagStart[id] + (pages[id].item.appearsInLists ? pages[id].item.tags.count : 0) }
            var tagOfUse = [Int](repeating: 0, count: tagStart[pages.count])
            for id in articles + plainPages {
                var use = tagStart[id]
                for t in pages[id].item.tags {
                    let spelling = spellings.id(t)
                    if spelling.isNew {
                        let slug = Slug.make(t)
                        if let tag = tagOfSlug[slug] {
                            tagOfSpelling.append((tag, tagNames[tag] != t))
                        } else {
                            tagOfSpelling.append((tagSlugs.count, false))
                            tagOfSlug[slug] = tagSlugs.count
                            tagSlugs.append(slug)
                            tagNames.append(t)
                        }
                    }
                    let known = tagOfSpelling[spelling.id]
                    if known.merged {
                        let existing = tagNames[known.tag]
                        found.append(.warning("site.tag-slug-collision", file: pages[id].item.source, line: pages[id].item.line(of: "tags"),
                            "标签“\(t)”和“\(existing)”的网址相同（\(tagSlugs[known.tag])），已合并为“\(existing)”。",
                            hint: "如果它们是同一个标签，请统一写法。"))
                    }
                    tagOfUse[use] = known.tag
                    use += 1
                }
            }
            var tagMembers = [[Int]](repeating: [], count: tagSlugs.count)
            for id in listedNewestFirst {
                // An item naming a tag twice (or two spellings of it) is listed once.
                for tag in tagOfUse[tagStart[id]..<tagStart[id + 1]] where tagMembers[tag].last != id { tagMembers[tag].append(id) }
            }
            let tags: [Collection] = tagSlugs.indices.sorted { tagSlugs[$0] < tagSlugs[$1] }.map { tag in
                Collection(kind: .tag, key: tagNames[tag], name: tagNames[tag], slug: tagSlugs[tag], url: "/tags/\(tagSlugs[tag])/",
                           members: tagMembers[tag], introPage: nil, paginated: true)
            }
            return (tags, found)
        }
        func otherLists() -> (branches: [Collection], series: [Collection], seriesPosition: [(series: Int, index: Int)?],
                              topics: [Collection], topicsOfPage: [[Int]?], found: [Diagnostic]) {
            var found: [Diagnostic] = []
            // Branches: declared in site.yml, named by items, or described by a profile.
            var branchNames: [String] = config.branches.map(\.name)
            var branchIDs = StringIDs()
            for name in branchNames { _ = branchIDs.id(name) }
            var profileByName: [String: Int] = [:]
            for i in pages.indices where kinds[i] == .branchProfile {
                profileByName[pages[i].item.title] = i
                if branchIDs.id(pages[i].item.title).isNew { branchNames.append(pages[i].item.title) }
            }
            var branchOfPage = [Int](repeating: -1, count: pages.count)
            for id in articles {
                guard let b = pages[id].item.branch, !b.isEmpty else { continue }
                let branch = branchIDs.id(b)
                if branch.isNew { branchNames.append(b) }
                branchOfPage[id] = branch.id
            }
            var branchMembers = [[Int]](repeating: [], count: branchIDs.strings.count)
            for id in articlesNewestFirst where branchOfPage[id] >= 0 { branchMembers[branchOfPage[id]].append(id) }
            var branchSlugsSeen: [String: String] = [:]
            var branches: [Collection] = []
            for name in branchNames.sorted(by: { branchSlug($0) < branchSlug($1) }) {
                let slug = branchSlug(name)
                if slug.isEmpty { continue }
                if let other = branchSlugsSeen[slug] {
                    found.append(.error("site.branch-slug-collision", file: "site.yml", line: nil,
                        "支部“\(name)”和“\(other)”的网址相同（/branches/\(slug)/）。",
                        hint: "请在 site.yml 的 branches 中为它们设置不同的 slug。"))
                    continue
                }
                branchSlugsSeen[slug] = name
                branches.append(Collection(kind: .branch, key: name, name: name, slug: slug, url: "/branches/\(slug)/",
                                           members: branchMembers[branchIDs.id(name).id],
                                           introPage: profileByName[name], paginated: true))
            }

            // Series: lessons read in `order`.
            var seriesIDs = StringIDs()
            var seriesMembers: [[Int]] = []
            for id in articles {
                guard let s = pages[id].item.series, !s.isEmpty else { continue }
                let series = seriesIDs.id(s)
                if series.isNew { seriesMembers.append([]) }
                seriesMembers[series.id].append(id)
            }
            var series: [Collection] = []
            var seriesPosition = [(series: Int, index: Int)?](repeating: nil, count: pages.count)
            var seriesSlugs: [String: String] = [:]
            for one in seriesIDs.strings.indices.sorted(by: { Slug.make(seriesIDs.strings[$0]) < Slug.make(seriesIDs.strings[$1]) }) {
                let name = seriesIDs.strings[one]
                let slug = Slug.make(name)
                if let other = seriesSlugs[slug] {
                    found.append(.warning("site.series-slug-collision", file: nil,
                        "系列“\(name)”和“\(other)”的网址相同，已分开处理但只显示其一。", hint: "请统一系列名称的写法。"))
                    continue
                }
                seriesSlugs[slug] = name
                let members = seriesMembers[one].sorted { a, b in
                    let ox = pages[a].item.order ?? Int.max, oy = pages[b].item.order ?? Int.max
                    if ox != oy { return ox < oy }
                    return !newestFirst(a, b)  // same order: the earlier one first
                }
                var seenOrders: [Int: String] = [:]
                for m in members {
                    let it = pages[m].item
                    guard let o = it.order else { continue }
                    if let other = seenOrders[o] {
                        found.append(.warning("site.series-order-duplicate", file: it.source, line: it.line(of: "order"),
                            "系列“\(name)”中第 \(o) 讲与 \(other) 的顺序号相同。", hint: "请检查 order 是否写重了。"))
                    }
                    seenOrders[o] = it.source
                }
                for (i, m) in members.enumerated() { seriesPosition[m] = (series.count, i) }
                series.append(Collection(kind: .series, key: name, name: name, slug: slug, url: "/series/\(slug)/",
                                         members: members, introPage: nil, paginated: false))
            }

            // Topics (专题): a topic page gathers items naming it in `topics`, or carrying one of its tags.
            var topics: [Collection] = []
            var topicsOfPage = [[Int]?](repeating: nil, count: pages.count)
            for i in pages.indices where kinds[i] == .topic {
                let p = pages[i]
                let t = p.item
                let members = articlesNewestFirst.filter { id in
                    let it = pages[id].item
                    if it.topics.contains(t.title) || it.topics.contains(t.slug) { return true }
                    return !t.tags.isEmpty && it.tags.contains(where: t.tags.contains)
                }
                for m in members { topicsOfPage[m] = (topicsOfPage[m] ?? []) + [topics.count] }
                topics.append(Collection(kind: .topic, key: t.title, name: t.title, slug: t.slug, url: p.url,
                                         members: members, introPage: p.id, paginated: true))
            }
            let topicNames = Set(topics.flatMap { [$0.name, $0.slug] })
            for id in articles {
                for name in pages[id].item.topics where !topicNames.contains(name) {
                    found.append(.warning("site.unknown-topic", file: pages[id].item.source, line: pages[id].item.line(of: "topics"),
                        "专题“\(name)”不存在。", hint: "请在 content/topics/ 下新建这个专题的页面，或检查名称是否写对。"))
                }
            }
            return (branches, series, seriesPosition, topics, topicsOfPage, found)
        }
        let (tagged, listed) = concurrently(tagLists, otherLists)
        let (tags, branches, series, topics) = (tagged.tags, listed.branches, listed.series, listed.topics)
        let (seriesPosition, topicsOfPage) = (listed.seriesPosition, listed.topicsOfPage)
        diagnostics += tagged.found + listed.found

        var indexIntros: [String: Int] = [:]
        for key in ["tags", "branches", "series", "topics"] { if let id = introByKey[key] { indexIntros[key] = id } }

        // Every page path the build writes, for link checking and collision detection.
        var paths = Set<String>(["/", "/search/", "/tags/", "/branches/", "/series/", "/topics/"])
        paths.reserveCapacity(pages.count + pages.count / 4)
        for i in pages.indices where pages[i].hasOwnPage { paths.insert(pages[i].url) }
        for c in sections + tags + branches + series + topics {
            let n = c.paginated ? max(1, (c.members.count + config.pageSize - 1) / config.pageSize) : 1
            for i in 1...n {
                let u = SiteGraph.paginatedURL(c.url, page: i)
                // A topic page and a branch profile live at their own list's URL by design.
                let ownIntro = c.introPage.map { pages[$0].url == u } ?? false
                if !ownIntro, let owner = ownerOfPath[u] {
                    diagnostics.append(.error("site.duplicate-url", file: owner, line: nil,
                        "这篇内容的网址 \(u) 与自动生成的列表页冲突。", hint: "请修改文件名或 slug。"))
                }
                paths.insert(u)
            }
        }
        for i in plainPages {
            let p = pages[i]
            let root = p.url.split(separator: "/").first.map(String.init) ?? ""
            if reservedRoots.contains(root) || sectionKeys.contains(root) {
                diagnostics.append(.error("site.duplicate-url", file: p.item.source, line: p.item.line(of: "slug"),
                    "页面网址 \(p.url) 与系统网址或栏目重名。", hint: "请修改文件名或 slug。"))
            }
        }

        let menu = config.menu ?? defaultMenu(sections: sections, branches: branches, topics: topics, plainPages: plainPages.map { pages[$0] })
        let graph = SiteGraph(
            config: config, pages: pages, sections: sections, tags: tags, branches: branches, series: series,
            topics: topics, homeIntro: kinds.firstIndex(of: .homeIndex), indexIntros: indexIntros,
            menu: menu, urlByContentPath: urlByContentPath, withheld: withheld, withheldURLs: withheldURLs,
            pagePaths: paths, seriesPosition: seriesPosition, sectionPosition: sectionPosition,
            tagIndex: Dictionary(uniqueKeysWithValues: tags.enumerated().map { ($1.name, $0) }),
            branchIndex: Dictionary(uniqueKeysWithValues: branches.enumerated().map { ($1.name, $0) }),
            topicsOfPage: topicsOfPage, latestYear: latestYear, findings: diagnostics)
        return graph
    }

    private func defaultMenu(sections: [Collection], branches: [Collection], topics: [Collection], plainPages: [SitePage]) -> [MenuItem] {
        var menu = [MenuItem(name: "首页", url: "/")]
        for s in sections where !s.members.isEmpty || config.section(s.key) != nil {
            menu.append(MenuItem(name: s.name, url: s.url))
        }
        if !topics.isEmpty { menu.append(MenuItem(name: "专题", url: "/topics/")) }
        if !branches.isEmpty { menu.append(MenuItem(name: "支部阵地", url: "/branches/")) }
        let plain = plainPages.sorted {
            ($0.item.weight ?? 100, $0.item.title) < ($1.item.weight ?? 100, $1.item.title)
        }
        for p in plain where (p.item.weight ?? 0) >= 0 { menu.append(MenuItem(name: p.item.title, url: p.url)) }
        return menu
    }
}
