import Foundation

/// `zhendi check`: everything `build` validates, without writing anything, plus checks that need
/// the whole rendered site: links and images in the templates' output, oversized images.
public struct SiteChecker: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public struct Report: Sendable, Codable {
        public var findings: [Diagnostic]
        public var errors: Int { findings.filter { $0.severity == .error }.count }
        public var warnings: Int { findings.filter { $0.severity == .warning }.count }
    }

    public func run() -> Report {
        let sink = LinkCollectingSink()
        var findings: [Diagnostic]
        var result: BuildResult?
        do {
            result = try SiteBuilder(options: options).run(into: sink)
            findings = result!.diagnostics
        } catch let failed as BuildFailed {
            findings = failed.diagnostics
        } catch {
            findings = [.error("check.internal", file: nil, "\(error)")]
        }
        if sink.hasOutput {
            findings += sink.brokenLinks(basePath: sink.basePath ?? "/")
            findings += sink.imageSizeFindings
        }
        return Report(findings: Array(Set(findings)).sorted(by: Diagnostic.ordered))
    }
}

/// Keeps only what checks need from rendered pages: every file path, and every internal
/// `href`/`src` each HTML page contains.
final class LinkCollectingSink: OutputSink, @unchecked Sendable {
    private let state = Locked((paths: Set<String>(), links: [String: [String]]()))
    private let images = Locked([Diagnostic]())
    var basePath: String?
    var hasOutput: Bool { !state.withLock { $0.paths.isEmpty } }
    var imageSizeFindings: [Diagnostic] { images.withLock { $0 } }

    func write(_ path: String, _ data: Data) throws {
        var links: [String] = []
        if path.hasSuffix(".html") {
            links = Self.internalLinks(in: data)
        }
        state.withLock {
            $0.paths.insert(path)
            if !links.isEmpty { $0.links[path] = links }
        }
    }

    func copy(_ path: String, from source: URL) throws {
        state.withLock { _ = $0.paths.insert(path) }
    }

    func noteImage(_ d: Diagnostic) { images.withLock { $0.append(d) } }

    static func internalLinks(in data: Data) -> [String] {
        var out: [String] = []
        let bytes = [UInt8](data)
        let patterns: [[UInt8]] = [Array(" href=\"".utf8), Array(" src=\"".utf8)]
        var i = 0
        while i < bytes.count {
            var matched: [UInt8]? = nil
            for p in patterns where bytes[i] == p[0] && i + p.count <= bytes.count && Array(bytes[i..<i + p.count]) == p {
                matched = p
                break
            }
            guard let p = matched else { i += 1; continue }
            let start = i + p.count
            var end = start
            while end < bytes.count, bytes[end] != 34 { end += 1 }
            let value = String(decoding: bytes[start..<end], as: UTF8.self)
            if value.hasPrefix("/"), !value.hasPrefix("//") { out.append(value) }
            i = end
        }
        return out
    }

    /// Links written by templates (menus, pagination, assets…) that point to no file.
    func brokenLinks(basePath: String) -> [Diagnostic] {
        let (paths, links) = state.withLock { ($0.paths, $0.links) }
        var out: [Diagnostic] = []
        for (page, targets) in links.sorted(by: { $0.key < $1.key }) {
            for raw in Set(targets).sorted() {
                var t = raw.replacingOccurrences(of: "&amp;", with: "&")
                if let i = t.firstIndex(where: { $0 == "#" || $0 == "?" }) { t = String(t[..<i]) }
                t = t.removingPercentEncoding ?? t
                if basePath != "/", t.hasPrefix(basePath) { t = "/" + t.dropFirst(basePath.count) }
                guard let n = SiteLinkResolver.normalize(t) else { continue }
                let ok = paths.contains(n) || paths.contains(n.hasSuffix("/") ? n + "index.html" : n + "/index.html")
                if !ok {
                    out.append(.error("check.broken-template-link", file: "public" + page, line: nil,
                        "页面中的链接 \(raw) 指向的文件不存在（这个链接来自主题模板或网站设置）。",
                        hint: "请检查主题模板和 site.yml 的 menu 中的网址。"))
                }
            }
        }
        return out
    }
}
