/// A heading in an article, with the anchor readers can link to.
public struct Heading: Sendable, Hashable, Codable {
    public var level: Int
    public var id: String
    public var text: String
}

/// An internal link found in the body, kept so anchors (`#…`) can be checked once every page's
/// headings are known.
public struct AnchorReference: Sendable, Hashable, Codable {
    /// Output path of the target page (`/news/a/`), or nil for the same page.
    public var targetURL: String?
    public var anchor: String
    public var line: Int
}

/// An image in the body: where it points (a site path) and the line it is on.
public struct ImageReference: Sendable, Hashable, Codable {
    public var src: String
    public var alt: String
    public var line: Int
    /// Intrinsic width when the file could be read (local images).
    public var width: Int? = nil
}

/// What the Markdown stage produces for one file: HTML plus everything later stages need
/// (table of contents, summary, reading time, plain text for the search index).
public struct RenderedMarkdown: Sendable {
    public var html: String
    public var headings: [Heading]
    /// The body as plain text, blocks separated by newlines: what search indexes.
    public var plainText: String
    /// Derived summary text (before `<!--more-->` when present, else the start of the body).
    public var summary: String
    public var readingUnits: Int
    public var anchors: [AnchorReference]
    public var images: [ImageReference]
    public var diagnostics: [Diagnostic]

    public var readingMinutes: Int { ChineseText.readingMinutes(units: readingUnits) }

    static let empty = RenderedMarkdown(html: "", headings: [], plainText: "", summary: "", readingUnits: 0, anchors: [], images: [], diagnostics: [])
}

/// How a link or image destination written by the editor should appear in the output.
public enum LinkResolution: Sendable {
    /// External (`https:`, `mailto:`…) or otherwise left as written.
    case keep
    /// An internal target, rewritten to its URL; `targetPath` is the page's site path when the
    /// link carries an anchor worth checking.
    case rewrite(href: String, targetPath: String?)
    /// An image with its final src and intrinsic size when it could be read.
    case image(src: String, width: Int?, height: Int?)
    case problem(Diagnostic)
    /// The target exists but is not published yet: show the text without a link, and say so.
    case unlink(Diagnostic)
}

/// What the Markdown stage needs from the site to resolve destinations, without knowing about it.
public protocol MarkdownLinkResolver {
    func resolveLink(_ destination: String, line: Int) -> LinkResolution
    func resolveImage(_ source: String, line: Int) -> LinkResolution
}
