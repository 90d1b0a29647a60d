import Foundation

/// Writes the Chinese full-text search index (FORMAT.md). Planning happens before pages are
/// rendered (document ids, phrase table, version); each rendering thread indexes its pages into
/// an `IndexSegment`; `finish` merges the segments into shards.
struct SearchIndexBuilder: Sendable {
    let graph: SiteGraph
    /// Document id → page id; newest first.
    let order: [Int]
    let docOfPage: [Int: Int]
    let phrases: PhraseTable
    /// 12 hex digits identifying the index contents; every file lives under `/search/<version>/`.
    let version: String

    static let formatVersion = 1
    /// Bumped whenever the bytes written for the same input change (layout or tokenisation), so
    /// the version (and every cached URL) changes with them.
    static let revision = 3
    /// Results are spread over the table, so small chunks keep the bytes per shown result low.
    static let docChunk = 8
    static let targetShardBytes = 8 * 1024

    init(graph: SiteGraph) {
        self.graph = graph
        let pages = graph.pages
        let order = pages.indices.sorted { a, b in
            let x = pages[a], y = pages[b]
            let dx = x.item.date?.instant ?? Int64.min, dy = y.item.date?.instant ?? Int64.min
            if dx != dy { return dx > dy }
            if x.item.title != y.item.title { return x.item.title < y.item.title }
            return x.url < y.url
        }
        self.order = order
        var docOfPage: [Int: Int] = [:]
        for (doc, page) in order.enumerated() { docOfPage[page] = doc }
        self.docOfPage = docOfPage
        // A spread-out sample of raw Markdown is enough to find the frequent phrases.
        let step = max(1, order.count / 300)
        let sample = stride(from: 0, to: order.count, by: step).map { pages[order[$0]].item.title + "\n" + pages[order[$0]].item.body }
        phrases = PhraseTable.select(sample: sample)
        // The version is a hash of everything the index is made from, so it changes exactly
        // when the index may change.
        var h = [UInt8]("zhendi-search-\(Self.formatVersion).\(Self.revision)-\(ZhendiVersion.version)-\(ZhendiVersion.commit)".utf8)
        for doc in order {
            let p = pages[doc]
            h += Array("\u{0}\(p.url)\u{0}\(p.item.title)\u{0}\(p.item.date?.rfc3339 ?? "")\u{0}\(Self.sectionName(p, graph))\u{0}\(p.item.hash.hex(length: 16))".utf8)
        }
        h += Array(graph.config.basePath.utf8)
        version = ContentHash(bytes: h).hex(length: 12)
    }

    static func sectionName(_ p: SitePage, _ graph: SiteGraph) -> String {
        guard let key = p.item.section else { return "" }
        return graph.sections.first { $0.key == key }?.name ?? ""
    }

    var folder: String { "/search/\(version)/" }

    func makeIndexer() -> SearchDocumentIndexer { SearchDocumentIndexer(phrases: phrases) }

    /// Indexes one page and writes its excerpt segments.
    func add(page: Int, plainText: String, indexer: SearchDocumentIndexer, segment: IndexSegment, sink: OutputSink) throws {
        guard let doc = docOfPage[page] else { return }
        let text = indexer.add(doc: doc, title: graph.pages[page].item.title, body: plainText, to: segment)
        try sink.write(folder + "x/\(doc).txt", text)
    }

    // MARK: merge

    private struct Ref { let segment: Int32; let index: Int32 }

    /// Token string of a packed key.
    func tokenName(_ key: UInt64) -> String { SearchToken.string(key, phrases: phrases) }

