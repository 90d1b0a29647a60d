import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import ZhendiKit

/// Editor safety: every mistake is explained with file and line, nothing unpublished leaks,
/// and a failed build never changes the previous output.
final class SafetyTests: XCTestCase {
    /// Builds once successfully, applies `change`, expects the next build to fail with a finding
    /// `code` in `file`, and proves the output folder did not change.
    func assertFailsCleanly(_ site: TempSite, code: String, file: String, line: Int? = nil,
                            change: () throws -> Void, _ sourceLine: UInt = #line) throws -> Diagnostic? {
        try site.build()
        let before = OutputTree.hash(site.output)
        try change()
        let diags = site.failingBuild()
        let d = diags.first { $0.code == code }
        XCTAssertNotNil(d, "expected \(code) in \(diags.map(\.formatted))", line: sourceLine)
        XCTAssertEqual(d?.file, file, line: sourceLine)
        if let line { XCTAssertEqual(d?.line, line, line: sourceLine) }
        XCTAssertEqual(OutputTree.hash(site.output), before, "the previous output changed", line: sourceLine)
        return d
    }

    // MARK: privacy guard

    func testResidentIDNumberFailsTheBuildWithAMaskedMessage() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        let d = try assertFailsCleanly(site, code: "privacy.resident-id", file: "content/news/b.md", line: 7) {
            try site.write("content/news/b.md", article("乙", body: "第一行\n党员王某，身份证号 11010519491231002X，已转入。"))
        }
        XCTAssertTrue(d?.message.contains("110105**********2X") ?? false, d?.message ?? "")
        XCTAssertFalse(d?.formatted.contains("11010519491231002X") ?? true, "the full number must not be printed")
    }

    func testNumbersThatAreNotValidIDsPass() {
        let g = PrivacyGuard(allowed: [])
        XCTAssertEqual(g.scan("编号 110105194912310021 校验位不对"), [])
        XCTAssertEqual(g.scan("流水号 ABC11010519491231002X"), [])
        XCTAssertEqual(g.scan("金额 1234567890123456789 元"), [])
    }

    func testMobileNumberIsWarnedAndCanBeAllowed() throws {
        let g = PrivacyGuard(allowed: [])
        XCTAssertEqual(g.scan("联系电话：138 1234 5678").map(\.kind), [.mobile])
        XCTAssertEqual(g.scan("座机 0571-8888 1234"), [])
        let site = try TempSite([
            "content/news/a.md": article("甲", body: "联系人手机 13812345678。"),
            "content/about.md": "---\ntitle: 关于\nallow_numbers: [\"13900001111\"]\n---\n服务热线 13900001111\n",
        ])
        defer { site.remove() }
        let result = try site.build()
        XCTAssertEqual(result.diagnostics.map(\.code), ["privacy.mobile"])
        XCTAssertEqual(result.diagnostics.first?.file, "content/news/a.md")
        XCTAssertEqual(result.diagnostics.first?.line, 6)
    }

    func testIDNumberAllowedInSiteConfigAndIgnoredInInternalItems() throws {
        let site = try TempSite([
            "content/news/a.md": article("甲", body: "示例号码 11010519491231002X。"),
            "content/news/b.md": article("内部", extra: "visibility: internal\n", body: "名单 110101199003074477"),
        ], siteYML: "title: 测试\nprivacy:\n  allow: [\"11010519491231002X\"]\n")
        defer { site.remove() }
        XCTAssertEqual(try site.build().diagnostics, [])
    }

    func testIDNumberInAStaticTextFileIsCaught() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        _ = try assertFailsCleanly(site, code: "privacy.resident-id", file: "static/files/members.csv", line: 2) {
            try site.write("static/files/members.csv", "姓名,身份证\n张三,110101199003074477\n")
        }
    }

    // MARK: visibility

    func testUnpublishedItemsLeaveNoTraceInAnyOutput() throws {
        let marker = "ZHENDIMARKER"
        let site = try TempSite([
            "content/lessons/1.md": article("第一讲", extra: "series: 系列\norder: 1\n"),
            "content/lessons/2.md": article("第二讲\(marker)", extra: "series: 系列\norder: 2\ndraft: true\ntags: [标签\(marker)]\n", body: marker),
            "content/lessons/3.md": article("第三讲", extra: "series: 系列\norder: 3\n"),
            "content/news/i.md": article("内部\(marker)", extra: "visibility: internal\nbranch: 支部\(marker)\nseries: 系列\(marker)\n", body: marker),
            "content/news/f.md": article("未来\(marker)", date: "2031-01-01", extra: "tags: [未来\(marker)]\n", body: marker),
            "content/branches/x.md": "---\ntitle: 内部支部\(marker)\nvisibility: internal\n---\n\(marker)",
            "content/topics/t.md": "---\ntitle: 专题\(marker)\ndraft: true\n---\n\(marker)",
        ])
        defer { site.remove() }
        try site.build()
        let files = OutputTree.files(site.output)
        XCTAssertFalse(files.isEmpty)
        for (path, data) in files {
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(marker), "marker leaked into \(path)")
        }
        // prev/next skip the draft lesson
        let third = try XCTUnwrap(site.read("lessons/3/index.html"))
        XCTAssertTrue(third.contains("href=\"/lessons/1/\" rel=\"prev\""))
    }

    // MARK: safe HTML and escaping

    func testRawHTMLIsDroppedWithAWarningUnlessAllowed() throws {
        let body = "段落<span onclick=\"x()\">文字</span>\n\n<script>alert(1)</script>\n"
        let site = try TempSite(["content/news/a.md": article("甲", body: body)])
        defer { site.remove() }
        let result = try site.build()
        XCTAssertTrue(result.diagnostics.allSatisfy { $0.code == "markdown.raw-html" && $0.file == "content/news/a.md" })
        XCTAssertFalse(result.diagnostics.isEmpty)
        let html = try XCTUnwrap(site.read("news/a/index.html"))
        XCTAssertFalse(html.contains("onclick"))
        XCTAssertFalse(html.contains("<script>alert"))

        let allowed = try TempSite(["content/news/a.md": article("甲", body: body)], siteYML: "title: 测试\nmarkdown:\n  unsafeHTML: true\n")
        defer { allowed.remove() }
        try allowed.build()
        let unsafe = try XCTUnwrap(allowed.read("news/a/index.html"))
        XCTAssertTrue(unsafe.contains("<span onclick"))
        XCTAssertTrue(unsafe.contains("&lt;script>alert(1)&lt;/script>"), "the GFM tag filter still applies")
    }

    func testFrontMatterValuesAreEscapedInEveryOutputFormat() throws {
        let evil = "<script>alert(\\\"x\\\")</script> & ]]> \\u0008尾"
        let site = try TempSite([
            "content/news/a.md": "---\ntitle: \"\(evil)\"\ndate: 2025-01-01\ntags: [\"<b>标签</b>\"]\nauthor: \"</script><script>a()</script>\"\n---\n正文\n",
        ])
        defer { site.remove() }
        try site.build()
        // Search result records are data read by the runtime with fetch() and escaped when
        // shown; every other file must carry the values escaped for its format.
        let excerpt = try NSRegularExpression(pattern: #"^search/[0-9a-f]+/x/\d+\.bin$"#)
        for (path, data) in OutputTree.files(site.output) where !path.hasPrefix("assets/")
            && excerpt.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) == nil {
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(text.contains("<script>alert"), "unescaped title in \(path)")
            XCTAssertFalse(text.contains("<b>标签</b>"), "unescaped tag in \(path)")
            XCTAssertFalse(text.contains("</script><script>a()"), "unescaped author in \(path)")
        }
        for feed in ["feed.xml", "atom.xml", "sitemap.xml"] {
            let parser = XMLParser(data: try Data(contentsOf: site.output.appendingPathComponent(feed)))
            XCTAssertTrue(parser.parse(), "\(feed): \(String(describing: parser.parserError))")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent("feed.json"))) as? [String: Any]
        let item = (json?["items"] as? [[String: Any]])?.first
        XCTAssertEqual(item?["title"] as? String, "<script>alert(\"x\")</script> & ]]> \u{8}尾")
    }

    // MARK: paths

    func testSlugsCannotEscapeTheOutputFolder() throws {
        for (slug, expected) in [("../../etc", "front-matter.bad-slug"), ("/abs/path", "front-matter.bad-slug"), ("con", "front-matter.bad-slug")] {
            let site = try TempSite(["content/news/a.md": article("甲", extra: "slug: \"\(slug)\"\n")])
            defer { site.remove() }
            let d = site.failingBuild().first { $0.code == expected }
            XCTAssertEqual(d?.file, "content/news/a.md", slug)
            XCTAssertEqual(d?.line, 4, slug)
        }
        let nul = try TempSite(["content/news/nul.md": article("甲")])
        defer { nul.remove() }
        XCTAssertTrue(nul.failingBuild().contains { $0.code == "front-matter.reserved-slug" && $0.file == "content/news/nul.md" })
    }

    func testSectionFolderWithUnsafeNameIsRejected() throws {
        let site = try TempSite(["content/My Folder/a.md": article("甲")])
        defer { site.remove() }
        XCTAssertTrue(site.failingBuild().contains { $0.code == "site.bad-section-folder" && $0.file == "content/My Folder" })
    }

    // MARK: bad input

    func testGBKFileIsExplainedWithHowToResave() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        // "标题" and "正文" in GBK.
        let gbk: [UInt8] = Array("---\ntitle: ".utf8) + [0xB1, 0xEA, 0xCC, 0xE2] + Array("\ndate: 2025-01-01\n---\n".utf8) + [0xD5, 0xFD, 0xCE, 0xC4]
        let d = try assertFailsCleanly(site, code: "encoding.not-utf8", file: "content/news/gbk.md", line: 2) {
            try site.write("content/news/gbk.md", Data(gbk))
        }
        XCTAssertTrue(d?.message.contains("GBK") ?? false)
        XCTAssertTrue(d?.hint?.contains("UTF-8") ?? false)
    }

    func testUTF16FileIsExplained() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        var data = Data([0xFF, 0xFE])
        data.append(article("乙").data(using: .utf16LittleEndian)!)
        _ = try assertFailsCleanly(site, code: "encoding.utf16", file: "content/news/b.md") {
            try site.write("content/news/b.md", data)
        }
    }

    func testBOMAndCRLFJustWork() throws {
        let text = "\u{FEFF}---\r\ntitle: 视窗文件\r\ndate: 2025-01-01\r\n---\r\n\r\n第一行\r\n\r\n[坏链接](nothing.md)\r\n"
        let site = try TempSite(["content/news/a.md": text])
        defer { site.remove() }
        let d = site.failingBuild()
        XCTAssertEqual(d.map(\.code), ["link.missing-file"])
        XCTAssertEqual(d.first?.line, 8, "line numbers count CRLF lines correctly")
        try site.write("content/news/a.md", text.replacingOccurrences(of: "[坏链接](nothing.md)", with: "完"))
        try site.build()
        XCTAssertTrue(try XCTUnwrap(site.read("news/a/index.html")).contains("<h1 class=\"p-name\">视窗文件</h1>"))
    }

    func testEmptyFileIsAClearError() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        _ = try assertFailsCleanly(site, code: "front-matter.missing", file: "content/news/empty.md", line: 1) {
            try site.write("content/news/empty.md", "")
        }
    }

    func testHugeFileDeepNestingAndManyTagsBuild() throws {
        let paragraph = String(repeating: "基层党组织建设是党的建设的基础工程。", count: 50) + "\n\n"
        let huge = String(repeating: paragraph, count: 20_000 * 1_000 / paragraph.utf8.count / 1)  // ~20 MB
        let nested = String(repeating: "> ", count: 3000) + "深\n\n" + (0..<2000).map { String(repeating: "  ", count: $0) + "- 项\n" }.joined()
        let tags = (0..<10_000).map { "\"t\($0)\"" }.joined(separator: ", ")
        let site = try TempSite([
            "content/news/huge.md": article("大文件", body: huge),
            "content/news/nested.md": article("嵌套", body: nested),
            "content/news/tags.md": article("标签", extra: "tags: [\(tags)]\n"),
        ])
        defer { site.remove() }
        try site.build()
        XCTAssertTrue(site.exists("news/huge/index.html"))
        XCTAssertTrue(site.exists("news/nested/index.html"))
        XCTAssertTrue(site.exists("tags/t9999/index.html"))
    }

    func testSymlinkLoopIsReported() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        _ = try assertFailsCleanly(site, code: "files.symlink-loop", file: "content/news/loop/loop") {
            try FileManager.default.createDirectory(at: site.root.appendingPathComponent("content/news/loop"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("content/news/loop/loop").path, withDestinationPath: "..")
        }
    }

    func testDanglingSymlinkAndSpecialFilesAreReported() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        _ = try assertFailsCleanly(site, code: "files.broken-symlink", file: "content/news/gone.md") {
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("content/news/gone.md").path, withDestinationPath: "/nonexistent/x.md")
        }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/news/gone.md"))
        XCTAssertEqual(mkfifo(site.root.appendingPathComponent("content/news/pipe.md").path, 0o644), 0)
        let result = try site.build()  // must not hang on the FIFO
        XCTAssertEqual(result.diagnostics.map(\.code), ["files.special"])
    }

    func testFileNamesInGBKAreExplainedOrStillBuild() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        let news = site.root.appendingPathComponent("content/news")
        // 党建.md in GBK is not UTF-8: no name could open it again, so it is an error saying why.
        _ = try assertFailsCleanly(site, code: "files.name-encoding", file: "content/news/\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}.md") {
            try writeFile(in: news, rawName: [0xB5, 0xB3, 0xBD, 0xA8] + Array(".md".utf8), article("乙"))
        }
        let gbkPath = Array(news.path.utf8) + [UInt8(ascii: "/"), 0xB5, 0xB3, 0xBD, 0xA8] + Array(".md".utf8) + [0]
        XCTAssertEqual(gbkPath.withUnsafeBufferPointer { unlink(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self)) }, 0)
        // 通知.md in GBK happens to be UTF-8 that starts with a combining mark: the article stays in
        // its section (the mark used to join the "/" before it, hiding the folder).
        try writeFile(in: news, rawName: [0xCD, 0xA8, 0xD6, 0xAA] + Array(".md".utf8), article("乙"))
        let result = try site.build()
        XCTAssertFalse(result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics.map(\.formatted))")
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("news/yi/index.html").path))
    }

    func testArticlesSavedAsTextOrWithAnUpperCaseExtensionAreNotPublishedAsFiles() throws {
        let site = try TempSite(["content/news/a.md": article("甲"), "content/news/c.MD": article("丙"),
                                 "content/news/说明.txt": "附件说明。\n"])
        defer { site.remove() }
        try site.build()
        let fm = FileManager.default
        XCTAssertTrue(fm.fileExists(atPath: site.output.appendingPathComponent("news/c/index.html").path), "c.MD is an article")
        XCTAssertFalse(fm.fileExists(atPath: site.output.appendingPathComponent("news/c.MD").path))
        XCTAssertTrue(fm.fileExists(atPath: site.output.appendingPathComponent("news/说明.txt").path), "a text attachment is still published")
        // Notepad's "文章.md.txt": published as it is, its internal setting would not protect it.
        _ = try assertFailsCleanly(site, code: "content.saved-as-txt", file: "content/news/b.md.txt") {
            try site.write("content/news/b.md.txt", "\u{FEFF}" + article("乙", extra: "visibility: internal\n"))
        }
    }

    func testUnreadableFileIsReported() throws {
        guard getuid() != 0 else { throw XCTSkip("root can read every file") }
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        _ = try assertFailsCleanly(site, code: "files.unreadable", file: "content/news/secret.md") {
            try site.write("content/news/secret.md", article("乙"))
            chmod(site.root.appendingPathComponent("content/news/secret.md").path, 0)
        }
    }

    func testContentFolderVanishingMidBuildKeepsTheOldOutput() throws {
        let site = try TempSite(["content/news/a.md": article("甲", body: "![图](/images/a.png)")])
        defer { site.remove() }
        try site.write("static/images/a.png", Data([0x89, 0x50, 0x4E, 0x47]))
        try site.build()
        let before = OutputTree.hash(site.output)
        var options = site.options()
        let root = site.root
        options.afterLoad = {
            try? FileManager.default.removeItem(at: root.appendingPathComponent("content"))
            try? FileManager.default.removeItem(at: root.appendingPathComponent("static"))
        }
        XCTAssertThrowsError(try SiteBuilder(options: options).build()) { error in
            let d = (error as? BuildFailed)?.diagnostics.first { $0.code == "output.copy" }
            XCTAssertEqual(d?.file, "static/images/a.png")
        }
        XCTAssertEqual(OutputTree.hash(site.output), before)
    }

    // MARK: check

    func testCheckReportsTemplateLinksUnknownKeysAndHugeImages() throws {
        let site = try TempSite([
            "content/news/a.md": "---\ntitle: 甲\ndate: 2025-01-01\ntilte: 错\n---\n\n![大图](/images/big.jpg)\n",
        ], siteYML: "title: 测试\nimages:\n  warnKB: 1\nmenu:\n  - name: 首页\n    url: /\n  - name: 不存在\n    url: /nowhere/\n")
        defer { site.remove() }
        try site.write("static/images/big.jpg", Data(repeating: 0xFF, count: 4096))
        let report = SiteChecker(options: site.options()).run()
        let codes = Set(report.findings.map(\.code))
        XCTAssertTrue(codes.isSuperset(of: ["yaml.unknown-key", "image.too-large", "check.broken-template-link"]), "\(codes)")
        XCTAssertEqual(report.findings.first { $0.code == "image.too-large" }?.line, 7)
        XCTAssertEqual(report.findings.first { $0.code == "yaml.unknown-key" }?.line, 4)
        XCTAssertGreaterThan(report.errors, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path), "check writes nothing")
    }
}
