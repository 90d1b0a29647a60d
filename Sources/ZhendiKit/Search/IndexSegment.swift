import Foundation

/// The index of a contiguous range of documents, built by one thread while it renders them.
///
/// While documents are added, occurrences are only appended to flat arrays (sequential writes:
/// random access into per-token structures per character is what made indexing slow). `seal`
/// then sorts them once and encodes each token's postings (FORMAT.md §6) into one byte buffer,
/// relative to the segment so `SearchIndexBuilder` can merge segments in document order.
/// Tokens stay packed 64-bit keys until the merge: naming them per segment cost more than
/// tokenising.
final class IndexSegment: @unchecked Sendable {
    /// One token's postings in this segment. `bytes[start..<end]` holds the entries after the
    /// first one's gap (doc-level: after its packed gap/tf varint); merging re-encodes that gap.
    struct Postings {
        var df: Int32 = 0
        var firstDoc: Int32 = -1
        var lastDoc: Int32 = -1
        var firstTf: Int32 = 0
        var start: Int32 = 0
        var end: Int32 = 0
        var byteCount: Int { Int(end - start) }
    }

    /// Sealed tokens of one kind (doc-level or positional): packed keys, then word tokens by
    /// name, with their encoded postings.
    struct Level {
        var bytes: [UInt8] = []
        var keys: [UInt64] = []
        var postings: [Postings] = []
        var words: [(name: String, postings: Postings)] = []
        var count: Int { postings.count + words.count }
        /// Token `i`: the packed ones first, then the words.
        func at(_ i: Int) -> Postings { i < postings.count ? postings[i] : words[i - postings.count].postings }
    }

    /// First document of this segment; tuples store documents relative to it (a segment holds
    /// at most 1,024 documents, see `SearchIndexBuilder.documentsPerSegment`), so a tuple's sort key fits 64 bits.
    private var firstDoc = -1
    private var lastBegun = -1
    static let docBits: UInt64 = 10

    /// Doc-level: (compact token << 10 | local doc) << 4 | min(tf, 15).
    private var docTuples: [UInt64] = []
    /// Doc-level `u` tokens, the most numerous: (character code << 10 | local doc) << 4 | min(tf, 15),
    /// with the 17-bit code of `PositionalEntry.code`, so one radix pass sorts them.
    private var unigramTuples: [UInt64] = []
    /// Doc-level `p` tokens, hundreds per page: (phrase id << 10 | local doc) << 4 | min(tf, 15),
    /// so one 12-bit radix pass sorts them (at most 4,000 phrases).
    private var phraseTuples: [UInt64] = []
    /// Positional occurrences (`PositionalEntry`), written in place by the indexer: `entryCount`
    /// of `entryCapacity` used.
    private var entries: UnsafeMutablePointer<UInt64>?
    private var entryCount = 0
    private var entryCapacity = 0
    /// Word tokens (`w`, `j`, `tw`), numbered by the segment; named when it is sealed.
    private var wordTokens = WordTokens()
    /// Doc-level word occurrences in document order, and positional ones, whose positions are
    /// `wordPositions[start..<start + count]`.
    private var wordDocTuples: [(token: Int32, doc: Int32, tf: Int32)] = []
    private var wordPosTuples: [(token: Int32, doc: Int32, start: Int32, count: Int32)] = []
    private var wordPositions: [UInt32] = []

    // Sealed form.
    private(set) var docLevel = Level()
    private(set) var positional = Level()
    /// Each document's result record size (FORMAT.md §4): header in 8-byte units, text in
    /// 32-UTF-16-unit units.
    var records: [(doc: Int, header: Int, text: Int)] = []
    /// Records of the result bundle being filled (written when its last document is added).
    var bundle: [UInt8] = []

    /// Packed key (kind in the top byte) → 46 bits: kind (4 bits) above the two 21-bit code points.
    @inline(__always) static func compact(_ key: UInt64) -> UInt64 { (key >> 56) << 42 | (key & 0x3FF_FFFF_FFFF) }
    @inline(__always) static func expand(_ compact: UInt64) -> UInt64 { (compact >> 42) << 56 | (compact & 0x3FF_FFFF_FFFF) }

