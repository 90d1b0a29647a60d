import Foundation

/// Files the output will contain besides pages: `static/`, content attachments and theme assets,
/// keyed by site path (`/images/a.jpg`).
public struct FileIndex: Sendable {
    public var files: [String: StaticFile] = [:]
    /// Extra paths that exist in the output (theme assets, feeds, search data…).
    public var generated: Set<String> = []

    func contains(_ path: String) -> Bool { files[path] != nil || generated.contains(path) }
}

/// Image sizes, read once per file and shared by every page that shows the image.
final class ImageSizeCache: @unchecked Sendable {
    private let cache = Locked([String: (Int, Int)?]())

    func size(of file: StaticFile) -> (Int, Int)? {
        if let hit = cache.withLock({ $0[file.outputPath] }) { return hit }
        let s = ImageSize.read(file.url).map { ($0.width, $0.height) }
        cache.withLock { $0[file.outputPath] = s }
        return s
    }
}

/// The questions one page's link resolution asked the site (is there a page or a file at this
/// path, what is this content file's URL, is it withheld and why, how large is this image). A later
/// build asks them again: the same answers mean the page's links come out the same
/// (`ReusableRender`), so a new image in `static/` re-renders only the pages that show it.
final class LinkLookups: @unchecked Sendable {
    private(set) var queries: [String] = []

    func asked(_ kind: Character, _ key: String) { queries.append(String(kind) + key) }

    /// The queries whose answers differ between two graphs of the same files (questions about
    /// files and pictures have the same answers in both), given the only content files whose
    /// address may differ and the only page paths that may exist in one graph and not the other.
    static func changedQueries(from old: SiteGraph, to new: SiteGraph, contentPaths: [String], pagePaths: [String]) -> Set<String> {
        var out = Set<String>()
        for p in pagePaths where old.pagePaths.contains(p) != new.pagePaths.contains(p) { out.insert("p" + p) }
        for c in contentPaths where old.urlByContentPath[c] != new.urlByContentPath[c] { out.insert("c" + c) }
        // Unpublished items: few, compared whole.
        func differing(_ a: [String: Publication], _ b: [String: Publication], _ kind: String) {
            for k in Set(a.keys).union(b.keys) where a[k] != b[k] { out.insert(kind + k) }
        }
        differing(old.withheldURLs, new.withheldURLs, "w")
        differing(old.withheld, new.withheld, "h")
        return out
    }

    /// A fingerprint of the answers the site gives to `queries`.
    static func answers(to queries: [String], in graph: SiteGraph, files: FileIndex, imageSizes: ImageSizeCache) -> UInt64 {
        var f = ContextFingerprint()
        for q in queries {
            let key = String(q.dropFirst())
            f.add(q)
            switch q.first {
            case "p": f.add(graph.pagePaths.contains(key) ? "1" : "0")
            case "w": f.add(graph.withheldURLs[key]?.rawValue ?? "")
            case "c": f.add(graph.urlByContentPath[key] ?? "")
            case "f": f.add(files.contains(key) ? "1" : "0")
            case "i": f.add(files.files[key].map { file in imageSizes.size(of: file).map { "\($0.0)x\($0.1)" } ?? "-" } ?? "")
            default: f.add(graph.withheld[key]?.rawValue ?? "")
            }
        }
        return f.value
    }
}

/// Resolves what an editor wrote as a link or image in one page against the whole site:
/// `../lessons/a.md` (a content file), `../../news/b/` or `/news/b/` (a site URL), `images/x.jpg`
/// (a file). Internal targets are rewritten to root-relative URLs; missing ones are errors that
/// name the file and line; links to unpublished items are errors that say why.
struct SiteLinkResolver: MarkdownLinkResolver {
    let graph: SiteGraph
    let files: FileIndex
    let imageSizes: ImageSizeCache
    /// Site path of the page showing this content.
    let pageURL: String
    /// `content/news/a.md`
    let source: String
    /// Records what resolution asks the graph, when given.
    var lookups: LinkLookups? = nil