    /// Merges the segments (given in document order) and writes every index file.
    func finish(segments: [IndexSegment], sink: OutputSink) throws -> Int {
        let n = order.count
        var written = 0
        func write(_ path: String, _ data: Data) throws {
            try sink.write(folder + path, data)
            written += 1
        }

        // lengths.bin
        var lengths = [UInt8](repeating: 0, count: n)
        var total = 0
        for s in segments {
            for (doc, len) in s.lengths {
                total += len
                lengths[doc] = UInt8(min(255, Int(floor(32 * log2(1 + Double(len) / 32)))))
            }
        }
        try write("lengths.bin", Data(lengths))

        // Token registries across segments (segments are sealed: postings already encoded).
        var docTokens: [String: [Ref]] = [:]
        var posTokens: [String: [Ref]] = [:]
        var words = Set<String>()
        for (si, s) in segments.enumerated() {
            for (idx, entry) in s.docPostings.enumerated() {
                docTokens[entry.0, default: []].append(Ref(segment: Int32(si), index: Int32(idx)))
                if entry.0.hasPrefix("w") { words.insert(String(entry.0.dropFirst())) }
            }
            for (idx, entry) in s.posPostings.enumerated() {
                posTokens[entry.0, default: []].append(Ref(segment: Int32(si), index: Int32(idx)))
            }
        }

        func shardCount(_ tokens: [String: [Ref]], positional: Bool) -> Int {
            var bytes = 0
            for refs in tokens.values {
                for r in refs {
                    let p = positional ? segments[Int(r.segment)].posPostings[Int(r.index)].1 : segments[Int(r.segment)].docPostings[Int(r.index)].1
                    bytes += p.bytes.count + 4
                }
            }
            return max(1, bytes / Self.targetShardBytes)
        }
        let docShards = shardCount(docTokens, positional: false)
        let posShards = shardCount(posTokens, positional: true)

        let bitmapBytes = (n + 7) / 8
        let docFiles = encodeShards(docTokens, count: docShards) { refs in
            var body: [UInt8] = []
            var df = 0
            var previous = -1
            for r in refs {
                let p = segments[Int(r.segment)].docPostings[Int(r.index)].1
                appendVarint((p.firstDoc - previous - 1) << 4 | p.firstTf, to: &body)
                body += p.bytes
                previous = p.lastDoc
                df += p.df
            }
            if body.count > bitmapBytes {
                var bits = [UInt8](repeating: 0, count: bitmapBytes)
                for doc in Self.decodeDocList(body, count: df) { bits[doc >> 3] |= 1 << UInt8(doc & 7) }
                return (df, 1, bits)
            }
            return (df, 0, body)
        }
        let posFiles = encodeShards(posTokens, count: posShards) { refs in
            var body: [UInt8] = []
            var df = 0
            var previous = -1
            for r in refs {
                let p = segments[Int(r.segment)].posPostings[Int(r.index)].1
                appendVarint(p.firstDoc - previous - 1, to: &body)
                body += p.bytes
                previous = p.lastDoc
                df += p.df
            }
            return (df, 0, body)
        }
        for (i, data) in docFiles.enumerated() { try write("p/\(i).bin", data) }
        for (i, data) in posFiles.enumerated() { try write("q/\(i).bin", data) }

        try write("words.txt", Data(words.sorted().map { $0 + "\n" }.joined().utf8))

        // Doc table.
        var offsets = [[Int]](repeating: [0], count: n)
        for s in segments { for (doc, o) in s.excerpts { offsets[doc] = o } }
        let base = graph.config.basePath
        for c in stride(from: 0, to: n, by: Self.docChunk) {
            let rows = (c..<min(n, c + Self.docChunk)).map { doc -> String in
                let p = graph.pages[order[doc]]
                let fields = [base + p.url.dropFirst(), p.item.title, p.item.date?.isoDay ?? "", Self.sectionName(p, graph)]
                return "[" + fields.map(Escape.jsonString).joined(separator: ",") + ",[" + offsets[doc].map(String.init).joined(separator: ",") + "]]"
            }
            try write("d/\(c / Self.docChunk).json", Data(("[" + rows.joined(separator: ",\n") + "]\n").utf8))
        }

        let avg = n > 0 ? Double(total) / Double(n) : 0
        let meta = """
        {"format":\(Self.formatVersion),"version":"\(version)","docs":\(n),"avgLength":\(String(format: "%.1f", avg)),\
        "postingShards":\(docShards),"positionShards":\(posShards),"docChunk":\(Self.docChunk),\
        "segment":\(SearchDocumentIndexer.segmentLength),"overlapBytes":\(SearchDocumentIndexer.segmentOverlap * 4),\
        "phraseMin":\(PhraseTable.minLength),"phraseMax":\(PhraseTable.maxLength),"phrases":\(!phrases.phrases.isEmpty),\
        "substrings":\(SearchDocumentIndexer.substringMax)}

        """
        try write("meta.json", Data(meta.utf8))
        try sink.write("/search/latest.json", Data("{\"version\":\"\(version)\"}\n".utf8))
        return written + 1
    }

    /// Groups tokens into `count` shards by FNV-1a and encodes each shard (in parallel).
    private func encodeShards(_ tokens: [String: [Ref]], count: Int,
                              body: ([Ref]) -> (df: Int, kind: Int, bytes: [UInt8])) -> [Data] {
        var byShard = [[String]](repeating: [], count: count)
        for token in tokens.keys { byShard[Int(SearchText.fnv1a32(token) % UInt32(count))].append(token) }
        return withoutActuallyEscaping(body) { body in
            let encode = UnsafeSendable(body)
            let input = UnsafeSendable(tokens)
            return concurrentMap(byShard) { names -> Data in
                var out: [UInt8] = []
                for token in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                    let (df, kind, bytes) = encode.value(input.value[token]!)
                    let t = Array(token.utf8)
                    appendVarint(t.count, to: &out)
                    out += t
                    appendVarint(df, to: &out)
                    appendVarint(kind, to: &out)
                    appendVarint(bytes.count, to: &out)
                    out += bytes
                }
                return Data(out)
            }
        }
    }

    static func decodeDocList(_ bytes: [UInt8], count: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        var i = 0
        var previous = -1
        while i < bytes.count, out.count < count {
            var v = 0, shift = 0
            while true {
                let b = bytes[i]; i += 1
                v |= Int(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            let doc = previous + 1 + (v >> 4)
            out.append(doc)
            previous = doc
        }
        return out
    }
}
