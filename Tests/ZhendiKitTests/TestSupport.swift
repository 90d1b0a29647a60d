import Foundation
import XCTest
@testable import ZhendiKit

/// A throwaway site folder built from a dictionary of files, plus helpers to build it and read
/// the output. Every end-to-end test builds a real site on disk.
struct TempSite {
    let root: URL

    init(_ files: [String: String], siteYML: String = "title: 测试网站\nbaseURL: https://example.org/\n") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("zhendi-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("site.yml", siteYML)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    var output: URL { root.appendingPathComponent("public") }

    /// Fixed "now" so future-dated tests do not depend on the clock: 2025-06-01T00:00:00+08:00.
    static let now = Date(timeIntervalSince1970: 1_748_707_200)

    func options(drafts: Bool = false, future: Bool = false, now: Date = TempSite.now) -> BuildOptions {
        var o = BuildOptions(source: root)
        o.includeDrafts = drafts
        o.includeFuture = future
        o.now = now
        return o
    }

    @discardableResult
    func build(drafts: Bool = false, future: Bool = false, now: Date = TempSite.now) throws -> BuildResult {
        try SiteBuilder(options: options(drafts: drafts, future: future, now: now)).build()
    }

    /// Builds and returns the findings of a build that is expected to fail.
    func failingBuild() -> [Diagnostic] {
        do {
            _ = try build()
            XCTFail("build should have failed")
            return []
        } catch let failed as BuildFailed {
            return failed.diagnostics
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    func read(_ path: String) -> String? {
        try? String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

enum OutputTree {
    /// Relative path → bytes of every file under `dir`.
    static func files(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        let base = dir.standardizedFileURL.path
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let rel = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            out[rel] = try? Data(contentsOf: url)
        }
        return out
    }

    /// One hash over every path and byte, to prove a folder did not change.
    static func hash(_ dir: URL) -> ContentHash {
        var bytes = [UInt8]()
        for (path, data) in files(dir).sorted(by: { $0.key < $1.key }) {
            bytes += Array(path.utf8) + [0] + Array(ContentHash(bytes: data).hex(length: 16).utf8)
        }
        return ContentHash(bytes: bytes)
    }

    /// Every `href`/`src` in every HTML file that points inside the site and does not resolve to
    /// a file in the output, as "page → target".
    static func brokenInternalLinks(_ dir: URL, basePath: String = "/") -> [String] {
        let all = files(dir)
        var broken: [String] = []
        let pattern = try! NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
        for (path, data) in all where path.hasSuffix(".html") {
            guard let html = String(data: data, encoding: .utf8) else { continue }
            let pageDir = "/" + (path as NSString).deletingLastPathComponent + "/"
            for m in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                var target = String(html[Range(m.range(at: 1), in: html)!])
                target = target.replacingOccurrences(of: "&amp;", with: "&")
                if target.isEmpty || target.hasPrefix("#") || target.contains("://") || target.hasPrefix("mailto:") || target.hasPrefix("tel:") || target.hasPrefix("data:") || target.hasPrefix("//") { continue }
                if let i = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<i]) }
                target = target.removingPercentEncoding ?? target
                var abs = target.hasPrefix("/") ? target : pageDir + target
                if basePath != "/", abs.hasPrefix(basePath) { abs = "/" + abs.dropFirst(basePath.count) }
                guard let norm = SiteLinkResolver.normalize(abs) else { broken.append("\(path) → \(target)"); continue }
                let rel = String(norm.dropFirst())
                let ok = all[rel] != nil || all[rel + (rel.hasSuffix("/") || rel.isEmpty ? "" : "/") + "index.html"] != nil
                if !ok { broken.append("\(path) → \(target)") }
            }
        }
        return broken.sorted()
    }
}

/// The repository root (for the sample portal and ../shared).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A front matter block with the usual keys.
func article(_ title: String, date: String = "2025-05-01T09:30:00+08:00", extra: String = "", body: String = "正文内容。") -> String {
    "---\ntitle: \(title)\ndate: \(date)\n\(extra)---\n\n\(body)\n"
}

/// Writes `text` to a file named by raw bytes inside `folder` (names that are not UTF-8 cannot
/// be spelled as a Swift String).
func writeFile(in folder: URL, rawName: [UInt8], _ text: String) throws {
    let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + rawName + [0]
    let fd = path.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
    guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
}
