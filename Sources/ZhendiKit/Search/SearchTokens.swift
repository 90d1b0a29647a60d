/// Token identities packed into 64 bits (kind in the top byte), with their string form
/// (`b党建`) used for sharding and in the shard files (FORMAT.md §3).
enum SearchToken {
    static let unigram: UInt64 = 1
    static let bigram: UInt64 = 2
    static let phrase: UInt64 = 3
    static let edge: UInt64 = 4
    static let titleUnigram: UInt64 = 5
    static let titleBigram: UInt64 = 6
    static let titlePhrase: UInt64 = 7
    /// `s` tokens: up to three word code points, each as its `WordCode` (0 = none).
    static let substring: UInt64 = 8
    static let titleEdge: UInt64 = 9

    @inline(__always) static func key(_ kind: UInt64, _ a: UInt32, _ b: UInt32 = 0) -> UInt64 {
        kind << 56 | UInt64(a) << 21 | UInt64(b)
    }

    static func kind(_ key: UInt64) -> UInt64 { key >> 56 }

    /// The string form, given the phrase table for `p` tokens.
    static func string(_ key: UInt64, phrases: PhraseTable) -> String {
        let a = UInt32((key >> 21) & 0x1F_FFFF), b = UInt32(key & 0x1F_FFFF)
        func ch(_ c: UInt32) -> String { Unicode.Scalar(c).map { String(Character($0)) } ?? "" }
        switch kind(key) {
        case unigram: return "u" + ch(a)
        case bigram: return "b" + ch(a) + ch(b)
        case phrase: return "p" + SearchText.string(phrases.phrases[Int(b)][...])
        case edge: return "e" + ch(a) + ch(b)
        case titleUnigram: return "tu" + ch(a)
        case titleBigram: return "tb" + ch(a) + ch(b)
        case titlePhrase: return "tp" + SearchText.string(phrases.phrases[Int(b)][...])
        case substring: return "s" + SearchText.string(WordCode.substring(ofKey: key))
        case titleEdge: return "te" + ch(a) + ch(b)
        default: return ""
        }
    }
}

/// Word code points (FORMAT.md §1) numbered densely from 1 in 14 bits, so a substring of up to
/// three of them packs into a token key like the Han tokens: naming, hashing and sorting
/// `s` tokens as strings cost more than the rest of the tokenising of a page's words.
enum WordCode {
    /// The word ranges of `SearchText.classify`, first and last code point; codes run on from
    /// one range to the next.
    private static let ranges: [(start: UInt32, end: UInt32)] = [
        (0x30, 0x39), (0x61, 0x7A), (0xC0, 0x24F), (0x370, 0x4FF), (0x3040, 0x30FF), (0xAC00, 0xD7A3),
    ]
    private static let firstCodes: [UInt32] = {
        var next: UInt32 = 1, out: [UInt32] = []
        for r in ranges { out.append(next); next += r.end - r.start + 1 }
        return out
    }()

    /// The code of a word code point (one `SearchText.classify` calls `.word`).
    static func code(_ cp: UInt32) -> UInt32 {
        for (i, r) in ranges.enumerated() where cp >= r.start && cp <= r.end { return cp - r.start + firstCodes[i] }
        preconditionFailure("not a word code point: \(cp)")
    }

    static func codePoint(_ code: UInt32) -> UInt32 {
        var i = ranges.count - 1
        while firstCodes[i] > code { i -= 1 }
        return ranges[i].start + code - firstCodes[i]
    }

    /// The packed `s` token of `cps[start..<start + length]` (one to three word code points).
    static func substringKey(_ cps: UnsafeBufferPointer<UInt32>, _ start: Int, _ length: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<3 { v = v << 14 | (k < length ? UInt64(code(cps[start + k])) : 0) }
        return SearchToken.substring << 56 | v
    }

    /// The code points a `substringKey` packs.
    static func substring(ofKey key: UInt64) -> [UInt32] {
        [key >> 28, key >> 14, key].map { UInt32($0 & 0x3FFF) }.filter { $0 != 0 }.map(codePoint)
    }
}

