import XCTest
import Yams
@testable import ZhendiKit

/// Publishing: the CI files `zhendi init` writes, the self-contained binary, the WeChat export.
final class PublishingTests: XCTestCase {
    let commands: Set<String> = ["build", "check", "new", "init", "export", "--version"]

    func testInitWritesCIFilesThatParseAndRunRealCommands() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhendi-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try SiteTemplate(title: "测试").create(at: dir)
        for f in [".github/workflows/zhendi.yml", ".gitlab-ci.yml", "deploy/rsync.sh", "deploy/nginx.conf"] {
            XCTAssertTrue(files.contains(f), f)
        }
        var scripts: [String] = []
        let github = try XCTUnwrap(try Yams.load(yaml: String(contentsOf: dir.appendingPathComponent(".github/workflows/zhendi.yml"), encoding: .utf8)) as? [String: Any])
        let triggers = try XCTUnwrap(github["on"] as? [String: Any])
        XCTAssertNotNil(triggers["push"])
        XCTAssertNotNil((triggers["schedule"] as? [[String: Any]])?.first?["cron"], "runs daily for scheduled articles")
        let jobs = try XCTUnwrap(github["jobs"] as? [String: Any])
        for case let job as [String: Any] in jobs.values {
            for case let step as [String: Any] in (job["steps"] as? [Any]) ?? [] {
                if let run = step["run"] as? String { scripts.append(run) }
                if let with = step["with"] as? [String: Any], let path = with["path"] as? String { XCTAssertEqual(path, "public") }
            }
        }
        let gitlab = try XCTUnwrap(try Yams.load(yaml: String(contentsOf: dir.appendingPathComponent(".gitlab-ci.yml"), encoding: .utf8)) as? [String: Any])
        let pages = try XCTUnwrap(gitlab["pages"] as? [String: Any])
        scripts += (pages["script"] as? [String]) ?? []
        XCTAssertEqual((pages["artifacts"] as? [String: Any])?["paths"] as? [String], ["public"])
        scripts.append(try String(contentsOf: dir.appendingPathComponent("deploy/rsync.sh"), encoding: .utf8))

