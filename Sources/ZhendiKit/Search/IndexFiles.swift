import Foundation

/// The bytes of the index's list files (FORMAT.md §4, §6): directory pieces `p/`, the doc-level
/// lists too long to stay in them `d/`, and the position lists `q/`. A directory entry locates
/// its moved list and its position list; both lie side by side with those of the other entries
/// of its piece, in the same order, so each location is a gap (0 but for a piece's first) and a
/// length.
struct IndexFiles {
    let pieces: [Data]
    let lists: [Data]
    let positional: [Data]

    /// A positional file as written, and where each token's entry lies in it.
    typealias PositionalFile = (data: Data, located: [(name: [UInt8], offset: Int, length: Int)])

    /// A positional file from its entries (in order).
    static func positionalFile(_ entries: [MergedTokens.Entry]) -> PositionalFile {
        var out: [UInt8] = []
        var located: [(name: [UInt8], offset: Int, length: Int)] = []
        located.reserveCapacity(entries.count)
        for e in entries {
            let start = out.count
            append(e, to: &out)
            located.append((e.name, start, out.count - start))
        }
        return (Data(out), located)
    }

    init(pieces entries: [[MergedTokens.Entry]], positional files: [PositionalFile]) {
        typealias Location = (offset: Int, length: Int)
        var located: [[UInt8]: Location] = [:]
        located.reserveCapacity(files.reduce(0) { $0 + $1.located.count })
        for file in files {
            for l in file.located { located[l.name] = (l.offset, l.length) }
        }
        positional = files.map(\.data)

        // Moved lists: piece j's in file ⌊j·Sd/Sp⌋, after those of the pieces before it there.
        let sp = entries.count
        let movedBytes = entries.map { $0.reduce(0) { $0 + (Self.moves($1) ? $1.body.count : 0) } }
        let sd = max(1, MergedTokens.stableShardCount(movedBytes.reduce(0, +) / SearchIndexBuilder.targetListFileBytes))
        var base = [Int](repeating: 0, count: sp)
        var fill = [Int](repeating: 0, count: sd)
        for j in 0..<sp {
            let f = j * sd / sp
            base[j] = fill[f]
            fill[f] += movedBytes[j]
        }
        let positions = located
        let encoded = concurrentMap(Array(entries.indices)) { j -> (piece: Data, moved: [UInt8]) in
            var out: [UInt8] = [], moved: [UInt8] = []
            // Ends of the previous moved list and position list of this piece (0 before the first).
            var listEnd = 0, positionEnd = 0
            func place(_ offset: Int, _ length: Int, after end: inout Int) {
                appendVarint(offset - end, to: &out)
                appendVarint(length, to: &out)
                end = offset + length
            }
            for e in entries[j] {
                let goesOut = Self.moves(e)
                let position = positions[e.name]
                Self.appendHead(e, kind: e.kind | (position == nil ? 0 : 2) | (goesOut ? 4 : 0), to: &out)
                if goesOut {
                    place(base[j] + moved.count, e.body.count, after: &listEnd)
                    moved += e.body
                } else {
                    appendVarint(e.body.count, to: &out)
                    out += e.body
                }
                if let position { place(position.offset, position.length, after: &positionEnd) }
            }
            return (Data(out), moved)
        }
        pieces = encoded.map(\.piece)
        var listFiles = [[UInt8]](repeating: [], count: sd)
        for j in 0..<sp { listFiles[j * sd / sp] += encoded[j].moved }
        lists = listFiles.map { Data($0) }
    }

    /// Puts the block table (FORMAT.md §6) before the items of a position list of more than
    /// `positionBlock` documents: where the items of documents `B, 2B, …` (in list order) start,
    /// from the end of the table, 3 bytes each, least significant first.
    static func prependBlockTable(to items: inout [UInt8], documents df: Int) {
        let block = SearchIndexBuilder.positionBlock
        guard df > block else { return }
        var table: [UInt8] = []
        table.reserveCapacity(3 * ((df - 1) / block))
        items.withUnsafeBufferPointer { b in
            var at = 0
            // A countdown, not `doc % block`: a division per document was half of this scan.
            var untilBlock = block
            for _ in 0..<df {
                if untilBlock == 0 {
                    untilBlock = block
                    precondition(at < 1 << 24, "a position list is longer than 16 MB")
                    table.append(UInt8(at & 0xFF))
                    table.append(UInt8(at >> 8 & 0xFF))
                    table.append(UInt8(at >> 16))
                }
                untilBlock -= 1
                _ = readVarint(b, at: &at)  // gap
                // Skipping the positions: a varint ends at each byte below 0x80.
                var left = readVarint(b, at: &at)
                while left > 0 {
                    if b[at] < 0x80 { left -= 1 }
                    at += 1
                }
            }
        }
        items.insert(contentsOf: table, at: 0)
    }

    /// A doc-level list too long to stay in its directory piece.
    private static func moves(_ e: MergedTokens.Entry) -> Bool { e.body.count > SearchIndexBuilder.inlineBodyBytes }

    /// An entry's name, df and kind (FORMAT.md §6).
    private static func appendHead(_ e: MergedTokens.Entry, kind: Int, to out: inout [UInt8]) {
        appendVarint(e.name.count, to: &out)
        out += e.name
        appendVarint(e.df, to: &out)
        appendVarint(kind, to: &out)
    }

    /// A whole entry, its body inline.
    private static func append(_ e: MergedTokens.Entry, to out: inout [UInt8]) {
        appendHead(e, kind: e.kind, to: &out)
        appendVarint(e.body.count, to: &out)
        out += e.body
    }
}
