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
struct PhraseTable: Sendable {
    let phrases: [[UInt32]]
    /// A phrase or a prefix of one (3+ code points), as its `Key`, with the phrase id (-1 for a
    /// prefix only). Open addressing; an empty slot has `key.low == 0`. The key is the text
    /// itself, so a probe reads one slot and needs no second look at the code points: a probe
    /// is made at most Han characters of every page, and three arrays (index, hash, code
    /// points) cost a cache miss each.
    private struct Slot {
        var key = Key()
        var phrase: Int32 = -1
    }
    private let slots: [Slot]
    private let mask: Int
    /// Bit set (8 KB, so it stays in the L1 cache) over a hash of a phrase's first two
    /// characters, to skip most probes.
    private let starts: [UInt64]

    static let minLength = 3
    /// Common long terms (基层党组织建设, 党员先锋模范作用) are otherwise proved from the
    /// position lists of common bigrams: hundreds of KB.
    static let maxLength = 8

    /// Up to `maxLength` code points of the Basic Multilingual Plane, 16 bits each (phrases are
    /// chosen among those: a phrase is only ever a shortcut, see `select`).
    struct Key: Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        /// The key with `c` appended as its code point number `index`, or nil if `c` is beyond
        /// the BMP (no phrase has it).
        @inline(__always) func appending(_ c: UInt32, at index: Int) -> Key? {
            guard c <= 0xFFFF else { return nil }
            var k = self
            if index < 4 { k.low |= UInt64(c) << UInt64(16 * index) } else { k.high |= UInt64(c) << UInt64(16 * (index - 4)) }
            return k
        }

        @inline(__always) var hash: UInt64 { mix64(low &* 0x9E37_79B9_7F4A_7C15 ^ high) }

        init() {}

        init?(_ p: ArraySlice<UInt32>) {
            var k = Key()
            for (i, c) in p.enumerated() {
                guard let next = k.appending(c, at: i) else { return nil }
                k = next
            }
            self = k
        }
    }

    init(phrases: [[UInt32]]) {
        self.phrases = phrases
        // Every prefix of 3+ characters gets an entry, so tokenising stops reading a phrase
        // candidate at the first prefix that no phrase has.
        var entries: [Key: Int32] = [:]
        for (i, p) in phrases.enumerated() {
            for len in PhraseTable.minLength...p.count {
                guard let key = Key(p[0..<len]) else { preconditionFailure("a phrase beyond the BMP") }
                if len == p.count { entries[key] = Int32(i) } else if entries[key] == nil { entries[key] = -1 }
            }
        }
        var size = 16
        while size < entries.count * 2 { size <<= 1 }
        var slots = [Slot](repeating: Slot(), count: size)
        var starts = [UInt64](repeating: 0, count: 1 << 10)
        for (key, phrase) in entries {
            var j = Int(truncatingIfNeeded: key.hash) & (size - 1)
            while slots[j].key.low != 0 { j = (j + 1) & (size - 1) }
            slots[j] = Slot(key: key, phrase: phrase)
        }
        for p in phrases {
            let s = PhraseTable.startBit(p[0], p[1])
            starts[s >> 6] |= 1 << UInt64(s & 63)
        }
        self.slots = slots
        self.mask = size - 1
        self.starts = starts
    }

    @inline(__always) static func startBit(_ a: UInt32, _ b: UInt32) -> Int {
        Int(truncatingIfNeeded: mix64(UInt64(a) << 21 | UInt64(b))) & ((1 << 16) - 1)
    }

    @inline(__always) func mayStart(_ a: UInt32, _ b: UInt32) -> Bool {
        if phrases.isEmpty { return false }
        let s = PhraseTable.startBit(a, b)
        return starts[s >> 6] & (1 << UInt64(s & 63)) != 0
    }

    /// Nil when no phrase starts with `key`, -1 when only a longer phrase does, else the phrase id.
    @inline(__always)
    func find(_ key: Key) -> Int? {
        var j = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let slot = slots[j]
            if slot.key.low == 0 { return nil }
            if slot.key == key { return Int(slot.phrase) }
            j = (j + 1) & mask
        }
    }

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
