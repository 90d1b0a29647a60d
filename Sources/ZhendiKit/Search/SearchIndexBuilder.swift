import Foundation

/// Writes the Chinese full-text search index (FORMAT.md). Planning happens before pages are
/// rendered (document ids, phrase table, version); each rendering thread indexes its pages into
/// an `IndexSegment`; `finish` merges the segments into shards.
struct SearchIndexBuilder: Sendable {
    let graph: SiteGraph
    /// Document id → page id; oldest first (FORMAT.md §4): a new article, usually the newest,
    /// takes the next id and leaves every other page's id and result file as they were.
    let order: [Int]
    let docOfPage: [Int: Int]
    let phrases: PhraseTable
    /// 12 hex digits identifying the index contents; every file lives under `/search/<version>/`.
    let version: String

    static let formatVersion = 6
    /// Bumped whenever the bytes written for the same input change (layout or tokenisation), so
    /// the version (and every cached URL) changes with them.
    static let revision = 15
    /// Every lookup reads a whole directory piece, so they stay small. A list longer than
    /// `inlineBodyBytes`, and every position list, is read with a Range request for its own
    /// bytes (its directory entry says where it lies), so how many share a file costs no
    /// download: large files, few of them to create.
    static let targetPieceBytes = 512
    static let inlineBodyBytes = 128
    static let targetListFileBytes = 128 * 1024
    /// A position list of more than this many documents starts with a table of where every
    /// block of this many starts (FORMAT.md §6), so a client that needs the positions of a few
    /// documents (its ten excerpts, the pages still in question) reads those blocks only.
    static let positionBlock = 16
    /// Each rendering thread indexes runs of at most this many documents into one segment
    /// (the segment's tuples number documents in 10 bits).
    static let documentsPerSegment = 1024

    /// `phrases`: nil chooses the table from a sample of the pages (with `choose`, which may
    /// take it from the build cache); a build that leaves the index as it is (the live server's
    /// structural updates) indexes nothing and passes an empty one instead of sampling 10,000
    /// pages for nothing.
    init(graph: SiteGraph, phrases chosen: PhraseTable? = nil, choose: ([String]) -> PhraseTable = { PhraseTable.select(sample: $0) }) {
        self.graph = graph
        let pages = graph.pages
        // Fields read in place, not two pages copied per comparison.
        let order: [Int] = Array(pages.indices.sorted { a, b in
            let dx = pages[a].item.date?.instant ?? Int64.min, dy = pages[b].item.date?.instant ?? Int64.min
            if dx != dy { return dx > dy }
            if pages[a].item.title != pages[b].item.title { return pages[a].item.title < pages[b].item.title }
            return pages[a].url < pages[b].url
        }.reversed())
        self.order = order
        var docOfPage: [Int: Int] = [:]
        for (doc, page) in order.enumerated() { docOfPage[page] = doc }
        self.docOfPage = docOfPage
        if let chosen {
            phrases = chosen
        } else {
            // A spread-out sample of raw Markdown is enough to find the frequent phrases (the start of
            // each page: one very long page must not outweigh the others, nor take seconds).
            let step = max(1, order.count / 300)
            // (Counted in scalars: walking characters to find the 20,000th cost as much as choosing.)
            let sample = stride(from: 0, to: order.count, by: step).map {
                pages[order[$0]].item.title + "\n" + String(pages[order[$0]].item.body.unicodeScalars.prefix(20_000))
            }
            phrases = choose(sample)
        }
        // The version is a hash of everything the index is made from, so it changes exactly
        // when the index may change.
        var h = [UInt8]("zhendi-search-\(Self.formatVersion).\(Self.revision)-\(ZhendiVersion.version)-\(ZhendiVersion.commit)".utf8)
        let described: [[UInt8]] = concurrentMap(order) { page in
            let p = pages[page]
            return Array("\u{0}\(p.url)\u{0}\(p.item.title)\u{0}\(p.item.date?.rfc3339 ?? "")\u{0}\(Self.sectionName(p, graph))\u{0}\(p.item.hash.hex(length: 16))".utf8)
        }
        for d in described { h += d }
        h += Array(graph.config.basePath.utf8)
        version = ContentHash(bytes: h).hex(length: 12)
    }

