/// The word tokens of one index segment (`w`, `j` and `tw` tokens, FORMAT.md §3) numbered densely
/// by their kind and code points, so a page's words are counted and its tuples sorted by number.
///
/// Named by strings, each occurrence made a String, hashed it into a per-page dictionary, and
/// the page's words and junctions were sorted as strings, then grouped by name again when the
/// segment was sealed: ≈ 6 % of a clean 10,000-page build's CPU (`perf`), a sixth of the index's.
/// A token is named once per segment now, when the segment is sealed.
struct WordTokens {
    enum Kind: UInt8 {
        case word, junction, titleWord
        var prefix: String {
            switch self {
            case .word: return "w"
            case .junction: return "j"
            case .titleWord: return "tw"
            }
        }
    }

    /// The first token with each hash (`UInt64Map` keys are non-zero); `next` chains the rare
    /// tokens that share a hash.
    private var firstWithHash = UInt64Map(capacity: 4096)
    private var next: [Int32] = []
    private var kinds: [Kind] = []
    /// Token `t`'s code points are `codePoints[start[t]..<start[t + 1]]`.
    private var codePoints: [UInt32] = []
    private var start: [Int32] = [0]

    var count: Int { kinds.count }

    /// The number of the token of `kind` spelled `cps`.
    mutating func id(_ kind: Kind, _ cps: UnsafeBufferPointer<UInt32>) -> Int32 {
        var h = UInt64(kind.rawValue) &+ UInt64(cps.count) &* 0x9E37_79B9_7F4A_7C15
        for c in cps { h = (h ^ UInt64(c)) &* 0x100_0000_01B3 }
        let hash = max(1, mix64(h))
        let n = Int32(count)
        var t = Int32(firstWithHash.index(hash) { Int(n) })
        if t < n {
            while true {
                if kinds[Int(t)] == kind, spells(t, cps) { return t }
                guard next[Int(t)] >= 0 else { break }
                t = next[Int(t)]
            }
            next[Int(t)] = n
        }
        kinds.append(kind)
        next.append(-1)
        codePoints.append(contentsOf: cps)
        start.append(Int32(codePoints.count))
        return n
    }

    private func spells(_ t: Int32, _ cps: UnsafeBufferPointer<UInt32>) -> Bool {
        let from = Int(start[Int(t)]), to = Int(start[Int(t) + 1])
        guard to - from == cps.count else { return false }
        for k in 0..<cps.count where codePoints[from + k] != cps[k] { return false }
        return true
    }

    /// How many code points the token spells.
    func length(_ t: Int32) -> Int { Int(start[Int(t) + 1] - start[Int(t)]) }

    /// The token's name as the index files spell it (`w2024`, `j第1讲`, `tw5g`).
    func name(_ t: Int32) -> String {
        kinds[Int(t)].prefix + SearchText.string(codePoints[Int(start[Int(t)])..<Int(start[Int(t) + 1])])
    }
}

/// One page's occurrences of a segment's word tokens, by token number: how often each occurs and,
/// when asked, where. Reused from page to page (`reset` clears only what the page used).
struct WordOccurrences {
    /// Token number → its entry in this page + 1 (0: not in this page).
    private var entryOfToken: [Int32] = []
    /// Entries in the order the page first used them.
    private(set) var tokens: [Int32] = []
    private(set) var counts: [Int32] = []
    private var positionsOf: [(entry: Int32, position: Int32)] = []

    var isEmpty: Bool { tokens.isEmpty }

    mutating func add(_ token: Int32, at position: Int? = nil) {
        if Int(token) >= entryOfToken.count {
            entryOfToken += repeatElement(0, count: max(Int(token) + 1, 2 * entryOfToken.count) - entryOfToken.count)
        }
        var entry = entryOfToken[Int(token)] - 1
        if entry < 0 {
            entry = Int32(tokens.count)
            entryOfToken[Int(token)] = entry + 1
            tokens.append(token)
            counts.append(0)
        }
        counts[Int(entry)] += 1
        if let position { positionsOf.append((entry, Int32(position))) }
    }

    /// Each entry's positions, ascending (positions were added in text order).
    func positions() -> (start: [Int], positions: [Int32]) {
        var start = [Int](repeating: 0, count: tokens.count + 1)
        for p in positionsOf { start[Int(p.entry) + 1] += 1 }
        for e in tokens.indices { start[e + 1] += start[e] }
        var fill = start
        var out = [Int32](repeating: 0, count: positionsOf.count)
        for p in positionsOf {
            out[fill[Int(p.entry)]] = p.position
            fill[Int(p.entry)] += 1
        }
        return (start, out)
    }

    mutating func reset() {
        for t in tokens { entryOfToken[Int(t)] = 0 }
        tokens.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        positionsOf.removeAll(keepingCapacity: true)
    }
}
