import Foundation
import Mustache

/// A theme: Mustache templates plus static assets whose output names carry a content hash, so
/// WeChat's browser (which ignores cache headers) never shows a stale stylesheet.
public struct Theme: Sendable {
    public struct Asset: Sendable {
        /// Site path with the hash: `/assets/zhendi.3f2a9c1b0d.css`.
        public let outputPath: String
        public let data: Data
    }

    public let name: String
    /// Where it came from, for messages: `themes/default` or `内置默认主题`.
    public let origin: String
    let library: MustacheLibrary
    /// Renders pages from per-shape skeletons, when the templates allow it.
    let skeletons: TemplateSkeletons?
    /// Template name → (display path, text), for linting.
    let sources: [String: (path: String, text: String)]
    public let assets: [Asset]
    /// Template key → URL path, e.g. `zhendi_css` → `/assets/zhendi.3f2a9c1b0d.css`.
    public let assetPaths: [String: String]
    /// Per template, a fingerprint of its text and of every template it includes or extends,
    /// directly or not: what a page rendered with it depends on in the theme.
    let templateKeys: [String: UInt64]

    func templateKey(_ name: String) -> UInt64 { templateKeys[name] ?? 0 }
    /// What the theme was built from (name, origin, every file), and the warnings building it
    /// gave: a later load of the same files takes this theme as it is (`load(previous:)`).
    private(set) var sourceDigest: UInt64 = 0
    private(set) var warnings: [Diagnostic] = []

    /// `templateKeys` for `sources`: each template's closure under `TemplateLint.references`.
    static func templateKeys(_ sources: [String: (path: String, text: String)]) -> [String: UInt64] {
        let references = sources.mapValues { TemplateLint.references(in: $0.text) }
        var keys: [String: UInt64] = [:]
        for name in sources.keys {
            var seen: Set<String> = [name]
            var queue = [name]
            while let next = queue.popLast() {
                guard let refs = references[next] else { continue }
                guard let refs else { seen = Set(sources.keys); break }  // a dynamic partial: any template
                for r in refs where seen.insert(r).inserted { queue.append(r) }
            }
            var f = ContextFingerprint()
            for t in seen.sorted() {
                f.add(t)
                f.add(sources[t]?.text ?? "")
            }
            keys[name] = f.value
        }
        return keys
    }

    public static let requiredTemplates = ["base", "home", "article", "list", "series", "terms", "page", "404", "search",
                                            "partials/head", "partials/header", "partials/footer", "partials/list-item"]

    /// The site's own `themes/<name>/` when present, else the built-in default theme.
    /// `previous`: the theme the last load in this process returned (`zhendi serve`), taken as it
    /// is when its files are the same, instead of compiling every template again.
    static func load(siteRoot: URL, name: String, previous: Theme? = nil) -> (Theme?, [Diagnostic]) {
        let dir = siteRoot.appendingPathComponent("themes").appendingPathComponent(name)
        var files: [(String, Data)] = []
        var diagnostics: [Diagnostic] = []
        let origin: String
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue {
            origin = "themes/\(name)"
            // A site's theme overrides the built-in one file by file: a theme copied by an older
            // `zhendi init` keeps working when a newer version adds a template.
            let entries = FolderWalker(root: dir, displayPrefix: origin).files(diagnostics: &diagnostics)
            let own = Set(entries.map(\.relative))
            files = builtInFiles().filter { !own.contains($0.0) && $0.0.hasPrefix("templates/") }
            for entry in entries {
                guard let data = FileManager.default.contents(atPath: entry.url.path) else {
                    diagnostics.append(.error("theme.unreadable", file: "\(origin)/\(entry.relative)", "无法读取主题文件。"))
                    continue
                }
                files.append((entry.relative, data))
            }
        } else if name == "default" {
            origin = "themes/default（内置）"
            files = builtInFiles()
        } else {
            return (nil, [.error("theme.missing", file: "site.yml", line: nil,
                "找不到主题“\(name)”（应位于 themes/\(name)/）。",
                hint: "请检查 site.yml 中的 theme,或删除这一行以使用内置的默认主题。")])
        }
        let digest = sourceDigest(name: name, origin: origin, files: files)
        if let previous, previous.sourceDigest == digest { return (previous, diagnostics + previous.warnings) }
        var (theme, more) = build(name: name, origin: origin, files: files)
        theme?.sourceDigest = digest
        theme?.warnings = more
        return (theme, diagnostics + more)
    }