    static func sectionName(_ p: SitePage, _ graph: SiteGraph) -> String {
        guard let key = p.item.section else { return "" }
        return graph.sections.first { $0.key == key }?.name ?? ""
    }

    var folder: String { "/search/\(version)/" }

    func makeIndexer() -> SearchDocumentIndexer { SearchDocumentIndexer(phrases: phrases) }

    /// Result records per bundle file (FORMAT.md §4): one file per this many documents instead of
    /// one per document (creating tens of thousands of small files cost more than writing them).
    static let documentsPerBundle = 32

    /// Segment ranges within `range`: at most `documentsPerSegment` documents, as many as the
    /// cores want, starting and ending at bundle boundaries (or the last document), so a bundle
    /// is written by the one thread that indexes its documents, and kept with its segment.
    static func segmentRanges(_ range: Range<Int>) -> [Range<Int>] {
        let b = documentsPerBundle
        let size = max(b, ((chunkRanges(range, maxChunk: documentsPerSegment).first?.count ?? 0) + b - 1) / b * b)
        var out: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, (start + size) / b * b)
            out.append(start..<end)
            start = end
        }
        return out.isEmpty ? [range] : out
    }

    /// Indexes one page and adds its result record (a header with what a result shows, then the
    /// indexed text) to the segment's bundle, writing the bundle after its last document.
    /// Returns a warning when the page is too long to be indexed whole.
    func add(page: Int, plainText: String, indexer: SearchDocumentIndexer, segment: IndexSegment, sink: OutputSink) throws -> Diagnostic? {
        guard let doc = docOfPage[page] else { return nil }
        let p = graph.pages[page]
        let (units, complete) = indexer.add(doc: doc, title: p.item.title, body: plainText, to: segment)
        let fields = [graph.config.basePath + p.url.dropFirst(), p.item.title, p.item.date?.isoDay ?? "", Self.sectionName(p, graph)]
        var header = Array(("[" + fields.map(Escape.jsonString).joined(separator: ",") + "]").utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        segment.records.append((doc, header.count / 8, units.count / SearchDocumentIndexer.textQuantum))
        segment.bundle += header
        #if _endian(little)
        units.withUnsafeBytes { segment.bundle.append(contentsOf: $0) }
        #else
        for unit in units { segment.bundle += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #endif
        if (doc + 1) % Self.documentsPerBundle == 0 || doc + 1 == order.count {
            defer { segment.bundle.removeAll(keepingCapacity: true) }
            try sink.write(folder + "x/\(doc / Self.documentsPerBundle).bin", Data(segment.bundle))
        }
        guard !complete else { return nil }
        let limit = PositionalEntry.positionLimit / 10_000
        return .warning("search.too-long", file: p.item.source,
                        "这篇文章超过 \(limit) 万字，站内搜索只收录了前 \(limit) 万字，后面的内容搜不到。",
                        hint: "把它拆成几篇文章（比如按章节分成一个系列），每篇都能被完整搜索，手机上打开也更快。")
    }

    // MARK: merge

    /// Merges the segments (given in document order) and writes every index file.
    func finish(segments: [IndexSegment], sink: OutputSink) throws -> Int {
        let n = order.count
        var written = 0
        func write(_ path: String, _ data: Data) throws {
            try sink.write(folder + path, data)
            written += 1
        }

        // docs.bin: where each record lies in its bundle, and its length for ranking
        var docs: [UInt8] = []
        docs.reserveCapacity(2 * n)
        var sizes = [(header: Int, text: Int)](repeating: (0, 0), count: n)
        var total = 0
        for s in segments {
            for r in s.records { sizes[r.doc] = (r.header, r.text) }
        }
        for (header, text) in sizes {
            appendVarint(header, to: &docs)
            appendVarint(text, to: &docs)
            total += text * SearchDocumentIndexer.textQuantum
        }
        try write("docs.bin", Data(docs))

        let merged = concurrentMap([true, false]) { docLevel in
            MergedTokens(segments: segments, level: docLevel ? \.docLevel : \.positional, docLevel: docLevel, documents: n, phrases: phrases)
        }
        let docTokens = merged[0], posTokens = merged[1]
        let words = docTokens.names.compactMap { name -> String? in
            name.first == UInt8(ascii: "w") ? String(decoding: name.dropFirst(), as: UTF8.self) : nil
        }

        // Positional lists first: each doc-level entry of a token with one says where it lies.
        // Spread over the positional files in the order of the doc-level pieces pointing at them.
        let positional = posTokens.encodeEntries(groups: docTokens.shardCount) { refs, body in
            var df = 0
            var previous = -1
            for (buffer, p) in refs {
                appendVarint(Int(p.firstDoc) - previous - 1, to: &body)
                body.append(contentsOf: buffer[Int(p.start)..<Int(p.end)])
                previous = Int(p.lastDoc)
                df += Int(p.df)
            }
            IndexFiles.prependBlockTable(to: &body, documents: df)
            return (df, 0)
        } collect: { IndexFiles.positionalFile($0) }
        let bitmapBytes = (n + 7) / 8
        let pieces = docTokens.encodeEntries { refs, body in
            var df = 0
            var previous = -1
            for (buffer, p) in refs {
                appendVarint((Int(p.firstDoc) - previous - 1) << 4 | Int(p.firstTf), to: &body)
                body.append(contentsOf: buffer[Int(p.start)..<Int(p.end)])
                previous = Int(p.lastDoc)
                df += Int(p.df)
            }
            if body.count > bitmapBytes {
                body = Self.bitmap(ofDocList: body, count: df, bytes: bitmapBytes)
                return (df, 1)
            }
            return (df, 0)
        } collect: { $0 }
        let files = IndexFiles(pieces: pieces, positional: positional)
        // Thousands of small files: written on every core.
        let shardFiles = files.pieces.enumerated().map { (folder + "p/\($0.offset).bin", $0.element) }
            + files.lists.enumerated().map { (folder + "d/\($0.offset).bin", $0.element) }
            + files.positional.enumerated().map { (folder + "q/\($0.offset).bin", $0.element) }
        try sink.write(all: shardFiles)
        written += shardFiles.count

        try write("words.txt", Data(words.sorted().map { $0 + "\n" }.joined().utf8))

        let avg = n > 0 ? Double(total) / Double(n) : 0
        let meta = """
        {"format":\(Self.formatVersion),"version":"\(version)","docs":\(n),"avgLength":\(String(format: "%.1f", avg)),\
        "postingShards":\(files.pieces.count),"listFiles":\(files.lists.count),"positionShards":\(files.positional.count),\
        "bundle":\(Self.documentsPerBundle),"positionBlock":\(Self.positionBlock),\
        "phraseMin":\(PhraseTable.minLength),"phraseMax":\(PhraseTable.maxLength),"phrases":\(!phrases.phrases.isEmpty),\
        "substrings":\(SearchDocumentIndexer.substringMax),"junctionWords":\(SearchDocumentIndexer.junctionWordMax)}

        """
        try write("meta.json", Data(meta.utf8))
        try sink.write(SearchPaths.latest, Data("{\"version\":\"\(version)\"}\n".utf8))
        // latest.json, and the result bundles written (or kept) while pages were indexed
        return written + 1 + (n + Self.documentsPerBundle - 1) / Self.documentsPerBundle
    }

    /// The bitmap (FORMAT.md §6) of a doc-level list's `count` documents.
    static func bitmap(ofDocList list: [UInt8], count: Int, bytes: Int) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: bytes)
        list.withUnsafeBufferPointer { list in
            bits.withUnsafeMutableBufferPointer { bits in
                var i = 0, seen = 0, doc = -1
                while i < list.count, seen < count {
                    doc += 1 + readVarint(list, at: &i) >> 4
                    bits[doc >> 3] |= 1 << UInt8(doc & 7)
                    seen += 1
                }
            }
        }
        return bits
    }
}
