/// A new article joined to an assembled site, or an article's date or tags changed, without
/// assembling the site again: what the live preview does when the editor saves a new article or
/// re-dates one, the commonest changes while writing. Assembling walks every page several
/// times, half of such an update at 10,000 pages; this touches the lists the article leaves and
/// joins and renumbers the pages after it.
///
/// The result is the graph `SiteAssembler` makes from the same items (tests compare the two on
/// random articles). Whenever the article would do more than join or leave lists that exist
/// already — a new section, branch or series, a tag spelled another way, an unknown topic, an
/// address taken, a lesson number taken, anything the assembler would warn about — this answers
/// nil and the assembler decides.
extension SiteGraph {
    /// The graph with the article of page `id` replaced by `item`, from the same file and at the
    /// same address (its date, tags, branch or topics may differ).
    func replacingArticle(_ id: Int, with item: ContentItem, policy: PublicationPolicy) -> SiteGraph? {
        let old = pages[id].item
        guard item.source == old.source, item.path == old.path, let removed = removingArticle(id) else { return nil }
        // The footer shows the newest year: taking the article out left it as it was, which holds
        // unless the article had that year and has an earlier one now (another page may have it).
        let oldYear = old.date?.year ?? 0, newYear = item.date?.year ?? 0
        guard oldYear < latestYear || newYear >= oldYear else { return nil }
        return removed.adding(item, policy: policy)
    }

    /// The graph without the article of page `id`; nil when that would change more than its lists.
    /// Its `latestYear` is left as it was (see `replacingArticle`).
    private func removingArticle(_ id: Int) -> SiteGraph? {
        let item = pages[id].item
        guard item.kind == .article, pages[id].hasOwnPage,
              // Its own warnings; a tag named otherwise elsewhere may be named after it, a lesson
              // number shared with it is reported on the other lesson.
              !findings.contains(where: {
                  $0.file == item.source || $0.code == "site.tag-slug-collision" || $0.code == "site.series-order-duplicate"
              }),
              let section = sectionPosition[id]?.section, sections[section].members.count > 1,
              // A series goes with its last lesson.
              seriesPosition[id].map({ series[$0.series].members.count > 1 }) ?? true else { return nil }
        if let name = item.branch, !name.isEmpty {
            guard let b = branchIndex[name], branches[b].members.count > 1 else { return nil }
        }
        func renumbered(_ x: Int) -> Int { x > id ? x - 1 : x }
        var paths = pagePaths
        paths.remove(pages[id].url)
        func left(_ c: Collection) -> Collection? {
            var members = c.members
            if let at = members.firstIndex(of: id) {
                // A tag is a list and nothing else: it goes with its last page.
                if c.kind == .tag, members.count == 1 {
                    paths.remove(c.url)
                    return nil
                }
                members.remove(at: at)
                if let u = pageAddress(c, gainedBeyond: members.count) { paths.remove(u) }
            }
            return c.with(members: members.map(renumbered), introPage: c.introPage.map(renumbered))
        }
        let newSections = sections.map { left($0)! }
        let newTags = tags.compactMap(left)
        var newSectionPosition = sectionPosition
        newSectionPosition.remove(at: id)
        for (i, m) in newSections[section].members.enumerated() { newSectionPosition[m] = (section, i) }
        let newSeries = series.map { left($0)! }
        var newSeriesPosition = seriesPosition
        newSeriesPosition.remove(at: id)
        if let s = seriesPosition[id]?.series {
            for (i, m) in newSeries[s].members.enumerated() { newSeriesPosition[m] = (s, i) }
        }
        var newTopicsOfPage = topicsOfPage
        newTopicsOfPage.remove(at: id)
        var newURLs = urlByContentPath
        newURLs[String(item.source.dropFirst("content/".count))] = nil
        var newPages = Array(pages[..<id])
        newPages.reserveCapacity(pages.count - 1)
        for p in pages[(id + 1)...] { newPages.append(SitePage(id: p.id - 1, item: p.item, url: p.url, hasOwnPage: p.hasOwnPage)) }
        return SiteGraph(
            config: config, pages: newPages, sections: newSections, tags: newTags, branches: branches.map { left($0)! },
            series: newSeries, topics: topics.map { left($0)! }, homeIntro: homeIntro.map(renumbered),
            indexIntros: indexIntros.mapValues(renumbered), menu: menu, urlByContentPath: newURLs, withheld: withheld,
            withheldURLs: withheldURLs, pagePaths: paths, seriesPosition: newSeriesPosition, sectionPosition: newSectionPosition,
            tagIndex: newTags.count == tags.count ? tagIndex : Dictionary(uniqueKeysWithValues: newTags.enumerated().map { ($1.name, $0) }),
            branchIndex: branchIndex, topicsOfPage: newTopicsOfPage, latestYear: latestYear, findings: findings)
    }