    private static func sourceDigest(name: String, origin: String, files: [(String, Data)]) -> UInt64 {
        var h = ContentHash(bytes: Array("\(name)\u{0}\(origin)".utf8))
        for (path, data) in files.sorted(by: { $0.0 < $1.0 }) {
            h = h.appending(Array("\u{0}\(path)\u{0}\(data.count)\u{0}".utf8)).appending(data)
        }
        return h.value
    }

    static func builtInFiles() -> [(String, Data)] {
        EmbeddedTheme.files.compactMap { entry in Data(base64Encoded: entry.base64).map { (entry.path, $0) } }
    }

    static func build(name: String, origin: String, files: [(String, Data)]) -> (Theme?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var sources: [String: (String, String)] = [:]
        var assets: [Asset] = []
        var assetPaths: [String: String] = [:]
        for (relative, data) in files.sorted(by: { $0.0 < $1.0 }) {
            let display = "\(origin)/\(relative)"
            if relative.hasPrefix("templates/"), relative.hasSuffix(".mustache") {
                let templateName = String(relative.dropFirst("templates/".count).dropLast(".mustache".count))
                guard let text = String(data: data, encoding: .utf8) else {
                    diagnostics.append(.error("theme.encoding", file: display, "模板文件不是 UTF-8 编码。", hint: SourceText.resaveHint))
                    continue
                }
                do {
                    // Same escaping as Mustache's HTML content type, on UTF-8 bytes instead of a
                    // dictionary lookup per Character (a large share of rendering Chinese text).
                    _ = FastHTMLContentType.registered
                    library.register(try MustacheTemplate(string: FastHTMLContentType.pragma + text), named: templateName)
                    sources[templateName] = (display, text)
                } catch let error as MustacheTemplate.ParserError {
                    diagnostics.append(.error("theme.syntax", file: display, line: error.context.lineNumber,
                        "模板语法错误（\(error.error)），位于第 \(error.context.columnNumber) 列：\(error.context.line.trimmingCharacters(in: .whitespaces))",
                        hint: "请检查 {{ }} 是否成对，区块 {{#名称}} 是否有对应的 {{/名称}}。"))
                } catch {
                    diagnostics.append(.error("theme.syntax", file: display, "模板语法错误：\(error)。"))
                }
            } else if relative.hasPrefix("static/") {
                let assetName = String(relative.dropFirst("static/".count))
                let ext = (assetName as NSString).pathExtension
                let data = ext == "js" ? Data(ScriptTrim.trimmed(Array(data))) : data
                let hash = ContentHash(bytes: data).hex()
                let stem = (assetName as NSString).deletingPathExtension
                let out = "/assets/\(stem).\(hash)" + (ext.isEmpty ? "" : ".\(ext)")
                assets.append(Asset(outputPath: out, data: data))
                let key = assetName.map { $0.isLetter || $0.isNumber ? $0 : "_" }
                assetPaths[String(key)] = out
            }
        }
        for required in requiredTemplates where sources[required] == nil {
            diagnostics.append(.error("theme.missing-template", file: "\(origin)/templates/\(required).mustache",
                "主题缺少模板 \(required).mustache。", hint: "可以从内置默认主题（zhendi init 生成的 themes/default）复制一份。"))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        let skeletons = TemplateSkeletons(templates: sources.mapValues(\.1), direct: library)
        let theme = Theme(name: name, origin: origin, library: library, skeletons: skeletons, sources: sources, assets: assets,
                          assetPaths: assetPaths, templateKeys: templateKeys(sources))
        diagnostics += TemplateLint.check(theme)
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (theme, diagnostics)
    }

    func render(_ context: [String: Any], template: String) -> String {
        skeletons?.render(context, template: template) ?? library.render(context, withTemplate: template) ?? ""
    }
}

/// Escapes exactly what Mustache's built-in HTML content type escapes (`& < > " '`), faster.
struct FastHTMLContentType: MustacheContentType {
    static let name = "ZHENDI_HTML"
    /// Prepended to every template (same line, so line numbers in messages do not move).
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"
    static let registered: Void = MustacheContentTypes.register(FastHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String { Escape.html(text) }
}
