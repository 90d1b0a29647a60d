import Foundation

/// A content section (news, lessons, exemplars, …) and how it is shown.
public struct SectionConfig: Sendable, Hashable {
    public var key: String
    public var name: String
    public var description: String?

    public init(key: String, name: String, description: String? = nil) {
        self.key = key
        self.name = name
        self.description = description
    }
}

public struct MenuItem: Sendable, Hashable {
    public var name: String
    public var url: String
}

/// A 党支部 declared in `site.yml` (optional: branches named in content exist anyway).
public struct BranchConfig: Sendable, Hashable {
    public var name: String
    public var slug: String?
}

/// Everything in `site.yml`. Only `title` is required; every other setting has a default that
/// suits a district or branch portal.
public struct SiteConfig: Sendable, Equatable {
    public var title: String
    public var description: String
    /// Absolute, with a trailing slash: `https://dangjian.example.gov.cn/`.
    public var baseURL: String {
        didSet { basePath = Self.path(of: baseURL) }
    }
    /// The path part of `baseURL` (`/` or `/portal/`), prefixed to every internal link. Stored:
    /// every link on every page asks for it, and parsing the URL each time showed in profiles.
    public private(set) var basePath: String
    public var language: String
    public var timeZone: SiteTimeZone
    public var pageSize: Int
    public var theme: String
    public var sections: [SectionConfig]
    /// Nil when `site.yml` has no menu: the site graph derives one from the content.
    public var menu: [MenuItem]?
    public var branches: [BranchConfig]
    public var feedLimit: Int
    public var feedFullContent: Bool
    public var allowRawHTML: Bool
    public var allowedNumbers: [String]
    public var imageWarnKB: Int
    public var homeItemsPerSection: Int
    public var summaryLength: Int
    public var footer: String?
    public var organization: String?

    static let knownKeys = [
        "title", "description", "baseURL", "language", "timezone", "pageSize", "theme", "sections", "menu",
        "branches", "feeds", "markdown", "privacy", "images", "home", "summaryLength", "footer", "organization",
    ]

    public static let defaultSections = [
        SectionConfig(key: "news", name: "新闻动态"),
        SectionConfig(key: "lessons", name: "党课·学习园地"),
        SectionConfig(key: "exemplars", name: "先进典型"),
    ]

    public init(title: String, baseURL: String = "http://localhost:1313/") {
        self.title = title
        description = ""
        self.baseURL = SiteConfig.normalizedBaseURL(baseURL) ?? "http://localhost:1313/"
        basePath = Self.path(of: self.baseURL)
        language = "zh-CN"
        timeZone = .shanghai
        pageSize = 10
        theme = "default"
        sections = SiteConfig.defaultSections
        menu = nil
        branches = []
        feedLimit = 20
        feedFullContent = true
        allowRawHTML = false
        allowedNumbers = []
        imageWarnKB = 500
        homeItemsPerSection = 6
        summaryLength = 120
        footer = nil
        organization = nil
    }

    private static func path(of baseURL: String) -> String {
        guard let url = URL(string: baseURL) else { return "/" }
        var p = url.path
        if p.isEmpty { p = "/" }
        if !p.hasSuffix("/") { p += "/" }
        return p
    }

    public func section(_ key: String) -> SectionConfig? { sections.first { $0.key == key } }

    static func normalizedBaseURL(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else { return nil }
        return trimmed.hasSuffix("/") ? trimmed : trimmed + "/"
    }