/// Frequent 3–8 character Han phrases whose document sets are stored whole (FORMAT.md §5), with a
/// lookup that costs a few nanoseconds per probe while documents are tokenised.
///
/// The lookup is a trie over the phrases' prefixes: a node for each distinct first pair of
/// characters (`start`), then a node for each longer prefix (`next`), found in open-addressing
/// tables of 8-byte slots (key and child node in one word, so a probe reads one slot). A probe
/// is made at almost every Han character of every page; with 4,000 phrases the two tables
/// take 32 and 64 KB, where the earlier table of 16-byte keys took 192 KB and missed the L1
/// cache on most probes.
struct PhraseTable: Sendable {
    let phrases: [[UInt32]]
    /// Slot: key (32 bits) << 32 | child node + 1; 0 is an empty slot. A `starts` key is the
    /// pair's two BMP code points; a `children` key is (parent node + 1) << 16 | code point.
    private let starts: [UInt64]
    private let children: [UInt64]
    private let startShift: UInt32
    private let childShift: UInt32
    /// The phrase a node spells, or -1 for a prefix that is no phrase itself.
    private let phraseOfNode: [Int32]

    static let minLength = 3
    /// Common long terms (基层党组织建设, 党员先锋模范作用) are otherwise proved from the
    /// position lists of common bigrams: hundreds of KB.
    static let maxLength = 8

    /// Whether `phrases` can make a table (phrases are keyed by 16-bit code points, see `select`).
    static func accepts(_ phrases: [[UInt32]]) -> Bool {
        phrases.allSatisfy { $0.count >= minLength && $0.count <= maxLength && $0.allSatisfy { $0 > 0 && $0 <= 0xFFFF } }
    }

    init(phrases: [[UInt32]]) {
        self.phrases = phrases
        precondition(Self.accepts(phrases))
        var nodeOfPrefix: [[UInt32]: Int32] = [:]
        var phraseOfNode: [Int32] = []
        var startEntries: [(UInt32, Int32)] = [], childEntries: [(UInt32, Int32)] = []
        func node(_ prefix: ArraySlice<UInt32>) -> Int32 {
            if let n = nodeOfPrefix[Array(prefix)] { return n }
            let n = Int32(phraseOfNode.count)
            phraseOfNode.append(-1)
            nodeOfPrefix[Array(prefix)] = n
            if prefix.count == 2 {
                startEntries.append((prefix.first! << 16 | prefix.last!, n))
            } else {
                let parent = node(prefix.dropLast())
                childEntries.append((UInt32(parent + 1) << 16 | prefix.last!, n))
            }
            return n
        }
        for (i, p) in phrases.enumerated() { phraseOfNode[Int(node(p[...]))] = Int32(i) }
        precondition(phraseOfNode.count < 0xFFFF, "at most 65,534 phrase prefixes")
        (starts, startShift) = Self.table(startEntries)
        (children, childShift) = Self.table(childEntries)
        self.phraseOfNode = phraseOfNode
    }

    private static func table(_ entries: [(key: UInt32, node: Int32)]) -> ([UInt64], UInt32) {
        var bits: UInt32 = 4
        while 1 << bits < 2 * entries.count { bits += 1 }
        var slots = [UInt64](repeating: 0, count: 1 << bits)
        for e in entries {
            var j = slot(e.key, 32 - bits)
            while slots[j] != 0 { j = (j + 1) & (slots.count - 1) }
            slots[j] = UInt64(e.key) << 32 | UInt64(e.node + 1)
        }
        return (slots, 32 - bits)
    }

    @inline(__always) private static func slot(_ key: UInt32, _ shift: UInt32) -> Int {
        Int((key &* 0x9E37_79B1) >> shift)
    }

    @inline(__always) private static func find(_ key: UInt32, in slots: [UInt64], shift: UInt32) -> Int32? {
        let mask = slots.count - 1
        var j = slot(key, shift)
        while true {
            let s = slots[j]
            if s == 0 { return nil }
            if UInt32(truncatingIfNeeded: s >> 32) == key { return Int32(truncatingIfNeeded: s) - 1 }
            j = (j + 1) & mask
        }
    }

    /// The node of the pair `a`, `b` when some phrase starts with it.
    @inline(__always) func start(_ a: UInt32, _ b: UInt32) -> Int32? {
        guard a <= 0xFFFF, b <= 0xFFFF, !phrases.isEmpty else { return nil }
        return Self.find(a << 16 | b, in: starts, shift: startShift)
    }

    /// The node of `node`'s prefix followed by `c` when some phrase starts with that.
    @inline(__always) func next(_ node: Int32, _ c: UInt32) -> Int32? {
        guard c <= 0xFFFF else { return nil }
        return Self.find(UInt32(node + 1) << 16 | c, in: children, shift: childShift)
    }

