/// What list pages, feeds, search and checks need from a rendered item, kept after its page has
/// been written so the full HTML of thousands of pages is never held at once.
public struct PageDigest: Sendable {
    public var summary: String
    public var readingMinutes: Int
    public var characterCount: Int
    public var headings: [Heading]
    public var anchors: [AnchorReference]
    /// Site path of the cover or first image (for og:image and list thumbnails).
    public var leadImage: String?
    /// Body HTML, kept only for items a feed or an index page shows in full.
    public var html: String?
    /// Images in the body (site paths and lines), for size checks.
    public var images: [ImageReference] = []

    static let empty = PageDigest(summary: "", readingMinutes: 0, characterCount: 0, headings: [], anchors: [], leadImage: nil, html: nil)
}
