import Foundation
import XCTest
@testable import ZhendiKit

/// What the search index does with unusual pages (its results are checked against a substring
/// oracle by the node tests in Tests/js).
final class SearchIndexTests: XCTestCase {
    /// Index entries place positions up to a limit: a page longer than that is indexed up to it,
    /// and the editor is told which page, in every build, full or incremental.
    func testAPageTooLongToIndexWholeIsReported() throws {
        let paragraph = String(repeating: "党支部组织生活会", count: 1250) + "\n\n"
        let body = String(repeating: paragraph, count: PositionalEntry.positionLimit / 10_000 + 2)
        let site = try TempSite([
            "content/news/long.md": article("很长的文章", body: body),
            "content/news/short.md": article("短文章"),
        ])
        defer { site.remove() }
        func warnings(_ result: BuildResult) -> [Diagnostic] { result.diagnostics.filter { $0.code == "search.too-long" } }

        let full = warnings(try site.build())
        XCTAssertEqual(full.count, 1)
        XCTAssertEqual(full.first?.file, "content/news/long.md")
        XCTAssertTrue(full.first?.message.contains("104 万字") ?? false, full.first?.message ?? "")
        XCTAssertEqual(warnings(try site.build()).count, 1, "a build from the cache")
        try site.write("content/news/short.md", article("短文章", body: "改过的正文。"))
        XCTAssertEqual(warnings(try site.build()).count, 1, "another page edited")
        try site.write("content/news/long.md", article("很长的文章", body: body + "最后一段。"))
        XCTAssertEqual(warnings(try site.build()).count, 1, "the long page edited")
    }
}
