/// One occurrence of a positional token (a `b` Han pair or an `e` word–Han pair, FORMAT.md §3)
/// packed into 64 bits:
///
///     pair (34 bits: two 17-bit character codes) | document in its segment (10) | position (20)
///
/// A segment's millions of occurrences are then one array of 8-byte items, grouped by a radix
/// sort of the pair bits only (documents and positions arrive in order): the tokeniser wrote
/// 12-byte key/position pairs through a per-document scratch copy before, and sorting and
/// moving them was a third of what the index cost.
enum PositionalEntry {
    static let positionBits: UInt64 = 20
    static let pairShift: UInt64 = positionBits + IndexSegment.docBits
    /// Positions of a document's normalised text that fit; text after them is not indexed (the
    /// builder warns about such a page: a million characters is a book, not an article).
    static let positionLimit = 1 << positionBits
    static let positionMask: UInt64 = (1 << positionBits) - 1

    /// Han code points take codes below this one, word code points (`WordCode`) the codes above:
    /// a pair with a word code point in it is an `e` token, one without a `b` token.
    private static let wordBase: UInt32 = 0x16D40

    /// The 17-bit code of a Han or word code point (FORMAT.md §1); unigram tuples use it too.
    @inline(__always) static func code(_ cp: UInt32) -> UInt64 {
        // The common case: the main CJK blocks (U+3400–U+9FFF).
        if cp &- 0x3400 < 0x6C00 { return UInt64(cp &- 0x3400) }
        return UInt64(rareCode(cp))
    }

    private static func rareCode(_ cp: UInt32) -> UInt32 {
        switch cp {
        case 0xF900...0xFAFF: return 0x6C00 + cp - 0xF900
        case 0x20000...0x2EBEF: return 0x6E00 + cp - 0x20000
        case 0x30000...0x3134F: return 0x159F0 + cp - 0x30000
        default: return wordBase + WordCode.code(cp)
        }
    }

    static func codePoint(_ code: UInt32) -> UInt32 {
        switch code {
        case ..<0x6C00: return code + 0x3400
        case ..<0x6E00: return code - 0x6C00 + 0xF900
        case ..<0x159F0: return code - 0x6E00 + 0x20000
        case ..<wordBase: return code - 0x159F0 + 0x30000
        default: return WordCode.codePoint(code - wordBase)
        }
    }

    /// The pair bits of the pair `a`, `b`, in place (or-ed with a document's bits and a position).
    @inline(__always) static func pair(_ a: UInt32, _ b: UInt32) -> UInt64 {
        (code(a) << 17 | code(b)) << pairShift
    }

    /// The token key (`SearchToken.key`) of an entry's pair bits shifted down (`entry >> pairShift`).
    static func tokenKey(ofPair pair: UInt64) -> UInt64 {
        let a = UInt32(truncatingIfNeeded: pair >> 17), b = UInt32(truncatingIfNeeded: pair & 0x1FFFF)
        let kind = a >= wordBase || b >= wordBase ? SearchToken.edge : SearchToken.bigram
        return SearchToken.key(kind, codePoint(a), codePoint(b))
    }
}
