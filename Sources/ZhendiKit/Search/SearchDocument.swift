/// Tokenises one page into an index segment and records its excerpt offsets (FORMAT.md §3, §4).
struct SearchDocumentIndexer {
    let phrases: PhraseTable
    let cache = SearchText.Cache()
    static let segmentLength = 400
    static let segmentOverlap = 80
    /// Substrings of words up to this length get their own doc-level `s` token, so a short Latin
    /// or digit term (2024, 5g, 7) is one lookup instead of one per vocabulary word containing it.
    static let substringMax = 3

    /// Reused buffers (one indexer per thread).
    private final class Buffers {
        var norm: [UInt32] = []
        var classes: [SearchText.Class] = []
        var startOfOriginal: [Int32] = []
        var keys: [UInt64] = []            // doc-level occurrences
        var positional: [UInt64] = []      // positional occurrences: compact key (43 bits) << 21 | occurrence
        var positionOf: [Int] = []         // local index → position
        var counts = CountingTable()
    }
    private let buffers = Buffers()

    init(phrases: PhraseTable) {
        self.phrases = phrases
    }

    /// Indexes `title + "\n" + body` as document `doc` into `segment`; returns the excerpt text
    /// to write (its segment offsets go into `segment`).
    func add(doc: Int, title: String, body: String, to segment: IndexSegment) -> String {
        let text = title + "\n" + body
        let b = buffers
        b.norm.removeAll(keepingCapacity: true)
        b.startOfOriginal.removeAll(keepingCapacity: true)
        var byteOffsets: [Int] = []
        var byte = 0
        var nextBoundary = 0
        for s in text.unicodeScalars {
            let start = b.norm.count
            b.startOfOriginal.append(Int32(start))
            while start >= nextBoundary {
                byteOffsets.append(byte)
                nextBoundary += Self.segmentLength
            }
            byte += UTF8.width(s)
            SearchText.normalize(s, into: &b.norm, cache: cache)
        }
        if byteOffsets.isEmpty { byteOffsets.append(0) }
        byteOffsets.append(byte)
        segment.excerpts.append((doc, byteOffsets))
        let n = b.norm.count
        segment.lengths.append((doc, n))
        b.classes.removeAll(keepingCapacity: true)
        for c in b.norm { b.classes.append(SearchText.classify(c)) }

        // Occurrences are first collected locally (sequential writes that stay in cache), then
        // grouped by sorting, so the segment's large tables are touched once per distinct
        // token instead of once per character.
        b.keys.removeAll(keepingCapacity: true)
        b.positional.removeAll(keepingCapacity: true)
        b.positionOf.removeAll(keepingCapacity: true)
        var words: [String: (tf: Int, positions: [Int])] = [:]
        let phrases = self.phrases
        b.norm.withUnsafeBufferPointer { codes in
            b.classes.withUnsafeBufferPointer { cls in
                func positional(_ key: UInt64, _ pos: Int) {
                    // Sorting (compact key << 21 | occurrence number) keeps each key's positions in
                    // order. Kind (bigram or edge) needs one bit once the kind byte is dropped.
                    let compact = (SearchToken.kind(key) == SearchToken.edge ? 1 << 42 : 0) | (key & 0x3FF_FFFF_FFFF)
                    b.positional.append(compact << 21 | UInt64(b.positionOf.count & 0x1F_FFFF))
                    b.positionOf.append(pos)
                }
                var i = 0
                while i < n {
                    switch cls[i] {
                    case .separator:
                        i += 1
                    case .han:
                        let c = codes[i]
                        b.keys.append(SearchToken.key(SearchToken.unigram, c))
                        if i + 1 < n, cls[i + 1] == .han {
                            let c2 = codes[i + 1]
                            let key = SearchToken.key(SearchToken.bigram, c, c2)
                            b.keys.append(key)
                            positional(key, i)
                            if i + 2 < n, cls[i + 2] == .han, phrases.mayStart(c, c2) {
                                var h = PhraseTable.extend(PhraseTable.extend(PhraseTable.hashSeed, c), c2)
                                var len = 2
                                while len < PhraseTable.maxLength, i + len < n, cls[i + len] == .han {
                                    h = PhraseTable.extend(h, codes[i + len])
                                    len += 1
                                    if let p = phrases.find(hash: h, in: codes, at: i, length: len) {
                                        b.keys.append(SearchToken.key(SearchToken.phrase, 0, UInt32(p)))
                                    }
                                }
                            }
                        }
                        if (i > 0 && cls[i - 1] == .word) || (i + 1 < n && cls[i + 1] == .word) {
                            positional(SearchToken.key(SearchToken.edge, c), i)
                        }
                        i += 1
                    case .word:
                        var end = i
                        while end < n, cls[end] == .word { end += 1 }
                        let w = SearchText.string(codes[i..<end])
                        if let existing = words.index(forKey: w) {
                            words.values[existing].tf += 1
                            words.values[existing].positions.append(i)
                        } else {
                            words[w] = (1, [i])
                        }
                        i = end
                    }
                }
            }
        }

        // Count doc-level occurrences in a small per-document table (stays in cache).
        b.counts.reset()
        for key in b.keys { b.counts.increment(key) }
        b.counts.forEach { key, tf in segment.addDocLevel(key: key, doc: doc, tf: tf) }
        for (o, packed) in b.positional.enumerated() {
            let compact = packed >> 21
            let kind = compact >> 42 == 1 ? SearchToken.edge : SearchToken.bigram
            segment.addPosition(key: kind << 56 | (compact & 0x3FF_FFFF_FFFF), doc: doc, pos: b.positionOf[o])
        }
        var substrings: [String: Int] = [:]
        for w in words.keys.sorted() {
            let entry = words[w]!
            segment.addWord("w" + w, doc: doc, tf: entry.tf, positions: entry.positions)
            let cps = Array(w.unicodeScalars)
            var seen = Set<String>()
            for start in 0..<cps.count {
                for len in 1...Self.substringMax where start + len <= cps.count {
                    let sub = String(String.UnicodeScalarView(cps[start..<start + len]))
                    if seen.insert(sub).inserted { substrings[sub, default: 0] += entry.tf }
                }
            }
        }
        for sub in substrings.keys.sorted() {
            segment.addWord("s" + sub, doc: doc, tf: substrings[sub]!, positions: nil)
        }

        // Title tokens, for ranking only.
        let titleNorm = SearchText.normalized(title, cache: cache)
        var titleKeys = Set<UInt64>()
        var titleWords = Set<String>()
        var j = 0
        while j < titleNorm.count {
            let cls = SearchText.classify(titleNorm[j])
            if cls == .han {
                titleKeys.insert(SearchToken.key(SearchToken.titleUnigram, titleNorm[j]))
                if j + 1 < titleNorm.count, SearchText.classify(titleNorm[j + 1]) == .han {
                    titleKeys.insert(SearchToken.key(SearchToken.titleBigram, titleNorm[j], titleNorm[j + 1]))
                }
                j += 1
            } else if cls == .word {
                var end = j
                while end < titleNorm.count, SearchText.classify(titleNorm[end]) == .word { end += 1 }
                titleWords.insert(SearchText.string(titleNorm[j..<end]))
                j = end
            } else {
                j += 1
            }
        }
        for key in titleKeys.sorted() { segment.addDocLevel(key: key, doc: doc, tf: 1) }
        for w in titleWords.sorted() { segment.addWord("tw" + w, doc: doc, tf: 1, positions: nil) }
        return text
    }
}