    /// Starts a document; returns its number relative to the segment, to be or-ed into tuples.
    func begin(doc: Int) -> UInt64 {
        if firstDoc < 0 { firstDoc = doc }
        let l = doc - firstDoc
        precondition(l >= 0 && l < 1 << Self.docBits, "a search index segment holds at most 1,024 consecutive documents")
        precondition(doc > lastBegun, "a search index segment's documents are added in order")
        lastBegun = doc
        return UInt64(l)
    }

    deinit { free(entries) }

    /// Appends doc-level tuples (`compact token << 10 | local doc) << 4 | tf`) built by the
    /// indexer for one document.
    func append(docTuples d: [UInt64], unigramTuples u: [UInt64], phraseTuples p: [UInt64]) {
        docTuples.append(contentsOf: d)
        unigramTuples.append(contentsOf: u)
        phraseTuples.append(contentsOf: p)
    }

    /// Room for `count` more positional entries, which the indexer writes in place (a copy per
    /// document moved as many bytes as the tokenising wrote), then reports with
    /// `didWritePositional`.
    func positionalSpace(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        if entryCount + count > entryCapacity {
            // realloc moves large blocks by remapping pages, not copying them.
            entryCapacity = max(1 << 20, 2 * entryCapacity, entryCount + count)
            guard let grown = realloc(entries, entryCapacity * MemoryLayout<UInt64>.stride) else {
                fatalError("out of memory for the search index")
            }
            HugePages.advise(grown, bytes: entryCapacity * MemoryLayout<UInt64>.stride)
            entries = grown.assumingMemoryBound(to: UInt64.self)
        }
        return entries! + entryCount
    }

    func didWritePositional(_ count: Int) {
        entryCount += count
    }

    /// The segment's number for the word token of `kind` spelled `cps`.
    func wordToken(_ kind: WordTokens.Kind, _ cps: UnsafeBufferPointer<UInt32>) -> Int32 {
        wordTokens.id(kind, cps)
    }

    /// How many code points the segment's word token `token` spells.
    func wordLength(_ token: Int32) -> Int {
        wordTokens.length(token)
    }

    /// Adds a word token's occurrences in document `doc` (each token once per document, documents
    /// in order): `tf` of them, or the ones at `positions` (ascending), which make its tf too.
    func addWord(_ token: Int32, doc: Int, tf: Int) {
        wordDocTuples.append((token, Int32(doc), Int32(tf)))
    }

    func addWord(_ token: Int32, doc: Int, positions: ArraySlice<Int32>) {
        wordDocTuples.append((token, Int32(doc), Int32(positions.count)))
        wordPosTuples.append((token, Int32(doc), Int32(wordPositions.count), Int32(positions.count)))
        wordPositions.append(contentsOf: positions.lazy.map { UInt32(truncatingIfNeeded: $0) })
    }

