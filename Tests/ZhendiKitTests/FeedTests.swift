import XCTest
@testable import ZhendiKit
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Feeds, sitemap and sharing metadata, checked with real parsers.
final class FeedTests: XCTestCase {
    var site: TempSite!

    override func setUpWithError() throws {
        site = try TempSite([
            "content/news/a.md": article("第一篇", date: "2025-03-01T09:30:00+08:00",
                extra: "tags: [党建, \"A&B\"]\nauthor: 王芳\nbranch: 东城第一支部\nupdated: 2025-03-02T10:00:00+08:00\n",
                body: "正文[链接](../news/b.md)和![图](/images/wide.png)。\n\n## 小标题\n\n内容"),
            "content/news/b.md": article("\"标题含 ]]> 与 <b>标签</b> & \\u0001控制符\"", date: "2025-01-01",
                extra: "summary: \"摘要 ]]> & <i>\"\n", body: "CDATA ]]> 结束符与 \u{0B} 控制字符。"),
            "content/lessons/c.md": article("第一讲", date: "2024-12-31T23:30:00+08:00", extra: "series: 系列\norder: 1\n"),
            "content/news/draft.md": article("草稿DRAFTFEED", extra: "draft: true\n"),
        ], siteYML: "title: 示范区党建网\nbaseURL: https://dangjian.example.gov.cn/portal/\ndescription: 测试站点\n")
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 3, 0x20, 0, 0, 1, 0xC2]
        png += [UInt8](repeating: 0, count: 16)
        try site.write("static/images/wide.png", Data(png))
        try site.build()
    }

    override func tearDown() { site.remove() }

    func data(_ path: String) throws -> Data { try Data(contentsOf: site.output.appendingPathComponent(path)) }

    func xml(_ path: String) throws -> XMLDocument {
        let doc = try XMLDocument(data: data(path))
        return doc
    }

    func testEveryFeedIsWellFormedXML() throws {
        let files = OutputTree.files(site.output).keys.filter { $0.hasSuffix("feed.xml") || $0.hasSuffix("atom.xml") || $0 == "sitemap.xml" }
        XCTAssertTrue(files.contains("branches/dong-cheng-di-yi-zhi-bu/feed.xml"), "\(files)")
        XCTAssertTrue(files.contains("news/atom.xml"))
        for f in files {
            let parser = XMLParser(data: try data(f))
            XCTAssertTrue(parser.parse(), "\(f): \(String(describing: parser.parserError))")
        }
    }

    func testRSSHasRequiredElementsAbsoluteLinksAndRFC822Dates() throws {
        let rss = try xml("feed.xml")
        XCTAssertEqual(try rss.nodes(forXPath: "/rss/channel/title").first?.stringValue, "示范区党建网")
        XCTAssertEqual(try rss.nodes(forXPath: "/rss/channel/link").first?.stringValue, "https://dangjian.example.gov.cn/portal/")
        let items = try rss.nodes(forXPath: "/rss/channel/item")
        XCTAssertEqual(items.count, 3, "the draft is not in the feed")
        let first = items[0]
        XCTAssertEqual(try first.nodes(forXPath: "title").first?.stringValue, "第一篇")
        XCTAssertEqual(try first.nodes(forXPath: "pubDate").first?.stringValue, "Sat, 01 Mar 2025 09:30:00 +0800")
        XCTAssertEqual(try first.nodes(forXPath: "link").first?.stringValue, "https://dangjian.example.gov.cn/portal/news/a/")
        XCTAssertEqual(try first.nodes(forXPath: "category").map { $0.stringValue ?? "" }, ["党建", "A&B"])
        let html = try XCTUnwrap(first.nodes(forXPath: "description").first?.stringValue)
        XCTAssertTrue(html.contains("href=\"https://dangjian.example.gov.cn/portal/news/b/\""), html)
        XCTAssertTrue(html.contains("src=\"https://dangjian.example.gov.cn/portal/images/wide.png\""), html)
        let escaped = items[1]
        XCTAssertEqual(try escaped.nodes(forXPath: "title").first?.stringValue, "标题含 ]]> 与 <b>标签</b> & 控制符",
                       "the control character is dropped, the rest escaped")
        XCTAssertTrue(try escaped.nodes(forXPath: "description").first?.stringValue?.contains("CDATA ]]&gt; 结束符") ?? false,
                      "the item's HTML survives XML escaping intact")
    }

    func testAtomHasRequiredElementsAndRFC3339Dates() throws {
        let atom = try xml("atom.xml")
        let ns = "*[local-name()='%@']"
        func path(_ parts: String...) -> String { "/" + parts.map { String(format: ns, $0) }.joined(separator: "/") }
        XCTAssertEqual(try atom.nodes(forXPath: path("feed", "id")).first?.stringValue, "https://dangjian.example.gov.cn/portal/")
        XCTAssertEqual(try atom.nodes(forXPath: path("feed", "updated")).first?.stringValue, "2025-03-02T10:00:00+08:00")
        XCTAssertNotNil(try atom.nodes(forXPath: path("feed", "author", "name")).first)
        let entries = try atom.nodes(forXPath: path("feed", "entry"))
        XCTAssertEqual(entries.count, 3)
        let e = entries[0]
        XCTAssertEqual(try e.nodes(forXPath: String(format: ns, "published")).first?.stringValue, "2025-03-01T09:30:00+08:00")
        XCTAssertEqual(try e.nodes(forXPath: String(format: ns, "updated")).first?.stringValue, "2025-03-02T10:00:00+08:00")
        XCTAssertEqual(try entries[2].nodes(forXPath: String(format: ns, "published")).first?.stringValue, "2024-12-31T23:30:00+08:00",
                       "late-evening Beijing time stays on its own day")
    }

    func testJSONFeedHasTheRequiredFields() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data("feed.json")) as? [String: Any])
        XCTAssertEqual(json["version"] as? String, "https://jsonfeed.org/version/1.1")
        XCTAssertEqual(json["title"] as? String, "示范区党建网")
        XCTAssertEqual(json["feed_url"] as? String, "https://dangjian.example.gov.cn/portal/feed.json")
        let items = try XCTUnwrap(json["items"] as? [[String: Any]])
        XCTAssertEqual(items.count, 3)
        for item in items {
            XCTAssertNotNil(item["id"] as? String)
            XCTAssertTrue(item["content_html"] is String || item["content_text"] is String)
            XCTAssertTrue((item["url"] as? String)?.hasPrefix("https://") ?? false)
        }
        XCTAssertEqual(items[0]["date_modified"] as? String, "2025-03-02T10:00:00+08:00")
        XCTAssertEqual(items[1]["title"] as? String, "标题含 ]]> 与 <b>标签</b> & \u{1}控制符")
        XCTAssertEqual(items[0]["image"] as? String, "https://dangjian.example.gov.cn/portal/images/wide.png")
    }

    func testFeedparserReportsNoErrors() throws {
        let check = """
        import feedparser, sys
        bad = []
        for path in sys.argv[1:]:
            d = feedparser.parse(path)
            if d.bozo or not d.feed.get('title'):
                bad.append((path, repr(d.get('bozo_exception')), len(d.entries)))
        print(bad)
        sys.exit(1 if bad else 0)
        """
        let feeds = OutputTree.files(site.output).keys.filter { $0.hasSuffix("feed.xml") || $0.hasSuffix("atom.xml") }
            .sorted()
            .map { site.output.appendingPathComponent($0).path }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", check] + feeds
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        p.waitUntilExit()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if out.contains("No module named 'feedparser'") { throw XCTSkip("feedparser is not installed (scripts/setup installs it)") }
        XCTAssertEqual(p.terminationStatus, 0, out)
    }

    func testSitemapRobotsAndSharingMetadata() throws {
        let sitemap = try XCTUnwrap(String(data: data("sitemap.xml"), encoding: .utf8))
        XCTAssertTrue(sitemap.contains("<loc>https://dangjian.example.gov.cn/portal/news/a/</loc><lastmod>2025-03-02T10:00:00+08:00</lastmod>"))
        XCTAssertFalse(sitemap.contains("draft"))
        XCTAssertFalse(sitemap.contains("/search/"))
        XCTAssertTrue(sitemap.contains("tags/a-b/"), "tag pages are listed")
        let robots = try XCTUnwrap(String(data: data("robots.txt"), encoding: .utf8))
        XCTAssertTrue(robots.contains("Sitemap: https://dangjian.example.gov.cn/portal/sitemap.xml"))
        let page = try XCTUnwrap(site.read("news/a/index.html"))
        XCTAssertTrue(page.contains("<link rel=\"canonical\" href=\"https://dangjian.example.gov.cn/portal/news/a/\">"))
        XCTAssertTrue(page.contains("<meta property=\"og:image\" content=\"https://dangjian.example.gov.cn/portal/images/wide.png\">"))
        XCTAssertTrue(page.contains("<meta name=\"description\" content=\"正文链接和。\">") || page.contains("<meta name=\"description\" content=\"正文"), page)
        XCTAssertTrue(page.contains("type=\"application/rss+xml\""))
        let section = try XCTUnwrap(site.read("news/index.html"))
        XCTAssertTrue(section.contains("href=\"/portal/news/feed.xml\""), "section pages advertise their own feed")
    }

    func testSitemapIsSplitPastTheProtocolLimit() throws {
        var options = site.options()
        options.output = nil
        let (input, _) = SiteInput.load(root: site.root, baseURLOverride: nil)
        let items = try XCTUnwrap(input).content.compactMap { FrontMatterParser(config: input!.config).parse($0).0 }
        let graph = SiteAssembler(config: input!.config, policy: PublicationPolicy(now: Int64(TempSite.now.timeIntervalSince1970))).assemble(items)
        var writer = SitemapWriter(graph: graph)
        writer.maxURLsPerFile = 5
        let files = writer.files()
        XCTAssertGreaterThan(files.count, 2)
        let index = try XCTUnwrap(files.first { $0.0 == "/sitemap.xml" }?.1)
        XCTAssertTrue(index.contains("<sitemapindex"))
        XCTAssertTrue(index.contains("<loc>https://dangjian.example.gov.cn/portal/sitemap-1.xml</loc>"))
        for (_, xml) in files { XCTAssertTrue(XMLParser(data: Data(xml.utf8)).parse()) }
    }
}
