/// What a content file is, decided by where it sits in `content/`.
public enum ContentKind: String, Sendable, Hashable, Codable {
    /// `content/<section>/…/<name>.md`: a dated item (news, lesson, exemplar story).
    case article
    /// `content/<name>.md`: a plain page such as 关于我们.
    case page
    /// `content/<section>/_index.md`: the section's own title and intro.
    case sectionIndex
    /// `content/_index.md`: the home page's intro.
    case homeIndex
    /// `content/branches/<slug>.md`: a 党支部's profile.
    case branchProfile
    /// `content/topics/<slug>.md`: a 专题 page gathering items across sections.
    case topic
}

/// Whether an item may appear in the public output, and if not, why.
public enum Publication: String, Sendable, Hashable, Codable {
    case published
    case draft
    case future
    case `internal`

    var chineseReason: String {
        switch self {
        case .published: return "已发布"
        case .draft: return "草稿（draft: true）"
        case .future: return "定时发布、尚未到发布时间"
        case .internal: return "内部内容（visibility: internal）"
        }
    }
}

/// One content file after its front matter has been read: metadata plus the Markdown body.
/// Everything downstream (site graph, rendering, search, feeds) starts from these values.
///
/// A value type whose fields live in one shared, copy-on-write object: items are copied into
/// pages, lists, caches and every new graph the preview assembles, and copying two dozen
/// strings and arrays (a retain each) was a tenth of a new article's preview update.
public struct ContentItem: Sendable {
    /// The stored fields; memberwise-initialised, copied as a whole when a shared item is changed.
    private struct Fields {
        let source: String
        let kind: ContentKind
        let section: String?
        var title: String
        var date: ContentDate?
        var updated: ContentDate?
        var tags: [String]
        var summary: String?
        var author: String?
        var branch: String?
        var series: String?
        var order: Int?
        let slug: String
        /// The item's site path where it depends on nothing else (`ContentItem.path`).
        let path: String?
        var draft: Bool
        var isInternal: Bool
        var cover: String?
        var topics: [String]
        var weight: Int?
        var allowedNumbers: [String]
        var body: String
        var bodyLine: Int
        var hash: ContentHash
        var keyLines: [String: Int]
    }
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }
    // Only ever changed through `unique`, so a change never shows through another copy.
    private var box: Box

    public init(source: String, kind: ContentKind, section: String?, title: String, date: ContentDate?, updated: ContentDate?,
                tags: [String], summary: String?, author: String?, branch: String?, series: String?, order: Int?, slug: String,
                draft: Bool, isInternal: Bool, cover: String?, topics: [String], weight: Int?, allowedNumbers: [String],
                body: String, bodyLine: Int, hash: ContentHash, keyLines: [String: Int]) {
        box = Box(Fields(source: source, kind: kind, section: section, title: title, date: date, updated: updated,
                         tags: tags, summary: summary, author: author, branch: branch, series: series, order: order, slug: slug,
                         path: Self.path(kind: kind, section: section, slug: slug), draft: draft, isInternal: isInternal,
                         cover: cover, topics: topics, weight: weight, allowedNumbers: allowedNumbers,
                         body: body, bodyLine: bodyLine, hash: hash, keyLines: keyLines))
    }

    private var unique: Box {
        mutating get {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            return box
        }
    }

    public var source: String { box.fields.source }
    public var kind: ContentKind { box.fields.kind }
    /// The section key for articles and section indexes.
    public var section: String? { box.fields.section }
    public var title: String { get { box.fields.title } set { unique.fields.title = newValue } }
    public var date: ContentDate? { get { box.fields.date } set { unique.fields.date = newValue } }
    public var updated: ContentDate? { get { box.fields.updated } set { unique.fields.updated = newValue } }
    public var tags: [String] { get { box.fields.tags } set { unique.fields.tags = newValue } }
    public var summary: String? { get { box.fields.summary } set { unique.fields.summary = newValue } }
    public var author: String? { get { box.fields.author } set { unique.fields.author = newValue } }
    public var branch: String? { get { box.fields.branch } set { unique.fields.branch = newValue } }
    public var series: String? { get { box.fields.series } set { unique.fields.series = newValue } }
    public var order: Int? { get { box.fields.order } set { unique.fields.order = newValue } }
    /// The URL segment for this item (derived or from `slug:`).
    public var slug: String { box.fields.slug }
    /// The site path of the item (`/news/abc/`), made once with the item: every graph the live
    /// preview assembles then holds the same string, which compares with another graph's by
    /// identity (it was made anew for each graph and compared byte by byte, twice per page).
    /// Nil for a branch profile, whose path follows the branch's slug (`SiteAssembler`).
    public var path: String? { box.fields.path }

    private static func path(kind: ContentKind, section: String?, slug: String) -> String? {
        switch kind {
        case .article: return "/\(section ?? "")/\(slug)/"
        case .page: return "/\(slug)/"
        case .topic: return "/topics/\(slug)/"
        case .sectionIndex: return "/\(section ?? "")/"
        case .homeIndex: return "/"
        case .branchProfile: return nil
        }
    }
    public var draft: Bool { get { box.fields.draft } set { unique.fields.draft = newValue } }
    public var isInternal: Bool { get { box.fields.isInternal } set { unique.fields.isInternal = newValue } }
    public var cover: String? { get { box.fields.cover } set { unique.fields.cover = newValue } }
    public var topics: [String] { get { box.fields.topics } set { unique.fields.topics = newValue } }
    public var weight: Int? { get { box.fields.weight } set { unique.fields.weight = newValue } }
    /// Numbers the editor has declared public (a service hotline), exempt from the privacy guard.
    public var allowedNumbers: [String] { get { box.fields.allowedNumbers } set { unique.fields.allowedNumbers = newValue } }
    public var body: String { get { box.fields.body } set { unique.fields.body = newValue } }
    /// Line in the file where the Markdown body starts (1-based), so body findings name real lines.
    public var bodyLine: Int { get { box.fields.bodyLine } set { unique.fields.bodyLine = newValue } }
    public var hash: ContentHash { get { box.fields.hash } set { unique.fields.hash = newValue } }
    /// Line of each front matter key, for messages about its value.
    public var keyLines: [String: Int] { get { box.fields.keyLines } set { unique.fields.keyLines = newValue } }

    public func publication(now: Int64) -> Publication {
        if isInternal { return .internal }
        if draft { return .draft }
        if let date, date.instant > now { return .future }
        return .published
    }

    func line(of key: String) -> Int? { keyLines[key] }

    /// Articles and plain pages are entries of lists (sections, tags, branches…); intros,
    /// profiles and topics are shown in full instead.
    var appearsInLists: Bool { kind == .article || kind == .page }

    /// Everything but the body, as one string. While it stays the same, so do the item's URL and
    /// every list it is in: the live server and the build cache then render again only what shows
    /// the body (its page, list entries, feeds, the search index).
    var metadataKey: String {
        func stamp(_ d: ContentDate?) -> String { d.map { "\($0.instant)@\($0.offsetSeconds)" } ?? "\u{2}" }
        func int(_ i: Int?) -> String { i.map(String.init) ?? "\u{2}" }
        let fields: [String] = [
            source, kind.rawValue, section ?? "\u{2}", title, stamp(date), stamp(updated), tags.joined(separator: "\u{3}"),
            summary ?? "\u{2}", author ?? "\u{2}", branch ?? "\u{2}", series ?? "\u{2}", int(order), slug, "\(draft)",
            "\(isInternal)", cover ?? "\u{2}", topics.joined(separator: "\u{3}"), int(weight), allowedNumbers.joined(separator: "\u{3}"),
        ]
        return fields.joined(separator: "\u{1}")
    }
}