    private var sourceDir: String {
        // On scalars, as `FrontMatterParser.classify` splits paths.
        var parts = source.unicodeScalars.split(separator: "/").map { String(String.UnicodeScalarView($0)) }
        parts.removeLast()
        return parts.joined(separator: "/")
    }

    func resolveLink(_ destination: String, line: Int) -> LinkResolution {
        resolve(destination, line: line, image: false)
    }

    func resolveImage(_ source: String, line: Int) -> LinkResolution {
        resolve(source, line: line, image: true)
    }

    private func resolve(_ raw: String, line: Int, image: Bool) -> LinkResolution {
        // Foundation's trimming and percent-decoding showed in profiles of every page's links;
        // most destinations need neither.
        let spaces = CharacterSet.whitespaces
        let trimmed = raw.unicodeScalars.first.map { !spaces.contains($0) } == true && !spaces.contains(raw.unicodeScalars.last!)
        let destination = trimmed ? raw : raw.trimmingCharacters(in: spaces)
        if destination.isEmpty {
            return .problem(.error("link.empty", file: source, line: line,
                image ? "图片地址是空的。" : "链接地址是空的。", hint: "请在括号里写上地址，例如 [文字](../news/a.md)。"))
        }
        if let scheme = Self.scheme(of: destination) {
            if ["javascript", "vbscript", "data", "file"].contains(scheme) && !(image && destination.hasPrefix("data:image/")) {
                return .problem(.error("link.unsafe-scheme", file: source, line: line,
                    "不允许使用 \(scheme): 开头的链接。", hint: "请改为普通网址。"))
            }
            if image {
                return .problem(.warning("link.external-image", file: source, line: line,
                    "图片来自其他网站（\(destination.prefix(60))），读者打开页面时会连接那个网站，且图片可能失效。",
                    hint: "请把图片下载后放到 static/images/,再写成 /images/文件名。"))
            }
            return .keep
        }
        if destination.hasPrefix("//") { return .keep }

        // Split off ?query and #fragment; they are kept as written.
        var path = destination
        var suffix = ""
        if let i = path.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(path[i...])
            path = String(path[..<i])
        }
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? path.removingPercentEncoding ?? path : path

        if SiteInput.isMarkdown(decoded) {
            return resolveContentFile(decoded, suffix: suffix, line: line)
        }
        if decoded.isEmpty { return .keep }  // "?x" only

