import XCTest
@testable import ZhendiKit

final class TextTests: XCTestCase {
    /// cmark-gfm's extension characters live in a process-wide table: documents rendered on
    /// several threads at once once lost `~~strikethrough~~` and autolinks at random.
    func testMarkdownExtensionsSurviveConcurrentRendering() {
        struct Keep: MarkdownLinkResolver {
            func resolveLink(_ destination: String, line: Int) -> LinkResolution { .keep }
            func resolveImage(_ source: String, line: Int) -> LinkResolution { .keep }
        }
        let renderer = MarkdownRenderer(allowRawHTML: false)
        let body = (1...20).map { "第\($0)段：~~每月召开一次~~ 改为每季度召开，详见 www.example.org/\($0) 。" }.joined(separator: "\n\n")
        let html = concurrentMap(Array(0..<400)) { _ in renderer.render(body, file: "a.md", lineOffset: 0, resolver: Keep()).html }
        XCTAssertEqual(Set(html).count, 1, "every rendering of the same text is the same")
        XCTAssertEqual(html[0].components(separatedBy: "<del>").count, 21)
        XCTAssertEqual(html[0].components(separatedBy: "<a href=\"http://www.example.org/").count, 21)
    }

    func testSlugs() {
        XCTAssertEqual(Slug.make("news-000001"), "news-000001")
        XCTAssertEqual(Slug.make("My First Post"), "my-first-post")
        XCTAssertEqual(Slug.make("基层党建"), "ji-ceng-dang-jian")
        XCTAssertEqual(Slug.make("东城街道第一党支部"), "dong-cheng-jie-dao-di-yi-dang-zhi-bu")
        XCTAssertEqual(Slug.make("“三会一课”制度"), "san-hui-yi-ke-zhi-du")
        XCTAssertEqual(Slug.make("2024年工作"), "2024nian-gong-zuo")
        XCTAssertEqual(Slug.make("!!!"), "")
    }

    /// `Slug.prepare` transliterates many names in one ICU call; each slug must be the one the
    /// name gets on its own (a polyphonic character, a name starting or ending with punctuation,
    /// Latin, digits, rare characters).
    func testSlugsMadeTogetherAreTheSlugsMadeAlone() {
        var names = ["基层党建", "“三会一课”制度", "党史学习", "银行党支部", "重庆市", "长征精神", "西安", "行业协会", "第2党支部",
                     "5G网络", "Café党建", "！！", "《党章》学习", "𠮷祥", "朝阳社区", "音乐", "乐于助人", "单位", "单县", "会计"]
        let han = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
        for i in stride(from: 0, to: han.count - 4, by: 3) { names.append(String(han[i..<(i + 2 + i % 4)])) }
        let together = Slug.slugs(together: names)
        XCTAssertEqual(together, names.map(Slug.uncached))
    }

    /// Front matter values are trimmed without Foundation; the result must be Foundation's.
    func testTrimmingMatchesFoundation() {
        let pieces = [" ", "\t", "\n", "\r", "\u{3000}", "\u{A0}", "\u{85}", "\u{2028}", "\u{200B}", "\u{FEFF}", "a", "党", "\u{301}", "𠮷", "x y", "，"]
        for _ in 0..<5000 {
            var s = ""
            for _ in 0..<Int.random(in: 0..<8) { s += pieces.randomElement()! }
            XCTAssertEqual(s.trimmingWhitespace(), s.trimmingCharacters(in: .whitespacesAndNewlines), s.debugDescription)
            XCTAssertEqual(s.trimmingWhitespace(newlines: false), s.trimmingCharacters(in: .whitespaces), s.debugDescription)
        }
    }

    func testSlugSafety() {
        XCTAssertNotNil(Slug.problem(with: "../etc"))
        XCTAssertNotNil(Slug.problem(with: "a/b"))
        XCTAssertNotNil(Slug.problem(with: ".."))
        XCTAssertNotNil(Slug.problem(with: "a\u{0}b"))
        XCTAssertNil(Slug.problem(with: "zhu-ti-dang-ri"))
    }

    func testSummaryCountsCharactersAndStopsAtASentence() {
        let text = String(repeating: "基层党组织是党的战斗堡垒。", count: 20)
        let s = ChineseText.summary(of: text, limit: 30)
        XCTAssertTrue(s.hasSuffix("。"))
        XCTAssertLessThanOrEqual(s.count, 30)
        XCTAssertEqual(ChineseText.summary(of: "短文。", limit: 30), "短文。")
        let noStop = String(repeating: "党", count: 50)
        XCTAssertEqual(ChineseText.summary(of: noStop, limit: 10), String(repeating: "党", count: 10) + "……")
    }

