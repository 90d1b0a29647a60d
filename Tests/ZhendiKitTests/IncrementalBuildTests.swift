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
    func assertSameAsCleanBuild(_ site: TempSite, now: Date = TempSite.now, file: StaticString = #filePath, line: UInt = #line) throws {
        let clean = MemorySink()
        _ = try SiteBuilder(options: site.options(now: now)).run(into: clean)
        var expected = clean.contents
        for (path, url) in clean.copiedFiles { expected[path] = try Data(contentsOf: url) }
        let actual = OutputTree.files(site.output)
        let have = Set(actual.keys), want = Set(expected.keys.map { String($0.dropFirst()) })
        XCTAssertEqual(have.subtracting(want).sorted(), [], "files a clean build does not have", file: file, line: line)
        XCTAssertEqual(want.subtracting(have).sorted(), [], "files missing", file: file, line: line)
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
        XCTAssertEqual(first.fullBuildReason, .noCache)
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

    /// Random body edits (rewritten, deleted and added paragraphs, headings, struck text) on a
    /// generated corpus, a few files per round: every round incremental and byte-identical.
    func testRandomBodyEditsOnAGeneratedCorpusMatchCleanBuilds() throws {
        let site = try CorpusTests.generate(pages: 240, linkStyle: "pretty", seed: "23")
        defer { site.remove() }
        let now = CorpusTests.afterCorpusDates
        XCTAssertNil(try site.build(now: now).renderedItems)
        let content = site.root.appendingPathComponent("content")
        let files = FileManager.default.enumerator(atPath: content.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") && !$0.hasSuffix("_index.md") && $0.contains("/") }.sorted()
        var random = SplitMix64(seed: 2026)
        let words = ["党建引领", "三会一课", "网格化管理", "流动党员", "~~旧的说法~~", "2025年", "第3讲", "志愿服务", "乡村振兴", "QQ群"]
        for round in 0..<6 {
            let picked = Set((0..<(1 + Int(random.next() % 3))).map { _ in files[Int(random.next() % UInt64(files.count))] })
            for name in picked {
                let url = content.appendingPathComponent(name)
                let text = try String(contentsOf: url, encoding: .utf8)
                guard let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else { continue }
                var paragraphs = text[end.upperBound...].components(separatedBy: "\n\n")
                let sentence = (0..<6).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: "，") + "。"
                let at = Int(random.next() % UInt64(max(1, paragraphs.count)))
                switch random.next() % 4 {
                case 0: paragraphs[at] = "第\(round)轮改写：" + sentence
                case 1 where paragraphs.count > 2: paragraphs.remove(at: at)
                case 2: paragraphs.insert("## 第\(round)轮新增小节\n\n" + sentence, at: at)
                default: paragraphs.append(sentence)
                }
                try site.write("content/" + name, String(text[..<end.upperBound]) + paragraphs.joined(separator: "\n\n"))
            }
            let result = try site.build(now: now)
            XCTAssertEqual(result.renderedItems, picked.count, "round \(round): \(picked.sorted())")
            XCTAssertEqual(result.diagnostics.map(\.formatted), [])
            try assertSameAsCleanBuild(site, now: now)
        }
        // Structural rounds: full builds that take unchanged pages and index ranges from the cache.
        /// A file whose front matter has `key`, from a random place in the list.
        func pick(having key: String) throws -> (String, String) {
            let start = Int(random.next() % UInt64(files.count))
            for i in 0..<files.count {
                let name = files[(start + i) % files.count]
                let text = try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
                if text.contains("\n\(key): ") { return (name, text) }
            }
            throw CocoaError(.fileNoSuchFile)
        }
        for round in 0..<11 {
            let name = files[Int(random.next() % UInt64(files.count))]
            let text = try String(contentsOf: content.appendingPathComponent(name), encoding: .utf8)
            switch round {
            case 8:
                // A lesson moved to the end of its series: positions, prev/next, the series page.
                let (lesson, lessonText) = try pick(having: "order")
                try site.write("content/" + lesson, lessonText.replacingOccurrences(of: "\norder: ", with: "\norder: 99"))
            case 9:
                // An article moved to a branch of its own: a new branch page, its old branch's list.
                let (moved, movedText) = try pick(having: "branch")
                try site.write("content/" + moved, movedText.replacingOccurrences(of: "\nbranch: ", with: "\nbranch: 新成立的"))
            case 10:
                // A summary written by hand: its list entries and its page's description.
                let (summarised, summarisedText) = try pick(having: "summary")
                try site.write("content/" + summarised, summarisedText.replacingOccurrences(of: "\nsummary: \"", with: "\nsummary: \"第\(round)轮改写的摘要。"))
            case 1: try site.write("content/" + name, text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 改过标题的"))
            case 3: try site.write("content/" + name, text.replacingOccurrences(of: "\ntags: [", with: "\ntags: [\"第\(round)轮新标签\", "))
            case 4: try site.write("content/" + name, text.replacingOccurrences(of: "\ndate: 20", with: "\ndate: 19"))  // moves in every list
            case 5:
                // A new article linking to an older one, and one of its own section's pages.
                try site.write("content/news/zz-new-\(round).md", article("第\(round)篇新增的文章", date: "2025-12-31T23:00:00+08:00",
                                                                      body: "参见[旧文](../\(name))和[上一篇新增](zz-new-0.md)。"))
            case 6: try FileManager.default.removeItem(at: content.appendingPathComponent("news/zz-new-2.md"))
            case 7:
                // Scheduled after `now`: withheld, so round 5's link to it becomes plain text.
                try site.write("content/news/zz-new-0.md", article("第0篇新增的文章", date: "2099-01-01T08:00:00+08:00",
                                                                   body: "新增文章的正文：网格化管理与流动党员服务。"))
            default:
                try site.write("content/news/zz-new-\(round).md", article("第\(round)篇新增的文章", date: "2025-12-31T2\(round):00:00+08:00",
                                                                      body: "新增文章的正文：网格化管理与流动党员服务。"))
            }
            let result = try site.build(now: now)
            XCTAssertEqual(result.fullBuildReason, .contentChanged, "structural round \(round)")
            XCTAssertLessThan(result.renderedItems ?? .max, files.count / 4, "structural round \(round): most items are taken from the cache")
            XCTAssertEqual(result.diagnostics.map(\.code), round >= 7 ? ["link.future-target"] : [], "structural round \(round)")
            try assertSameAsCleanBuild(site, now: now)
        }
    }

    func testStructuralChangesBuildEverything() throws {
        let site = try makePortal()
        defer { site.remove() }
        try site.build()
        // A new title changes lists, tags, feeds…: not an incremental case.
        let path = "content/news/2024-05-dushuban.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.write(path, text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 【更新】"))
        let retitled = try site.build()
        XCTAssertEqual(retitled.fullBuildReason, .contentChanged)
        // The item and its two neighbours (their prev/next links show its title); the lists
        // that show it are rendered again too, the other items are not.
        XCTAssertEqual(retitled.renderedItems, 3)
        try assertSameAsCleanBuild(site)
        // A new file too. The index ranges of older pages keep their ids: their segments are taken
        // from the previous build (their cache files keep the previous version's name).
        let before = ChangesSink.indexFolders(in: site.output)[0].split(separator: "/").last!
        try site.write("content/news/2025-01-xin.md", article("新增的一篇", date: "2025-01-02T09:00:00+08:00"))
        XCTAssertEqual(try site.build().fullBuildReason, .contentChanged)
        try assertSameAsCleanBuild(site)
        let cached = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent(".zhendi-cache").path)
        XCTAssertTrue(cached.contains { $0.hasPrefix("search-") && $0.contains(before) }, "\(cached)")
        // A deleted file: its page, and any list page only it filled, leave the output. A file
        // changed by hand in the output is put right; the editor's hidden files stay.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/exemplars/gongchengshi-wen.md"))
        try site.write("public/index.html", "手工改坏的首页")
        try site.write("public/.well-known/security.txt", "Contact: mailto:admin@example.org")
        // A link to a folder outside the output: removed as a link, what it points to untouched.
        let outside = try TempSite(["keep/me.txt": "不能被删除"])
        defer { outside.remove() }
        try FileManager.default.createSymbolicLink(at: site.output.appendingPathComponent("news/elsewhere"),
                                                   withDestinationURL: outside.root.appendingPathComponent("keep"))
        let removed = try site.build()
        XCTAssertEqual(removed.fullBuildReason, .outputChanged, "the editor's .well-known folder changed the output folder")
        XCTAssertFalse(site.exists("exemplars/gongchengshi-wen/index.html"))
        XCTAssertTrue(site.exists(".well-known/security.txt"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside.root.appendingPathComponent("keep/me.txt").path))
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: site.output.appendingPathComponent("news/elsewhere").path))
        try FileManager.default.removeItem(at: site.output.appendingPathComponent(".well-known"))
        try assertSameAsCleanBuild(site)
        XCTAssertEqual(try site.build().fullBuildReason, .outputChanged, "the .well-known folder removed by hand")
        // A new static file: no page asked for it, none is rendered again.
        try site.write("static/extra.txt", "新增的静态文件")
        let added = try site.build()
        XCTAssertEqual(added.fullBuildReason, .contentChanged)
        XCTAssertEqual(added.renderedItems, 0)
        XCTAssertEqual(site.read("extra.txt"), "新增的静态文件")
        try assertSameAsCleanBuild(site)
        // A picture replaced by one of another size: the article showing it gets the new size.
        var png = try Data(contentsOf: site.root.appendingPathComponent("static/images/exemplars/zhiyuanzhe.png"))
        png.replaceSubrange(16..<24, with: [0, 0, 0x04, 0xD2, 0, 0, 0x02, 0x37])  // IHDR: 1234 × 567
        try site.write("static/images/exemplars/zhiyuanzhe.png", png)
        let replaced = try site.build()
        XCTAssertEqual(replaced.fullBuildReason, .contentChanged)
        XCTAssertEqual(replaced.renderedItems, 1)
        try assertSameAsCleanBuild(site)
        // site.yml reaches every page.
        let yml = try String(contentsOf: site.root.appendingPathComponent("site.yml"), encoding: .utf8)
        try site.write("site.yml", yml + "\n# 改过的设置\n")
        XCTAssertEqual(try site.build().fullBuildReason, .structureChanged)
        try assertSameAsCleanBuild(site)
        // And then a body edit is incremental again.
        try editBody(site, path, firstParagraph: "结构变化之后的正文修改。")
        XCTAssertEqual(try site.build().renderedItems, 1)
        try assertSameAsCleanBuild(site)
    }

    /// Full builds after metadata changes keep every page whose inputs are as they were; these
    /// changes reach pages beyond the edited item and its lists.
    func testMetadataChangesRenderAgainWhatTheyReach() throws {
        let site = try makePortal()
        defer { site.remove() }
        // An article linking to one that is scheduled: shown as plain text until it is published.
        try site.write("content/news/2025-04-yugao.md", article("预告：下月的主题党日", date: "2025-04-20T09:00:00+08:00",
                                                                 body: "详见[活动安排](2025-07-anpai.md)。"))
        try site.write("content/news/2025-07-anpai.md", article("七月主题党日活动安排", date: "2025-07-01T09:00:00+08:00"))
        try site.build()
        XCTAssertEqual(site.read("news/2025-04-yugao/index.html")?.contains("href=\"/news/2025-07-anpai/\""), false)
        let later = Date(timeIntervalSince1970: 1_752_000_000)  // 2025-07-08
        let published = try site.build(now: later)
        XCTAssertEqual(published.fullBuildReason, .contentChanged)
        XCTAssertEqual(site.read("news/2025-04-yugao/index.html")?.contains("href=\"/news/2025-07-anpai/\""), true)
        XCTAssertLessThan(published.renderedItems ?? .max, 10, "the other items neither link into the site's changes nor neighbour them")
        try assertSameAsCleanBuild(site, now: later)

        // A new tag on one article: its tag page appears, the tag index lists it.
        let path = "content/news/2024-05-dushuban.md"
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        try site.write(path, text.replacingOccurrences(of: "\ntags: [", with: "\ntags: [读书班新标签, "))
        XCTAssertEqual(try site.build(now: later).renderedItems, 1)
        try assertSameAsCleanBuild(site, now: later)

        // A lesson added to a series: every lesson of the series says how many there are now.
        let lessons = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("content/lessons").path)
            .filter { $0.hasPrefix("dangwu-") }.sorted()
        let first = try String(contentsOf: site.root.appendingPathComponent("content/lessons/" + lessons[0]), encoding: .utf8)
        try site.write("content/lessons/dangwu-99.md", first.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: 补充一讲："))
        let added = try site.build(now: later)
        XCTAssertGreaterThanOrEqual(added.renderedItems ?? 0, lessons.count + 1)
        try assertSameAsCleanBuild(site, now: later)

        // A page deleted by hand in the output, then a metadata change: the page is written again.
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("news/2025-04-yugao/index.html"))
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("tags/index.html"))
        try site.write(path, text.replacingOccurrences(of: "\ntags: [", with: "\ntags: [另一个新标签, "))
        XCTAssertEqual(try site.build(now: later).fullBuildReason, .outputChanged)
        try assertSameAsCleanBuild(site, now: later)
    }

    /// An edited template re-renders the pages rendered with it, and only those.
    func testTemplateEditsRenderAgainThePagesThatUseThem() throws {
        let site = try makePortal()
        defer { site.remove() }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("themes"), to: site.root.appendingPathComponent("themes"))
        let first = try site.build()
        let items = first.pages
        func edit(_ template: String, _ change: (String) -> String) throws -> BuildResult {
            let path = "themes/default/templates/\(template).mustache"
            try site.write(path, change(try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)))
            let result = try site.build()
            XCTAssertEqual(result.fullBuildReason, .contentChanged, template)
            try assertSameAsCleanBuild(site)
            return result
        }
        // Series pages only: no item page uses the template.
        let series = try edit("series") { $0.replacingOccurrences(of: "</h1>", with: "</h1><!-- 系列 -->") }
        XCTAssertEqual(series.renderedItems, 0)
        XCTAssertTrue(site.read("series/" + (try FileManager.default.contentsOfDirectory(atPath: site.output.appendingPathComponent("series").path)
            .first { !$0.contains(".") } ?? "") + "/index.html")?.contains("<!-- 系列 -->") == true)
        // A list entry: every list shows entries, no item page does.
        XCTAssertEqual(try edit("partials/list-item") { $0 + "<!-- 列表项 -->" }.renderedItems, 0)
        // The layout every page extends: every item page.
        let base = try edit("base") { $0.replacingOccurrences(of: "</main>", with: "</main><!-- 版式 -->") }
        XCTAssertGreaterThan(base.renderedItems ?? 0, items / 3)
        // The stylesheet's name carries its hash, and every page links it.
        let css = "themes/default/static/zhendi.css"
        try site.write(css, try String(contentsOf: site.root.appendingPathComponent(css), encoding: .utf8) + "\n/* 改过 */\n")
        XCTAssertEqual(try site.build().renderedItems, base.renderedItems)
        try assertSameAsCleanBuild(site)
    }

    /// Files published beside content (`content/news/a.pdf`) are inputs too: replacing, adding or
    /// deleting one is never taken from the cache.
    func testAttachmentsInContentAreNotTakenFromTheCache() throws {
        let site = try makePortal()
        defer { site.remove() }
        try site.write("content/news/2025-04-fujian.md", article("附件下载", date: "2025-04-20T09:00:00+08:00",
                                                                   body: "请下载[报名表](baomingbiao.txt)。"))
        try site.write("content/news/baomingbiao.txt", "第一版报名表")
        try site.build()
        XCTAssertEqual(site.read("news/baomingbiao.txt"), "第一版报名表")
        try site.write("content/news/baomingbiao.txt", "第二版报名表，多了一栏")
        try site.build()
        XCTAssertEqual(site.read("news/baomingbiao.txt"), "第二版报名表，多了一栏")
        try assertSameAsCleanBuild(site)
        try site.write("content/news/tongzhi.txt", "新放进去的通知")
        try site.build()
        XCTAssertEqual(site.read("news/tongzhi.txt"), "新放进去的通知")
        try assertSameAsCleanBuild(site)
        // Deleting a linked attachment breaks the link: an error, the site left as it was.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/news/baomingbiao.txt"))
        let diagnostics = site.failingBuild()
        XCTAssertTrue(diagnostics.contains { $0.file == "content/news/2025-04-fujian.md" && $0.severity == .error }, "\(diagnostics.map(\.formatted))")
        XCTAssertEqual(site.read("news/baomingbiao.txt"), "第二版报名表，多了一栏")
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
        // A body finding (missing anchor), a front matter one (unknown key) and a privacy one
        // (a mobile number): the last two come from the parse cache the second time.
        try editBody(site, "content/news/2024-03-zhishu.md", firstParagraph: "指向不存在的小节：[看这里](#no-such-heading)。联系电话 13912345678。")
        let path = site.root.appendingPathComponent("content/news/2024-03-zhishu.md")
        try site.write("content/news/2024-03-zhishu.md", try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "\ntitle:", with: "\ncolour: red\ntitle:"))
        let warned = try site.build().diagnostics.filter { $0.file == "content/news/2024-03-zhishu.md" }
        XCTAssertEqual(Set(warned.map(\.code)), ["link.missing-anchor", "yaml.unknown-key", "privacy.mobile"], "\(warned.map(\.formatted))")
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
        XCTAssertEqual(try site.build().fullBuildReason, .outputChanged)
        try assertSameAsCleanBuild(site)

        try site.write(".zhendi-cache/pages.bin", "不是缓存文件")
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "缓存文件损坏之后。")
        XCTAssertEqual(try site.build().fullBuildReason, .cacheIncomplete)
        try assertSameAsCleanBuild(site)

        // The published index folder deleted by hand: a full build.
        let search = site.output.appendingPathComponent("search")
        for name in try FileManager.default.contentsOfDirectory(atPath: search.path) where !name.contains(".") {
            try FileManager.default.removeItem(at: search.appendingPathComponent(name))
        }
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "索引文件夹被删除之后。")
        XCTAssertEqual(try site.build().fullBuildReason, .outputChanged)
        try assertSameAsCleanBuild(site)

        // A second index folder beside ours (copied in by hand): a full build, which removes it.
        let ours = try FileManager.default.contentsOfDirectory(atPath: search.path).filter { !$0.contains(".") }
        XCTAssertEqual(ours.count, 1)
        try FileManager.default.copyItem(at: search.appendingPathComponent(ours[0]), to: search.appendingPathComponent("0123456789ab"))
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "多出一个索引文件夹之后。")
        XCTAssertEqual(try site.build().fullBuildReason, .outputChanged)
        try assertSameAsCleanBuild(site)

        // A segment file of the search index gone: also a full build, not a broken index.
        let cache = site.root.appendingPathComponent(".zhendi-cache")
        for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) where name.hasPrefix("search-") {
            try FileManager.default.removeItem(at: cache.appendingPathComponent(name))
        }
        try editBody(site, "content/news/2024-05-dushuban.md", firstParagraph: "索引缓存丢失之后。")
        XCTAssertEqual(try site.build().fullBuildReason, .cacheIncomplete)
        try assertSameAsCleanBuild(site)
    }
}

/// A small seeded generator, so a failing round can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