    /// `withheldBefore`: what the file held when it was not published (a draft being published).
    func adding(_ item: ContentItem, policy: PublicationPolicy, withheldBefore draft: ContentItem? = nil) -> SiteGraph? {
        let contentPath = String(item.source.dropFirst("content/".count))
        guard item.kind == .article, policy.admits(item.publication(now: policy.now)), let url = item.path, !pagePaths.contains(url),
              urlByContentPath[contentPath] == nil, (withheld[contentPath] == nil) == (draft == nil),
              let sectionKey = item.section, let section = sections.firstIndex(where: { $0.key == sectionKey }),
              // The default menu shows a section once it has articles.
              !sections[section].members.isEmpty else { return nil }
        var branch: Int?
        if let name = item.branch, !name.isEmpty {
            guard let b = branchIndex[name] else { return nil }
            branch = b
        }
        var lessons: Int?
        if let name = item.series, !name.isEmpty {
            guard let s = series.firstIndex(where: { $0.key == name }),
                  item.order.map({ o in !series[s].members.contains { pages[$0].item.order == o } }) ?? true else { return nil }
            lessons = s
        }

        // Its tags, by slug: those of existing tags must be spelled as the tag is named (another
        // spelling is merged with a warning, or renames the tag if this article comes first).
        var joinedTags: [Int] = []
        var newTags: [(slug: String, name: String)] = []
        for name in item.tags {
            let slug = Slug.make(name)
            guard !slug.isEmpty else { return nil }
            let t = Self.position(ofSlug: slug, in: tags)
            if t < tags.count, tags[t].slug == slug {
                guard tags[t].name == name else { return nil }
                if !joinedTags.contains(t) { joinedTags.append(t) }
            } else if let other = newTags.first(where: { $0.slug == slug }) {
                guard other.name == name else { return nil }
            } else {
                newTags.append((slug, name))
            }
        }
        let topicNames = Set(topics.flatMap { [$0.name, $0.slug] })
        guard item.topics.allSatisfy(topicNames.contains) else { return nil }
        let joinedTopics = topics.indices.filter { i in
            let t = pages[topics[i].introPage!].item
            return item.topics.contains(t.title) || item.topics.contains(t.slug) || (!t.tags.isEmpty && item.tags.contains(where: t.tags.contains))
        }

        // Pages are in the order of their files: the article's id, and every later page's one more.
        let k = self.place(ofSource: item.source)
        func renumbered(_ id: Int) -> Int { id >= k ? id + 1 : id }
        // Lists are newest first (date, then title, then file), as the assembler orders them.
        let instant = item.date?.instant ?? .min
        func comesBefore(_ id: Int) -> Bool {
            let other = pages[id].item
            let t = other.date?.instant ?? .min
            if instant != t { return instant > t }
            if item.title != other.title { return item.title < other.title }
            return item.source < other.source
        }
        // A series is read by lesson number, lessons without one last, the earlier of equals first.
        func lessonComesBefore(_ id: Int) -> Bool {
            let mine = item.order ?? Int.max, other = pages[id].item.order ?? Int.max
            return mine != other ? mine < other : !comesBefore(id)
        }
        func place(in c: Collection) -> Int {
            let before = c.kind == .series ? lessonComesBefore : comesBefore
            var lo = 0, hi = c.members.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if before(c.members[mid]) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        var paths = pagePaths
        var growsOntoTakenPath = false
        func joined(_ c: Collection, joining: Bool) -> Collection {
            var members = c.members.map(renumbered)
            if joining {
                members.insert(k, at: place(in: c))
                if let u = pageAddress(c, gainedBeyond: c.members.count), !paths.insert(u).inserted { growsOntoTakenPath = true }
            }
            return c.with(members: members, introPage: c.introPage.map(renumbered))
        }
        let newSections = sections.indices.map { joined(sections[$0], joining: $0 == section) }
        let newBranches = branches.indices.map { joined(branches[$0], joining: $0 == branch) }
        let newTopics = topics.indices.map { joined(topics[$0], joining: joinedTopics.contains($0)) }
        let newSeries = series.indices.map { joined(series[$0], joining: $0 == lessons) }
        var newTagList = tags.indices.map { joined(tags[$0], joining: joinedTags.contains($0)) }
        for (slug, name) in newTags {
            let tag = Collection(kind: .tag, key: name, name: name, slug: slug, url: "/tags/\(slug)/", members: [k], introPage: nil, paginated: true)
            if !paths.insert(tag.url).inserted { growsOntoTakenPath = true }
            newTagList.insert(tag, at: Self.position(ofSlug: slug, in: newTagList))
        }
        guard !growsOntoTakenPath else { return nil }
        paths.insert(url)

        var newPages: [SitePage] = []
        newPages.reserveCapacity(pages.count + 1)
        newPages += pages[..<k]
        newPages.append(SitePage(id: k, item: item, url: url, hasOwnPage: true))
        for p in pages[k...] { newPages.append(SitePage(id: p.id + 1, item: p.item, url: p.url, hasOwnPage: p.hasOwnPage)) }

        var newSectionPosition = sectionPosition
        newSectionPosition.insert(nil, at: k)
        for (i, m) in newSections[section].members.enumerated() { newSectionPosition[m] = (section, i) }
        var newSeriesPosition = seriesPosition
        newSeriesPosition.insert(nil, at: k)
        if let s = lessons {
            for (i, m) in newSeries[s].members.enumerated() { newSeriesPosition[m] = (s, i) }
        }
        var newTopicsOfPage = topicsOfPage
        newTopicsOfPage.insert(joinedTopics.isEmpty ? nil : joinedTopics, at: k)
        var newURLs = urlByContentPath
        newURLs[contentPath] = url
        // A published draft no longer explains links to its address, unless another unpublished
        // item has that address too (then the addresses are fewer than the items).
        var (newWithheld, newWithheldURLs) = (withheld, withheldURLs)
        if let draft {
            guard let draftURL = draft.path, withheldURLs.count == withheld.count else { return nil }
            newWithheld[contentPath] = nil
            newWithheldURLs[draftURL] = nil
        }

        return SiteGraph(
            config: config, pages: newPages, sections: newSections, tags: newTagList, branches: newBranches, series: newSeries,
            topics: newTopics, homeIntro: homeIntro.map(renumbered), indexIntros: indexIntros.mapValues(renumbered),
            menu: menu, urlByContentPath: newURLs, withheld: newWithheld, withheldURLs: newWithheldURLs,
            pagePaths: paths, seriesPosition: newSeriesPosition, sectionPosition: newSectionPosition,
            tagIndex: newTags.isEmpty ? tagIndex : Dictionary(uniqueKeysWithValues: newTagList.enumerated().map { ($1.name, $0) }),
            branchIndex: branchIndex, topicsOfPage: newTopicsOfPage, latestYear: max(latestYear, item.date?.year ?? 0), findings: findings)
    }

    /// The address of the page a paginated list has with one member more than `count`, if that
    /// makes one more page.
    private func pageAddress(_ c: Collection, gainedBeyond count: Int) -> String? {
        guard c.paginated, count > 0, count % config.pageSize == 0 else { return nil }
        return SiteGraph.paginatedURL(c.url, page: count / config.pageSize + 1)
    }

    /// Where a tag with `slug` is or would be among `tags` (sorted by slug).
    private static func position(ofSlug slug: String, in tags: [Collection]) -> Int {
        var lo = 0, hi = tags.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tags[mid].slug < slug { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension Collection {
    /// The same list with other members (renumbered pages).
    func with(members: [Int], introPage: Int?) -> Collection {
        Collection(kind: kind, key: key, name: name, slug: slug, url: url, members: members, introPage: introPage, paginated: paginated)
    }
}