    func testSummaryFromParagraphs() {
        // Stops before a paragraph that introduces a list or table, joins Chinese without gaps.
        XCTAssertEqual(ChineseText.summary(paragraphs: ["第一段。", "3 月 22 日开展活动。", "培训有三个特点：", "后文"], limit: 100),
                       "第一段。3 月 22 日开展活动。")
        // Does not leave a quotation open.
        let quoted = "居民说：" + String(repeating: "很好", count: 3) + "“平时上班请假不方便，周六来就能办好，太贴心了。”"
        let s = ChineseText.summary(paragraphs: [quoted], limit: 20)
        XCTAssertEqual(s.filter { $0 == "“" }.count, s.filter { $0 == "”" }.count, s)
    }

    func testReadingUnitsAndMinutes() {
        XCTAssertEqual(ChineseText.readingUnits("党建 work 2024年"), 2 + 1 + 1 + 1)
        XCTAssertEqual(ChineseText.readingMinutes(units: 1), 1)
        XCTAssertEqual(ChineseText.readingMinutes(units: 900), 3)
        XCTAssertEqual(ChineseText.readingMinutes(units: 901), 4)
    }

    func testWhitespaceJoinsChineseWithoutSpaces() {
        XCTAssertEqual(ChineseText.collapseWhitespace("第一行\n第二行 and\nEnglish"), "第一行第二行 and English")
    }