        // 1. As a site URL, relative to the page's own URL (how the browser will read it).
        let siteBase = graph.config.basePath
        var absolute: String?
        if decoded.hasPrefix("/") {
            var p = decoded
            if siteBase != "/", p.hasPrefix(siteBase) { p = "/" + p.dropFirst(siteBase.count) }
            absolute = Self.normalize(p)
        } else {
            absolute = Self.normalize(pageURL + decoded)
        }
        if let abs = absolute, let hit = existing(abs, image: image) {
            return finish(hit, suffix: suffix, image: image)
        }
        if let abs = absolute, let why = withheldReason(abs) {
            return hiddenTarget(destination, why: why, line: line)
        }
        // 2. Relative to the source file's folder (how the editor sees it on disk).
        if !decoded.hasPrefix("/"), let rel = Self.normalize("/" + sourceDir + "/" + decoded) {
            let inContent = rel.hasPrefix("/content/") ? String(rel.dropFirst("/content/".count)) : nil
            if let c = inContent {
                let stem = c.hasSuffix("/") ? String(c.dropLast()) : c
                for candidate in [stem + ".md", stem + "/_index.md", stem + "/index.md"] {
                    if let u = contentURL(candidate) { return finish(u, suffix: suffix, image: image, target: u) }
                    if let why = withheldContent(candidate) { return hiddenTarget(destination, why: why, line: line) }
                }
                if let hit = existing("/" + c, image: image) { return finish(hit, suffix: suffix, image: image) }
            }
        }
        let what = image ? "图片" : "链接"
        let shown = absolute ?? destination
        return .problem(.error(image ? "link.missing-image" : "link.broken", file: source, line: line,
            "\(what)“\(destination)”指向的 \(shown) 不存在。",
            hint: Self.backslashHint(destination) ?? (image ? "请确认图片放在 static/ 文件夹里，并以 / 开头书写路径，例如 /images/photo.jpg。"
                        : "请检查地址是否写错；链接到其他文章时，推荐直接写文章文件的相对路径，例如 ../news/a.md。")))
    }

    /// Windows paths (`images\a.png`) are what an editor on Windows types first.
    private static func backslashHint(_ path: String) -> String? {
        guard path.contains(where: { $0 == "\\" }) else { return nil }
        return "路径里用了反斜杠 \\（Windows 文件夹的写法），网页里的路径要用斜杠 /，例如 \(String(path.map { $0 == "\\" ? "/" : $0 }))。"
    }

    private func resolveContentFile(_ path: String, suffix: String, line: Int) -> LinkResolution {
        var candidate: String?
        if path.hasPrefix("/") {
            var p = String(path.dropFirst())
            if p.hasPrefix("content/") { p = String(p.dropFirst("content/".count)) }
            candidate = Self.normalize("/" + p).map { String($0.dropFirst()) }
        } else if let n = Self.normalize("/" + sourceDir + "/" + path), n.hasPrefix("/content/") {
            candidate = String(n.dropFirst("/content/".count))
        }
        guard let c = candidate else {
            return .problem(.error("link.broken", file: source, line: line,
                "链接“\(path)”指到了 content 文件夹之外。", hint: "链接到其他文章时，请写 content 里文件的相对路径，例如 ../news/a.md。"))
        }
        if let u = contentURL(c) { return finish(u, suffix: suffix, image: false, target: u) }
        if let why = withheldContent(c) { return hiddenTarget(path, why: why, line: line) }
        let hint = Self.backslashHint(path) ?? closestContentPath(to: c).map { "您是不是想链接到 \($0)?" }
            ?? "请检查文件名和路径（相对于当前文件所在的文件夹）。"
        return .problem(.error("link.missing-file", file: source, line: line,
            "链接的文件 content/\(c) 不存在。", hint: hint))
    }

    private func finish(_ sitePath: String, suffix: String, image: Bool, target: String? = nil) -> LinkResolution {
        let href = graph.config.basePath + sitePath.dropFirst() + suffix
        if image, let file = files.files[sitePath] {
            lookups?.asked("i", sitePath)
            let size = imageSizes.size(of: file)
            return .image(src: href, width: size?.0, height: size?.1)
        }
        return .rewrite(href: href, targetPath: suffix.hasPrefix("#") ? (target ?? sitePath) : nil)
    }

    /// The site path that exists for `abs`, accepting `/x` for `/x/` and `/x/index.html`.
    private func existing(_ abs: String, image: Bool) -> String? {
        if hasFile(abs) { return abs }
        if image { return nil }
        if hasPage(abs) { return abs }
        if !abs.hasSuffix("/"), hasPage(abs + "/") { return abs + "/" }
        if abs.hasSuffix("/index.html") {
            let dir = String(abs.dropLast("index.html".count))
            if hasPage(dir) { return dir }
        }
        return nil
    }

    private func withheldReason(_ abs: String) -> Publication? {
        withheldURL(abs) ?? withheldURL(abs.hasSuffix("/") ? abs : abs + "/")
    }

    // The site, asked through these so `lookups` sees every question (`LinkLookups.answers`).
    private func hasFile(_ path: String) -> Bool { lookups?.asked("f", path); return files.contains(path) }
    private func hasPage(_ path: String) -> Bool { lookups?.asked("p", path); return graph.pagePaths.contains(path) }
    private func withheldURL(_ url: String) -> Publication? { lookups?.asked("w", url); return graph.withheldURLs[url] }
    private func contentURL(_ path: String) -> String? { lookups?.asked("c", path); return graph.urlByContentPath[path] }
    private func withheldContent(_ path: String) -> Publication? { lookups?.asked("h", path); return graph.withheld[path] }

    /// Drafts and internal items are mistakes to link to (and naming them leaks them); a
    /// scheduled item will exist soon, so its link waits as plain text until the daily rebuild.
    private func hiddenTarget(_ destination: String, why: Publication, line: Int) -> LinkResolution {
        if why == .future {
            return .unlink(.warning("link.future-target", file: source, line: line,
                "链接“\(destination)”指向的内容还没到发布时间，暂时显示为普通文字，到发布日期重新生成后会自动恢复为链接。"))
        }
        return .problem(.error("link.unpublished-target", file: source, line: line,
               "链接“\(destination)”指向的内容不会公开发布（\(why.chineseReason)），读者点开会找不到页面。",
               hint: "请先发布目标内容，或删除这个链接。"))
    }

    private func closestContentPath(to c: String) -> String? {
        let known = Array(graph.urlByContentPath.keys) + Array(graph.withheld.keys)
        let dir = c.split(separator: "/").dropLast().joined(separator: "/")
        var best: (String, Int)?
        for k in known where k.split(separator: "/").dropLast().joined(separator: "/") == dir {
            let d = KeySuggestion.distance(k, c)
            if d <= 3, best == nil || d < best!.1 || (d == best!.1 && k < best!.0) { best = (k, d) }
        }
        return best.map { "content/" + $0.0 }
    }

    static func scheme(of s: String) -> String? {
        guard s.utf8.contains(UInt8(ascii: ":")), let colon = s.firstIndex(of: ":") else { return nil }
        let scheme = s[..<colon]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// Resolves `.` and `..` in an absolute path; nil when it climbs above the root.
    static func normalize(_ path: String) -> String? {
        // Most paths have nothing to resolve: no empty, `.` or `..` segment.
        let bytes = path.utf8
        if bytes.first == UInt8(ascii: "/"), !zip(bytes, bytes.dropFirst()).contains(where: { $0 == UInt8(ascii: "/") && ($1 == UInt8(ascii: "/") || $1 == UInt8(ascii: ".")) }) {
            return path
        }
        // Resolved on the UTF-8 bytes (segments compared byte for byte: no other spelling of
        // `.` or `..` exists): most links between articles climb out of their folder.
        var path = path
        return path.withUTF8 { u -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(u.count + 1)
            var starts: [Int] = []  // where each kept segment's "/" is in `out`
            var i = 0
            while i < u.count {
                if u[i] == UInt8(ascii: "/") { i += 1; continue }
                var j = i
                while j < u.count, u[j] != UInt8(ascii: "/") { j += 1 }
                let dot = UInt8(ascii: ".")
                if j - i == 1, u[i] == dot {
                    // "." stays where it is
                } else if j - i == 2, u[i] == dot, u[i + 1] == dot {
                    guard let last = starts.popLast() else { return nil }
                    out.removeSubrange(last...)
                } else {
                    starts.append(out.count)
                    out.append(UInt8(ascii: "/"))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: u[i..<j]))
                }
                i = j
            }
            if out.isEmpty { return "/" }
            // A path naming a folder ("/", "/.", "/..") keeps saying so.
            let n = u.count
            let trailing = u[n - 1] == UInt8(ascii: "/")
                || (n >= 2 && u[n - 2] == UInt8(ascii: "/") && u[n - 1] == UInt8(ascii: "."))
                || (n >= 3 && u[n - 3] == UInt8(ascii: "/") && u[n - 2] == UInt8(ascii: ".") && u[n - 1] == UInt8(ascii: "."))
            if trailing { out.append(UInt8(ascii: "/")) }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
