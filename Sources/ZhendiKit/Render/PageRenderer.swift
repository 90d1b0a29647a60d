import Foundation

/// Turns graph nodes into HTML files through the theme's templates.
struct PageRenderer: @unchecked Sendable {
    let model: SiteViewModel
    var graph: SiteGraph { model.graph }
    var theme: Theme { model.theme }

    private func introHTML(_ id: Int?) -> String? {
        guard let id, let html = model.digest(id)?.html, !html.isEmpty else { return nil }
        return html
    }

    // MARK: items

    func render(_ job: PageJob) -> String {
        theme.render(job.context, template: job.template)
    }

    /// Stands for the HTML `job` renders to (`ContextFingerprint`).
    func fingerprint(_ job: PageJob) -> UInt64 {
        ContextFingerprint(template: theme.templateKey(job.template), context: job.context).value
    }

    /// An article or plain page.
    func renderItem(_ id: Int, rendered: RenderedMarkdown, digest: PageDigest) -> String {
        render(itemJob(id, rendered: rendered, digest: digest))
    }

    /// What an item's page shows besides its own Markdown: its fingerprint changes exactly when
    /// the site around the item does (neighbours' titles, tag and section names, series length…).
    /// The body's part is the item's source.
    func itemSurroundings(_ id: Int) -> UInt64 {
        let around = ItemSurroundings(id, in: graph)
        var start = ContextFingerprint()
        start.add(theme.templateKey(around.template))
        start.add(model.siteFingerprint)
        start.add(model.chrome(current: model.menuCurrent(url: around.url, section: around.sectionKey)).fingerprint)
        return FingerprintEncoder.fingerprint(around, into: start)
    }

    func itemJob(_ id: Int, rendered: RenderedMarkdown, digest: PageDigest) -> PageJob {
        itemJob(ItemSurroundings(id, in: graph), rendered: rendered, digest: digest)
    }

    /// Reads nothing of the graph but `s` (and the site-wide parts `siteFingerprint` covers):
    /// that is what makes `itemSurroundings` stand for the page.
    private func itemJob(_ s: ItemSurroundings, rendered: RenderedMarkdown, digest: PageDigest) -> PageJob {
        let crumbs = s.section.map { [($0.name, $0.url)] } ?? []
        let summary = s.summary.flatMap { $0.isEmpty ? nil : $0 } ?? digest.summary
        var context = model.base(url: s.url, title: s.title, kind: s.isArticle ? "article" : "page",
                                 description: summary, section: s.sectionKey, breadcrumbs: crumbs,
                                 image: digest.leadImage)
        var a: [String: Any] = [
            "title": s.title, "url": model.href(s.url), "permalink": model.permalink(s.url),
            "content": rendered.html, "summary": summary,
            "readingMinutes": digest.readingMinutes, "charCount": digest.characterCount,
        ]
        if let d = s.date { a["dateText"] = d.chinese; a["dateISO"] = d.rfc3339 }
        if let u = s.updated {
            a["updatedText"] = u.chinese; a["updatedISO"] = u.rfc3339; a["hasUpdated"] = true
        }
        if let author = s.author, !author.isEmpty { a["author"] = author }
        // A cover that also opens the body would show twice.
        if s.hasCover, let lead = digest.leadImage, !rendered.images.contains(where: { $0.src == model.href(lead) }) {
            a["cover"] = model.href(lead)
            a["hasCover"] = true
        }
        let tocHeadings = rendered.headings.filter { $0.level == 2 || $0.level == 3 }
        if tocHeadings.count >= 2 {
            a["hasToc"] = true
            a["toc"] = tocHeadings.map { ["id": $0.id, "text": $0.text, "level": $0.level, "isSub": $0.level == 3] as [String: Any] }
        }
        let tags = s.tags.map { model.link($0.name, $0.url) }
        if !tags.isEmpty { a["tags"] = tags; a["hasTags"] = true }
        if let b = s.branch { a["branch"] = model.link(b.name, b.url) }
        if let sec = s.section { a["section"] = model.link(sec.name, sec.url) }
        if let topics = s.topics {
            a["topics"] = topics.map { model.link($0.name, $0.url) }
            a["hasTopics"] = true
        }
        // Prev/next: within the series for lessons (上一讲/下一讲), else within the section by date.
        if let series = s.series {
            a["series"] = ["name": series.name, "url": model.href(series.url), "position": series.position, "total": series.total] as [String: Any]
            a["isLesson"] = true
            a["prevLabel"] = "上一讲"
            a["nextLabel"] = "下一讲"
        } else if s.inSectionList {
            a["prevLabel"] = "上一篇"
            a["nextLabel"] = "下一篇"
        }
        if let prev = s.prev { a["prev"] = ["title": prev.name, "url": model.href(prev.url)] }
        if let next = s.next { a["next"] = ["title": next.name, "url": model.href(next.url)] }
        if s.prev != nil || s.next != nil { a["hasPrevNext"] = true }
        context["article"] = a
        return PageJob(url: s.url, template: s.template, context: context)
    }

