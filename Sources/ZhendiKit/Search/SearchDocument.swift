/// Tokenises one page into an index segment and writes the text of its result record (FORMAT.md §3, §4).
struct SearchDocumentIndexer {
    let phrases: PhraseTable
    let cache = SearchText.Cache()
    /// The record's text is padded to a multiple of this many UTF-16 units (its length is stored
    /// in these units: one byte for most pages).
    static let textQuantum = 32
    /// Substrings of words up to this length get their own doc-level `s` token, so a short Latin
    /// or digit term (2024, 5g, 7) is one lookup instead of one per vocabulary word containing it.
    static let substringMax = 3

    /// `j` tokens (FORMAT.md §3) join a Han character to up to this many code points of the word
    /// beside it, so a term like 35岁, QQ群, 2024年 or 第1讲 is one doc-level list: proving it
    /// from position lists read those of the junction pair and of the words that could hold it
    /// (25–40 KB per query at 10,000 pages).
    static let junctionWordMax = 4

    /// The spans of the `j` tokens of the word `from..<to` with a Han character before it
    /// (`before`) and/or after it (`after`): the Han character and the word's first 2…4 code
    /// points, the word's last 2…4 and the Han character, and, for a word of at most 4 between
    /// two Han characters, all three. (One code point is the `e` pair.)
    static func junctions(_ from: Int, _ to: Int, before: Bool, after: Bool, _ emit: (Range<Int>) -> Void) {
        let length = to - from, most = min(length, junctionWordMax)
        if before {
            for k in stride(from: 2, through: most, by: 1) { emit((from - 1)..<(from + k)) }
        }
        if after {
            for k in stride(from: 2, through: most, by: 1) { emit((to - k)..<(to + 1)) }
        }
        if before, after, length <= junctionWordMax { emit((from - 1)..<(to + 1)) }
    }

    /// Reused buffers (one indexer per thread). `add` moves them into locals while it works:
    /// appending to a class's array property in the per-character loop costs a uniqueness
    /// check and a retain each time.
    private final class Buffers {
        let text = DecodedText()
        var docTuples: [UInt64] = []
        var unigramTuples: [UInt64] = []
        var phraseTuples: [UInt64] = []
        var counts = CountingTable()
        /// Occurrences (up to 15) of each Han code point in the current document: indexing by
        /// code point beats hashing the most frequent token kind.
        var unigramCounts = [UInt8](repeating: 0, count: Int(SearchText.hanLimit))
        var unigramsSeen: [UInt32] = []
        /// The same for phrases, by phrase id: a page can hold a thousand phrase occurrences, and
        /// counting them in a hash table cost more than finding them.
        var phraseCounts: [UInt8] = []
        var phrasesSeen: [Int32] = []
        /// The page's words, junctions and title words.
        var words = WordOccurrences()
        var junctions = WordOccurrences()
        var titleWords = WordOccurrences()
    }
    private let buffers = Buffers()

    init(phrases: PhraseTable) {
        self.phrases = phrases
    }

