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
    private final class Fields: @unchecked Sendable {
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
        var slug: String
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

        init(source: String, kind: ContentKind, section: String?, title: String, date: ContentDate?, updated: ContentDate?,
             tags: [String], summary: String?, author: String?, branch: String?, series: String?, order: Int?, slug: String,
             draft: Bool, isInternal: Bool, cover: String?, topics: [String], weight: Int?, allowedNumbers: [String],
             body: String, bodyLine: Int, hash: ContentHash, keyLines: [String: Int]) {
            self.source = source
            self.kind = kind
            self.section = section
            self.title = title
            self.date = date
            self.updated = updated
            self.tags = tags
            self.summary = summary
            self.author = author
            self.branch = branch
            self.series = series
            self.order = order
            self.slug = slug
            self.draft = draft
            self.isInternal = isInternal
            self.cover = cover
            self.topics = topics
            self.weight = weight
            self.allowedNumbers = allowedNumbers
            self.body = body
            self.bodyLine = bodyLine
            self.hash = hash
            self.keyLines = keyLines
        }

        func copy() -> Fields {
            Fields(source: source, kind: kind, section: section, title: title, date: date, updated: updated,
                   tags: tags, summary: summary, author: author, branch: branch, series: series, order: order, slug: slug,
                   draft: draft, isInternal: isInternal, cover: cover, topics: topics, weight: weight, allowedNumbers: allowedNumbers,
                   body: body, bodyLine: bodyLine, hash: hash, keyLines: keyLines)
        }
    }
    // Only ever changed through `unique`, so a change never shows through another copy.
    private var fields: Fields

    public init(source: String, kind: ContentKind, section: String?, title: String, date: ContentDate?, updated: ContentDate?,
                tags: [String], summary: String?, author: String?, branch: String?, series: String?, order: Int?, slug: String,
                draft: Bool, isInternal: Bool, cover: String?, topics: [String], weight: Int?, allowedNumbers: [String],
                body: String, bodyLine: Int, hash: ContentHash, keyLines: [String: Int]) {
        fields = Fields(source: source, kind: kind, section: section, title: title, date: date, updated: updated,
                        tags: tags, summary: summary, author: author, branch: branch, series: series, order: order, slug: slug,
                        draft: draft, isInternal: isInternal, cover: cover, topics: topics, weight: weight, allowedNumbers: allowedNumbers,
                        body: body, bodyLine: bodyLine, hash: hash, keyLines: keyLines)
    }

    private var unique: Fields {
        mutating get {
            if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
            return fields
        }
    }

    public var source: String { fields.source }
    public var kind: ContentKind { fields.kind }
    /// The section key for articles and section indexes.
    public var section: String? { fields.section }
    public var title: String { get { fields.title } set { unique.title = newValue } }
    public var date: ContentDate? { get { fields.date } set { unique.date = newValue } }
    public var updated: ContentDate? { get { fields.updated } set { unique.updated = newValue } }
    public var tags: [String] { get { fields.tags } set { unique.tags = newValue } }
    public var summary: String? { get { fields.summary } set { unique.summary = newValue } }
    public var author: String? { get { fields.author } set { unique.author = newValue } }
    public var branch: String? { get { fields.branch } set { unique.branch = newValue } }
    public var series: String? { get { fields.series } set { unique.series = newValue } }
    public var order: Int? { get { fields.order } set { unique.order = newValue } }
    /// The URL segment for this item (derived or from `slug:`).
    public var slug: String { get { fields.slug } set { unique.slug = newValue } }
    public var draft: Bool { get { fields.draft } set { unique.draft = newValue } }
    public var isInternal: Bool { get { fields.isInternal } set { unique.isInternal = newValue } }
    public var cover: String? { get { fields.cover } set { unique.cover = newValue } }
    public var topics: [String] { get { fields.topics } set { unique.topics = newValue } }
    public var weight: Int? { get { fields.weight } set { unique.weight = newValue } }
    /// Numbers the editor has declared public (a service hotline), exempt from the privacy guard.
    public var allowedNumbers: [String] { get { fields.allowedNumbers } set { unique.allowedNumbers = newValue } }
    public var body: String { get { fields.body } set { unique.body = newValue } }
    /// Line in the file where the Markdown body starts (1-based), so body findings name real lines.
    public var bodyLine: Int { get { fields.bodyLine } set { unique.bodyLine = newValue } }
    public var hash: ContentHash { get { fields.hash } set { unique.hash = newValue } }
    /// Line of each front matter key, for messages about its value.
    public var keyLines: [String: Int] { get { fields.keyLines } set { unique.keyLines = newValue } }

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
