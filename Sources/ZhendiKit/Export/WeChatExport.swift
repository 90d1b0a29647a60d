import Foundation

/// `zhendi export wechat`: one article as HTML the WeChat official-account editor keeps when it is
/// pasted in (every style inline, no classes or `<style>`, absolute URLs, a 阅读原文 link back to
/// the portal), or as a plain-text digest for 手机报 and SMS-style notices.
public struct WeChatExport: Sendable {
    public enum Format: Sendable { case html, text }

    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    /// - Parameter file: the content file, as a path relative to the site folder or absolute.
    public func export(file: String, format: Format) throws -> (output: String, diagnostics: [Diagnostic]) {
        var opts = options
        // An article is often pasted into WeChat before the portal publishes it.
        opts.includeDrafts = true
        opts.includeFuture = true
        let log = DiagnosticLog()
        let prepared = try SitePreparation.run(options: opts, log: log)
        // The path may be relative to the current folder or to the site folder.
        let root = options.source.standardizedFileURL.path
        var relative = file
        for base in [FileManager.default.currentDirectoryPath, root] {
            let absolute = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: base)).standardizedFileURL.path
            if absolute.hasPrefix(root + "/"), FileManager.default.fileExists(atPath: absolute) {
                relative = String(absolute.dropFirst(root.count + 1))
                break
            }
        }
        guard let page = prepared.graph.pages.first(where: { $0.item.source == relative }) else {
            let why = prepared.graph.withheld[String(relative.dropFirst("content/".count))]
            throw BuildFailed(diagnostics: log.all + [.error("export.not-found", file: relative,
                why == .internal ? "内部内容（visibility: internal）不能导出到公众号。" : "找不到这篇文章，或它不在 content 文件夹里。",
                hint: "请写文章文件的路径，例如：zhendi export wechat content/news/a.md")])
        }
        let errors = log.all.filter { $0.severity == .error && $0.file == page.item.source }
        if !errors.isEmpty { throw BuildFailed(diagnostics: errors) }

        let config = prepared.graph.config
        let item = page.item
        let resolver = SiteLinkResolver(graph: prepared.graph, files: prepared.files, imageSizes: ImageSizeCache(),
                                        pageURL: page.url, source: item.source)
        let rendered = MarkdownRenderer(allowRawHTML: config.allowRawHTML, summaryLength: config.summaryLength)
            .render(item.body, file: item.source, lineOffset: item.bodyLine - 1, resolver: resolver)
        let permalink = config.baseURL + page.url.dropFirst()
        let summary = item.summary.flatMap { $0.isEmpty ? nil : $0 } ?? rendered.summary
        let diagnostics = rendered.diagnostics

        switch format {
        case .text:
            var lines = ["【\(item.title)】"]
            var meta: [String] = []
            if let d = item.date { meta.append(d.chinese) }
            if let b = item.branch { meta.append(b) }
            if !meta.isEmpty { lines.append(meta.joined(separator: " ")) }
            lines.append(summary)
            lines.append("全文：\(permalink)")
            return (lines.joined(separator: "\n") + "\n", diagnostics)
        case .html:
            let body = InlineStyles.apply(AbsoluteLinks(baseURL: config.baseURL).apply(rendered.html))
            var html = "<section style=\"\(InlineStyles.container)\">\n"
            html += "<h1 style=\"\(InlineStyles.title)\">\(Escape.html(item.title))</h1>\n"
            var meta: [String] = []
            if let d = item.date { meta.append(d.chinese) }
            if let a = item.author, !a.isEmpty { meta.append(Escape.html(a)) }
            if let b = item.branch, !b.isEmpty { meta.append(Escape.html(b)) }
            if !meta.isEmpty { html += "<p style=\"\(InlineStyles.meta)\">\(meta.joined(separator: "　"))</p>\n" }
            html += body
            html += "<p style=\"\(InlineStyles.source)\">阅读原文：<a href=\"\(Escape.html(permalink))\" style=\"\(InlineStyles.link)\">\(Escape.html(permalink))</a></p>\n"
            html += "</section>\n"
            return (html, diagnostics)
        }
    }
}

/// Rewrites generated HTML so every element carries its look in a `style` attribute: the WeChat
/// editor strips `<style>`, `class` and `id`.
enum InlineStyles {
    static let container = "font-size:17px;line-height:1.8;color:#222;letter-spacing:0.5px;"
    static let title = "font-size:22px;line-height:1.4;font-weight:bold;color:#a61b1b;margin:0 0 8px;"
    static let meta = "font-size:14px;color:#777;margin:0 0 16px;"
    static let source = "font-size:14px;color:#777;margin:24px 0 0;border-top:1px solid #eee;padding-top:8px;"
    static let link = "color:#a61b1b;text-decoration:underline;word-break:break-all;"