        let all = scripts.joined(separator: "\n")
        XCTAssertTrue(all.contains("./bin/zhendi check"))
        XCTAssertTrue(all.contains("./bin/zhendi build"))
        // Every zhendi invocation names a command that exists…
        let pattern = try NSRegularExpression(pattern: #"bin/zhendi ([-a-z]+)"#)
        for m in pattern.matches(in: all, range: NSRange(all.startIndex..., in: all)) {
            let command = String(all[Range(m.range(at: 1), in: all)!])
            XCTAssertTrue(commands.contains(command), "CI runs unknown command \(command)")
        }
        // …and every script of this repository they call exists.
        for script in ["scripts/build-release"] where all.contains(script) {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: repositoryRoot.appendingPathComponent(script).path), script)
        }
        XCTAssertTrue(all.contains(".build/zhendi"), "uses the output of scripts/build-release")
    }

    func testSelfContainedBinaryBuildsASiteWithNothingBesideIt() throws {
        let binary = repositoryRoot.appendingPathComponent(".build/zhendi")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("run scripts/build-release first (scripts/setup does)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zhendi-lonely-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let copy = dir.appendingPathComponent("zhendi")
        try FileManager.default.copyItem(at: binary, to: copy)
        func run(_ args: [String], in cwd: URL) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = copy
            p.arguments = args
            p.currentDirectoryURL = cwd
            // Nothing from the build environment: no Swift toolchain on the path, no library path.
            p.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        let (v, version) = try run(["--version"], in: dir)
        XCTAssertEqual(v, 0)
        XCTAssertTrue(version.hasPrefix("zhendi "), version)
        XCTAssertEqual(try run(["init", "site"], in: dir).0, 0)
        let site = dir.appendingPathComponent("site")
        let (status, output) = try run(["build"], in: site)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("public/index.html").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("bin/zhendi").path), "init gives the site its own binary for CI")
    }

    func testWeChatExportInlinesStylesAndMakesURLsAbsolute() throws {
        let site = try TempSite([
            "content/news/a.md": article("示范文章", extra: "author: 王芳\nbranch: 一支部\n",
                body: "## 小标题\n\n正文**加粗**，[相关](b.md)。\n\n| 甲 | 乙 |\n| --- | :---: |\n| 1 | 2 |\n\n- 一\n- 二\n\n![图](/images/x.png)\n\n- [x] 已完成"),
            "content/news/b.md": article("乙"),
        ], siteYML: "title: 测试\nbaseURL: https://dj.example.org/portal/\n")
        defer { site.remove() }
        try site.write("static/images/x.png", Data([0x89, 0x50, 0x4E, 0x47]))
        let export = WeChatExport(options: site.options())
        let (html, _) = try export.export(file: site.root.appendingPathComponent("content/news/a.md").path, format: .html)
        XCTAssertFalse(html.contains("class="), html)
        XCTAssertFalse(html.contains("<style"), html)
        XCTAssertFalse(html.contains(" id="), html)
        for text in ["示范文章", "小标题", "加粗", "相关", "王芳"] { XCTAssertTrue(html.contains(text), text) }
        XCTAssertTrue(html.contains("href=\"https://dj.example.org/portal/news/b/\""), html)
        XCTAssertTrue(html.contains("src=\"https://dj.example.org/portal/images/x.png\""), html)
        XCTAssertTrue(html.contains("阅读原文"))
        XCTAssertTrue(html.contains("https://dj.example.org/portal/news/a/"))
        XCTAssertTrue(html.contains("<table style="), "tables carry their own style")
        XCTAssertTrue(html.contains("text-align:center"), "column alignment survives")
        XCTAssertTrue(html.contains("☑"), "task list state survives without form controls")
        let hrefs = try NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        for m in hrefs.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let url = String(html[Range(m.range(at: 1), in: html)!])
            XCTAssertTrue(url.hasPrefix("https://"), "relative URL \(url)")
        }
        let (text, _) = try export.export(file: "content/news/a.md", format: .text)
        XCTAssertTrue(text.hasPrefix("【示范文章】\n2025年5月1日 一支部\n"), text)
        XCTAssertTrue(text.hasSuffix("全文：https://dj.example.org/portal/news/a/\n"), text)
    }

    func testWeChatExportRefusesInternalItems() throws {
        let site = try TempSite(["content/news/a.md": article("内部", extra: "visibility: internal\n")])
        defer { site.remove() }
        XCTAssertThrowsError(try WeChatExport(options: site.options()).export(file: site.root.appendingPathComponent("content/news/a.md").path, format: .html)) { error in
            XCTAssertEqual((error as? BuildFailed)?.diagnostics.last?.code, "export.not-found")
        }
    }
}

final class NewItemTests: XCTestCase {
    func testNewFillsFrontMatterFromTheCommandLine() throws {
        let site = try TempSite([:])
        defer { site.remove() }
        var item = NewItem(section: "lessons", title: "第一讲：党章总纲")
        item.branch = "东城第一支部"
        item.tags = ["党章", "学习"]
        item.series = "党章党规学习"
        item.order = 1
        item.now = TempSite.now
        let path = try item.write(in: site.root)
        XCTAssertEqual(path, "content/lessons/di-yi-jiang-dang-zhang-zong-gang.md")
        let text = try String(contentsOf: site.root.appendingPathComponent(path), encoding: .utf8)
        for line in ["title: \"第一讲：党章总纲\"", "date: 2025-06-01T00:00:00+08:00", "tags: [\"党章\", \"学习\"]",
                     "branch: \"东城第一支部\"", "series: \"党章党规学习\"", "order: 1", "draft: true"] {
            XCTAssertTrue(text.contains(line), "\(line) in\n\(text)")
        }
        // The new file is valid content: with drafts included it builds.
        try site.build(drafts: true)
        XCTAssertTrue(site.exists("lessons/di-yi-jiang-dang-zhang-zong-gang/index.html"))
        XCTAssertEqual(try item.write(in: site.root), "content/lessons/di-yi-jiang-dang-zhang-zong-gang-2.md", "never overwrites")
    }
}
