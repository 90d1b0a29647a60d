import XCTest
@testable import ZhendiKit

/// The sample portal in this repository (`content/`, `site.yml`, `static/`) builds cleanly and
/// shows every feature the product promises.
final class SamplePortalTests: XCTestCase {
    var output: URL!

    override func setUpWithError() throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("zhendi-sample-\(UUID().uuidString)")
        var options = BuildOptions(source: repositoryRoot)
        options.output = output
        let result = try SiteBuilder(options: options).build()
        XCTAssertEqual(result.diagnostics.map(\.formatted), [])
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: output)
    }

    func testEveryInternalLinkResolves() {
        XCTAssertEqual(OutputTree.brokenInternalLinks(output), [])
    }

    func testDraftAndInternalItemsAreAbsentEverywhere() throws {
        let content = repositoryRoot.appendingPathComponent("content")
        var hidden: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil)! where url.pathExtension == "md" {
            let text = try String(contentsOf: url, encoding: .utf8)
            if text.contains("\ndraft: true") || text.contains("\nvisibility: internal") {
                let title = text.split(separator: "\n").first { $0.hasPrefix("title:") }!
                hidden.append(title.dropFirst(6).trimmingCharacters(in: CharacterSet(charactersIn: " \"")))
            }
        }
        XCTAssertGreaterThanOrEqual(hidden.count, 2, "the sample has a draft and an internal item")
        for (path, data) in OutputTree.files(output) {
            let text = String(decoding: data, as: UTF8.self)
            for title in hidden { XCTAssertFalse(text.contains(title), "\(title) leaked into \(path)") }
        }
    }

    func testSampleUsesEveryFeature() throws {
        let files = OutputTree.files(output)
        XCTAssertGreaterThanOrEqual(files.keys.filter { $0.hasSuffix("index.html") }.count, 60)
        let html = files.filter { $0.key.hasSuffix(".html") }.map { String(decoding: $0.value, as: UTF8.self) }.joined()
        for marker in ["<table>", "class=\"footnotes\"", "<del>", "type=\"checkbox\"", "<img src=", "class=\"toc\"", "rel=\"next\""] {
            XCTAssertTrue(html.contains(marker), "no page uses \(marker)")
        }
        XCTAssertTrue(files.keys.contains { $0.hasPrefix("series/") && $0.hasSuffix("index.html") && $0 != "series/index.html" })
        XCTAssertTrue(files.keys.contains { $0.hasPrefix("branches/") && $0 != "branches/index.html" })
        XCTAssertTrue(files.keys.contains { $0.hasPrefix("topics/") && $0 != "topics/index.html" })
        XCTAssertNotNil(files["about/index.html"])
        XCTAssertNotNil(files["feed.xml"])
    }
}