    // MARK: lists

    static func kindLabel(_ k: Collection.Kind) -> String {
        switch k {
        case .section: return "栏目"
        case .tag: return "标签"
        case .branch: return "支部"
        case .series: return "系列"
        case .topic: return "专题"
        }
    }

    static func indexPath(_ k: Collection.Kind) -> (String, String) {
        switch k {
        case .section: return ("", "/")
        case .tag: return ("标签", "/tags/")
        case .branch: return ("支部阵地", "/branches/")
        case .series: return ("学习系列", "/series/")
        case .topic: return ("专题", "/topics/")
        }
    }

    /// Every page of a collection (a series has one).
    func collectionJobs(_ c: Collection) -> [PageJob] {
        (1...graph.pageCount(c)).map { collectionPageJob(c, page: $0) }
    }

    /// Page `n` (1-based) of a collection; a series is not paginated.
    func collectionPageJob(_ c: Collection, page n: Int) -> PageJob {
        if c.kind == .series { return seriesJob(c) }
        let size = graph.config.pageSize
        let total = graph.pageCount(c)
        do {
            let url = SiteGraph.paginatedURL(c.url, page: n)
            let slice = c.members.dropFirst((n - 1) * size).prefix(size)
            var crumbs: [(String, String)] = []
            let (indexName, indexURL) = Self.indexPath(c.kind)
            if !indexName.isEmpty { crumbs.append((indexName, indexURL)) }
            if n > 1 { crumbs.append((c.name, c.url)) }
            let intro = c.introPage.map { graph.pages[$0].item }
            let description = intro.flatMap { $0.summary } ?? (c.kind == .section ? graph.config.section(c.key)?.description : nil) ?? ""
            let feeds: (String, String)? = (c.kind == .section || c.kind == .branch) ? (c.name, c.url) : nil
            let title = n > 1 ? "\(c.name)（第\(n)页）" : c.name
            var context = model.base(url: url, title: title, kind: "list", description: description,
                                     section: c.kind == .section ? c.key : nil, breadcrumbs: crumbs,
                                     image: c.introPage.flatMap { model.digest($0)?.leadImage }, feeds: feeds)
            var list: [String: Any] = [
                "title": c.name, "kindLabel": Self.kindLabel(c.kind), "url": model.href(c.url),
                "items": slice.map { model.listItem($0) }, "hasItems": !slice.isEmpty, "count": c.members.count,
                "emptyText": "这里还没有内容。",
                "pagination": model.pagination(base: c.url, current: n, total: total),
            ]
            if !description.isEmpty { list["description"] = description }
            if n == 1, let html = introHTML(c.introPage) {
                list[c.kind == .branch ? "profileHTML" : "introHTML"] = html
                list[c.kind == .branch ? "hasProfile" : "hasIntro"] = true
            }
            if let intro, intro.cover != nil, let lead = c.introPage.flatMap({ model.digest($0)?.leadImage }) {
                list["cover"] = model.href(lead)
                list["hasCover"] = true
            }
            if let (_, base) = feeds {
                list["feed"] = ["rss": model.href(base + "feed.xml"), "atom": model.href(base + "atom.xml"), "json": model.href(base + "feed.json")]
            }
            context["list"] = list
            return PageJob(url: url, template: "list", context: context)
        }
    }

