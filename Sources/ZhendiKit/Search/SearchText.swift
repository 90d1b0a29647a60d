import Foundation

/// Normalisation and character classes of the search index (FORMAT.md §1). The browser runtime
/// implements the same rules; any difference would break "finds exactly what Ctrl+F finds".
enum SearchText {
    enum Class: UInt8 { case separator, han, word }
    /// Every Han code point is below this.
    static let hanLimit: UInt32 = 0x31350

    @inline(__always)
    static func classify(_ cp: UInt32) -> Class {
        switch cp {
        case 0x30...0x39, 0x61...0x7A: return .word
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2A6DF, 0x2A700...0x2EBEF, 0x30000...0x3134F:
            return .han
        case 0xC0...0x24F: return cp == 0xD7 || cp == 0xF7 ? .separator : .word
        case 0x370...0x3FF, 0x400...0x4FF, 0xAC00...0xD7A3: return .word
        case 0x3040...0x30FF: return cp == 0x30FB ? .separator : .word
        default: return .separator
        }
    }

    /// Per-thread memo for the scalars that need Foundation's NFKC (punctuation, symbols…).
    final class Cache {
        var map: [UInt32: [UInt32]] = [:]
        /// What each BMP scalar normalises to when that is one code point (`unknown` until
        /// asked, `several` when it is not one): Chinese punctuation (。、“”《》) is a tenth of a
        /// page's characters, and hashing each into `map` cost a third of decoding it.
        private let single: UnsafeMutablePointer<UInt32>
        static let unknown: UInt32 = .max, several: UInt32 = .max - 1

        init() {
            single = .allocate(capacity: 0x10000)
            single.initialize(repeating: Self.unknown, count: 0x10000)
        }

        deinit { single.deallocate() }

        /// The one code point the BMP scalar `v` normalises to, or `several`.
        @inline(__always)
        func single(_ v: UInt32) -> UInt32 {
            let known = single[Int(v)]
            return known != Self.unknown ? known : learn(v)
        }

        private func learn(_ v: UInt32) -> UInt32 {
            var out: [UInt32] = []
            SearchText.normalize(Unicode.Scalar(v)!, into: &out, cache: self)
            let result = out.count == 1 ? out[0] : Self.several
            single[Int(v)] = result
            return result
        }
    }

    /// Appends the normalised code points of one original scalar: NFKC, then lower-cased.
    @inline(__always)
    static func normalize(_ s: Unicode.Scalar, into out: inout [UInt32], cache: Cache) {
        let v = s.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? v + 32 : v)
        } else if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) {
            out.append(v)
        } else if v >= 0xFF01 && v <= 0xFF5E {
            let a = v - 0xFEE0
            out.append(a >= 0x41 && a <= 0x5A ? a + 32 : a)
        } else if let hit = cache.map[v] {
            out.append(contentsOf: hit)
        } else {
            let n = String(Character(s)).precomposedStringWithCompatibilityMapping.lowercased()
            let cps = n.unicodeScalars.map(\.value)
            cache.map[v] = cps
            out.append(contentsOf: cps)
        }
    }

    /// The normalised code points of `text`.
    static func normalized(_ text: String, cache: Cache = Cache()) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count / 2)
        for s in text.unicodeScalars { normalize(s, into: &out, cache: cache) }
        return out
    }

    static func string<C: Sequence>(_ cps: C) -> String where C.Element == UInt32 {
        var v = String.UnicodeScalarView()
        for c in cps { if let s = Unicode.Scalar(c) { v.append(s) } }
        return String(v)
    }

    /// The shard hash of a token: a title token (`tb党建`) goes where its plain token (`b党建`)
    /// goes, so ranking by title costs no extra fetch.
    static func shardHash(_ name: [UInt8]) -> UInt32 {
        name.first == UInt8(ascii: "t") ? fnv1a32(Array(name.dropFirst())) : fnv1a32(name)
    }

    /// FNV-1a over UTF-8, 32 bits.
    static func fnv1a32(_ bytes: [UInt8]) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in bytes {
            h ^= UInt32(b)
            h = h &* 0x0100_0193
        }
        return h
    }
}

/// Unsigned LEB128.
@inline(__always)
func appendVarint(_ value: Int, to out: inout [UInt8]) {
    var v = UInt64(value)
    while v >= 0x80 {
        out.append(UInt8(v & 0x7F) | 0x80)
        v >>= 7
    }
    out.append(UInt8(v))
}

/// Reads the unsigned LEB128 at `bytes[at]`, moving `at` past it.
@inline(__always)
func readVarint<C: RandomAccessCollection>(_ bytes: C, at: inout C.Index) -> Int where C.Element == UInt8 {
    var v = 0, shift = 0
    while true {
        let b = bytes[at]
        bytes.formIndex(after: &at)
        v |= Int(b & 0x7F) << shift
        if b < 0x80 { return v }
        shift += 7
    }
}

@inline(__always)
func varintSize(_ value: Int) -> Int {
    var v = UInt64(value), n = 1
    while v >= 0x80 { v >>= 7; n += 1 }
    return n
}

/// Where index postings are encoded.
protocol VarintOutput {
    mutating func varint(_ value: Int)
}

extension Array: VarintOutput where Element == UInt8 {
    mutating func varint(_ value: Int) { appendVarint(value, to: &self) }
}

/// Unsigned LEB128 written through a pointer into room the caller has made (an index segment's
/// millions of varints: `appendVarint` checks an array's uniqueness and capacity per byte).
struct VarintWriter: VarintOutput {
    private let start: UnsafeMutablePointer<UInt8>
    private var next: UnsafeMutablePointer<UInt8>

    init(_ start: UnsafeMutablePointer<UInt8>) {
        self.start = start
        next = start
    }

    var count: Int { next - start }

    @inline(__always)
    mutating func varint(_ value: Int) {
        var v = UInt(bitPattern: value)
        while v >= 0x80 {
            next.pointee = UInt8(truncatingIfNeeded: v) | 0x80
            next += 1
            v >>= 7
        }
        next.pointee = UInt8(v)
        next += 1
    }
}
