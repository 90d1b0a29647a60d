import XCTest
@testable import ZhendiKit

/// `zhendi build` after an edit reuses the previous build (`.zhendi-cache/`) and must leave the
/// output exactly as a clean build of the same files would: every byte of every file.
final class IncrementalBuildTests: XCTestCase {
    /// A copy of the sample portal (sections, series, branches with profiles, topics, intros).
    func makePortal() throws -> TempSite {
        let site = try TempSite([:])
        let fm = FileManager.default
        for name in ["content", "static", "site.yml"] {
            try? fm.removeItem(at: site.root.appendingPathComponent(name))
            try fm.copyItem(at: repositoryRoot.appendingPathComponent(name), to: site.root.appendingPathComponent(name))
        }
        return site
    }

    /// The output folder against a clean build of the same files made in memory (which leaves
    /// the cache alone).
    func assertSameAsCleanBuild(_ site: TempSite, file: StaticString = #filePath, line: UInt = #line) throws {
        let clean = MemorySink()
        _ = try SiteBuilder(options: site.options()).run(into: clean)
        var expected = clean.contents
        for (path, url) in clean.copiedFiles { expected[path] = try Data(contentsOf: url) }
        let actual = OutputTree.files(site.output)
        XCTAssertEqual(Set(actual.keys), Set(expected.keys.map { String($0.dropFirst()) }), "same files", file: file, line: line)
        for (path, data) in expected where actual[String(path.dropFirst())] != data {
            let a = String(decoding: actual[String(path.dropFirst())] ?? Data(), as: UTF8.self), b = String(decoding: data, as: UTF8.self)
            let i = zip(a, b).prefix { $0 == $1 }.count
            XCTFail("\(path) differs from a clean build: …\(a.dropFirst(max(0, i - 80)).prefix(160)) ≠ …\(b.dropFirst(max(0, i - 80)).prefix(160))", file: file, line: line)
        }
    }

    /// Replaces the body's first paragraph (so summaries change) and appends `extra`.
    func editBody(_ site: TempSite, _ path: String, firstParagraph: String, extra: String = "") throws {
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        let parts = text.components(separatedBy: "\n---\n")
        XCTAssertGreaterThanOrEqual(parts.count, 2, path)
        let body = parts.dropFirst().joined(separator: "\n---\n")
        let rest = body.components(separatedBy: "\n\n").drop { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.dropFirst()
        try site.write(path, parts[0] + "\n---\n\n" + firstParagraph + "\n\n" + rest.joined(separator: "\n\n") + extra + "\n")
    }

    func testBodyEditsRenderOnlyWhatTheyAffectAndMatchACleanBuild() throws {
        let site = try makePortal()
        defer { site.remove() }
        let first = try site.build()
        XCTAssertNil(first.renderedItems, "the first build is a full one")
        let articles = OutputTree.files(site.output).keys.filter { $0.hasSuffix("index.html") }.count

        let edits: [(String, String)] = [
            ("content/news/2024-05-dushuban.md", ""),
            ("content/lessons/dangwu-02.md", "\n\n## 新增的小节\n\n![党章学习图示](/images/lessons/dangzhang.png)"),
            ("content/branches/fenglin-cun.md", ""),       // a branch profile, shown on its branch page
            ("content/topics/xiangcun-zhenxing.md", ""),   // a topic's intro, summarised on the home page
            ("content/_index.md", ""),                     // the home page's intro
            ("content/news/_index.md", ""),                // a section's intro
        ]
        for (n, (path, extra)) in edits.enumerated() {
            try editBody(site, path, firstParagraph: "第\(n)次修改：这是改写后的开头一段，检验增量生成与完整生成结果一致。", extra: extra)
            let result = try site.build()
            XCTAssertEqual(result.renderedItems, 1, path)
            XCTAssertLessThan(result.pages, articles / 4, "\(path): only the pages that show it are written")
            try assertSameAsCleanBuild(site)
        }

        // Several files at once, and the search index finds the new words.
        try editBody(site, "content/news/2024-03-zhishu.md", firstParagraph: "一次修改两篇：琉璃瓦屋顶维修完毕。")
        try editBody(site, "content/exemplars/cunguan-xu.md", firstParagraph: "一次修改两篇：翡翠色茶园迎来丰收。")
        let result = try site.build()
        XCTAssertEqual(result.renderedItems, 2)
        try assertSameAsCleanBuild(site)
        let folders = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("search").path)
        XCTAssertEqual(folders.filter { !$0.contains(".") }.count, 1, "the previous index folder is removed: \(folders)")
    }