    /// Sorts the occurrences and encodes every token's postings.
    func seal() {
        // Radix sorts are stable: documents (added in order, see `begin`) and positions stay in
        // the order they were added (ascending), so only the token bits are sorted.
        RadixSort.sort(&docTuples, above: Self.docBits + 4)
        RadixSort.sort(&unigramTuples, above: Self.docBits + 4, bits: 17)
        RadixSort.sort(&phraseTuples, above: Self.docBits + 4, bits: 12)
        let n = entryCount
        guard let scratchBytes = malloc(max(n, 1) * MemoryLayout<UInt64>.stride) else { fatalError("out of memory for the search index") }
        HugePages.advise(scratchBytes, bytes: max(n, 1) * MemoryLayout<UInt64>.stride)
        let scratch = scratchBytes.assumingMemoryBound(to: UInt64.self)
        defer {
            free(scratchBytes)
            free(entries)
            entries = nil
            entryCount = 0
            entryCapacity = 0
        }
        // The pair bits: two passes, no pass to find which bits vary.
        let sorted: UnsafeMutablePointer<UInt64> = n > 0 && RadixSort.sort(entries!, scratch: scratch, count: n, above: PositionalEntry.pairShift, bits: 17, varying: ~0) ? scratch : entries ?? scratch
        let base = Int32(max(firstDoc, 0))
        var doc = Level(), pos = Level()
        let docMask = UInt64((1 << Self.docBits) - 1)
        // Written through pointers into room for the largest possible encoding (an entry's
        // varints of at most 3 bytes for a position, 2 for a gap in the segment, 3 for a count;
        // a doc-level item of 2): appending to arrays byte by byte paid a check per byte.
        let docTupleCount = docTuples.count + unigramTuples.count + phraseTuples.count
        doc.bytes = [UInt8](unsafeUninitializedCapacity: 2 * (docTupleCount + n) + 16) { docBuffer, docWritten in
        pos.bytes = [UInt8](unsafeUninitializedCapacity: 8 * n + 16) { posBuffer, posWritten in
            var dw = VarintWriter(docBuffer.baseAddress!), pw = VarintWriter(posBuffer.baseAddress!)
            for (tuples, key) in [(docTuples, Self.expand), (unigramTuples, { SearchToken.key(SearchToken.unigram, PositionalEntry.codePoint(UInt32($0))) }),
                                  (phraseTuples, { SearchToken.key(SearchToken.phrase, 0, UInt32($0)) })] {
                tuples.withUnsafeBufferPointer { tuples in
                    var k = 0
                    let n = tuples.count
                    while k < n {
                        let token = tuples[k] >> (Self.docBits + 4)
                        var p = Postings(start: Int32(dw.count))
                        while k < n, tuples[k] >> (Self.docBits + 4) == token {
                            let t = tuples[k]
                            Self.add(&p, doc: base + Int32((t >> 4) & docMask), tf: Int32(t & 15), to: &dw)
                            k += 1
                        }
                        p.end = Int32(dw.count)
                        doc.keys.append(key(token))
                        doc.postings.append(p)
                    }
                }
            }
            // Every positional token (a `b` or `e` pair) has doc-level postings too (tf = its number
            // of positions in the document).
            var k = 0
            while k < n {
                let pair = sorted[k] >> PositionalEntry.pairShift
                let key = PositionalEntry.tokenKey(ofPair: pair)
                var p = Postings(start: Int32(pw.count))
                var d = Postings(start: Int32(dw.count))
                while k < n, sorted[k] >> PositionalEntry.pairShift == pair {
                    let docBits = sorted[k] >> PositionalEntry.positionBits
                    var end = k + 1
                    while end < n, sorted[end] >> PositionalEntry.positionBits == docBits { end += 1 }
                    let docNumber = base + Int32(docBits & docMask)
                    Self.add(&p, doc: docNumber, positions: UnsafeBufferPointer(start: sorted + k, count: end - k).lazy.map { UInt32(truncatingIfNeeded: $0 & PositionalEntry.positionMask) }, to: &pw)
                    Self.add(&d, doc: docNumber, tf: Int32(min(end - k, 15)), to: &dw)
                    k = end
                }
                p.end = Int32(pw.count)
                pos.keys.append(key)
                pos.postings.append(p)
                d.end = Int32(dw.count)
                doc.keys.append(key)
                doc.postings.append(d)
            }
            posWritten = pw.count
            docWritten = dw.count
        }
        }
        doc.words = encodeWords(wordDocTuples.count, token: { wordDocTuples[$0].token }, to: &doc.bytes) { p, i, out in
            Self.add(&p, doc: wordDocTuples[i].doc, tf: wordDocTuples[i].tf, to: &out)
        }
        pos.words = encodeWords(wordPosTuples.count, token: { wordPosTuples[$0].token }, to: &pos.bytes) { p, i, out in
            let t = wordPosTuples[i]
            Self.add(&p, doc: t.doc, positions: wordPositions[Int(t.start)..<Int(t.start + t.count)], to: &out)
        }
        precondition(max(doc.bytes.count, pos.bytes.count) < Int(Int32.max), "a search index segment's postings exceed 2 GB")
        docLevel = doc
        positional = pos
        docTuples = []
        unigramTuples = []
        phraseTuples = []
        wordDocTuples = []
        wordPosTuples = []
        wordPositions = []
        wordTokens = WordTokens()
    }