    /// Reads `site.yml`. Problems are returned as diagnostics; the config is nil only when the
    /// file cannot be understood at all.
    static func load(text: String, file: String = "site.yml") -> (SiteConfig?, [Diagnostic]) {
        let (parsed, syntax) = YAMLDocument.parse(text, file: file, firstLine: 1)
        guard var doc = parsed else { return (nil, syntax) }
        doc.reportUnknownKeys(known: knownKeys, what: "site.yml ")
        guard let title = doc.string("title"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            doc.report(.error("config.missing-title", file: file, line: 1, "site.yml 缺少网站标题 title。",
                              hint: "请在 site.yml 第一行加上，例如：title: 示范区党建网"))
            return (nil, doc.diagnostics)
        }
        var config = SiteConfig(title: title)
        if let d = doc.string("description") { config.description = d }
        if let raw = doc.string("baseURL") {
            if let url = normalizedBaseURL(raw) {
                config.baseURL = url
            } else {
                doc.report(.error("config.base-url", file: file, line: doc.entry("baseURL")?.line,
                    "baseURL“\(raw)”不是完整的网址。", hint: "请写成 https://开头的网址，例如 https://dangjian.example.gov.cn/"))
            }
        }
        if let l = doc.string("language") { config.language = l }
        if let tz = doc.string("timezone") {
            if let zone = SiteTimeZone(identifier: tz) {
                config.timeZone = zone
            } else {
                doc.report(.error("config.timezone", file: file, line: doc.entry("timezone")?.line,
                    "无法识别时区“\(tz)”。", hint: "中国大陆请写 Asia/Shanghai。"))
            }
        }
        if let n = doc.int("pageSize") {
            if (1...200).contains(n) { config.pageSize = n } else {
                doc.report(.error("config.page-size", file: file, line: doc.entry("pageSize")?.line,
                    "每页条数 pageSize 应在 1 到 200 之间，现在是 \(n)。"))
            }
        }
        if let t = doc.string("theme") { config.theme = t }
        if let s = doc.int("summaryLength"), s > 10 { config.summaryLength = s }
        if let f = doc.string("footer") { config.footer = f }
        if let o = doc.string("organization") { config.organization = o }
        if let e = doc.entry("sections") { config.sections = readSections(e, doc: &doc) ?? config.sections }
        if let e = doc.entry("menu") { config.menu = readMenu(e, doc: &doc) }
        if let e = doc.entry("branches") { config.branches = readBranches(e, doc: &doc) }
        if let e = doc.entry("feeds") {
            var sub = YAMLDocument(file: file, node: e.value, firstLine: 1)
            sub.reportUnknownKeys(known: ["limit", "fullContent"], what: "feeds ")
            if let n = sub.int("limit") { config.feedLimit = max(1, n) }
            if let b = sub.bool("fullContent") { config.feedFullContent = b }
            sub.diagnostics.forEach { doc.report($0) }
        }
        if let e = doc.entry("markdown") {
            var sub = YAMLDocument(file: file, node: e.value, firstLine: 1)
            sub.reportUnknownKeys(known: ["unsafeHTML"], what: "markdown ")
            if let b = sub.bool("unsafeHTML") { config.allowRawHTML = b }
            sub.diagnostics.forEach { doc.report($0) }
        }
        if let e = doc.entry("privacy") {
            var sub = YAMLDocument(file: file, node: e.value, firstLine: 1)
            sub.reportUnknownKeys(known: ["allow"], what: "privacy ")
            if let list = sub.stringList("allow") { config.allowedNumbers = list }
            sub.diagnostics.forEach { doc.report($0) }
        }
        if let e = doc.entry("images") {
            var sub = YAMLDocument(file: file, node: e.value, firstLine: 1)
            sub.reportUnknownKeys(known: ["warnKB"], what: "images ")
            if let n = sub.int("warnKB") { config.imageWarnKB = max(1, n) }
            sub.diagnostics.forEach { doc.report($0) }
        }
        if let e = doc.entry("home") {
            var sub = YAMLDocument(file: file, node: e.value, firstLine: 1)
            sub.reportUnknownKeys(known: ["itemsPerSection"], what: "home ")
            if let n = sub.int("itemsPerSection") { config.homeItemsPerSection = max(1, n) }
            sub.diagnostics.forEach { doc.report($0) }
        }
        return (config, syntax + doc.diagnostics)
    }