    func seriesJob(_ c: Collection) -> PageJob {
        let context0 = model.base(url: c.url, title: c.name, kind: "series", description: "“\(c.name)”系列，共 \(c.members.count) 讲。",
                                  section: "lessons", breadcrumbs: [("学习系列", "/series/")])
        var context = context0
        let items: [[String: Any]] = c.members.enumerated().map { i, id in
            var item = model.listItem(id).fields
            item["position"] = i + 1
            item["id"] = "lesson-\(i + 1)"
            return item
        }
        var s: [String: Any] = ["title": c.name, "url": model.href(c.url), "items": items, "total": c.members.count, "hasItems": !items.isEmpty]
        if let first = c.members.first { s["firstURL"] = model.href(graph.pages[first].url) }
        context["series"] = s
        return PageJob(url: c.url, template: "series", context: context)
    }

    /// `/tags/`, `/branches/`, `/series/`, `/topics/`.
    func indexJob(_ kind: Collection.Kind) -> PageJob {
        let (name, url) = Self.indexPath(kind)
        let collections: [Collection]
        switch kind {
        case .tag: collections = graph.tags.sorted { ($0.members.count, $1.name) > ($1.members.count, $0.name) }
        case .branch: collections = graph.branches
        case .series: collections = graph.series
        case .topic: collections = graph.topics
        case .section: collections = graph.sections
        }
        let key = String(url.dropFirst().dropLast())
        var context = model.base(url: url, title: name, kind: "terms", description: "\(graph.config.title)的全部\(name)。",
                                 breadcrumbs: [])
        var terms: [String: Any] = [
            "title": name, "kindLabel": Self.kindLabel(kind),
            "items": collections.map { c -> [String: Any] in
                var t: [String: Any] = ["name": c.name, "url": model.href(c.url), "count": c.members.count]
                if let intro = c.introPage, let s = graph.pages[intro].item.summary { t["summary"] = s }
                return t
            },
            "hasItems": !collections.isEmpty, "emptyText": "这里还没有内容。",
        ]
        if let html = introHTML(graph.indexIntros[key]) { terms["introHTML"] = html; terms["hasIntro"] = true }
        context["terms"] = terms
        return PageJob(url: url, template: "terms", context: context)
    }

    func homeJob() -> PageJob {
        var context = model.base(url: "/", title: graph.config.title, kind: "home", description: graph.config.description)
        let n = graph.config.homeItemsPerSection
        var home: [String: Any] = [
            "sections": graph.sections.filter { !$0.members.isEmpty }.map { s -> [String: Any] in
                ["name": s.name, "key": s.key, "url": model.href(s.url), "items": s.members.prefix(n).map { model.listItem($0) },
                 "hasItems": !s.members.isEmpty, "moreURL": model.href(s.url), "count": s.members.count]
            },
        ]
        if let html = introHTML(graph.homeIntro) { home["introHTML"] = html; home["hasIntro"] = true }
        if !graph.topics.isEmpty {
            home["topics"] = graph.topics.map { t -> [String: Any] in
                var out: [String: Any] = ["name": t.name, "url": model.href(t.url), "count": t.members.count]
                if let intro = t.introPage { out["summary"] = model.summary(of: intro) }
                return out
            }
            home["hasTopics"] = true
        }
        if !graph.series.isEmpty {
            home["hasSeriesList"] = true
            home["seriesList"] = graph.series.map { ["name": $0.name, "url": model.href($0.url), "count": $0.members.count] as [String: Any] }
        }
        if !graph.branches.isEmpty {
            home["hasBranches"] = true
            home["branches"] = graph.branches.prefix(12).map { ["name": $0.name, "url": model.href($0.url), "count": $0.members.count] as [String: Any] }
        }
        context["home"] = home
        return PageJob(url: "/", template: "home", context: context)
    }

    func renderNotFound() -> String {
        var context = model.base(url: "/404.html", title: "页面未找到", kind: "404", description: "", noindex: true)
        context["statusCode"] = 404
        return theme.render(context, template: "404")
    }

    func searchPageJob(indexURL: String) -> PageJob {
        var context = model.base(url: "/search/", title: "站内搜索", kind: "search", description: "搜索\(graph.config.title)的全部文章。",
                                 noindex: true)
        context["search"] = ["indexURL": model.href(indexURL)]
        return PageJob(url: "/search/", template: "search", context: context)
    }
}

/// A page about to be rendered: its site path, template and context.
struct PageJob {
    let url: String
    let template: String
    let context: [String: Any]
}
