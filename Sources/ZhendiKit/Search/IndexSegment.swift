/// The index of a contiguous range of documents, built by one thread while it renders them.
///
/// While documents are added, occurrences are only appended to flat arrays (sequential writes:
/// random access into per-token structures per character is what made indexing slow). `seal`
/// then sorts them once and encodes each token's postings (FORMAT.md §6), relative to the
/// segment so `SearchIndexBuilder` can merge segments in document order.
final class IndexSegment: @unchecked Sendable {
    /// Per token: postings encoded relative to this segment, with what merging needs to re-base them.
    struct Postings {
        var df = 0
        var firstDoc = -1
        var lastDoc = -1
        /// Doc-level: tf of the first entry (the first gap is re-encoded when merging).
        var firstTf = 0
        /// Encoded entries after the first one's gap (doc-level: after its packed gap/tf varint).
        var bytes: [UInt8] = []
    }

    /// First document of this segment; tuples store documents relative to it (a segment holds
    /// at most 1,024 documents, see `concurrentChunks`), so a tuple's sort key fits 64 bits.
    private var firstDoc = -1
    static let docBits: UInt64 = 10

    /// Doc-level: (compact token << 10 | local doc) << 4 | min(tf, 15).
    private(set) var docTuples: [UInt64] = []
    /// Positional: (compact token << 10 | local doc) with the positions alongside.
    private(set) var posKeys: [UInt64] = []
    private(set) var posValues: [UInt32] = []
    /// Word tokens, kept by name ("w…", "s…", "tw…"); few per page.
    private var wordDocTuples: [(String, Int, Int)] = []
    private var wordPosTuples: [(String, Int, [Int])] = []

    // Sealed form.
    private(set) var docPostings: [(String, Postings)] = []
    private(set) var posPostings: [(String, Postings)] = []
    var lengths: [(doc: Int, length: Int)] = []
    /// Byte offsets of each excerpt segment in `x/<doc>.txt`, plus the file length.
    var excerpts: [(doc: Int, offsets: [Int])] = []

    /// Packed key (kind in the top byte) → 45 bits: kind (3 bits) above the two 21-bit code points.
    @inline(__always) static func compact(_ key: UInt64) -> UInt64 { (key >> 56) << 42 | (key & 0x3FF_FFFF_FFFF) }
    @inline(__always) static func expand(_ compact: UInt64) -> UInt64 { (compact >> 42) << 56 | (compact & 0x3FF_FFFF_FFFF) }

    @inline(__always)
    private func local(_ doc: Int) -> UInt64 {
        if firstDoc < 0 { firstDoc = doc }
        let l = doc - firstDoc
        precondition(l >= 0 && l < 1 << Self.docBits, "a search index segment holds at most 1,024 consecutive documents")
        return UInt64(l)
    }

    @inline(__always)
    func addDocLevel(key: UInt64, doc: Int, tf: Int) {
        docTuples.append((Self.compact(key) << Self.docBits | local(doc)) << 4 | UInt64(min(tf, 15)))
    }

    @inline(__always)
    func addPosition(key: UInt64, doc: Int, pos: Int) {
        posKeys.append(Self.compact(key) << Self.docBits | local(doc))
        posValues.append(UInt32(truncatingIfNeeded: pos))
    }

    func addWord(_ token: String, doc: Int, tf: Int, positions: [Int]?) {
        _ = local(doc)
        wordDocTuples.append((token, doc, tf))
        if let positions { wordPosTuples.append((token, doc, positions)) }
    }

    /// Sorts the occurrences and encodes every token's postings; `name` turns packed keys into
    /// token strings.
    func seal(name: (UInt64) -> String) {
        // Radix sorts are stable: positions stay in the order they were added (ascending).
        RadixSort.sort(&docTuples)
        RadixSort.sort(keys: &posKeys, values: &posValues)
        let base = max(firstDoc, 0)
        var k = 0
        while k < docTuples.count {
            let token = docTuples[k] >> (Self.docBits + 4)
            var p = Postings()
            while k < docTuples.count, docTuples[k] >> (Self.docBits + 4) == token {
                let t = docTuples[k]
                add(&p, doc: base + Int((t >> 4) & ((1 << Self.docBits) - 1)), tf: Int(t & 15))
                k += 1
            }
            docPostings.append((name(Self.expand(token)), p))
        }
        k = 0
        while k < posKeys.count {
            let token = posKeys[k] >> Self.docBits
            var p = Postings()
            while k < posKeys.count, posKeys[k] >> Self.docBits == token {
                let docKey = posKeys[k]
                var positions: [Int] = []
                while k < posKeys.count, posKeys[k] == docKey {
                    positions.append(Int(posValues[k]))
                    k += 1
                }
                add(&p, doc: base + Int(docKey & ((1 << Self.docBits) - 1)), positions: positions)
            }
            posPostings.append((name(Self.expand(token)), p))
        }
        var words: [String: Postings] = [:]
        for (token, doc, tf) in wordDocTuples { add(&words[token, default: Postings()], doc: doc, tf: tf) }
        docPostings += words.map { ($0.key, $0.value) }
        var wordPositions: [String: Postings] = [:]
        for (token, doc, positions) in wordPosTuples { add(&wordPositions[token, default: Postings()], doc: doc, positions: positions) }
        posPostings += wordPositions.map { ($0.key, $0.value) }
        docTuples = []
        posKeys = []
        posValues = []
        wordDocTuples = []
        wordPosTuples = []
    }

    private func add(_ p: inout Postings, doc: Int, tf rawTf: Int) {
        let tf = min(rawTf, 15)
        if p.df == 0 {
            p.firstDoc = doc
            p.firstTf = tf
        } else {
            appendVarint((doc - p.lastDoc - 1) << 4 | tf, to: &p.bytes)
        }
        p.lastDoc = doc
        p.df += 1
    }

    private func add(_ p: inout Postings, doc: Int, positions: [Int]) {
        if p.df == 0 {
            p.firstDoc = doc
        } else {
            appendVarint(doc - p.lastDoc - 1, to: &p.bytes)
        }
        appendVarint(positions.count, to: &p.bytes)
        var previous = -1
        for pos in positions {
            appendVarint(pos - previous - 1, to: &p.bytes)
            previous = pos
        }
        p.lastDoc = doc
        p.df += 1
    }
}