    static let styles: [String: String] = [
        "p": "margin:0 0 16px;text-align:justify;",
        "h2": "font-size:19px;font-weight:bold;color:#a61b1b;margin:24px 0 12px;padding-left:8px;border-left:4px solid #a61b1b;",
        "h3": "font-size:17px;font-weight:bold;color:#333;margin:20px 0 10px;",
        "h4": "font-size:17px;font-weight:bold;margin:16px 0 8px;",
        "h5": "font-size:16px;font-weight:bold;margin:16px 0 8px;",
        "h6": "font-size:16px;font-weight:bold;margin:16px 0 8px;",
        "ul": "margin:0 0 16px;padding-left:24px;list-style-type:disc;",
        "ol": "margin:0 0 16px;padding-left:24px;list-style-type:decimal;",
        "li": "margin:0 0 6px;",
        "blockquote": "margin:0 0 16px;padding:8px 12px;background:#faf6ef;border-left:4px solid #e0b44c;color:#555;",
        "table": "border-collapse:collapse;width:100%;margin:0 0 16px;font-size:15px;",
        "th": "border:1px solid #ddd;padding:6px 8px;background:#f6efe4;font-weight:bold;text-align:left;",
        "td": "border:1px solid #ddd;padding:6px 8px;text-align:left;",
        "img": "max-width:100%;height:auto;display:block;margin:12px auto;border-radius:4px;",
        "a": link,
        "strong": "font-weight:bold;color:#333;",
        "em": "font-style:italic;",
        "del": "text-decoration:line-through;color:#999;",
        "code": "font-family:Menlo,Consolas,monospace;font-size:14px;background:#f5f5f5;padding:1px 4px;border-radius:3px;",
        "pre": "background:#f5f5f5;padding:10px;border-radius:4px;overflow-x:auto;font-size:14px;line-height:1.5;margin:0 0 16px;",
        "hr": "border:0;border-top:1px solid #eee;margin:24px 0;",
        "sup": "font-size:12px;",
        "section": "margin:24px 0 0;font-size:14px;color:#666;",
        "div": "overflow-x:auto;margin:0 0 16px;",
        "details": "margin:0 0 12px;",
        "summary": "color:#a61b1b;",
        "fieldset": "border:0;margin:0;padding:0;",
        "legend": "font-weight:bold;padding:0;",
    ]

    /// Attributes WeChat keeps and that still mean something after pasting.
    static let keep: Set<String> = ["href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "align", "open"]

    static func apply(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count * 2)
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else { out += rest[open...]; return out }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") || tag.hasPrefix("!") {
                out += "<" + tag + ">"
                continue
            }
            var selfClosing = tag.hasSuffix("/")
            let body = selfClosing ? tag.dropLast() : tag
            let name = String(body.prefix { !$0.isWhitespace }).lowercased()
            if name == "input" {  // task-list checkboxes: WeChat drops form controls, keep the meaning
                out += body.contains("checked") ? "☑ " : "☐ "
                continue
            }
            var attributes: [(String, String)] = []
            for (key, value) in parseAttributes(String(body.dropFirst(name.count))) where keep.contains(key) {
                attributes.append((key, value))
            }
            var style = styles[name] ?? ""
            if name == "th" || name == "td", let align = attributes.first(where: { $0.0 == "align" })?.1 {
                style += "text-align:\(align);"
            }
            out += "<" + name
            for (k, v) in attributes { out += " \(k)=\"\(v)\"" }
            if !style.isEmpty { out += " style=\"\(style)\"" }
            if name == "img" { selfClosing = true }
            out += selfClosing && name != "img" ? " />" : ">"
        }
        out += rest
        return out
    }

    /// Attributes of a generated tag (values already escaped by the renderer).
    static func parseAttributes(_ s: String) -> [(String, String)] {
        var out: [(String, String)] = []
        var rest = Substring(s)
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { break }
            let key = String(rest.prefix { !$0.isWhitespace && $0 != "=" })
            rest = rest.dropFirst(key.count)
            if rest.first == "=" {
                rest = rest.dropFirst()
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    let value = String(rest.prefix { $0 != "\"" })
                    rest = rest.dropFirst(value.count + 1)
                    out.append((key.lowercased(), value))
                } else {
                    let value = String(rest.prefix { !$0.isWhitespace })
                    rest = rest.dropFirst(value.count)
                    out.append((key.lowercased(), value))
                }
            } else if !key.isEmpty {
                out.append((key.lowercased(), ""))
            } else {
                break
            }
        }
        return out
    }
}
