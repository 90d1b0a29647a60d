/// Finds misspelt variables and missing partials in templates before any page is rendered,
/// because Mustache itself silently renders an unknown name as nothing.
enum TemplateLint {
    /// Every name the renderer puts into a template context (at any depth).
    static let vocabulary: Set<String> = [
        // shared
        "site", "title", "description", "url", "permalink", "language", "organization", "footer", "year",
        "feeds", "rss", "atom", "json", "searchURL", "homeURL", "generator",
        "menu", "name", "current", "assets", "page", "kind", "isHome", "meta", "canonical", "ogImage", "ogType",
        "breadcrumbs", "alternates", "type", "href", "lang", "bodyClass", "hasFeeds", "noindex",
        // article
        "article", "dateText", "dateISO", "updatedText", "updatedISO", "hasUpdated", "author", "readingMinutes",
        "charCount", "summary", "content", "cover", "hasCover", "hasToc", "toc", "id", "text", "level", "isSub",
        "tags", "hasTags", "branch", "section", "series", "position", "total", "prev", "next", "topics", "hasTopics",
        "hasPrevNext", "prevLabel", "nextLabel", "isLesson", "order",
        // lists
        "list", "introHTML", "hasIntro", "items", "isEmpty", "hasItems", "pagination", "show", "hasPrev", "prevURL",
        "hasNext", "nextURL", "pages", "number", "kindLabel", "feed", "count", "moreURL", "emptyText",
        "home", "sections", "branches", "profileHTML", "hasProfile", "terms", "latest", "stats", "lessons",
        "seriesList", "firstURL", "query", "statusCode", "key", "hasBreadcrumbs", "hasTopics", "hasSeriesList",
        "hasBranches", "hasCover", "chrome", "head", "header", "search", "indexURL", "html",
    ]

    static func check(_ theme: Theme) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (_, source) in theme.sources.sorted(by: { $0.key < $1.key }) {
            forEachTag(in: source.text) { tag, line in
                guard let sigil = tag.first else { return }
                switch sigil {
                case "!", "=", "$", "/": return  // comments, delimiters, blocks, closings
                case ">", "<":
                    let partial = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                    if partial.hasPrefix("*") { return }
                    if theme.sources[partial] == nil {
                        diagnostics.append(.error("theme.missing-partial", file: source.path, line: line,
                            "模板引用的片段“\(partial)”不存在。",
                            hint: "请确认 templates/\(partial).mustache 存在，名称拼写一致。"))
                    }
                case "#", "^", "&":
                    checkName(String(tag.dropFirst()), assets: theme.assetPaths, file: source.path, line: line, into: &diagnostics)
                default:
                    checkName(tag, assets: theme.assetPaths, file: source.path, line: line, into: &diagnostics)
                }
            }
        }
        return diagnostics
    }

    /// Every `{{…}}` / `{{{…}}}` tag of a template, trimmed (a triple tag without its third brace),
    /// with the line it ends on.
    static func forEachTag(in text: String, _ body: (String, Int) -> Void) {
        // Searched as UTF-8 bytes: Foundation's `range(of:)` on substrings measured every
        // template's offsets in UTF-16 again for each tag (a sixtieth of a 1,000-page build).
        let u = Array(text.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        func find(_ brace: UInt8, count: Int, from start: Int) -> Int? {
            var i = start
            while i + count <= u.count {
                if u[i] == brace, u[i..<(i + count)].allSatisfy({ $0 == brace }) { return i }
                i += 1
            }
            return nil
        }
        func lines(_ range: Range<Int>) -> Int { u[range].reduce(0) { $0 + ($1 == newline ? 1 : 0) } }
        var line = 1
        var i = 0
        while let start = find(open, count: 2, from: i) {
            line += lines(i..<start)
            let inside = start + 2
            let triple = inside < u.count && u[inside] == open
            guard let end = find(close, count: triple ? 3 : 2, from: inside) else { break }
            var tag = String(decoding: u[inside..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if triple { tag = String(tag.dropFirst()) }
            line += lines(inside..<end)
            i = end + (triple ? 3 : 2)
            body(tag, line)
        }
    }

    /// The templates `text` includes or extends (`{{>name}}`, `{{<name}}`); nil when it names one
    /// at render time (`{{>*variable}}`), which may then be any.
    static func references(in text: String) -> Set<String>? {
        var names = Set<String>()
        var dynamic = false
        forEachTag(in: text) { tag, _ in
            guard tag.first == ">" || tag.first == "<" else { return }
            let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("*") { dynamic = true } else { names.insert(name) }
        }
        return dynamic ? nil : names
    }

    private static func checkName(_ raw: String, assets: [String: String], file: String, line: Int, into diagnostics: inout [Diagnostic]) {
        var name = raw.trimmingCharacters(in: .whitespaces)
        // Transforms: `uppercased(title)` → title; sequence helpers like `first()` have no name.
        if let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
            name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)])
        }
        if name.isEmpty || name == "." { return }
        if name.hasPrefix("assets.") {
            let key = String(name.dropFirst("assets.".count))
            if assets[key] == nil {
                diagnostics.append(.error("theme.unknown-asset", file: file, line: line,
                    "模板引用的静态文件“\(key)”在主题的 static/ 文件夹里不存在。",
                    hint: "static/ 里的文件名中的“.”和“-”在模板中写成“_”，例如 zhendi.css 写成 assets.zhendi_css。"))
            }
            return
        }
        for part in name.split(separator: ".") where !vocabulary.contains(String(part)) {
            let guess = KeySuggestion.suggest(String(part), among: Array(vocabulary))
            diagnostics.append(.error("theme.unknown-variable", file: file, line: line,
                "模板变量“\(name)”不存在，会显示为空白。",
                hint: guess.map { "您是不是想写“\($0)”？" } ?? "可用的变量见 README 的“主题变量”一节。"))
            return
        }
    }
}
