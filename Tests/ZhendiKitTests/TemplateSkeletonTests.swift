import Mustache
import XCTest
@testable import ZhendiKit

/// Pages rendered from per-shape skeletons must equal pages rendered by swift-mustache itself.
final class TemplateSkeletonTests: XCTestCase {
    static let templates = [
        "base": "<title>{{page.title}}</title>\n{{$main}}{{/main}}\n<footer>{{{chrome}}}</footer>\n",
        "page": """
        {{<base}}
        {{$main}}
        <h1>{{title}}</h1><meta content="{{title}}">{{{title}}}
        {{#dateText}}<time datetime="{{dateISO}}">{{dateText}}</time>{{/dateText}}
        {{^author}}无作者{{/author}}{{#author}}作者：{{author}}{{/author}}
          {{>part}}
        <ul>{{#words}}<li>{{word}}</li>{{/words}}</ul>
        {{#flag}}开{{/flag}}{{^flag}}关{{/flag}} {{flag}} {{count}}
        {{#nested}}{{#inner}}{{label}}|{{title}}{{/inner}}{{/nested}}
        {{/main}}
        {{/base}}
        """,
        "part": "{{#items}}{{{html}}}{{/items}}\n<p>{{title}}</p>\n{{{tail}}}{{{empty}}}{{{empty}}}\n",
        "list": "{{<base}}{{$main}}<ul>\n{{#items}}  <li>{{title}}</li>\n{{/items}}</ul>\n{{/main}}{{/base}}",
    ]

    static func library(_ templates: [String: String]) -> MustacheLibrary {
        _ = FastHTMLContentType.registered
        var library = MustacheLibrary()
        for (name, text) in templates { library.register(try! MustacheTemplate(string: FastHTMLContentType.pragma + text), named: name) }
        return library
    }

    static func skeletons(_ templates: [String: String] = templates) -> TemplateSkeletons? {
        TemplateSkeletons(templates: templates, direct: library(templates))
    }

    func direct(_ context: [String: Any], _ template: String) -> String {
        Self.library(Self.templates).render(context, withTemplate: template) ?? "?"
    }

    func context(_ v: [String]) -> [String: Any] {
        [
            "page": ["title": v[0]], "chrome": v[1], "title": v[2], "dateText": v[3], "dateISO": v[4],
            "author": v[5], "words": [["word": v[6]], ["word": v[7]]], "flag": true, "count": 42,
            "items": [["html": v[8]], ["html": v[9]]], "tail": v[10], "empty": "",
            "nested": ["inner": [["label": v[11]], ["label": v[0]]]],
        ]
    }

    func testSkeletonRenderingEqualsDirectRenderingForEveryValueOfAShape() throws {
        let skeletons = try XCTUnwrap(Self.skeletons())
        let values: [[String]] = [
            ["标题", "\n<p>页脚</p>\n", "<b>党建</b> & \"引号\" 'x'", "2024年5月1日", "2024-05-01", "张三", "学习", "教育",
             "<li>一</li>\n", "<li>二</li>\n", "结尾\n", "标签"],
            ["另一个标题", "\n<p>不同的页脚</p>\n", "a < b", "2025年1月2日", "2025-01-02", "李四", "多行\n文字", "x",
             "<li>三\n四</li>\n", "<li>五</li>\n", "结尾二\n", "<i>"],
            ["第三", "x\n", "甲", "丙", "丁", "戊", "己", "庚", "辛\n", "壬\n", "癸\n", "子"],
        ]
        for v in values {
            let c = context(v)
            XCTAssertEqual(skeletons.render(c, template: "page"), direct(c, "page"))
        }
        // Another shape: an empty value, a missing one, a false flag, a value without a line break.
        var c = context(values[0])
        c["author"] = nil
        c["dateText"] = ""
        c["flag"] = false
        c["items"] = [["html": "<li>无换行</li>"]]
        XCTAssertEqual(skeletons.render(c, template: "page"), direct(c, "page"))
        // Both shapes' skeletons passed the check against direct rendering and were kept.
        XCTAssertEqual(skeletons.count, 2)
    }

    func testKeysNoTemplateNamesDoNotMakeShapes() throws {
        let skeletons = try XCTUnwrap(Self.skeletons())
        for i in 0..<5 {
            let c: [String: Any] = [
                "page": ["title": "第\(i)页", "unread": i], "chrome": "", "unread": i % 2 == 0,
                "items": (0..<3).map { j -> [String: Any] in ["title": "<文章\(i)-\(j)>", "summary": String(repeating: "字", count: i), "cover": j == i] },
            ]
            XCTAssertEqual(skeletons.render(c, template: "list"), direct(c, "list"))
        }
        XCTAssertEqual(skeletons.count, 1)
    }

    func testValuesASkeletonCannotCarryAreLeftToDirectRendering() throws {
        let skeletons = try XCTUnwrap(Self.skeletons())
        var c = context(Array(repeating: "文字", count: 12))
        c["title"] = "私用区\u{E000}0\u{E001}字符"
        XCTAssertNil(skeletons.render(c, template: "page"))
        c["title"] = "回车\r"
        XCTAssertNil(skeletons.render(c, template: "page"))
        c["title"] = 1.5
        XCTAssertNil(skeletons.render(c, template: "page"))
        // Templates whose output can depend on the text itself are never rendered from skeletons.
        XCTAssertNil(Self.skeletons(["page": "{{uppercased(title)}}"]))
        XCTAssertNil(Self.skeletons(["page": "{{>*name}}"]))
        XCTAssertNil(Self.skeletons(["page": "{{=<% %>=}}<% title %>"]))
        XCTAssertNil(Self.skeletons(["page": "a\rb{{title}}"]))
        // `{{.}}` prints whatever is on top of the stack; a dictionary or list printed as text is
        // Swift's description of it.
        let dot = try XCTUnwrap(Self.skeletons(["page": "{{#words}}{{.}}{{/words}}", "other": "{{title}}{{#a}}{{b}}{{/a}}"]))
        XCTAssertNil(dot.render(["words": ["一", "二"]], template: "page"))
        XCTAssertNotNil(dot.render(["title": "题", "a": ["b": "乙"]], template: "other"))
        XCTAssertNil(dot.render(["title": ["x": "题"]], template: "other"))
    }
}

extension TemplateSkeletonTests {
    func testTheBuiltInThemeRendersFromSkeletons() throws {
        let (theme, diagnostics) = Theme.build(name: "default", origin: "test", files: Theme.builtInFiles())
        XCTAssertEqual(diagnostics, [])
        XCTAssertNotNil(try XCTUnwrap(theme).skeletons)
    }
}