/// Counts occurrences of packed keys within one document: open addressing over a table that is
/// cleared by bumping a generation number, so it stays allocated and in cache between documents.
struct CountingTable {
    private var keys = [UInt64](repeating: 0, count: 1 << 13)
    private var counts = [Int32](repeating: 0, count: 1 << 13)
    private var stamps = [UInt32](repeating: 0, count: 1 << 13)
    private var used: [Int32] = []
    private var generation: UInt32 = 1

    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            stamps = [UInt32](repeating: 0, count: stamps.count)
            generation = 1
        }
        used.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func increment(_ key: UInt64) {
        if used.count * 2 >= keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: mix64(key)) & mask
        while stamps[i] == generation {
            if keys[i] == key { counts[i] += 1; return }
            i = (i + 1) & mask
        }
        stamps[i] = generation
        keys[i] = key
        counts[i] = 1
        used.append(Int32(i))
    }

    /// In first-seen order, which is deterministic.
    func forEach(_ body: (UInt64, Int) -> Void) {
        for i in used { body(keys[Int(i)], Int(counts[Int(i)])) }
    }

    private mutating func grow() {
        let live = used.map { (keys[Int($0)], counts[Int($0)]) }
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        stamps = [UInt32](repeating: 0, count: size)
        generation = 1
        used.removeAll(keepingCapacity: true)
        for (k, c) in live {
            increment(k)
            counts[Int(used.last!)] = c
        }
    }
}
