import XCTest
@testable import ZhendiKit

final class FrontMatterTests: XCTestCase {
    let config = SiteConfig(title: "测试")

    func parse(_ text: String, path: String = "content/news/a.md") -> (ContentItem?, [Diagnostic]) {
        let file = SourceFile(path: path, text: text, hash: ContentHash(text))
        return FrontMatterParser(config: config).parse(file)
    }

    func testReadsEveryKeyOfTheContentModel() throws {
        let (item, diags) = parse("""
        ---
        title: "东城街道第一党支部召开组织生活会"
        date: 2019-09-19T14:34:00+08:00
        updated: 2019-09-20
        tags: ["党建", "组织生活会"]
        summary: "摘要"
        author: "王芳"
        branch: "东城街道第一党支部"
        series: "党章党规学习"
        order: 3
        slug: zu-zhi-sheng-huo-hui
        draft: false
        visibility: public
        cover: /images/a.jpg
        ---

        正文
        """)
        XCTAssertEqual(diags, [])
        let i = try XCTUnwrap(item)
        XCTAssertEqual(i.title, "东城街道第一党支部召开组织生活会")
        XCTAssertEqual(i.date?.rfc3339, "2019-09-19T14:34:00+08:00")
        XCTAssertEqual(i.date?.chinese, "2019年9月19日")
        XCTAssertEqual(i.updated?.isoDay, "2019-09-20")
        XCTAssertEqual(i.tags, ["党建", "组织生活会"])
        XCTAssertEqual(i.order, 3)
        XCTAssertEqual(i.series, "党章党规学习")
        XCTAssertEqual(i.slug, "zu-zhi-sheng-huo-hui")
        XCTAssertEqual(i.cover, "/images/a.jpg")
        XCTAssertEqual(i.bodyLine, 16)
        XCTAssertEqual(i.body.trimmingCharacters(in: .whitespacesAndNewlines), "正文")
    }

    func testMissingTitleNamesTheFileAndExplainsInChinese() {
        let (_, diags) = parse("---\ndate: 2024-05-01\n---\n正文\n")
        let d = diags.first { $0.code == "front-matter.missing-title" }
        XCTAssertNotNil(d)
        XCTAssertEqual(d?.file, "content/news/a.md")
        XCTAssertTrue(d?.formatted.contains("缺少标题") ?? false)
    }

    func testBadDateIsReportedOnItsLine() {
        let (_, diags) = parse("---\ntitle: 标题\ndate: 2024-13-45\n---\n正文\n")
        let d = diags.first { $0.code == "front-matter.bad-date" }
        XCTAssertEqual(d?.line, 3)
        XCTAssertEqual(d?.severity, .error)
    }

    func testMisspeltKeyGetsASuggestion() {
        let (_, diags) = parse("---\ntilte: 标题\ntitle: 标题\ndate: 2024-05-01\ndraf: true\n---\n")
        let unknown = diags.filter { $0.code == "yaml.unknown-key" }
        XCTAssertEqual(unknown.count, 2)
        XCTAssertEqual(unknown.first { $0.line == 2 }?.hint, "您是不是想写“title”？")
        XCTAssertEqual(unknown.first { $0.line == 5 }?.hint, "您是不是想写“draft”？")
    }

    func testChineseKeyNamesAreMappedToTheirEnglishKey() {
        let (_, diags) = parse("---\n标题: 测试\ntitle: 测试\ndate: 2024-05-01\n---\n")
        XCTAssertEqual(diags.first?.hint, "您是不是想写“title”？")
    }

    func testYAMLSyntaxErrorHasLineAndHint() {
        let (item, diags) = parse("---\ntitle: 会议: 第一次\ndate: 2024-05-01\n---\n")
        XCTAssertNil(item)
        let d = diags.first { $0.code == "yaml.syntax" }
        XCTAssertEqual(d?.line, 2)
        XCTAssertTrue(d?.hint?.contains("双引号") ?? false)
    }

    func testFullWidthColonIsExplained() {
        let (item, diags) = parse("---\ntitle\u{FF1A}测试标题\n---\n")
        XCTAssertNil(item)
        XCTAssertTrue(diags.contains { ($0.hint ?? "").contains("英文冒号") }, "\(diags)")
        let (_, noSpace) = parse("---\ntitle:测试标题\n---\n")
        XCTAssertTrue(noSpace.contains { ($0.hint ?? "").contains("留一个空格") }, "\(noSpace)")
    }

    func testPastedControlCharactersAreRemovedWithAWarning() {
        let (item, diags) = parse("---\ntitle: 标题\u{8}文字\ndate: 2024-05-01\n---\n")
        XCTAssertEqual(item?.title, "标题文字")
        XCTAssertEqual(diags.map(\.code), ["front-matter.control-character"])
        XCTAssertEqual(diags.first?.line, 2)
    }

    func testUnclosedFrontMatter() {
        let (_, diags) = parse("---\ntitle: 测试\n正文\n")
        XCTAssertEqual(diags.first?.code, "front-matter.unclosed")
    }

    func testUnknownVisibilityFailsClosed() {
        let (item, diags) = parse("---\ntitle: 测试\ndate: 2024-05-01\nvisibility: secret\n---\n")
        XCTAssertEqual(item?.isInternal, true)
        XCTAssertTrue(diags.contains { $0.code == "front-matter.bad-visibility" && $0.severity == .error })
    }

    func testDatesWithoutOffsetAreReadInTheSiteZone() {
        let d = ContentDate.parse("2024-05-01", zone: .shanghai)
        XCTAssertEqual(d?.rfc3339, "2024-05-01T00:00:00+08:00")
        XCTAssertEqual(ContentDate.parse("2024-05-01T01:00:00Z", zone: .shanghai)?.rfc3339, "2024-05-01T09:00:00+08:00")
        XCTAssertEqual(ContentDate.parse("2024/5/1 9:30", zone: .shanghai)?.chinese, "2024年5月1日")
        XCTAssertEqual(d?.rfc822, "Wed, 01 May 2024 00:00:00 +0800")
        // West of UTC, with minutes in the offset, and a year before 1000 (padded to four digits).
        XCTAssertEqual(ContentDate(instant: 0, offsetSeconds: -(3 * 3600 + 30 * 60)).rfc3339, "1969-12-31T20:30:00-03:30")
        XCTAssertEqual(ContentDate(instant: -30_610_224_000 - 86_400 * 365 * 100, offsetSeconds: 0).rfc3339, "0900-01-25T00:00:00+00:00")
        XCTAssertNil(ContentDate.parse("2023-02-29", zone: .shanghai))
        XCTAssertNil(ContentDate.parse("昨天", zone: .shanghai))
    }

    func testTagsAsCommaSeparatedString() {
        let (item, _) = parse("---\ntitle: 测试\ndate: 2024-05-01\ntags: 党建, 主题教育、志愿服务\n---\n")
        XCTAssertEqual(item?.tags, ["党建", "主题教育", "志愿服务"])
        // The same inside brackets, where YAML itself splits only on commas.
        let (listed, _) = parse("---\ntitle: 测试\ndate: 2024-05-01\ntags: [党建、主题党日, 志愿服务，乡村振兴]\n---\n")
        XCTAssertEqual(listed?.tags, ["党建", "主题党日", "志愿服务", "乡村振兴"])
    }
}
