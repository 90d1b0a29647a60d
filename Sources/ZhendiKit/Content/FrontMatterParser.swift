import Foundation

/// Reads a content file: the YAML front matter between `---` lines, then the Markdown body.
/// All problems are collected (not just the first) and explained with the line they are on.
struct FrontMatterParser {
    let config: SiteConfig

    static let knownKeys = [
        "title", "date", "updated", "tags", "summary", "author", "branch", "series", "order", "slug",
        "draft", "visibility", "cover", "topics", "weight", "allow_numbers",
    ]

    /// Drops the tags made only of punctuation (no slug, so no tag page), with a warning. Run
    /// on the parsed items together, after `Slug.prepare` has made every name's slug in one go.
    static func dropTagsWithoutSlug(_ item: inout ContentItem) -> Diagnostic? {
        guard item.tags.contains(where: { Slug.make($0).isEmpty }) else { return nil }
        item.tags.removeAll { Slug.make($0).isEmpty }
        return .warning("front-matter.bad-tag", file: item.source, line: item.line(of: "tags"),
                        "有的标签只含标点符号，无法生成标签页，已忽略。")
    }

    func parse(_ file: SourceFile) -> (ContentItem?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let path = file.path
        let (kind, section, stem) = classify(file.contentPath)

        // Split front matter from body.
        var yamlText = ""
        var body = file.text
        var bodyLine = 1
        if let split = Self.splitFrontMatter(file.text) {
            guard let (yaml, rest, line) = split else {
                return (nil, [.error("front-matter.unclosed", file: path, line: 1,
                    "开头的设置（front matter）以 --- 开始，但没有找到结束的 --- 行。",
                    hint: "请在设置的最后一行之后单独加一行 ---,再写正文。")])
            }
            yamlText = yaml
            body = rest
            bodyLine = line
        } else if kind != .sectionIndex && kind != .homeIndex {
            return (nil, [.error("front-matter.missing", file: path, line: 1,
                "文件开头缺少设置（front matter），至少需要标题。",
                hint: "请在文件第一行加上：\n---\ntitle: 文章标题\ndate: 2024-05-01\n---")])
        }

        // Invisible control characters (pasted from Word or WeChat) make YAML refuse the whole
        // block; drop them and say where they were.
        if yamlText.unicodeScalars.contains(where: Self.isStrayControl) {
            for (offset, line) in yamlText.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.unicodeScalars.contains(where: Self.isStrayControl) {
                diagnostics.append(.warning("front-matter.control-character", file: path, line: offset + 2,
                    "这一行有看不见的控制字符（通常是从其他软件复制粘贴带来的），已自动删除。",
                    hint: "如果显示不正常，请重新输入这一行。"))
            }
            yamlText = String(String.UnicodeScalarView(yamlText.unicodeScalars.filter { !Self.isStrayControl($0) }))
        }
        let (parsed, syntax) = YAMLDocument.parse(yamlText, file: path, firstLine: 2)
        diagnostics += syntax
        guard var doc = parsed else { return (nil, diagnostics) }
        doc.reportUnknownKeys(known: Self.knownKeys, what: "设置")
        var keyLines: [String: Int] = [:]
        for e in doc.entries { keyLines[e.key] = e.line }

        let defaultTitle: String? = {
            switch kind {
            case .sectionIndex: return section.flatMap { config.section($0)?.name } ?? section
            case .homeIndex: return config.title
            default: return nil
            }
        }()
        let rawTitle = doc.string("title")?.trimmingWhitespace()
        var title = rawTitle ?? defaultTitle ?? ""
        if title.isEmpty {
            doc.report(.error("front-matter.missing-title", file: path, line: keyLines["title"] ?? 1,
                "缺少标题（title）。", hint: "请在开头的设置里加一行，例如：title: 东城街道第一党支部开展主题党日活动"))
            title = stem
        }

        func readDate(_ key: String) -> ContentDate? {
            guard let raw = doc.string(key) else { return nil }
            if let d = ContentDate.parse(raw, zone: config.timeZone) { return d }
            doc.report(.error("front-matter.bad-date", file: path, line: keyLines[key],
                "日期“\(raw)”无法识别。",
                hint: "请写成 2024-05-01 或 2024-05-01T09:30:00+08:00（年-月-日，月和日要有效）。"))
            return nil
        }
        let date = readDate("date")
        let updated = readDate("updated")
        if kind == .article, date == nil, keyLines["date"] == nil {
            doc.report(.error("front-matter.missing-date", file: path, line: 1,
                "缺少发布日期（date）。栏目里的文章需要日期才能按时间排序。",
                hint: "请在开头的设置里加一行，例如：date: 2024-05-01T09:30:00+08:00"))
        }
        if let d = date, let u = updated, u < d {
            doc.report(.warning("front-matter.updated-before-date", file: path, line: keyLines["updated"],
                "更新日期（updated）早于发布日期（date）。", hint: "请检查两个日期是否写反了。"))
        }

        var slug = Slug.make(stem)
        if let raw = doc.string("slug") {
            if let problem = Slug.problem(with: raw) {
                doc.report(.error("front-matter.bad-slug", file: path, line: keyLines["slug"],
                    "网址名 slug“\(raw)”不可用：\(problem)。", hint: "请只用小写英文字母、数字和连字符，例如 slug: zhuti-dangri-2024"))
            } else {
                slug = Slug.make(raw)
            }
        }
        if slug.isEmpty {
            slug = Slug.make(title)
        }
        if slug.isEmpty || slug == "page" || slug == "index" {
            slug = "item-" + file.hash.hex(length: 8)
        }
        if Slug.reservedNames.contains(slug), keyLines["slug"] == nil {
            doc.report(.error("front-matter.reserved-slug", file: path, line: 1,
                "文件名“\(stem)”是 Windows 系统保留的名称，生成的网址在 Windows 服务器上无法访问。",
                hint: "请给文件改个名字，或在开头的设置里加上 slug。"))
        }

        var isInternal = false
        if let v = doc.string("visibility") {
            switch v.lowercased() {
            case "public", "公开": isInternal = false
            case "internal", "内部": isInternal = true
            default:
                // Fail closed: an unreadable visibility must never publish the page.
                isInternal = true
                doc.report(.error("front-matter.bad-visibility", file: path, line: keyLines["visibility"],
                    "visibility 只能是 public（公开）或 internal（内部），这里写的是“\(v)”。",
                    hint: "内部内容请写 visibility: internal;公开内容可以不写。"))
            }
        }
        let draft = doc.bool("draft") ?? (keyLines["draft"] != nil)  // unreadable draft: stay unpublished
        let order = doc.int("order")
        let series = doc.string("series")?.trimmingWhitespace(newlines: false)
        if order != nil, series == nil {
            doc.report(.warning("front-matter.order-without-series", file: path, line: keyLines["order"],
                "写了顺序（order）但没有写所属系列（series），顺序不会起作用。", hint: "例如：series: 党章党规学习"))
        }
        // Tags without a slug are dropped after parsing (`dropTagsWithoutSlug`).
        var tags: [String] = []
        var seen = Set<String>()
        for t in doc.stringList("tags") ?? [] where seen.insert(t).inserted {
            tags.append(t)
        }

        let item = ContentItem(
            source: path, kind: kind, section: section, title: title,
            date: date, updated: updated, tags: tags,
            summary: doc.string("summary")?.trimmingWhitespace(),
            author: doc.string("author")?.trimmingWhitespace(newlines: false),
            branch: doc.string("branch")?.trimmingWhitespace(newlines: false),
            series: series, order: order, slug: slug, draft: draft, isInternal: isInternal,
            cover: doc.string("cover"), topics: doc.stringList("topics") ?? [], weight: doc.int("weight"),
            allowedNumbers: doc.stringList("allow_numbers") ?? [],
            body: body, bodyLine: bodyLine, hash: file.hash, keyLines: keyLines)
        diagnostics += doc.diagnostics
        return (item, diagnostics)
    }

