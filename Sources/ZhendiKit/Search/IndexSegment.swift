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

    /// A doc-level occurrence count or a positional occurrence: (token, doc, tf or position).
    struct Tuple {
        var key: UInt64
        var docAndValue: UInt64
    }

    private(set) var docTuples: [Tuple] = []
    private(set) var posTuples: [Tuple] = []
    /// Word tokens, kept by name ("w…", "tw…"); few per page.
    private var wordDocTuples: [(String, Int, Int)] = []
    private var wordPosTuples: [(String, Int, [Int])] = []

    // Sealed form.
    private(set) var docPostings: [(String, Postings)] = []
    private(set) var posPostings: [(String, Postings)] = []
    var lengths: [(doc: Int, length: Int)] = []
    /// Byte offsets of each excerpt segment in `x/<doc>.txt`, plus the file length.
    var excerpts: [(doc: Int, offsets: [Int])] = []

    @inline(__always)
    func addDocLevel(key: UInt64, doc: Int, tf: Int) {
        docTuples.append(Tuple(key: key, docAndValue: UInt64(doc) << 32 | UInt64(min(tf, 15))))
    }

    @inline(__always)
    func addPosition(key: UInt64, doc: Int, pos: Int) {
        posTuples.append(Tuple(key: key, docAndValue: UInt64(doc) << 32 | UInt64(pos)))
    }

    func addWord(_ token: String, doc: Int, tf: Int, positions: [Int]?) {
        wordDocTuples.append((token, doc, tf))
        if let positions { wordPosTuples.append((token, doc, positions)) }
    }

    /// Sorts the occurrences and encodes every token's postings; `name` turns packed keys into
    /// token strings.
    func seal(name: (UInt64) -> String) {
        docTuples.sort { $0.key != $1.key ? $0.key < $1.key : $0.docAndValue < $1.docAndValue }
        posTuples.sort { $0.key != $1.key ? $0.key < $1.key : $0.docAndValue < $1.docAndValue }
        var k = 0
        while k < docTuples.count {
            let key = docTuples[k].key
            var p = Postings()
            while k < docTuples.count, docTuples[k].key == key {
                add(&p, doc: Int(docTuples[k].docAndValue >> 32), tf: Int(docTuples[k].docAndValue & 0xFFFF_FFFF))
                k += 1
            }
            docPostings.append((name(key), p))
        }
        k = 0
        while k < posTuples.count {
            let key = posTuples[k].key
            var p = Postings()
            while k < posTuples.count, posTuples[k].key == key {
                let doc = Int(posTuples[k].docAndValue >> 32)
                var positions: [Int] = []
                while k < posTuples.count, posTuples[k].key == key, Int(posTuples[k].docAndValue >> 32) == doc {
                    positions.append(Int(posTuples[k].docAndValue & 0xFFFF_FFFF))
                    k += 1
                }
                add(&p, doc: doc, positions: positions)
            }
            posPostings.append((name(key), p))
        }
        var words: [String: Postings] = [:]
        for (token, doc, tf) in wordDocTuples { add(&words[token, default: Postings()], doc: doc, tf: tf) }
        docPostings += words.map { ($0.key, $0.value) }
        var wordPositions: [String: Postings] = [:]
        for (token, doc, positions) in wordPosTuples { add(&wordPositions[token, default: Postings()], doc: doc, positions: positions) }
        posPostings += wordPositions.map { ($0.key, $0.value) }
        docTuples = []
        posTuples = []
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
