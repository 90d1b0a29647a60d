import Foundation

/// Dense ids for strings, where strings that are equal as Swift compares them (canonically
/// equivalent) share one id.
///
/// Hashing a String that is not ASCII normalises it first (up to half a microsecond for a
/// Chinese tag or branch name, as timed in the site assembler), and even a byte-wise Hasher
/// costs a SipHash per lookup: the names of tens of thousands of pages' tags and branches are
/// looked up by their bytes in a table of their own (the live preview assembles the graph again
/// for every new article), and only a spelling not seen before as bytes is hashed as a String.
struct StringIDs {
    /// The first byte spelling seen with each hash of its bytes (`UInt64Map` keys are non-zero).
    private var firstWithHash = UInt64Map(capacity: 64)
    /// Every byte spelling seen, its id, and the next spelling with the same hash (-1: none).
    private var spelled: [(string: String, id: Int, next: Int)] = []
    private var byString: [String: Int] = [:]
    /// The first spelling of each id.
    private(set) var strings: [String] = []

    /// The id of `s`, and whether it is new.
    mutating func id(_ s: String) -> (id: Int, isNew: Bool) {
        var s = s
        let hash = max(1, s.withUTF8 { Self.hash($0) })
        let n = spelled.count
        var last = firstWithHash.index(hash) { n }
        if last < n {
            while true {
                if Self.sameBytes(spelled[last].string, s) { return (spelled[last].id, false) }
                guard spelled[last].next >= 0 else { break }
                last = spelled[last].next
            }
            spelled[last].next = n
        }
        let id: Int, isNew: Bool
        if let known = byString[s] {
            (id, isNew) = (known, false)
        } else {
            (id, isNew) = (strings.count, true)
            byString[s] = id
            strings.append(s)
        }
        spelled.append((s, id, -1))
        return (id, isNew)
    }

    /// Eight bytes at a time through a 64-bit mixer: names are a few dozen bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i < bytes.count {
            var word: UInt64 = 0
            for k in 0..<min(8, bytes.count - i) { word |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            h = mix64(h ^ word)
            i += 8
        }
        return h
    }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        // Compared as two buffers: walking the UTF-8 views (or the buffers, generically) byte by
        // byte cost more than the hashing.
        var x = a, y = b
        return x.utf8.count == y.utf8.count
            && x.withUTF8 { x in y.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
    }
}