    // MARK: build cache

    /// The sealed segment as bytes, kept in the build cache so an unchanged range of documents is
    /// not tokenised again by the next build.
    func archive(into w: inout BinaryWriter) {
        w.int(firstDoc)
        for level in [docLevel, positional] {
            w.pod(level.bytes)
            w.pod(level.keys)
            w.pod(level.postings)
            w.array(level.words) { w, word in
                w.string(word.name)
                w.pod([word.postings])
            }
        }
        w.array(records) { w, r in
            w.int(r.doc)
            w.int(r.header)
            w.int(r.text)
        }
    }

    static func unarchive(from r: inout BinaryReader) throws -> IndexSegment {
        let s = IndexSegment()
        s.firstDoc = try r.int()
        var levels: [Level] = []
        for _ in 0..<2 {
            var level = Level()
            level.bytes = try r.pod(UInt8.self)
            level.keys = try r.pod(UInt64.self)
            level.postings = try r.pod(Postings.self)
            level.words = try r.array { r in
                let name = try r.string()
                guard let p = try r.pod(Postings.self).first else { throw BinaryReader.Malformed() }
                return (name, p)
            }
            guard level.keys.count == level.postings.count else { throw BinaryReader.Malformed() }
            levels.append(level)
        }
        s.docLevel = levels[0]
        s.positional = levels[1]
        s.records = try r.array { r in (try r.int(), try r.int(), try r.int()) }
        return s
    }

    /// Encodes word tokens' postings one token after another: `count` tuples (in document
    /// order), grouped by `token` with a counting sort, which keeps each token's in that order.
    private func encodeWords(_ count: Int, token: (Int) -> Int32, to out: inout [UInt8],
                             add: (inout Postings, Int, inout [UInt8]) -> Void) -> [(name: String, postings: Postings)] {
        var start = [Int](repeating: 0, count: wordTokens.count + 1)
        for i in 0..<count { start[Int(token(i)) + 1] += 1 }
        for t in 0..<wordTokens.count { start[t + 1] += start[t] }
        var fill = start
        var byToken = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let t = Int(token(i))
            byToken[fill[t]] = i
            fill[t] += 1
        }
        var words: [(name: String, postings: Postings)] = []
        for t in 0..<wordTokens.count where start[t] < start[t + 1] {
            var p = Postings(start: Int32(out.count))
            for i in byToken[start[t]..<start[t + 1]] { add(&p, i, &out) }
            p.end = Int32(out.count)
            words.append((wordTokens.name(Int32(t)), p))
        }
        return words
    }

    @inline(__always)
    private static func add<Out: VarintOutput>(_ p: inout Postings, doc: Int32, tf rawTf: Int32, to out: inout Out) {
        let tf = min(rawTf, 15)
        if p.df == 0 {
            p.firstDoc = doc
            p.firstTf = tf
        } else {
            out.varint(Int(doc - p.lastDoc - 1) << 4 | Int(tf))
        }
        p.lastDoc = doc
        p.df += 1
    }

    @inline(__always)
    private static func add<C: Swift.Collection, Out: VarintOutput>(_ p: inout Postings, doc: Int32, positions: C, to out: inout Out) where C.Element == UInt32 {
        if p.df == 0 {
            p.firstDoc = doc
        } else {
            out.varint(Int(doc - p.lastDoc - 1))
        }
        out.varint(positions.count)
        var previous = -1
        for pos in positions {
            out.varint(Int(pos) - previous - 1)
            previous = Int(pos)
        }
        p.lastDoc = doc
        p.df += 1
    }
}
