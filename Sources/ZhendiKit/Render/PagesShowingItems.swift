extension PageRenderer {
    /// Every page other than the items' own that shows something taken from their bodies
    /// (summary, reading time, lead image, full HTML of intros and profiles), taken again.
    /// When only bodies changed (URLs and lists did not), these are the pages that can differ:
    /// item pages never show another item's body (`SiteViewModel.digest`). Feeds are apart
    /// (`BodyEdit`). Pages come in a stable order, each once.
    func pages(showing changed: Set<Int>) -> [PageJob] {
        var out: [PageJob] = []
        let size = graph.config.pageSize
        for c in graph.sections + graph.tags + graph.branches + graph.series + graph.topics {
            if let intro = c.introPage, changed.contains(intro) {
                // The intro's lead image is the share picture of every page of the list.
                out += collectionJobs(c)
                continue
            }
            var numbers: [Int] = []
            for (i, m) in c.members.enumerated() where changed.contains(m) {
                let n = c.paginated ? i / size + 1 : 1
                if numbers.last != n { numbers.append(n) }
            }
            for n in numbers { out.append(collectionPageJob(c, page: n)) }
        }
        for kind in [Collection.Kind.tag, .branch, .series, .topic] {
            let key = String(Self.indexPath(kind).1.dropFirst().dropLast())
            if let intro = graph.indexIntros[key], changed.contains(intro) { out.append(indexJob(kind)) }
        }
        let n = graph.config.homeItemsPerSection
        let onHome = graph.sections.contains { $0.members.prefix(n).contains(where: changed.contains) }
            || graph.homeIntro.map(changed.contains) == true
            || graph.topics.contains { $0.introPage.map(changed.contains) == true }
        if onHome { out.append(homeJob()) }
        return out
    }
}
