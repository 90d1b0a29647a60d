/// What list pages, feeds, search and checks need from a rendered item, kept after its page has
/// been written so the full HTML of thousands of pages is never held at once.
///
/// Immutable; a class because every page's digest is held by the served site and its record
/// and copied into new arrays when a new article renumbers the pages (eight references each).
public final class PageDigest: Sendable {
    public let summary: String
    public let readingMinutes: Int
    public let characterCount: Int
    public let headings: [Heading]
    public let anchors: [AnchorReference]
    /// Site path of the cover or first image (for og:image and list thumbnails).
    public let leadImage: String?
    /// Body HTML, kept only for items a feed or an index page shows in full.
    public let html: String?
    /// Images in the body (site paths and lines), for size checks.
    public let images: [ImageReference]

    init(summary: String, readingMinutes: Int, characterCount: Int, headings: [Heading], anchors: [AnchorReference],
         leadImage: String?, html: String?, images: [ImageReference] = []) {
        self.summary = summary
        self.readingMinutes = readingMinutes
        self.characterCount = characterCount
        self.headings = headings
        self.anchors = anchors
        self.leadImage = leadImage
        self.html = html
        self.images = images
    }

    static let empty = PageDigest(summary: "", readingMinutes: 0, characterCount: 0, headings: [], anchors: [], leadImage: nil, html: nil)
}
