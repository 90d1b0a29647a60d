/// An open-addressing map from non-zero 64-bit keys to dense indices. Tokenising a page looks up
/// a few tokens per character, so this replaces `Dictionary` (SipHash) on the hottest path.
struct UInt64Map {
    private(set) var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: mix64(key)) & mask
    }

    @inline(__always)
    func get(_ key: UInt64) -> Int? {
        var i = UInt64Map.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return Int(values[i]) }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// The index for `key`, inserting `make()` when absent.
    @inline(__always)
    mutating func index(_ key: UInt64, _ make: () -> Int) -> Int {
        var i = UInt64Map.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return Int(values[i]) }
            if k == 0 { break }
            i = (i + 1) & mask
        }
        let v = make()
        keys[i] = key
        values[i] = Int32(v)
        count += 1
        if count * 2 > keys.count { grow() }
        return v
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (k, v) in zip(oldKeys, oldValues) where k != 0 {
            var i = UInt64Map.slot(k, mask)
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }

    /// Every (key, index) pair.
    var entries: [(UInt64, Int)] {
        var out: [(UInt64, Int)] = []
        out.reserveCapacity(count)
        for (k, v) in zip(keys, values) where k != 0 { out.append((k, Int(v))) }
        return out
    }
}

/// MurmurHash3's 64-bit finaliser: every input bit affects every output bit, so packed keys that
/// differ only in a few bits (two Han characters) still spread over the whole table.
@inline(__always)
func mix64(_ x: UInt64) -> UInt64 {
    var k = x
    k ^= k >> 33
    k = k &* 0xFF51_AFD7_ED55_8CCD
    k ^= k >> 33
    k = k &* 0xC4CE_B9FE_1A85_EC53
    k ^= k >> 33
    return k
}
