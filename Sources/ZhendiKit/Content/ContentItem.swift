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
public struct ContentItem: Sendable {
    public let source: String
    public let kind: ContentKind
    /// The section key for articles and section indexes.
    public let section: String?
    public var title: String
    public var date: ContentDate?
    public var updated: ContentDate?
    public var tags: [String]
    public var summary: String?
    public var author: String?
    public var branch: String?
    public var series: String?
    public var order: Int?
    /// The URL segment for this item (derived or from `slug:`).
    public var slug: String
    public var draft: Bool
    public var isInternal: Bool
    public var cover: String?
    public var topics: [String]
    public var weight: Int?
    /// Numbers the editor has declared public (a service hotline), exempt from the privacy guard.
    public var allowedNumbers: [String]
    public var body: String
    /// Line in the file where the Markdown body starts (1-based), so body findings name real lines.
    public var bodyLine: Int
    public var hash: ContentHash
    /// Line of each front matter key, for messages about its value.
    public var keyLines: [String: Int]

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
