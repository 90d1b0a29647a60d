import XCTest
@testable import ZhendiKit

final class ByteRangeTests: XCTestCase {
    func testSingleRangesAsTheSearchRuntimeSendsThem() {
        XCTAssertEqual(ByteRange.parse("bytes=0-511", length: 1000), 0..<512)
        XCTAssertEqual(ByteRange.parse("bytes=900-1200", length: 1000), 900..<1000, "clipped to the body")
        XCTAssertEqual(ByteRange.parse("bytes=10-", length: 1000), 10..<1000)
        XCTAssertEqual(ByteRange.parse("bytes=-100", length: 1000), 900..<1000)
    }

    func testAnythingElseIsAnsweredWithTheWholeBody() {
        for header in [nil, "", "bytes=", "bytes=5-1", "bytes=1000-", "bytes=0-1,5-9", "items=0-5", "bytes=a-b", "bytes=-0"] {
            XCTAssertNil(ByteRange.parse(header, length: 1000), String(describing: header))
        }
        XCTAssertNil(ByteRange.parse("bytes=0-1", length: 0))
    }
}
