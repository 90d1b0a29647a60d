import XCTest
@testable import ZhendiKit

/// End-to-end: real sites built into temporary folders, inspected on disk.
final class BuildTests: XCTestCase {
    /// A tag made only of punctuation has no slug, so no page: dropped with a warning naming the
    /// file and the line of `tags`, the other tags kept.
    func testATagOfPunctuationOnlyIsDroppedWithAWarning() throws {
        let site = try TempSite(["content/news/a.md": article("文章", extra: "tags: [\"！！\", 党建]\n")])
        defer { site.remove() }
        let result = try site.build()
        let warnings = result.diagnostics.filter { $0.code == "front-matter.bad-tag" }
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(warnings.first?.file, "content/news/a.md")
        XCTAssertEqual(warnings.first?.line, 4)
        XCTAssertTrue(site.exists("tags/dang-jian/index.html"))
        XCTAssertEqual(try site.build().diagnostics.filter { $0.code == "front-matter.bad-tag" }.count, 1, "from the cache")
    }

    func testMinimalSiteWithOnlySiteYmlAndContentUsesTheBuiltInTheme() throws {
        let site = try TempSite(["content/news/hello.md": article("你好，阵地")])
        defer { site.remove() }
        let result = try site.build()
        XCTAssertEqual(result.diagnostics, [])
        let html = try XCTUnwrap(site.read("news/hello/index.html"))
        XCTAssertTrue(html.contains("<html lang=\"zh-CN\""))
        XCTAssertTrue(html.contains("你好，阵地"))
        XCTAssertTrue(html.contains("2025年5月1日"))
        XCTAssertTrue(site.exists("index.html"))
        XCTAssertTrue(site.exists("404.html"))
        XCTAssertTrue(site.exists("news/index.html"))
        let assets = try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("assets").path)
        XCTAssertTrue(assets.contains { $0.range(of: #"^zhendi\.[0-9a-f]{10}\.css$"#, options: .regularExpression) != nil }, "\(assets)")
        XCTAssertEqual(OutputTree.brokenInternalLinks(site.output), [])
        // Scripts are published without their comment lines (ScriptTrim).
        let runtime = try XCTUnwrap(assets.first { $0.hasPrefix("search.") && $0.hasSuffix(".js") })
        let js = try XCTUnwrap(site.read("assets/\(runtime)"))
        XCTAssertTrue(js.contains("ZhendiSearch"))
        XCTAssertFalse(js.split(separator: "\n").contains { $0.hasPrefix("//") || $0.hasPrefix(" ") }, "comment lines or indentation left")
    }

    func testChineseFileNamesTagsAndBranchesGetPinyinURLs() throws {
        let site = try TempSite([
            "content/news/主题党日活动.md": article("主题党日活动", extra: "tags: [党建, 三会一课]\nbranch: 东城街道第一党支部\n"),
        ])
        defer { site.remove() }
        try site.build()
        XCTAssertTrue(site.exists("news/zhu-ti-dang-ri-huo-dong/index.html"))
        XCTAssertTrue(site.exists("tags/dang-jian/index.html"))
        XCTAssertTrue(site.exists("tags/san-hui-yi-ke/index.html"))
        XCTAssertTrue(site.exists("branches/dong-cheng-jie-dao-di-yi-dang-zhi-bu/index.html"))
    }

    func testTagSpellingsSharingAnAddressAreOneTagNamedByTheFirstFile() throws {
        // "Café" composed and decomposed are the same name; "cafe" is another spelling of its address.
        let site = try TempSite([
            "content/news/a.md": article("甲文", date: "2025-05-01T09:00:00+08:00", extra: "tags: [Caf\u{E9}, 党建, 党建]\nbranch: \u{DC}nion\n"),
            "content/news/b.md": article("乙文", date: "2025-05-03T09:00:00+08:00", extra: "tags: [cafe]\n"),
            "content/news/c.md": article("丙文", date: "2025-05-02T09:00:00+08:00", extra: "tags: [Cafe\u{301}]\nbranch: U\u{308}nion\n"),
        ])
        defer { site.remove() }
        let result = try site.build()
        let merged = result.diagnostics.filter { $0.code == "site.tag-slug-collision" }
        XCTAssertEqual(merged.map(\.file), ["content/news/b.md"])
        let tag = try XCTUnwrap(site.read("tags/cafe/index.html"))
        XCTAssertTrue(tag.contains("Caf\u{E9}"))
        let order = ["乙文<", "丙文<", "甲文<"].map { tag.range(of: $0)?.lowerBound }
        XCTAssertFalse(order.contains(nil))
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted())
        XCTAssertEqual(try XCTUnwrap(site.read("tags/dang-jian/index.html")).components(separatedBy: "甲文<").count, 2)
        let branch = try XCTUnwrap(site.read("branches/union/index.html"))
        XCTAssertTrue(branch.contains("甲文<") && branch.contains("丙文<"))
    }

    func testSectionListsArePaginatedNewestFirst() throws {
        var files: [String: String] = [:]
        for i in 1...23 {
            let day = String(format: "%02d", i)
            files["content/news/n\(day).md"] = article("新闻\(i)", date: "2025-03-\(day)T09:00:00+08:00")
        }
        let site = try TempSite(files, siteYML: "title: 测试\npageSize: 10\n")
        defer { site.remove() }
        try site.build()
        let first = try XCTUnwrap(site.read("news/index.html"))
        XCTAssertTrue(site.exists("news/page/2/index.html"))
        XCTAssertTrue(site.exists("news/page/3/index.html"))
        XCTAssertFalse(site.exists("news/page/4/index.html"))
        let r23 = try XCTUnwrap(first.range(of: "新闻23<"))
        let r22 = try XCTUnwrap(first.range(of: "新闻22<"))
        XCTAssertLessThan(r23.lowerBound, r22.lowerBound)
        XCTAssertFalse(first.contains("新闻13<"))
        XCTAssertTrue(try XCTUnwrap(site.read("news/page/3/index.html")).contains("新闻1<"))
        XCTAssertTrue(first.contains("href=\"/news/page/2/\""))
    }

    func testLessonSeriesInOrderWithPrevNext() throws {
        let site = try TempSite([
            "content/lessons/b.md": article("第二讲", date: "2025-01-01", extra: "series: 党章党规学习\norder: 2\n"),
            "content/lessons/a.md": article("第一讲", date: "2025-02-01", extra: "series: 党章党规学习\norder: 1\n"),
            "content/lessons/c.md": article("第三讲", date: "2024-01-01", extra: "series: 党章党规学习\norder: 3\n"),
        ])
        defer { site.remove() }
        try site.build()
        let series = try XCTUnwrap(site.read("series/dang-zhang-dang-gui-xue-xi/index.html"))
        let positions = ["第一讲<", "第二讲<", "第三讲<"].map { series.range(of: $0)!.lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        let second = try XCTUnwrap(site.read("lessons/b/index.html"))
        XCTAssertTrue(second.contains("href=\"/lessons/a/\" rel=\"prev\""))
        XCTAssertTrue(second.contains("href=\"/lessons/c/\" rel=\"next\""))
        XCTAssertTrue(second.contains("第 2 讲 / 共 3 讲"))
    }

    func testRelativeMarkdownLinksAreRewrittenAndCheckedAgainstTheSite() throws {
        let site = try TempSite([
            "content/news/a.md": article("甲", body: "见[乙](../lessons/b.md)和[丙](../../exemplars/c/)以及[丁](../exemplars/c/)。"),
            "content/lessons/b.md": article("乙"),
            "content/exemplars/c.md": article("丙"),
        ])
        defer { site.remove() }
        try site.build()
        let html = try XCTUnwrap(site.read("news/a/index.html"))
        XCTAssertTrue(html.contains("href=\"/lessons/b/\""))
        XCTAssertEqual(html.components(separatedBy: "href=\"/exemplars/c/\"").count - 1, 2)
        XCTAssertEqual(OutputTree.brokenInternalLinks(site.output), [])
    }

    func testBrokenLinksAreErrorsWithFileAndLine() throws {
        let site = try TempSite([
            "content/news/a.md": "---\ntitle: 甲\ndate: 2025-01-01\n---\n\n第一段。\n\n见[乙](../lessons/missing.md)。\n\n[丙](/news/nothing/)\n",
        ])
        defer { site.remove() }
        let diags = site.failingBuild()
        let missing = diags.first { $0.code == "link.missing-file" }
        XCTAssertEqual(missing?.file, "content/news/a.md")
        XCTAssertEqual(missing?.line, 8)
        let broken = diags.first { $0.code == "link.broken" }
        XCTAssertEqual(broken?.line, 10)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.output.path))
    }