    /// `sections:` as a mapping (`news: 新闻动态`) or a list of `{key, name, description}`.
    private static func readSections(_ entry: YAMLDocument.Entry, doc: inout YAMLDocument) -> [SectionConfig]? {
        var out: [SectionConfig] = []
        switch entry.value {
        case .mapping(let m):
            for (k, v) in m {
                guard let key = k.scalar?.string else { continue }
                if let name = v.scalar?.string {
                    out.append(SectionConfig(key: key, name: name))
                } else {
                    var sub = YAMLDocument(file: doc.file, node: v, firstLine: 1)
                    let name = sub.string("name") ?? key
                    out.append(SectionConfig(key: key, name: name, description: sub.string("description")))
                }
            }
        case .sequence(let s):
            for item in s {
                var sub = YAMLDocument(file: doc.file, node: item, firstLine: 1)
                sub.reportUnknownKeys(known: ["key", "name", "description"], what: "sections ")
                guard let key = sub.string("key") else {
                    doc.report(.error("config.section", file: doc.file, line: doc.line(of: item),
                                      "sections 的每一项都需要 key（栏目文件夹名）。", hint: "例如：- key: news\n  name: 新闻动态"))
                    continue
                }
                out.append(SectionConfig(key: key, name: sub.string("name") ?? key, description: sub.string("description")))
                sub.diagnostics.forEach { doc.report($0) }
            }
        default:
            doc.report(.error("config.sections", file: doc.file, line: entry.line, "sections 的写法不正确。",
                              hint: "例如：\nsections:\n  news: 新闻动态\n  lessons: 党课·学习园地"))
            return nil
        }
        for s in out where !Slug.isSafePathSegment(s.key) {
            doc.report(.error("config.section-key", file: doc.file, line: entry.line,
                              "栏目名“\(s.key)”只能包含小写英文字母、数字和连字符。", hint: "例如 news、lessons。"))
        }
        return out.filter { Slug.isSafePathSegment($0.key) }
    }

    private static func readMenu(_ entry: YAMLDocument.Entry, doc: inout YAMLDocument) -> [MenuItem]? {
        guard case .sequence(let s) = entry.value else {
            doc.report(.error("config.menu", file: doc.file, line: entry.line, "menu 应该是一个列表。",
                              hint: "例如：\nmenu:\n  - name: 首页\n    url: /"))
            return nil
        }
        var out: [MenuItem] = []
        for item in s {
            var sub = YAMLDocument(file: doc.file, node: item, firstLine: 1)
            sub.reportUnknownKeys(known: ["name", "url"], what: "menu ")
            if let name = sub.string("name"), let url = sub.string("url") {
                out.append(MenuItem(name: name, url: url))
            } else {
                doc.report(.error("config.menu", file: doc.file, line: doc.line(of: item),
                                  "menu 的每一项都需要 name 和 url。"))
            }
            sub.diagnostics.forEach { doc.report($0) }
        }
        return out
    }

    private static func readBranches(_ entry: YAMLDocument.Entry, doc: inout YAMLDocument) -> [BranchConfig] {
        guard case .sequence(let s) = entry.value else {
            doc.report(.error("config.branches", file: doc.file, line: entry.line, "branches 应该是一个列表。",
                              hint: "例如：\nbranches:\n  - name: 东城街道第一党支部\n    slug: dongcheng-1"))
            return []
        }
        var out: [BranchConfig] = []
        for item in s {
            if let name = item.scalar?.string {
                out.append(BranchConfig(name: name, slug: nil))
                continue
            }
            var sub = YAMLDocument(file: doc.file, node: item, firstLine: 1)
            sub.reportUnknownKeys(known: ["name", "slug"], what: "branches ")
            if let name = sub.string("name") {
                let slug = sub.string("slug")
                if let slug, !Slug.isSafePathSegment(slug) {
                    doc.report(.error("config.branch-slug", file: doc.file, line: doc.line(of: item),
                                      "支部网址名“\(slug)”只能包含小写英文字母、数字和连字符。"))
                    out.append(BranchConfig(name: name, slug: nil))
                } else {
                    out.append(BranchConfig(name: name, slug: slug))
                }
            } else {
                doc.report(.error("config.branches", file: doc.file, line: doc.line(of: item), "branches 的每一项都需要 name。"))
            }
            sub.diagnostics.forEach { doc.report($0) }
        }
        return out
    }
}
