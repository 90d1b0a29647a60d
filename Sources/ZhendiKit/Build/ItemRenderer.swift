/// Renders one item: its Markdown (links resolved against the site) and, when it has its own
/// page, that page. Shared by full builds and by the live server's single-page updates.
struct ItemRenderer: @unchecked Sendable {
    let graph: SiteGraph
    let files: FileIndex
    let config: SiteConfig
    let markdown: MarkdownRenderer
    let imageSizes = ImageSizeCache()
    /// Items whose full HTML is shown elsewhere (intros, profiles, feed items) keep it in the digest.
    let keepHTML: Set<Int>

    init(graph: SiteGraph, files: FileIndex, config: SiteConfig, feeds: [FeedSet]) {
        self.graph = graph
        self.files = files
        self.config = config
        markdown = MarkdownRenderer(allowRawHTML: config.allowRawHTML, summaryLength: config.summaryLength)
        var keep = Set(graph.pages.filter { !$0.hasOwnPage || $0.item.kind == .topic }.map(\.id))
        if config.feedFullContent { for f in feeds { keep.formUnion(f.members) } }
        keepHTML = keep
    }

    /// What rendering one item yields besides its page.
    struct Output {
        var digest: PageDigest
        var plainText: String
        /// Findings about this item's body; kept per page by the build cache, so a page that is
        /// not rendered again still reports them.
        var diagnostics: [Diagnostic]
        /// What resolving its links and cover asked the site graph (`LinkLookups`).
        var linkQueries: [String]
    }

    private func markdown(of page: SitePage, resolver: SiteLinkResolver) -> RenderedMarkdown {
        markdown.render(page.item.body, file: page.item.source, lineOffset: page.item.bodyLine - 1, resolver: resolver)
    }

    private func resolver(for page: SitePage) -> SiteLinkResolver {
        SiteLinkResolver(graph: graph, files: files, imageSizes: imageSizes, pageURL: page.url, source: page.item.source,
                         lookups: LinkLookups())
    }

    /// What the site answers now to what an item's links asked (`LinkLookups`).
    func linkAnswers(_ queries: [String]) -> UInt64 {
        LinkLookups.answers(to: queries, in: graph, files: files, imageSizes: imageSizes)
    }

    /// The text the search index reads, for an item whose page is already written.
    func plainText(of page: SitePage) -> String {
        markdown(of: page, resolver: resolver(for: page)).plainText
    }

    /// Writes the item's page (if it has one) into `sink`; returns its digest and plain text.
    func render(_ page: SitePage, model: SiteViewModel, sink: OutputSink) -> Output {
        let item = page.item
        let resolver = resolver(for: page)
        let rendered = markdown(of: page, resolver: resolver)
        var found = rendered.diagnostics
        var lead: String? = nil
        if let cover = item.cover {
            switch resolver.resolveImage(cover, line: item.line(of: "cover") ?? 1) {
            case .image(let src, _, _), .rewrite(let src, _):
                lead = "/" + src.dropFirst(config.basePath.count)
            case .problem(let d), .unlink(let d):
                found.append(Diagnostic(d.severity, d.code, file: d.file, line: item.line(of: "cover"), "封面图片 cover：" + d.message, hint: d.hint))
            case .keep:
                lead = cover
            }
        } else if let first = rendered.images.first(where: { ($0.width ?? 0) >= 300 && $0.src.hasPrefix(config.basePath) }) {
            // WeChat and other apps use the first image of at least 300 px as the share picture.
            lead = "/" + first.src.dropFirst(config.basePath.count)
        }
        let digest = PageDigest(summary: rendered.summary, readingMinutes: rendered.readingMinutes,
                                characterCount: rendered.readingUnits, headings: rendered.headings,
                                anchors: rendered.anchors, leadImage: lead,
                                html: keepHTML.contains(page.id) ? rendered.html : nil, images: rendered.images)
        if page.hasOwnPage && item.kind != .topic {
            let html = PageRenderer(model: model).renderItem(page.id, rendered: rendered, digest: digest)
            do {
                try sink.write(page.url + "index.html", html)
            } catch {
                found.append(.error("output.write", file: item.source, "\(error)"))
            }
        }
        return Output(digest: digest, plainText: rendered.plainText, diagnostics: found, linkQueries: resolver.lookups?.queries ?? [])
    }
}