    func testWindowsBackslashPathsGetAHintWithTheSlashedPath() throws {
        let site = try TempSite([
            "content/news/a.md": "---\ntitle: 甲\ndate: 2025-01-01\n---\n\n见[乙](..\\lessons\\b.md)，![图](\\images\\a.png)\n",
            "content/lessons/b.md": "---\ntitle: 乙\ndate: 2025-01-01\n---\n\n正文。\n",
        ])
        defer { site.remove() }
        let diags = site.failingBuild()
        XCTAssertEqual(diags.first { $0.code == "link.missing-file" }?.hint?.contains("../lessons/b.md"), true, "\(diags.map(\.formatted))")
        XCTAssertEqual(diags.first { $0.code == "link.missing-image" }?.hint?.contains("/images/a.png"), true, "\(diags.map(\.formatted))")
    }

    func testAllErrorsAreReportedInOneRun() throws {
        let site = try TempSite([
            "content/news/a.md": "---\ndate: 2025-01-01\n---\n正文\n",
            "content/news/b.md": "---\ntitle: 乙\ndate: 2025-02-30\n---\n正文\n",
            "content/news/c.md": "---\ntitle: [未闭合\n---\n",
            "content/news/d.md": article("丁", body: "[坏链接](x.md)"),
        ])
        defer { site.remove() }
        let diags = site.failingBuild().filter { $0.severity == .error }
        XCTAssertEqual(Set(diags.compactMap(\.file)), ["content/news/a.md", "content/news/b.md", "content/news/c.md", "content/news/d.md"])
    }

