import Foundation

/// Everything a build reads from the site folder, loaded and decoded.
struct SiteInput: Sendable {
    let root: URL
    let config: SiteConfig
    let content: [SourceFile]
    /// Each content file's size and modification time when it was read (`FolderWalker.Entry.stamp`),
    /// by path: the next load in the same process takes a file with the same stamp as it is.
    let contentStamps: [String: String]
    /// Files copied unchanged, keyed by site path (`/images/a.jpg`).
    let files: [String: StaticFile]
    let theme: Theme

    /// Which files in `content/` are content; the others are attachments published beside it.
    static func isMarkdown(_ path: String) -> Bool { SourceFile.markdownExtensionLength(path) != nil }

    /// Reads `site.yml`, `content/`, `static/` and the theme. Unreadable or undecodable files
    /// become diagnostics; nil is returned only when nothing sensible can be built.
    /// `snapshot`: the walk of the source folders the caller already took (the build's change
    /// stamps come from it); nil walks them here.
    /// `previous`: what the last load in this process read (`zhendi serve`): a content file whose
    /// size and modification time are unchanged is not read and decoded again.
    static func load(root: URL, baseURLOverride: String?, snapshot: SourceSnapshot? = nil,
                     previous: SiteInput? = nil) -> (SiteInput?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            return (nil, [.error("site.missing", file: root.path, "找不到网站文件夹 \(root.path)。",
                                 hint: "请用 --source 指定网站所在的文件夹，或先运行 zhendi init 新建一个网站。")])
        }
        let configURL = root.appendingPathComponent("site.yml")
        guard let configData = fm.contents(atPath: configURL.path) else {
            let exists = fm.fileExists(atPath: configURL.path)
            return (nil, [.error("config.missing", file: "site.yml",
                exists ? "无法读取 site.yml。" : "网站文件夹里没有 site.yml。",
                hint: exists ? "请检查文件权限。" : "请新建 site.yml,至少写一行：title: 网站名称；或运行 zhendi init 新建网站。")])
        }
        var config: SiteConfig
        switch SourceText.decode(configData, file: "site.yml") {
        case .failure(let d):
            return (nil, [d])
        case .success(let text):
            let (parsed, found) = SiteConfig.load(text: text)
            diagnostics += found
            guard let c = parsed else { return (nil, diagnostics) }
            config = c
        }
        if let override = baseURLOverride {
            if let u = SiteConfig.normalizedBaseURL(override) {
                config.baseURL = u
            } else {
                diagnostics.append(.error("config.base-url", file: nil, "--base-url“\(override)”不是完整的网址。",
                                          hint: "请写成 https://开头的网址。"))
            }
        }

        // Content: Markdown files are content; anything else inside content/ is an attachment
        // published beside it (content/news/a.pdf → /news/a.pdf).
        let snapshot = snapshot ?? SourceSnapshot(root: root)
        var markdown: [FolderWalker.Entry] = []
        var files: [String: StaticFile] = [:]
        let contentFolder = snapshot.folder("content")
        if contentFolder.exists {
            diagnostics += contentFolder.diagnostics
            for e in contentFolder.entries {
                if Self.isMarkdown(e.relative) {
                    markdown.append(e)
                } else if e.relative.lowercased().hasSuffix(".txt"), let head = readFileBytes(atPath: e.path, limit: 8),
                          SourceFile.looksLikeArticle(head) {
                    // Published as it is, an article saved as text would show its draft or
                    // internal settings to everyone.
                    diagnostics.append(.error("content.saved-as-txt", file: "content/" + e.relative,
                        "这篇文章被存成了 .txt 文件（记事本“另存为”时会自动加上 .txt），阵地不会把它当作文章，也不会发布它。",
                        hint: "请把文件名末尾的 .txt 去掉，改成以 .md 结尾（在资源管理器的“查看”里勾选“文件扩展名”就能看到完整的文件名）；以后另存为时把“保存类型”选为“所有文件”。"))
                } else {
                    files["/" + e.relative] = StaticFile(outputPath: "/" + e.relative, sourcePath: "content/" + e.relative, url: e.url, size: e.size)
                }
            }
        } else {
            diagnostics.append(.warning("content.missing", file: "content", "没有 content 文件夹，网站将没有文章。",
                                        hint: "请新建 content/news/ 等文件夹并放入 Markdown 文件。"))
        }
        let statics = snapshot.folder("static")
        diagnostics += statics.diagnostics
        for e in statics.entries {
            let path = "/" + e.relative
            if let other = files[path] {
                diagnostics.append(.error("files.duplicate", file: "static/" + e.relative,
                    "与 \(other.sourcePath) 会发布到同一个网址 \(path)。", hint: "请给其中一个改名。"))
                continue
            }
            files[path] = StaticFile(outputPath: path, sourcePath: "static/" + e.relative, url: e.url, size: e.size)
        }

        let reusable = previous.map { p in Dictionary(p.content.map { ($0.path, $0) }) { a, _ in a } } ?? [:]
        let decoded: [Result<SourceFile, Diagnostic>] = concurrentMap(markdown) { e in
            let display = "content/" + e.relative
            if let known = reusable[display], previous?.contentStamps[display] == e.stamp { return .success(known) }
            return SourceFile.read(e.path, as: display)
        }
        var content: [SourceFile] = []
        var stamps: [String: String] = [:]
        for (e, r) in zip(markdown, decoded) {
            switch r {
            case .success(let f):
                content.append(f)
                stamps[f.path] = e.stamp
            case .failure(let d): diagnostics.append(d)
            }
        }

        let (theme, themeDiagnostics) = Theme.load(siteRoot: root, name: config.theme, previous: previous?.theme)
        diagnostics += themeDiagnostics
        guard let theme else { return (nil, diagnostics) }
        return (SiteInput(root: root, config: config, content: content, contentStamps: stamps, files: files, theme: theme), diagnostics)
    }
}