    static func isStrayControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t" && s != "\n") || (0x7F...0x9F).contains(s.value)
    }

    /// The body `parse` gives the file (for a parse taken from the build cache).
    static func body(of text: String) -> String {
        if case .some(.some(let split)) = splitFrontMatter(text) { return split.body }
        return text
    }

    /// Splits `---` front matter from the body without splitting the whole file into lines.
    /// Returns nil when there is no front matter, `.some(nil)` when it is not closed.
    static func splitFrontMatter(_ text: String) -> (yaml: String, body: String, bodyLine: Int)?? {
        let u = text.utf8
        guard u.starts(with: "---".utf8) else { return nil }
        var i = u.index(u.startIndex, offsetBy: 3)
        // The opening line may carry trailing spaces only.
        while i < u.endIndex, u[i] == 0x20 || u[i] == 0x09 { i = u.index(after: i) }
        guard i == u.endIndex || u[i] == 0x0A else { return nil }
        if i == u.endIndex { return .some(nil) }
        var lineStart = u.index(after: i)
        let yamlStart = lineStart
        var line = 2
        while lineStart < u.endIndex {
            var lineEnd = lineStart
            while lineEnd < u.endIndex, u[lineEnd] != 0x0A { lineEnd = u.index(after: lineEnd) }
            var trimmedEnd = lineEnd
            while trimmedEnd > lineStart, u[u.index(before: trimmedEnd)] == 0x20 || u[u.index(before: trimmedEnd)] == 0x09 {
                trimmedEnd = u.index(before: trimmedEnd)
            }
            let content = u[lineStart..<trimmedEnd]
            if content.elementsEqual("---".utf8) || content.elementsEqual("...".utf8) {
                let yaml = String(text[yamlStart..<lineStart])
                let bodyStart = lineEnd < u.endIndex ? u.index(after: lineEnd) : lineEnd
                return .some((yaml, String(text[bodyStart...]), line + 1))
            }
            line += 1
            lineStart = lineEnd < u.endIndex ? u.index(after: lineEnd) : lineEnd
        }
        return .some(nil)
    }

    /// Kind, section and file stem from the path inside `content/`.
    func classify(_ contentPath: String) -> (ContentKind, String?, String) {
        // Split on scalars: a file name starting with a combining mark (a GBK name read as UTF-8
        // can) joins the "/" before it into one Character, and the folder would go unseen.
        let parts = contentPath.unicodeScalars.split(separator: "/").map { String(String.UnicodeScalarView($0)) }
        let fileName = parts.last ?? contentPath
        let stem = String(fileName.utf8.dropLast(SourceFile.markdownExtensionLength(fileName) ?? 3)) ?? fileName
        if parts.count == 1 {
            return (stem == "_index" ? .homeIndex : .page, nil, stem)
        }
        let top = parts[0]
        if stem == "_index" && parts.count == 2 { return (.sectionIndex, top, stem) }
        if top == "branches" { return (.branchProfile, nil, stem) }
        if top == "topics" { return (.topic, nil, stem) }
        return (.article, top, stem)
    }
}