    func testDraftsFutureAndInternalItemsNeverAppear() throws {
        let site = try TempSite([
            "content/news/public.md": article("公开文章", extra: "tags: [党建]\nbranch: 一支部\n"),
            "content/news/draft.md": article("草稿DRAFTMARKER", extra: "draft: true\ntags: [党建, 草稿标签]\nbranch: 一支部\n", body: "DRAFTMARKER 正文"),
            "content/news/future.md": article("未来FUTUREMARKER", date: "2030-01-01T00:00:00+08:00", extra: "tags: [未来标签]\n", body: "FUTUREMARKER"),
            "content/news/internal.md": article("内部INTERNALMARKER", extra: "visibility: internal\nbranch: 内部支部\n", body: "INTERNALMARKER"),
        ])
        defer { site.remove() }
        try site.build()
        for (path, data) in OutputTree.files(site.output) {
            let text = String(decoding: data, as: UTF8.self)
            for marker in ["DRAFTMARKER", "FUTUREMARKER", "INTERNALMARKER", "草稿标签", "未来标签", "内部支部"] {
                XCTAssertFalse(text.contains(marker), "\(marker) leaked into \(path)")
            }
        }
        XCTAssertFalse(site.exists("news/draft/index.html"))
        // --drafts and --future include them; internal stays out whatever the flags.
        try site.build(drafts: true, future: true)
        XCTAssertTrue(site.exists("news/draft/index.html"))
        XCTAssertTrue(site.exists("news/future/index.html"))
        XCTAssertFalse(site.exists("news/internal/index.html"))
    }

