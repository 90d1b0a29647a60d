import XCTest
@testable import ZhendiKit

/// Fingerprints decide which pages are rendered again: two inputs that render differently must
/// never share one.
final class FingerprintTests: XCTestCase {
    private struct Place: Encodable {
        var name: String
        var note: String?
        var links: [ItemSurroundings.Link]
        var date: ContentDate?
        var count: Int
    }

    private struct Renamed: Encodable {
        var title: String
        var note: String?
        var links: [ItemSurroundings.Link]
        var date: ContentDate?
        var count: Int
    }

    func testEveryStoredPropertyOfAnEncodableValueCounts() {
        let link = ItemSurroundings.Link(name: "党建", url: "/tags/dang-jian/")
        let base = Place(name: "甲", note: nil, links: [link], date: ContentDate(instant: 0, offsetSeconds: 28_800), count: 1)
        func fp<T: Encodable>(_ v: T) -> UInt64 { FingerprintEncoder.fingerprint(v) }
        XCTAssertEqual(fp(base), fp(base))
        var variants: [Place] = []
        var v = base; v.name = "乙"; variants.append(v)
        v = base; v.note = ""; variants.append(v)
        v = base; v.links = []; variants.append(v)
        v = base; v.links = [link, link]; variants.append(v)
        v = base; v.links[0].url = "/tags/other/"; variants.append(v)
        v = base; v.date = nil; variants.append(v)
        v = base; v.date?.offsetSeconds = 0; variants.append(v)
        v = base; v.count = 2; variants.append(v)
        let all = Set(([base] + variants).map(fp))
        XCTAssertEqual(all.count, variants.count + 1, "each change gives a new fingerprint")
        XCTAssertNotEqual(fp(base), fp(Renamed(title: base.name, note: base.note, links: base.links, date: base.date, count: base.count)),
                          "property names count too")
    }

    private struct OtherPrimitives: Encodable {
        var small: Int32
        var byte: UInt8
        var ratio: Float
        var levels: [Int16]
    }

    /// Primitives the encoder has no method of their own for are hashed too (their own
    /// `encode(to:)` asked the encoder for a container again, without end).
    func testPrimitivesWithoutTheirOwnMethodCount() {
        let base = OtherPrimitives(small: 1, byte: 2, ratio: 0.5, levels: [3])
        func fp(_ v: OtherPrimitives) -> UInt64 { FingerprintEncoder.fingerprint(v) }
        var variants: [OtherPrimitives] = []
        var v = base; v.small = -1; variants.append(v)
        v = base; v.byte = 3; variants.append(v)
        v = base; v.ratio = 0.25; variants.append(v)
        v = base; v.levels = [4]; variants.append(v)
        v = base; v.levels = [3, 3]; variants.append(v)
        XCTAssertEqual(fp(base), fp(base))
        XCTAssertEqual(Set(([base] + variants).map(fp)).count, variants.count + 1, "each change gives a new fingerprint")
    }

    func testContextValuesOfDifferentTypesDiffer() {
        func fp(_ c: [String: Any]) -> UInt64 { ContextFingerprint(template: 1, context: c).value }
        XCTAssertNotEqual(fp(["a": 1]), fp(["a": "1"]))
        XCTAssertNotEqual(fp(["a": true]), fp(["a": 1]))
        XCTAssertEqual(fp(["a": ["b": "c"]]), fp(["a": ["b": "c"] as [String: Any]]), "a dictionary of strings hashes as the same dictionary of Any")
        XCTAssertNotEqual(fp(["a": [["b": "c"]]]), fp(["a": [["b": "d"]]]))
        XCTAssertEqual(fp(["x": 1, "y": "2"]), fp(["y": "2", "x": 1]), "order-independent")
    }
}
