import Foundation
import XCTest
@testable import ZhendiKit

/// `SiteGraph.adding` and `.replacingArticle` must give the graph the assembler makes from the same items, or nothing.
final class GraphInsertionTests: XCTestCase {
    func testAddingOrChangingArticlesGivesTheGraphsTheAssemblerMakes() throws {
        let (loaded, _) = SiteInput.load(root: repositoryRoot, baseURLOverride: nil)
        let input = try XCTUnwrap(loaded)
        var config = input.config
        // Short lists, so that articles often make a list one page longer.
        config.pageSize = 3
        config.feedLimit = 4
        let parser = FrontMatterParser(config: config)
        var items = input.content.compactMap { parser.parse($0).0 }
        let policy = PublicationPolicy(now: Int64(Date().timeIntervalSince1970))
        let assembler = SiteAssembler(config: config, policy: policy)
        var graph = assembler.assemble(items)
        XCTAssertFalse(graph.findings.contains { $0.severity == .error })

        var random = SplitMix64(seed: 2026)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        func chance(_ n: UInt64) -> Bool { random.next() % n == 0 }
        let titles = items.map(\.title)
        let dates = items.compactMap(\.date).map { d in
            ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(d.instant)))
        }
        let tags = Array(Set(items.flatMap(\.tags))).sorted()
        let branches = graph.branches.map(\.name)
        let topics = graph.topics.flatMap { [$0.name, $0.slug] }
        let seriesNames = graph.series.map(\.key)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zhendi-insert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var (added, replaced, lessons, published) = (0, 0, 0, 0)
        for n in 0..<500 {
            var lines = ["title: \(chance(4) ? pick(titles) : "新文章\(n)")"]
            if !chance(10) { lines.append("date: \(chance(3) ? pick(dates) : String(format: "20%02d-%02d-%02dT08:00:00+08:00", chance(12) ? 40 : 24 + n % 2, 1 + n % 12, 1 + n % 28))") }
            var ownTags = tags.filter { _ in chance(8) }
            if chance(5) { ownTags.append("新标签\(n % 7)") }
            if chance(15), let t = ownTags.first { ownTags.append(t + " ") }
            if chance(20), let t = tags.first { ownTags.append(t.replacingOccurrences(of: "党", with: "黨")) }
            if !ownTags.isEmpty { lines.append("tags: [\(ownTags.joined(separator: ", "))]") }
            if chance(4) { lines.append("branch: \(chance(6) ? "新支部\(n)" : pick(branches))") }
            if chance(4) { lines.append("topics: [\(chance(6) ? "没有的专题" : pick(topics))]") }
            if chance(4) {
                lines.append("series: \(chance(6) ? "新系列" : pick(seriesNames))")
                if !chance(4) { lines.append("order: \(1 + random.next() % 12)") }
            }
            if chance(15) { lines.append("draft: true") }
            if chance(25) { lines.append("slug: \(pick(["a", "page", "2024-03-zhishu"]))") }
            // Half of them change an article of the site (its file stays), half are new files.
            let articles = graph.pages.filter { $0.item.kind == .article }
            let changing = chance(2) && !articles.isEmpty ? pick(articles) : nil
            // Some publish a draft (or leave it unpublished).
            let drafts = graph.withheld.keys.sorted().map { "content/\($0)" }
            let draft = changing == nil && chance(4) && !drafts.isEmpty ? items.first { $0.source == pick(drafts) } : nil
            let section = chance(15) ? "newsection" : pick(["news", "lessons", "exemplars"])
            let path = changing?.item.source ?? draft?.source ?? "content/\(section)/\(pick(["0", "2024-05-", "m", "zz", "枫林", "dangwu-0"]))\(n).md"
            let file = folder.appendingPathComponent("\(n).md")
            try "---\n\(lines.joined(separator: "\n"))\n---\n\n第 \(n) 篇。\n".write(to: file, atomically: true, encoding: .utf8)
            guard case .success(let source) = SourceFile.read(file.path, as: path), var item = parser.parse(source).0 else {
                XCTFail("article \(n) does not parse")
                continue
            }
            _ = FrontMatterParser.dropTagsWithoutSlug(&item)
            let before = items
            if let i = items.firstIndex(where: { $0.source == path }) { items[i] = item } else { items.append(item) }
            let assembled = assembler.assemble(items)
            // The site's feed takes its newest articles from each section's newest.
            let newest = assembled.sections.flatMap(\.members).sorted { a, b in
                let x = assembled.pages[a].item, y = assembled.pages[b].item
                let dx = x.date?.instant ?? .min, dy = y.date?.instant ?? .min
                return dx != dy ? dx > dy : x.source < y.source
            }
            XCTAssertEqual(FeedSet.all(assembled)[0].members, Array(newest.prefix(4)))
            let patched = changing.map { graph.replacingArticle($0.id, with: item, policy: policy) }
                ?? graph.adding(item, policy: policy, withheldBefore: draft)
            if let patched {
                XCTAssertEqual(describe(patched), describe(assembled), "article \(n) (\(changing == nil ? "new" : "changed")): \(lines)")
                if changing == nil { added += 1 } else { replaced += 1 }
                if item.series != nil { lessons += 1 }
                if draft != nil { published += 1 }
            }
            // Errors are not built upon: the change is taken back. So is a tag spelled two ways
            // or a lesson number given twice, after which no article is changed without
            // assembling (see `removingArticle`). The next change is made to this one's patched
            // graph when there is one.
            if assembled.findings.contains(where: {
                $0.severity == .error || $0.code == "site.tag-slug-collision" || $0.code == "site.series-order-duplicate"
            }) {
                items = before
            } else {
                graph = patched ?? assembled
            }
        }
        XCTAssertGreaterThan(published, 5, "drafts are published without assembling")
        XCTAssertGreaterThan(lessons, 20, "lessons join and leave their series without assembling")
        XCTAssertGreaterThan(replaced, 60, "most changes of date, tags or branch are made without assembling")
        XCTAssertGreaterThan(added, 60, "most ordinary articles are added without assembling")
    }

    private func describe(_ g: SiteGraph) -> [String] {
        var out = g.pages.map { "page \($0.id) \($0.item.source) \($0.url) \($0.hasOwnPage)" }
        for c in g.sections + g.tags + g.branches + g.series + g.topics {
            out.append("list \(c.kind) \(c.key) \(c.name) \(c.slug) \(c.url) \(c.members) \(String(describing: c.introPage)) \(c.paginated)")
        }
        out.append("year \(g.latestYear)")
        out.append("home \(String(describing: g.homeIntro)) \(g.indexIntros.sorted { $0.key < $1.key })")
        out += g.menu.map { "menu \($0.name) \($0.url)" }
        out += g.urlByContentPath.sorted { $0.key < $1.key }.map { "url \($0.key) \($0.value)" }
        out += g.withheld.sorted { $0.key < $1.key }.map { "withheld \($0.key) \($0.value)" }
        out += g.withheldURLs.sorted { $0.key < $1.key }.map { "withheld url \($0.key) \($0.value)" }
        out += g.pagePaths.sorted().map { "path \($0)" }
        out += g.pages.indices.map { id in
            "positions \(id) \(String(describing: g.seriesPosition[id])) \(String(describing: g.sectionPosition[id])) \(String(describing: g.topicsOfPage[id]))"
        }
        out += g.tagIndex.sorted { $0.key < $1.key }.map { "tag \($0.key) \($0.value)" }
        out += g.branchIndex.sorted { $0.key < $1.key }.map { "branch \($0.key) \($0.value)" }
        out += g.findings.map { "finding \($0.formatted)" }
        return out
    }
}
