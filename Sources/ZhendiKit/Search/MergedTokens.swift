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
    init(segments: [IndexSegment], level: KeyPath<IndexSegment, IndexSegment.Level>, docLevel: Bool, phrases: PhraseTable) {
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
        var bytes = 0
        for t in 0..<names.count {
            var previous: Int32 = -1
            for r in start[t]..<start[t + 1] {
                let p = levels[Int(refSegment[r])].at(Int(refIndex[r]))
                let gap = Int(p.firstDoc - previous - 1)
                bytes += varintSize(docLevel ? gap << 4 | Int(p.firstTf) : gap) + p.byteCount
                previous = p.lastDoc
            }
            bytes += 4
        }
        self.levels = levels
        self.buffers = levels.map(\.bytes)
        self.names = names
        self.refStart = start
        self.refSegment = refSegment
        self.refIndex = refIndex
        self.shardCount = Self.stableShardCount(bytes / (docLevel ? SearchIndexBuilder.targetDocShardBytes : SearchIndexBuilder.targetPositionShardBytes))
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

    /// Where a token's entry lies in its shard file.
    typealias Location = (offset: Int, length: Int)

    /// Groups the tokens into shards by FNV-1a of their names and encodes each shard (in parallel), entries sorted by name bytes
    /// (FORMAT.md §6). With `groups`, a token's group is its hash modulo `groups` and the groups
    /// are spread in order over the shards, entries sorted by group, then name: the positional
    /// lists of one doc-level shard lie side by side. `body` writes a token's body from its parts
    /// and returns its df and kind; an entry whose name `pointer` locates in the positional files
    /// says where (as the gap after the previous one in its shard, and the length).
    /// Returns the files and where each of this level's tokens (by id) lies in them.
    func encodeShards(groups: Int? = nil, pointer: ([UInt8]) -> Location? = { _ in nil },
                      body: ([Part], inout [UInt8]) -> (df: Int, kind: Int)) -> (files: [Data], locations: [Location]) {
        let groupCount = groups ?? shardCount
        var byShard = [[(group: Int, token: Int)]](repeating: [], count: shardCount)
        for (t, name) in names.enumerated() {
            let group = Int(SearchText.shardHash(name) % UInt32(groupCount))
            byShard[group * shardCount / groupCount].append((group, t))
        }
        var locations = [Location](repeating: (0, 0), count: names.count)
        let files = locations.withUnsafeMutableBufferPointer { buffer in
            withoutActuallyEscaping(body) { body in withoutActuallyEscaping(pointer) { pointer in
                let encode = UnsafeSendable(body), locate = UnsafeSendable(pointer)
                let me = UnsafeSendable(self), slots = UnsafeSendable(buffer)
                return concurrentMap(byShard) { members -> Data in
                    let m = me.value
                    let name = { (t: Int) in m.names[t] }
                    var out: [UInt8] = []
                    var scratch: [UInt8] = []
                    var parts: [Part] = []
                    var end = 0
                    let sorted = members.sorted { a, b in a.group != b.group ? a.group < b.group : name(a.token).lexicographicallyPrecedes(name(b.token)) }
                    for (_, t) in sorted {
                        parts.removeAll(keepingCapacity: true)
                        scratch.removeAll(keepingCapacity: true)
                        for r in m.refStart[t]..<m.refStart[t + 1] {
                            let s = Int(m.refSegment[r])
                            parts.append((m.buffers[s], m.levels[s].at(Int(m.refIndex[r]))))
                        }
                        let (df, kind) = encode.value(parts, &scratch)
                        let start = out.count
                        let n = name(t)
                        let location = locate.value(n)
                        appendVarint(n.count, to: &out)
                        out += n
                        appendVarint(df, to: &out)
                        appendVarint(kind | (location == nil ? 0 : 2), to: &out)
                        appendVarint(scratch.count, to: &out)
                        out += scratch
                        if let location {
                            appendVarint(location.offset - end, to: &out)
                            appendVarint(location.length, to: &out)
                            end = location.offset + location.length
                        }
                        // Each token is in exactly one shard: no two threads write one slot.
                        slots.value[t] = (start, out.count - start)
                    }
                    return Data(out)
                }
            } }
        }
        return (files, locations)
    }
}