    /// Indexes `title + "\n" + body` as document `doc` into `segment`; returns that text as the
    /// record stores it (FORMAT.md §4): UTF-16 units where the unit at index `p` is the character
    /// at normalised position `p` (a character normalised to `k` code points is followed by
    /// `k - 1` U+0000; only a character outside the BMP shifts what follows by one), padded with
    /// U+0000 to a multiple of `textQuantum` units. `complete` is false when the text was longer
    /// than `PositionalEntry.positionLimit` normalised characters and only that many were indexed.
    func add(doc: Int, title: String, body: String, to segment: IndexSegment) -> (units: [UInt16], complete: Bool) {
        let b = buffers
        let text = b.text
        text.decode(title + "\n" + body, cache: cache)
        var docTuples = b.docTuples, unigramTuples = b.unigramTuples, phraseTuples = b.phraseTuples
        var counts = b.counts, unigramCounts = b.unigramCounts, unigramsSeen = b.unigramsSeen
        var phraseCounts = b.phraseCounts, phrasesSeen = b.phrasesSeen
        var words = b.words, junctions = b.junctions, titleWords = b.titleWords
        b.docTuples = []; b.unigramTuples = []; b.phraseTuples = []
        b.counts = CountingTable(size: 0); b.unigramCounts = []; b.unigramsSeen = []
        b.phraseCounts = []; b.phrasesSeen = []
        b.words = WordOccurrences(); b.junctions = WordOccurrences(); b.titleWords = WordOccurrences()
        defer {
            words.reset(); junctions.reset(); titleWords.reset()
            b.docTuples = docTuples; b.unigramTuples = unigramTuples; b.phraseTuples = phraseTuples
            b.counts = counts; b.unigramCounts = unigramCounts; b.unigramsSeen = unigramsSeen
            b.phraseCounts = phraseCounts; b.phrasesSeen = phrasesSeen
            b.words = words; b.junctions = junctions; b.titleWords = titleWords
        }
        docTuples.removeAll(keepingCapacity: true)
        unigramTuples.removeAll(keepingCapacity: true)
        phraseTuples.removeAll(keepingCapacity: true)

        // Positions must fit an entry: a longer text is indexed up to the limit.
        let n = min(text.count, PositionalEntry.positionLimit)
        let local = segment.begin(doc: doc)
        let docBits = local << PositionalEntry.positionBits

        // Occurrences are only appended here (sequential writes that stay in cache); the
        // segment groups them by sorting once for all its documents. Doc-level bigram postings
        // are derived from the positional ones there, so bigrams are not counted here.
        let phrases = self.phrases
        // The title comes first in the text: a phrase ending within it is also a title phrase.
        let titleNorm = SearchText.normalized(title, cache: cache)
        let titleEnd = titleNorm.count
        var titleKeys = Set<UInt64>()
        // Written through pointers: every position adds at most two of bigram and edge pairs
        // (positional, straight into the segment); phrases are counted by id.
        // `append` in this loop paid a uniqueness check per call.
        if phraseCounts.count < phrases.phrases.count {
            phraseCounts = [UInt8](repeating: 0, count: phrases.phrases.count)
            phrasesSeen = [Int32](repeating: 0, count: phrases.phrases.count)
        }
        var positional = 0, phrasesFound = 0
        let pk = segment.positionalSpace(2 * n)
        do {
            let codes = text.normalized, cls = text.classified
            phraseCounts.withUnsafeMutableBufferPointer { phraseCounts in
            phrasesSeen.withUnsafeMutableBufferPointer { phrasesSeen in
            unigramCounts.withUnsafeMutableBufferPointer { unigrams in
                var i = 0
                while i < n {
                    switch cls[i] {
                    case .separator:
                        i += 1
                    case .han:
                        // A run of Han characters at once: inside it every neighbour is Han, so
                        // only its two ends ask what lies beside them.
                        var end = i + 1
                        while end < n, cls[end] == .han { end += 1 }
                        // A Han character next to a word: the pair, at the position of its first
                        // character.
                        if i > 0, cls[i - 1] == .word {
                            pk[positional] = PositionalEntry.pair(codes[i - 1], codes[i]) | docBits | UInt64(i - 1)
                            positional += 1
                        }
                        for j in i..<end {
                            let c = codes[j]
                            let seen = unigrams[Int(c)]
                            if seen == 0 { unigramsSeen.append(c) }
                            if seen < 15 { unigrams[Int(c)] = seen + 1 }
                            guard j + 1 < end else { break }
                            let c2 = codes[j + 1]
                            pk[positional] = PositionalEntry.pair(c, c2) | docBits | UInt64(j)
                            positional += 1
                            guard j + 2 < end, var node = phrases.start(c, c2) else { continue }
                            var len = 2
                            // Stop as soon as no phrase starts with what was read.
                            while len < PhraseTable.maxLength, j + len < end, let longer = phrases.next(node, codes[j + len]) {
                                node = longer
                                len += 1
                                let entry = phrases.phrase(node)
                                if entry >= 0 {
                                    let seen = phraseCounts[entry]
                                    if seen == 0 {
                                        phrasesSeen[phrasesFound] = Int32(entry)
                                        phrasesFound += 1
                                    }
                                    if seen < 15 { phraseCounts[entry] = seen + 1 }
                                    if j + len <= titleEnd { titleKeys.insert(SearchToken.key(SearchToken.titlePhrase, 0, UInt32(entry))) }
                                }
                            }
                        }
                        if end < n, cls[end] == .word {
                            pk[positional] = PositionalEntry.pair(codes[end - 1], codes[end]) | docBits | UInt64(end - 1)
                            positional += 1
                        }
                        i = end
                    case .word:
                        var end = i
                        while end < n, cls[end] == .word { end += 1 }
                        words.add(segment.wordToken(.word, UnsafeBufferPointer(rebasing: codes[i..<end])), at: i)
                        let before = i > 0 && cls[i - 1] == .han, after = end < n && cls[end] == .han
                        if before || after {
                            Self.junctions(i, end, before: before, after: after) {
                                junctions.add(segment.wordToken(.junction, UnsafeBufferPointer(rebasing: codes[$0])))
                            }
                        }
                        i = end
                    }
                }
            }
            }
            }
        }
        segment.didWritePositional(positional)

        // Emitted in bulk (one capacity check), then the counts reset for the next document.
        unigramCounts.withUnsafeMutableBufferPointer { buffer in
            let counts = buffer
            unigramTuples.append(contentsOf: unigramsSeen.lazy.map { c in
                (PositionalEntry.code(c) << IndexSegment.docBits | local) << 4 | UInt64(counts[Int(c)])
            })
            for c in unigramsSeen { counts[Int(c)] = 0 }
        }
        unigramsSeen.removeAll(keepingCapacity: true)
        phraseCounts.withUnsafeMutableBufferPointer { buffer in
            let counts = buffer
            let seen = phrasesSeen[0..<phrasesFound]
            phraseTuples.append(contentsOf: seen.lazy.map { e in
                (UInt64(e) << IndexSegment.docBits | local) << 4 | UInt64(counts[Int(e)])
            })
            for e in seen { counts[Int(e)] = 0 }
        }
        // Count the substrings of words (a substring counts the occurrences of each distinct
        // word containing it) in a small per-document table.
        counts.reset()
        var subs: [UInt64] = []
        do {
            let codes = text.normalized
            let (positionStart, positions) = words.positions()
            for (e, token) in words.tokens.enumerated() {
                let first = positionStart[e], tf = positionStart[e + 1] - first
                segment.addWord(token, doc: doc, positions: positions[first..<(first + tf)])
                let start = Int(positions[first]), length = segment.wordLength(token)
                subs.removeAll(keepingCapacity: true)
                for from in 0..<length {
                    for len in 1...min(Self.substringMax, length - from) {
                        subs.append(WordCode.substringKey(codes, start + from, len))
                    }
                }
                subs.sort()
                var previous: UInt64 = 0
                for key in subs where key != previous {
                    counts.increment(key, by: Int32(clamping: tf))
                    previous = key
                }
            }
        }
        for (token, tf) in zip(junctions.tokens, junctions.counts) { segment.addWord(token, doc: doc, tf: Int(tf)) }
        counts.forEach { key, tf in
            docTuples.append((IndexSegment.compact(key) << IndexSegment.docBits | local) << 4 | UInt64(min(tf, 15)))
        }

        // Title tokens, for ranking only.
        for j in titleNorm.indices.dropLast() {
            let a = SearchText.classify(titleNorm[j]), b = SearchText.classify(titleNorm[j + 1])
            if a != b, a != .separator, b != .separator {
                titleKeys.insert(SearchToken.key(SearchToken.titleEdge, titleNorm[j], titleNorm[j + 1]))
            }
        }
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
                titleNorm.withUnsafeBufferPointer { titleWords.add(segment.wordToken(.titleWord, UnsafeBufferPointer(rebasing: $0[j..<end]))) }
                j = end
            } else {
                j += 1
            }
        }
        for key in titleKeys.sorted() { docTuples.append((IndexSegment.compact(key) << IndexSegment.docBits | local) << 4 | 1) }
        segment.append(docTuples: docTuples, unigramTuples: unigramTuples, phraseTuples: phraseTuples)
        for token in titleWords.tokens { segment.addWord(token, doc: doc, tf: 1) }
        return (text.recordUnits(quantum: Self.textQuantum), n == text.count)
    }
}

/// Counts occurrences of packed keys within one document: open addressing over a table that is
/// cleared by bumping a generation number, so it stays allocated and in cache between documents.
struct CountingTable {
    private var keys: [UInt64]
    private var counts: [Int32]
    private var stamps: [UInt32]
    private var used: [Int32] = []
    private var generation: UInt32 = 1

    init(size: Int = 1 << 13) {
        keys = [UInt64](repeating: 0, count: size)
        counts = [Int32](repeating: 0, count: size)
        stamps = [UInt32](repeating: 0, count: size)
    }

    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            stamps = [UInt32](repeating: 0, count: stamps.count)
            generation = 1
        }
        used.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func increment(_ key: UInt64, by amount: Int32 = 1) {
        if used.count * 2 >= keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: mix64(key)) & mask
        while stamps[i] == generation {
            if keys[i] == key { counts[i] &+= amount; return }
            i = (i + 1) & mask
        }
        stamps[i] = generation
        keys[i] = key
        counts[i] = amount
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