    /// The phrase id `node` spells, or -1.
    @inline(__always) func phrase(_ node: Int32) -> Int { Int(phraseOfNode[Int(node)]) }

    /// Picks the phrases frequent in a sample of documents: the ones positional verification
    /// would make expensive. Only speed depends on this choice, never the results (grams are
    /// counted by a 44-bit fingerprint; a collision could only change which phrases are chosen).
    static func select(sample texts: [String], limit: Int = 4000) -> PhraseTable {
        guard !texts.isEmpty else { return PhraseTable(phrases: []) }
        // Per text: its code points and every n-gram, packed as fingerprint (44 bits), start (17)
        // and length - 3 (3), grouped by the fingerprint's top bits (`parts`); a gram's code
        // points are copied out only if it is chosen.
        let partBits: UInt64 = 3
        let parts = 1 << Int(partBits)
        let perText: [(cps: [UInt32], grams: [UInt64], partStart: [Int])] = concurrentMap(texts) { text in
            let cps = SearchText.normalized(text)
            var found: [UInt64] = []
            let starts = min(cps.count, 1 << 17)
            var i = 0
            while i < starts {
                // Phrases are keyed by 16-bit code points (`Key`): a rare character beyond the
                // BMP ends a candidate (its text is then proved from position lists).
                guard cps[i] <= 0xFFFF, SearchText.classify(cps[i]) == .han else { i += 1; continue }
                var end = i
                while end < cps.count, cps[end] <= 0xFFFF, SearchText.classify(cps[end]) == .han { end += 1 }
                for start in i..<min(end, starts) {
                    var h: UInt64 = 0xCBF2_9CE4_8422_2325
                    for k in 0..<min(maxLength, end - start) {
                        h = (h ^ UInt64(cps[start + k])) &* 0x100_0000_01B3
                        if k + 1 >= minLength {
                            found.append((mix64(h ^ UInt64(k + 1)) >> 20) << 20 | UInt64(start) << 3 | UInt64(k + 1 - minLength))
                        }
                    }
                }
                i = end
            }
            // A counting sort by part keeps each part's grams in the order they were found.
            var partStart = [Int](repeating: 0, count: parts + 1)
            for g in found { partStart[Int(g >> (64 - partBits)) + 1] += 1 }
            for p in 0..<parts { partStart[p + 1] += partStart[p] }
            var fill = partStart
            var grouped = [UInt64](repeating: 0, count: found.count)
            for g in found {
                let p = Int(g >> (64 - partBits))
                grouped[fill[p]] = g
                fill[p] += 1
            }
            return (cps, grouped, partStart)
        }
        // Counted on every core, a part each: a gram counts once per text (`lastText`).
        let threshold = max(3, texts.count / 20)
        let frequent: [[(df: Int, text: Int32, start: Int32, length: Int32)]] = concurrentMap(Array(0..<parts)) { part in
            var counts = UInt64Map(capacity: 1 << 15)
            var df: [Int] = []
            var lastText: [Int32] = []
            var where_: [(text: Int32, start: Int32, length: Int32)] = []
            for (t, list) in perText.enumerated() {
                for g in list.grams[list.partStart[part]..<list.partStart[part + 1]] {
                    let idx = counts.index(g >> 20 | 1 << 44) {
                        df.append(0)
                        lastText.append(-1)
                        where_.append((Int32(t), Int32(truncatingIfNeeded: (g >> 3) & 0x1FFFF), Int32(g & 7) + Int32(minLength)))
                        return df.count - 1
                    }
                    if lastText[idx] != Int32(t) {
                        lastText[idx] = Int32(t)
                        df[idx] += 1
                    }
                }
            }
            return df.indices.filter { df[$0] >= threshold }.map { (df[$0], where_[$0].text, where_[$0].start, where_[$0].length) }
        }
        let candidates = frequent.flatMap { $0 }
        func gramOf(_ i: Int) -> ArraySlice<UInt32> {
            let w = candidates[i]
            return perText[Int(w.text)].cps[Int(w.start)..<Int(w.start + w.length)]
        }
        let df = candidates.map(\.df)
        let chosen = df.indices
            .sorted { df[$0] != df[$1] ? df[$0] > df[$1] : gramOf($0).lexicographicallyPrecedes(gramOf($1)) }
            .prefix(limit)
            .map { Array(gramOf($0)) }
            .sorted { $0.lexicographicallyPrecedes($1) }
        return PhraseTable(phrases: chosen)
    }
}