    func testFailedBuildLeavesThePreviousOutputUntouched() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        try site.build()
        try site.write("public/.gitkeep", "")
        let before = OutputTree.hash(site.output)
        try site.write("content/news/b.md", "---\ntitle: 乙\ndate: 不是日期\n---\n")
        _ = site.failingBuild()
        XCTAssertEqual(OutputTree.hash(site.output), before)
        // A successful build replaces the output but keeps the editor's hidden files.
        try site.write("content/news/b.md", article("乙"))
        try site.build()
        XCTAssertTrue(site.exists("news/b/index.html"))
        XCTAssertTrue(site.exists(".gitkeep"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("zhendi-staging") || $0.contains("zhendi-old") }
        XCTAssertEqual(leftovers, [])
    }

    func testOutputIsDeterministic() throws {
        var files: [String: String] = [:]
        for i in 1...30 {
            files["content/news/n\(i).md"] = article("新闻\(i % 7)", date: "2025-03-0\(i % 9 + 1)", extra: "tags: [标签\(i % 5), 党建]\nbranch: 支部\(i % 3)\n", body: "正文 \(i)\n\n## 小标题\n\n内容")
        }
        let site = try TempSite(files)
        defer { site.remove() }
        try site.build()
        let first = OutputTree.files(site.output)
        var again = site.options()
        again.output = site.root.appendingPathComponent("public-again")
        _ = try SiteBuilder(options: again).build()
        XCTAssertEqual(OutputTree.files(again.outputURL), first)
    }

