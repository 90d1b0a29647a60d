import XCTest
@testable import ZhendiKit

/// Builds corpora made by `../shared/corpus/gen_corpus.py`: every one must build with no
/// warnings and no broken internal links, in both link styles the generator writes.
final class CorpusTests: XCTestCase {
    /// Corpus dates run to the end of 2025.
    static let afterCorpusDates = Date(timeIntervalSince1970: 1_767_225_600)
    static let generator = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/gen_corpus.py")

    static func generate(pages: Int, linkStyle: String, seed: String = "7") throws -> TempSite {
        guard FileManager.default.fileExists(atPath: Self.generator.path) else {
            throw XCTSkip("../shared/corpus/gen_corpus.py is not beside the repository")
        }
        let site = try TempSite([:], siteYML: "title: 语料测试站\nbaseURL: https://example.org/\n")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.generator.path, site.root.path, "--pages", "\(pages)", "--seed", seed, "--link-style", linkStyle]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        return site
    }

    func testPrettyLinkCorpusBuildsCleanly() throws {
        let site = try Self.generate(pages: 300, linkStyle: "pretty")
        defer { site.remove() }
        let result = try site.build(now: CorpusTests.afterCorpusDates)
        XCTAssertEqual(result.diagnostics.map(\.formatted), [])
        XCTAssertEqual(OutputTree.brokenInternalLinks(site.output), [])
        XCTAssertTrue(site.exists("news/news-000001/index.html"))
        XCTAssertTrue(site.exists("sitemap.xml"))
    }

    func testFileLinkCorpusBuildsCleanly() throws {
        let site = try Self.generate(pages: 120, linkStyle: "file", seed: "11")
        defer { site.remove() }
        let result = try site.build(now: CorpusTests.afterCorpusDates)
        XCTAssertEqual(result.diagnostics.map(\.formatted), [])
        XCTAssertEqual(OutputTree.brokenInternalLinks(site.output), [])
    }
}
