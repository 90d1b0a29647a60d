import Foundation
@testable import ZhendiKit

/// libFuzzer entry point: any bytes as a content file must decode, parse and render without
/// crashing. Built only when ZHENDI_FUZZ=1 (see Package.swift and scripts/fuzz).
struct FuzzResolver: MarkdownLinkResolver {
    func resolveLink(_ destination: String, line: Int) -> LinkResolution {
        destination.hasSuffix(".md") ? .rewrite(href: "/x/", targetPath: "/x/") : .keep
    }
    func resolveImage(_ source: String, line: Int) -> LinkResolution { .image(src: "/i.png", width: 1, height: 1) }
}

let config = SiteConfig(title: "模糊测试")
let phrases = PhraseTable(phrases: ["党组织", "基层党组织", "三会一课"].map { $0.unicodeScalars.map(\.value) })
let renderer = MarkdownRenderer(allowRawHTML: false)
let unsafeRenderer = MarkdownRenderer(allowRawHTML: true)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    guard case .success(let text) = SourceText.decode(bytes, file: "content/news/fuzz.md") else { return 0 }
    let file = SourceFile(path: "content/news/fuzz.md", text: text, hash: ContentHash(bytes: bytes))
    let (item, _) = FrontMatterParser(config: config).parse(file)
    let body = item?.body ?? text
    let r1 = renderer.render(body, file: file.path, lineOffset: (item?.bodyLine ?? 1) - 1, resolver: FuzzResolver())
    let r2 = unsafeRenderer.render(body, file: file.path, lineOffset: 0, resolver: FuzzResolver())
    _ = ChineseText.summary(of: r1.plainText, limit: 120)
    _ = ChineseText.summary(paragraphs: r1.plainText.components(separatedBy: "\n"), limit: 60)
    // The search tokeniser writes through pointers into scratch space sized from the text.
    let segment = IndexSegment()
    let title = item?.title ?? text
    let (units, _) = SearchDocumentIndexer(phrases: phrases).add(doc: 0, title: title, body: r1.plainText, to: segment)
    precondition(units.count % SearchDocumentIndexer.textQuantum == 0)
    // Without its U+0000 (padding after expanding characters and at the end) the record's text
    // is the indexed text, a NUL in it shown as U+FFFD.
    let shown = String(decoding: units.filter { $0 != 0 }, as: UTF16.self)
    precondition(shown == (title + "\n" + r1.plainText).replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
    segment.seal()
    _ = PrivacyGuard(allowed: []).scan(text)
    _ = r2.html.count
    return 0
}