    func testNoOpBuildIsSkippedAndAnyChangeRebuilds() throws {
        // A copied static file too: a first build takes the output's digest from what it wrote.
        let site = try TempSite(["content/news/a.md": article("甲"), "content/news/b.md": article("乙", date: "2025-07-01"),
                                 "static/files/说明.txt": "附件"])
        defer { site.remove() }
        XCTAssertFalse(try site.build().upToDate)
        XCTAssertTrue(try site.build().upToDate, "nothing changed")
        try site.write("content/news/a.md", article("甲", body: "改过的正文"))
        XCTAssertFalse(try site.build().upToDate, "a content edit rebuilds")
        XCTAssertTrue(try site.build().upToDate)
        // The scheduled article becomes due: a daily build must publish it.
        let later = Date(timeIntervalSince1970: 1_751_400_000)  // 2025-07-02
        XCTAssertFalse(try site.build(now: later).upToDate)
        XCTAssertTrue(site.exists("news/b/index.html"))
        // Someone changed the output by hand: rebuild.
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("news"))
        XCTAssertFalse(try site.build(now: later).upToDate)
        XCTAssertTrue(site.exists("news/a/index.html"))
    }

    func testPagesEditedOrDeletedByHandInTheOutputAreRestored() throws {
        let site = try TempSite(["content/news/a.md": article("甲"), "content/news/b.md": article("乙", body: "乙的正文")])
        defer { site.remove() }
        try site.build()
        let clean = OutputTree.files(site.output)
        // Edited by hand deep inside the output: neither a no-op build nor one after a content
        // edit may keep the hand-made version.
        try site.write("public/news/a/index.html", "手工改过")
        XCTAssertFalse(try site.build().upToDate)
        XCTAssertEqual(OutputTree.files(site.output), clean)
        XCTAssertTrue(try site.build().upToDate)
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("news/b/index.html"))
        try site.write("public/news/a/index.html", "又改了")
        try site.write("content/news/b.md", article("乙", body: "乙的新正文"))
        XCTAssertFalse(try site.build().upToDate)
        var again = site.options()
        again.output = site.root.appendingPathComponent("public-clean")
        _ = try SiteBuilder(options: again).build()
        XCTAssertEqual(OutputTree.files(site.output), OutputTree.files(again.outputURL))
    }

    func testOutputPathsWithDotSegmentsOrNULAreRefused() throws {
        // The rule the byte scan replaced: no `.` or `..` between slashes, no NUL, a leading slash.
        func rule(_ p: String) -> Bool {
            p.hasPrefix("/") && !p.utf8.contains(0) && !p.split(separator: "/").contains { $0 == ".." || $0 == "." }
        }
        let paths = ["/a/index.html", "/../a", "/a/..", "/a/./b", "/.", "/...", "/a/...b/c", "/.hidden", "//a//b",
                     "a/b", "", "/", "/a\u{0}b", "/新闻/第一篇/index.html", "/a/.b./c", "/..a/b", "/a/b/.."]
        for p in paths { XCTAssertEqual(DirectorySink.isSafe(p), rule(p), p) }
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        let sink = DirectorySink(root: site.root.appendingPathComponent("out"))
        XCTAssertThrowsError(try sink.write("/a/../../escape.html", Data("x".utf8)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("escape.html").path))
    }

    func testStaticFilesAreCopiedAndImagesGetSizes() throws {
        let site = try TempSite(["content/news/a.md": article("甲", body: "![党员合影](/images/a.png)")])
        defer { site.remove() }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0x2C, 0, 0, 0, 0xC8]
        png += [UInt8](repeating: 0, count: 16)
        try site.write("static/images/a.png", Data(png))
        try site.build()
        XCTAssertTrue(site.exists("images/a.png"))
        let html = try XCTUnwrap(site.read("news/a/index.html"))
        XCTAssertTrue(html.contains("<img src=\"/images/a.png\" alt=\"党员合影\" width=\"300\" height=\"200\""), html)
    }

    func testHeadingAnchorsTocAndFootnotes() throws {
        let body = "## 一、总体要求\n\n内容[^1]。\n\n## 二、主要任务\n\n[回到开头](#一总体要求)\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n\n[^1]: 注释。\n"
        let site = try TempSite(["content/lessons/a.md": article("第一讲", body: body)])
        defer { site.remove() }
        let result = try site.build()
        XCTAssertEqual(result.diagnostics, [])
        let html = try XCTUnwrap(site.read("lessons/a/index.html"))
        XCTAssertTrue(html.contains("<h2 id=\"一总体要求\">"))
        XCTAssertTrue(html.contains("href=\"#二主要任务\""), "TOC links to the second heading")
        XCTAssertTrue(html.contains("class=\"footnotes\""))
        XCTAssertTrue(html.contains("<div class=\"table-scroll\""))
    }

    func testSummaryLeavesOutImageAltText() throws {
        let site = try TempSite(["content/news/a.md": article("甲", body: "![烈士纪念碑](/images/x.png)\n\n三天时间里，党员们认真学习。")])
        defer { site.remove() }
        try site.write("static/images/x.png", Data([0x89, 0x50, 0x4E, 0x47]))
        try site.build()
        let list = try XCTUnwrap(site.read("news/index.html"))
        XCTAssertTrue(list.contains("<p class=\"item-summary\">三天时间里，党员们认真学习。</p>"), list)
    }

    func testMissingAnchorIsWarned() throws {
        let site = try TempSite([
            "content/news/a.md": article("甲", body: "[链接](../lessons/b.md#不存在的标题)"),
            "content/lessons/b.md": article("乙", body: "## 存在的标题\n\n内容"),
        ])
        defer { site.remove() }
        let result = try site.build()
        XCTAssertEqual(result.diagnostics.map(\.code), ["link.missing-anchor"])
        XCTAssertEqual(result.diagnostics.first?.line, 6)
    }

    func testLinkToDraftIsAnErrorThatSaysWhy() throws {
        let site = try TempSite([
            "content/news/a.md": article("甲", body: "[乙](b.md)"),
            "content/news/b.md": article("乙", extra: "draft: true\n"),
        ])
        defer { site.remove() }
        let d = site.failingBuild().first { $0.code == "link.unpublished-target" }
        XCTAssertTrue(d?.message.contains("草稿") ?? false)
    }

    func testLinkToScheduledItemWaitsAsPlainText() throws {
        let site = try TempSite([
            "content/news/a.md": article("甲", body: "见[明天的文章](b.md)。"),
            "content/news/b.md": article("乙", date: "2030-01-01"),
        ])
        defer { site.remove() }
        let result = try site.build()
        XCTAssertEqual(result.diagnostics.map(\.code), ["link.future-target"])
        let html = try XCTUnwrap(site.read("news/a/index.html"))
        XCTAssertTrue(html.contains("<span class=\"link-pending\">明天的文章</span>"))
        XCTAssertFalse(html.contains("/news/b/"))
    }

    func testDuplicateSlugIsAnError() throws {
        let site = try TempSite([
            "content/news/a.md": article("甲", extra: "slug: same\n"),
            "content/news/b.md": article("乙", extra: "slug: same\n"),
        ])
        defer { site.remove() }
        let d = site.failingBuild().first { $0.code == "site.duplicate-url" }
        XCTAssertNotNil(d)
        XCTAssertEqual(d?.line, 4)
    }

    func testTemplateTyposAreReportedWithFileAndLine() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        for (name, data) in Theme.builtInFiles() { try site.write("themes/default/" + name, data) }
        let articleTemplate = try XCTUnwrap(String(data: Theme.builtInFiles().first { $0.0 == "templates/article.mustache" }!.1, encoding: .utf8))
        try site.write("themes/default/templates/article.mustache", articleTemplate.replacingOccurrences(of: "{{title}}", with: "{{titel}}"))
        let d = site.failingBuild().first { $0.code == "theme.unknown-variable" }
        XCTAssertEqual(d?.file, "themes/default/templates/article.mustache")
        XCTAssertNotNil(d?.line)
        XCTAssertEqual(d?.hint, "您是不是想写“title”？")
    }

    /// Templates saved on Windows end lines with CRLF: a typo's line is counted the same.
    func testTemplateTagsAreFoundWithTheLineTheyEndOn() {
        for newline in ["\n", "\r\n"] {
            let text = ["<p>{{ title }}</p>", "{{{html}}} {{#list}}", "", "", "{{ name }}{{/list}}", "党建 {{> partials/x }}"].joined(separator: newline)
            var tags: [String] = []
            TemplateLint.forEachTag(in: text) { tags.append("\($0)@\($1)") }
            XCTAssertEqual(tags, ["title@1", "html@2", "#list@2", "name@5", "/list@5", "> partials/x@6"], newline.debugDescription)
        }
        var none: [String] = []
        TemplateLint.forEachTag(in: "{{ 未闭合 }") { tag, _ in none.append(tag) }
        XCTAssertEqual(none, [])
    }
}

final class ThemeFallbackTests: XCTestCase {
    func testASiteThemeMissingANewerTemplateStillBuilds() throws {
        let site = try TempSite(["content/news/a.md": article("甲")])
        defer { site.remove() }
        for (name, data) in Theme.builtInFiles() where name != "templates/partials/list-item.mustache" {
            try site.write("themes/default/" + name, data)
        }
        try site.write("themes/default/templates/404.mustache", "{{<base}}{{$main}}<h1>站点自己的 404</h1>{{/main}}{{/base}}")
        try site.build()
        XCTAssertTrue(try XCTUnwrap(site.read("404.html")).contains("站点自己的 404"), "the site's own template wins")
        XCTAssertTrue(try XCTUnwrap(site.read("news/index.html")).contains("class=\"item\""), "the missing one comes from the built-in theme")
    }
}