    func testStructuralChangesBuildEverything() throws {
        let site = try makePortal()
        defer { site.remove() }
        try site.build()
        // A new title changes lists, tags, feeds…: not an incremental case.
        let path = "content/news/2024-05-dushuban.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.write(path, text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 【更新】"))
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)
        // A new file too.
        try site.write("content/news/2025-01-xin.md", article("新增的一篇", date: "2025-01-02T09:00:00+08:00"))
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)
        // The theme, site.yml and static files too.
        try site.write("static/extra.txt", "新增的静态文件")
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)
        // And then a body edit is incremental again.
        try editBody(site, path, firstParagraph: "结构变化之后的正文修改。")
        XCTAssertEqual(try site.build().renderedItems, 1)
        try assertSameAsCleanBuild(site)
    }

    func testAFailedIncrementalBuildLeavesTheOutputUntouched() throws {
        let site = try makePortal()
        defer { site.remove() }
        try site.build()
        let before = OutputTree.hash(site.output)
        let path = "content/news/2024-05-dushuban.md"
        try editBody(site, path, firstParagraph: "正文里有一个坏链接：[不存在的文章](./no-such-article.md)。")
        let diagnostics = site.failingBuild()
        XCTAssertTrue(diagnostics.contains { $0.file == path && $0.severity == .error }, "\(diagnostics.map(\.formatted))")
        XCTAssertEqual(OutputTree.hash(site.output), before)
        try editBody(site, path, firstParagraph: "坏链接已经改好。")
        XCTAssertEqual(try site.build().renderedItems, 1)
        try assertSameAsCleanBuild(site)
    }

    func testFindingsOfPagesNotRenderedAgainAreStillReported() throws {
        let site = try makePortal()
        defer { site.remove() }
        // A body finding (missing anchor) and a front matter one (unknown key, from the parse cache).
        try editBody(site, "content/news/2024-03-zhishu.md", firstParagraph: "指向不存在的小节：[看这里](#no-such-heading)。")
        let path = site.root.appendingPathComponent("content/news/2024-03-zhishu.md")
        try site.write("content/news/2024-03-zhishu.md", try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "\ntitle:", with: "\ncolour: red\ntitle:"))
        let warned = try site.build().diagnostics.filter { $0.file == "content/news/2024-03-zhishu.md" }
        XCTAssertEqual(Set(warned.map(\.code)), ["link.missing-anchor", "yaml.unknown-key"], "\(warned.map(\.formatted))")
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "另一篇文章的修改。")
        let result = try site.build()
        XCTAssertEqual(result.renderedItems, 1)
        XCTAssertEqual(result.diagnostics.filter { $0.file == "content/news/2024-03-zhishu.md" }, warned)
    }

    func testAnOutputFolderChangedByHandOrADamagedCacheMeansAFullBuild() throws {
        let site = try makePortal()
        defer { site.remove() }
        try site.build()
        try FileManager.default.removeItem(at: site.output)
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "输出文件夹被删除之后。")
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)

        try site.write(".zhendi-cache/pages.bin", "不是缓存文件")
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "缓存文件损坏之后。")
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)

        // The published index folder deleted by hand: a full build.
        let search = site.output.appendingPathComponent("search")
        for name in try FileManager.default.contentsOfDirectory(atPath: search.path) where !name.contains(".") {
            try FileManager.default.removeItem(at: search.appendingPathComponent(name))
        }
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "索引文件夹被删除之后。")
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)

        // A segment file of the search index gone: also a full build, not a broken index.
        let cache = site.root.appendingPathComponent(".zhendi-cache")
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) where name.hasPrefix("search-") {
            try FileManager.default.removeItem(at: cache.appendingPathComponent(name))
        }
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "索引缓存丢失之后。")
        XCTAssertNil(try site.build().renderedItems)
        try assertSameAsCleanBuild(site)
    }
}
