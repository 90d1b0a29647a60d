import Foundation

/// `zhendi new`: a new content file with its front matter filled in.
public struct NewItem: Sendable {
    public var section: String
    public var title: String
    public var branch: String?
    public var tags: [String] = []
    public var series: String?
    public var order: Int?
    public var author: String?
    public var now = Date()

    public init(section: String, title: String) {
        self.section = section
        self.title = title
    }

    /// Writes the file under `site/content/<section>/` and returns its path relative to `site`.
    public func write(in site: URL) throws -> String {
        guard Slug.isSafePathSegment(section) else {
            throw Diagnostic.error("new.section", file: nil, "栏目名“\(section)”只能包含小写英文字母、数字和连字符。",
                                   hint: "例如：zhendi new news 标题")
        }
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else {
            throw Diagnostic.error("new.title", file: nil, "请写上标题。", hint: "例如：zhendi new news 东城街道开展主题党日活动")
        }
        var zone = SiteTimeZone.shanghai
        if let text = try? String(contentsOf: site.appendingPathComponent("site.yml"), encoding: .utf8),
           let config = SiteConfig.load(text: text).0 {
            zone = config.timeZone
        }
        let date = zone.date(Int64(now.timeIntervalSince1970))
        let dir = site.appendingPathComponent("content").appendingPathComponent(section)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var base = Slug.make(title)
        if base.isEmpty { base = "item" }
        if base.count > 60 { base = String(base.prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
        var name = base
        var n = 2
        while FileManager.default.fileExists(atPath: dir.appendingPathComponent(name + ".md").path) {
            name = "\(base)-\(n)"
            n += 1
        }
        var fm = "---\n"
        fm += "title: \(Self.quoted(title))\n"
        fm += "date: \(date.rfc3339)\n"
        fm += "tags: [\(tags.map(Self.quoted).joined(separator: ", "))]\n"
        if let author { fm += "author: \(Self.quoted(author))\n" }
        if let branch { fm += "branch: \(Self.quoted(branch))\n" }
        if let series { fm += "series: \(Self.quoted(series))\n" }
        if let order { fm += "order: \(order)\n" }
        fm += "draft: true\n"
        fm += "---\n\n在这里写正文。写完后删除上面的 draft: true 这一行，文章就会发布。\n"
        let url = dir.appendingPathComponent(name + ".md")
        try fm.write(to: url, atomically: true, encoding: .utf8)
        return "content/\(section)/\(name).md"
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