    func testEscaping() {
        XCTAssertEqual(Escape.html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        XCTAssertEqual(Escape.xml("a\u{8}b]]>"), "ab]]&gt;")
        XCTAssertEqual(Escape.jsonString("</script>\n\u{2028}"), "\"\\u003c/script\\u003e\\n\\u2028\"")
        XCTAssertEqual(Escape.urlPath("https://x.cn/news/a-b_c.1~/?q=1&r=%20"), "https://x.cn/news/a-b_c.1~/?q=1&r=%20")
        XCTAssertEqual(Escape.urlPath("/新闻/a b\n\u{7F}"), "/%E6%96%B0%E9%97%BB/a%20b%0A%7F")
    }

    /// The escapes work on UTF-8 runs for speed; this compares them with the plain per-scalar
    /// definitions on random text full of the characters they treat specially.
    func testEscapingMatchesPerScalarDefinitions() {
        func html(_ s: String) -> String {
            var o = ""
            for c in s.unicodeScalars {
                switch c {
                case "&": o += "&amp;"
                case "<": o += "&lt;"
                case ">": o += "&gt;"
                case "\"": o += "&quot;"
                case "'": o += "&#39;"
                default: o.unicodeScalars.append(c)
                }
            }
            return o
        }
        func xml(_ s: String) -> String {
            var o = ""
            for c in s.unicodeScalars {
                switch c {
                case "&": o += "&amp;"
                case "<": o += "&lt;"
                case ">": o += "&gt;"
                case "\"": o += "&quot;"
                case "'": o += "&apos;"
                case "\t", "\n", "\r": o.unicodeScalars.append(c)
                default:
                    let v = c.value
                    if v < 0x20 || (0x7F...0x84).contains(v) || (0x86...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF { continue }
                    o.unicodeScalars.append(c)
                }
            }
            return o
        }
        func json(_ s: String) -> String {
            var o = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": o += "\\\""
                case "\\": o += "\\\\"
                case "\n": o += "\\n"
                case "\r": o += "\\r"
                case "\t": o += "\\t"
                case "<": o += "\\u003c"
                case ">": o += "\\u003e"
                case "&": o += "\\u0026"
                case "\u{2028}": o += "\\u2028"
                case "\u{2029}": o += "\\u2029"
                default:
                    if c.value < 0x20 {
                        let hex = String(c.value, radix: 16)
                        o += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        o.unicodeScalars.append(c)
                    }
                }
            }
            return o + "\""
        }
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", " ", "&", "<", ">", "\"", "'", "\\", "\t", "\n", "\r", "\u{0}", "\u{8}", "\u{1F}", "\u{7F}", "\u{80}",
            "\u{84}", "\u{85}", "\u{86}", "\u{9F}", "\u{A0}", "\u{C2}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{FFFD}", "\u{FFFE}",
            "\u{FFFF}", "\u{FEFF}", "党", "建", "，", "\u{20000}", "\u{1F600}", "é",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &rng) { s.append(alphabet.randomElement(using: &rng)!) }
            let text = String(s)
            XCTAssertEqual(Escape.html(text), html(text), "html \(Array(text.unicodeScalars))")
            XCTAssertEqual(Escape.xml(text), xml(text), "xml \(Array(text.unicodeScalars))")
            XCTAssertEqual(Escape.jsonString(text), json(text), "json \(Array(text.unicodeScalars))")
        }
    }

    /// Summaries collapse only the part of each paragraph they can use; the result must equal
    /// collapsing every paragraph whole.
    func testSummaryOfLongParagraphsEqualsTheWholeParagraphRule() {
        func reference(_ paragraphs: [String], limit: Int) -> String {
            var parts: [String] = []
            for raw in paragraphs {
                let p = ChineseText.collapseWhitespace(raw)
                if p.isEmpty { continue }
                if let last = p.unicodeScalars.last, last == ":" || last == "\u{FF1A}" {
                    if !parts.isEmpty { break }
                    parts.append(String(p.dropLast()) + "……")
                    break
                }
                parts.append(p)
                if parts.reduce(0, { $0 + $1.unicodeScalars.count }) >= limit { break }
            }
            return ChineseText.summary(of: parts.joined(separator: "\n"), limit: limit)
        }
        let pieces = ["党建引领", "基层治理。", " ", "\n", "Zhendi 2024", "“三会一课”", "：", ":", "，", "  \t", "落实", "！"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let paragraphs = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                (0..<Int.random(in: 0...40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            }
            let limit = Int.random(in: 12...90, using: &rng)
            XCTAssertEqual(ChineseText.summary(paragraphs: paragraphs, limit: limit), reference(paragraphs, limit: limit), "\(paragraphs) \(limit)")
        }
    }

    /// Heading ids, summaries and link paths are built byte by byte for speed; they must equal
    /// their plain definitions (the code they replaced) on any text.
    func testFastTextHelpersEqualTheirPlainDefinitions() {
        func headingID(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            var pendingDash = false
            for s in text.lowercased().unicodeScalars {
                let v = s.value
                let keeps = ChineseText.isHan(s) || (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39)
                    || (v >= 0x80 && (s.properties.isAlphabetic || s.properties.numericType != nil))
                if keeps {
                    if pendingDash, !out.isEmpty { out.append("-") }
                    pendingDash = false
                    out.append(s)
                } else if s == "-" || s == "_" {
                    out.append(s)
                } else if s.properties.isWhitespace {
                    pendingDash = true
                }
            }
            return String(String(out).prefix(64))
        }
        func summary(_ text: String, limit: Int) -> String {
            let collapsed = ChineseText.collapseWhitespace(text)
            var scalars = Array(collapsed.unicodeScalars)
            guard scalars.count > limit else { return collapsed }
            var cut = limit
            for i in stride(from: limit - 1, through: limit * 2 / 3, by: -1) where ChineseText.isSentenceEnd(scalars[i]) {
                cut = i + 1
                break
            }
            var open: Int? = nil
            for i in 0..<cut {
                if scalars[i] == "\u{201C}" { open = i } else if scalars[i] == "\u{201D}" { open = nil }
            }
            if let o = open, o >= limit / 3 { cut = o }
            scalars.removeSubrange(cut...)
            func string(_ scalars: [Unicode.Scalar]) -> String { String(String.UnicodeScalarView(scalars)) }
            if let last = scalars.last, ChineseText.isSentenceEnd(last) { return string(scalars) }
            while let last = scalars.last, [",", "\u{FF0C}", "、", ";", "\u{FF1B}", ":", "\u{FF1A}", " "].contains(last) { scalars.removeLast() }
            return string(scalars) + "……"
        }
        func normalize(_ path: String) -> String? {
            var out: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == ".." {
                    if out.isEmpty { return nil }
                    out.removeLast()
                    continue
                }
                out.append(part)
            }
            let trailing = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
            let joined = "/" + out.joined(separator: "/")
            return trailing && joined != "/" ? joined + "/" : joined
        }
        var rng = SystemRandomNumberGenerator()
        let words = ["党建", "ΣΑΣ", "Straße", "İstanbul", "ＡＢＣ", "Ǆ", "ﬁ", " ", "\t", "-", "_", "。", "，", "“", "”", "、", "x", "Q1", "Ⅻ", "①", "𠀀", "é", "\u{301}", "：", "！"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...30, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined()
            XCTAssertEqual(HeadingAnchor.id(for: text), headingID(text), "\(Array(text.unicodeScalars))")
            let limit = Int.random(in: 1...40, using: &rng)
            XCTAssertEqual(ChineseText.summary(of: text, limit: limit), summary(text, limit: limit), "\(Array(text.unicodeScalars)) \(limit)")
        }
        let parts = ["/", "/", ".", "..", "a", "新闻", "x.md", "..a", ".b", "é"]
        for _ in 0..<3000 {
            let path = (0..<Int.random(in: 1...9, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined()
            XCTAssertEqual(SiteLinkResolver.normalize(path), normalize(path), path)
        }
    }

    func testImageSizeFromHeaders() {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
        png += [0, 0, 3, 0x20, 0, 0, 1, 0xE0]  // 800 × 480
        XCTAssertEqual(ImageSize.parse(png).map { [$0.width, $0.height] }, [800, 480])
    }

    func testCivilDates() {
        XCTAssertEqual(CivilDate(daysSinceEpoch: 0), CivilDate(year: 1970, month: 1, day: 1))
        XCTAssertEqual(CivilDate(year: 2024, month: 2, day: 29).daysSinceEpoch, 19782)
        XCTAssertEqual(CivilDate(year: 2024, month: 5, day: 1).weekday, 3)
    }
}

final class ParallelTests: XCTestCase {
    func testChunksCoverEveryIndexOnce() {
        for count in [0, 1, 2, 7, 26, 255, 256, 257, 1000, 10_001] {
            let ranges = chunkRanges(0..<count, maxChunk: 256)
            XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<count), "count \(count)")
        }
    }

    /// Results, in order, and nothing kept once the caller drops them: `zhendi serve` maps every
    /// page of every build, and a copy held back grew it by ≈ 300 MB per build at 10,000 pages.
    func testConcurrentMapKeepsOrderAndReleasesItsResults() {
        final class Result {
            let n: Int
            init(_ n: Int) { self.n = n }
        }
        var watched: [() -> Result?] = []
        do {
            let results = concurrentMap(Array(0..<1000)) { Result($0 * 2) }
            XCTAssertEqual(results.map(\.n), (0..<1000).map { $0 * 2 })
            for r in [results[0], results[500], results[999]] {
                weak var w = r
                watched.append { w }
            }
        }
        XCTAssertTrue(watched.allSatisfy { $0() == nil }, "a result outlived the array it was returned in")
    }

    /// Names that Swift calls equal (canonically equivalent) are one id whatever their bytes;
    /// every other name, short or long, gets an id of its own, and keeps it as the table grows.
    func testStringIDsAreSwiftEquality() {
        var ids = StringIDs()
        XCTAssertEqual(ids.id("党建").id, 0)
        XCTAssertTrue(ids.id("e\u{301}").isNew)
        XCTAssertEqual(ids.id("\u{E9}").id, 1, "é written as one code point or as e + accent is one name")
        XCTAssertFalse(ids.id("\u{E9}").isNew)
        let names = (0..<500).map { "西湖街道第\($0)党支部" } + (0..<500).map { "t\($0)" } + [""]
        let first = names.map { ids.id($0).id }
        XCTAssertEqual(Set(first).count, names.count)
        XCTAssertEqual(names.map { ids.id($0).id }, first)
        XCTAssertEqual(ids.strings.count, names.count + 2)
        XCTAssertEqual(ids.strings[1], "e\u{301}", "the first spelling names the id")
    }

    func testScriptTrimDropsWholeLineCommentsAndIndentationOnly() {
        func trim(_ s: String) -> String { String(decoding: ScriptTrim.trimmed(Array(s.utf8)), as: UTF8.self) }
        let source = """
        /* Header
           more */
        (function () {
          // a comment line
          var url = "http://example.org/x"; // a trailing comment stays: it could be in a string
          var re = /[^\\/]+\\/$/;
            /* one-line block */
          var a = 1 /* inline */ + 2;

          return a;
        })();
        """
        XCTAssertEqual(trim(source), """
        (function () {
        var url = "http://example.org/x"; // a trailing comment stays: it could be in a string
        var re = /[^\\/]+\\/$/;
        var a = 1 /* inline */ + 2;
        return a;
        })();

        """)
        // What cannot be decided without parsing is left as it was.
        for kept in ["var s = `a\n  // b`;\n", "var s = \"a\\\n  // b\";\n", "/* a\n b */ code();\n  // c\n"] {
            XCTAssertEqual(trim(kept), kept)
        }
    }
}
