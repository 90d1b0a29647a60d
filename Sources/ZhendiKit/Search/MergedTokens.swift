import Foundation

/// Every token of one level (doc-level or positional) across all segments, each with its
/// per-segment postings in segment (= document) order: what one shard entry is made of.
/// Tokens are named once here, not once per segment.
struct MergedTokens {
    private let levels: [IndexSegment.Level]
    private let buffers: [[UInt8]]
    /// Token id → UTF-8 name (`b党建`).
    let names: [[UInt8]]
    /// The postings of token `t` are refs `refStart[t]..<refStart[t + 1]`.
    private let refStart: [Int]
    private let refSegment: [Int32]
    private let refIndex: [Int32]
    let shardCount: Int

    /// `docLevel`: whether the postings are doc-level (gap and tf share the first varint).
    /// `documents`: how many there are (a doc-level list is at most a bitmap of them).
    init(segments: [IndexSegment], level: KeyPath<IndexSegment, IndexSegment.Level>, docLevel: Bool, documents: Int, phrases: PhraseTable) {
        let levels = segments.map { $0[keyPath: level] }
        var ids = UInt64Map(capacity: 1 << 16)
        var wordIds: [String: Int] = [:]
        var names: [[UInt8]] = []
        var tokenOfRef: [Int32] = [], segmentOfRef: [Int32] = [], indexOfRef: [Int32] = []
        let refs = levels.reduce(0) { $0 + $1.count }
        tokenOfRef.reserveCapacity(refs)
        segmentOfRef.reserveCapacity(refs)
        indexOfRef.reserveCapacity(refs)
        for (si, l) in levels.enumerated() {
            for (i, key) in l.keys.enumerated() {
                let id = ids.index(key) {
                    names.append(Array(SearchToken.string(key, phrases: phrases).utf8))
                    return names.count - 1
                }
                tokenOfRef.append(Int32(id))
                segmentOfRef.append(Int32(si))
                indexOfRef.append(Int32(i))
            }
            for (i, w) in l.words.enumerated() {
                let id: Int
                if let known = wordIds[w.name] {
                    id = known
                } else {
                    names.append(Array(w.name.utf8))
                    id = names.count - 1
                    wordIds[w.name] = id
                }
                tokenOfRef.append(Int32(id))
                segmentOfRef.append(Int32(si))
                indexOfRef.append(Int32(l.postings.count + i))
            }
        }
        // Group refs by token; a counting sort keeps each token's refs in segment order.
        var start = [Int](repeating: 0, count: names.count + 1)
        for t in tokenOfRef { start[Int(t) + 1] += 1 }
        for t in 0..<names.count { start[t + 1] += start[t] }
        var fill = start
        var refSegment = [Int32](repeating: 0, count: tokenOfRef.count)
        var refIndex = [Int32](repeating: 0, count: tokenOfRef.count)
        for r in tokenOfRef.indices {
            let t = Int(tokenOfRef[r])
            refSegment[fill[t]] = segmentOfRef[r]
            refIndex[fill[t]] = indexOfRef[r]
            fill[t] += 1
        }
        // The shard count comes from the merged sizes, which do not depend on how documents were
        // split into segments (that follows the machine's core count): the same site must give
        // the same files under the same version everywhere.
        // Doc-level: what the directory pieces hold (names, and the bodies short enough to stay).
        var bytes = 0
        for t in 0..<names.count {
            var previous: Int32 = -1
            var body = 0
            for r in start[t]..<start[t + 1] {
                let p = levels[Int(refSegment[r])].at(Int(refIndex[r]))
                let gap = Int(p.firstDoc - previous - 1)
                body += varintSize(docLevel ? gap << 4 | Int(p.firstTf) : gap) + p.byteCount
                previous = p.lastDoc
            }
            body = docLevel ? min(body, (documents + 7) / 8) : body
            bytes += docLevel ? names[t].count + 8 + (body <= SearchIndexBuilder.inlineBodyBytes ? body : 0) : body + 4
        }
        self.levels = levels
        self.buffers = levels.map(\.bytes)
        self.names = names
        self.refStart = start
        self.refSegment = refSegment
        self.refIndex = refIndex
        self.shardCount = Self.stableShardCount(bytes / (docLevel ? SearchIndexBuilder.targetPieceBytes : SearchIndexBuilder.targetListFileBytes))
    }

    /// `n` rounded down to its 5 leading binary digits (shards at most 1/16 above the target
    /// size): a token's shard is its hash modulo the count, so a count that moved with every edit
    /// would move nearly every token to another file, and an incremental build (and every
    /// member's cache) would start over. Rounded, an edit rewrites only the shards it touches.
    static func stableShardCount(_ n: Int) -> Int {
        guard n > 1 else { return 1 }
        let shift = max(0, (Int.bitWidth - n.leadingZeroBitCount) - 5)
        return (n >> shift) << shift
    }

    /// One segment's postings of a token: its encoded bytes live in `buffer[start..<end]`.
    typealias Part = (buffer: [UInt8], postings: IndexSegment.Postings)

    /// One token's entry before it is written into a file (FORMAT.md §6).
    struct Entry {
        let name: [UInt8]
        let df: Int
        let kind: Int
        let body: [UInt8]
    }

    /// Groups the tokens into shards by FNV-1a of their names and encodes each token's body (in
    /// parallel), entries sorted by name bytes. With `groups`, a token's group is its hash modulo
    /// `groups` and the groups are spread in order over the shards, entries sorted by group, then
    /// name: the position lists of one doc-level piece lie side by side. `body` writes a token's
    /// body from its parts and returns its df and kind. `collect` turns a shard's entries into
    /// what is kept of it (so only a few shards' entries exist at a time).
    func encodeEntries<T>(groups: Int? = nil, body: ([Part], inout [UInt8]) -> (df: Int, kind: Int), collect: ([Entry]) -> T) -> [T] {
        let groupCount = groups ?? shardCount
        var byShard = [[(group: Int, token: Int)]](repeating: [], count: shardCount)
        for (t, name) in names.enumerated() {
            let group = Int(SearchText.shardHash(name) % UInt32(groupCount))
            byShard[group * shardCount / groupCount].append((group, t))
        }
        return withoutActuallyEscaping(body) { body in withoutActuallyEscaping(collect) { collect in
            let encode = UnsafeSendable(body), keep = UnsafeSendable(collect), me = UnsafeSendable(self)
            return concurrentMap(byShard) { members -> T in
                let m = me.value
                var parts: [Part] = []
                let sorted = members.sorted { a, b in a.group != b.group ? a.group < b.group : m.names[a.token].lexicographicallyPrecedes(m.names[b.token]) }
                return keep.value(sorted.map { _, t in
                    parts.removeAll(keepingCapacity: true)
                    for r in m.refStart[t]..<m.refStart[t + 1] {
                        let s = Int(m.refSegment[r])
                        parts.append((m.buffers[s], m.levels[s].at(Int(m.refIndex[r]))))
                    }
                    var bytes: [UInt8] = []
                    let (df, kind) = encode.value(parts, &bytes)
                    return Entry(name: m.names[t], df: df, kind: kind, body: bytes)
                })
            }
        } }
    }
}
