import Foundation

/// A page's indexed text decoded in one pass (FORMAT.md §1, §4): its normalised code points with
/// their classes, and the result record's UTF-16 units (the unit at index `p` is the character at
/// normalised position `p`).
///
/// One per indexing thread, reused from page to page. Written through pointers: decoding,
/// normalising and classifying in three passes that appended to arrays cost about a third of
/// what tokenising a page did.
final class DecodedText {
    private(set) var codes: UnsafeMutablePointer<UInt32>
    private(set) var classes: UnsafeMutablePointer<SearchText.Class>
    private(set) var units: UnsafeMutablePointer<UInt16>
    private(set) var count = 0
    private(set) var unitCount = 0
    private var capacity = 0

    init() {
        codes = .allocate(capacity: 1)
        classes = .allocate(capacity: 1)
        units = .allocate(capacity: 1)
    }

    deinit {
        codes.deallocate()
        classes.deallocate()
        units.deallocate()
    }

    /// Normalised code points and classes of `codes[0..<count]`.
    var normalized: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: codes, count: count) }
    var classified: UnsafeBufferPointer<SearchText.Class> { UnsafeBufferPointer(start: classes, count: count) }

    /// The record's text: the units padded with U+0000 to a multiple of `quantum`.
    func recordUnits(quantum: Int) -> [UInt16] {
        let padded = (unitCount + quantum - 1) / quantum * quantum
        return [UInt16](unsafeUninitializedCapacity: padded) { out, initialized in
            out.baseAddress!.update(from: units, count: unitCount)
            (out.baseAddress! + unitCount).initialize(repeating: 0, count: padded - unitCount)
            initialized = padded
        }
    }

    private static let asciiClasses: [SearchText.Class] = (0..<128).map { SearchText.classify(UInt32($0) >= 0x41 && UInt32($0) <= 0x5A ? UInt32($0) + 32 : UInt32($0)) }

    /// Decodes `text`, replacing what was decoded before.
    func decode(_ text: String, cache: SearchText.Cache) {
        var text = text
        count = 0
        unitCount = 0
        text.withUTF8 { u in
            let byteCount = u.count
            // Outside an expanding character every scalar adds at most one code point and as
            // many units as it has bytes, so room for the remaining bytes is all the fast paths
            // need; the slow path makes room for an expansion first.
            reserve(byteCount + 1)
            var n = 0, nu = 0
            var codes = self.codes, classes = self.classes, units = self.units
            let ascii = Self.asciiClasses
            var expanded: [UInt32] = []
            var i = 0
            while i < byteCount {
                let b = u[i]
                if b < 0x80 {
                    let v = UInt32(b)
                    codes[n] = v >= 0x41 && v <= 0x5A ? v + 32 : v
                    classes[n] = ascii[Int(b)]
                    // U+0000 marks padding in the record: a NUL in the text shows as U+FFFD.
                    units[nu] = b == 0 ? 0xFFFD : UInt16(b)
                    n += 1
                    nu += 1
                    i += 1
                    continue
                }
                let v = nextScalarValue(u, &i)
                if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) {
                    codes[n] = v
                    classes[n] = .han
                    units[nu] = UInt16(v)
                    n += 1
                    nu += 1
                    continue
                }
                if v <= 0xFFFF {
                    let c = cache.single(v)
                    if c != SearchText.Cache.several {
                        codes[n] = c
                        classes[n] = SearchText.classify(c)
                        units[nu] = UInt16(v)
                        n += 1
                        nu += 1
                        continue
                    }
                }
                expanded.removeAll(keepingCapacity: true)
                SearchText.normalize(Unicode.Scalar(v)!, into: &expanded, cache: cache)
                let width = v > 0xFFFF ? 2 : 1
                let unitsAdded = max(width, expanded.count)
                let needed = max(n + expanded.count, nu + unitsAdded) + (byteCount - i) + 1
                if needed > capacity {
                    count = n
                    unitCount = nu
                    reserve(max(needed, 2 * capacity))
                    codes = self.codes; classes = self.classes; units = self.units
                }
                for c in expanded {
                    codes[n] = c
                    classes[n] = SearchText.classify(c)
                    n += 1
                }
                if width == 2 {
                    units[nu] = UInt16(0xD800 + ((v - 0x10000) >> 10))
                    units[nu + 1] = UInt16(0xDC00 + ((v - 0x10000) & 0x3FF))
                } else {
                    units[nu] = UInt16(v)
                }
                for k in width..<unitsAdded { units[nu + k] = 0 }
                nu += unitsAdded
            }
            count = n
            unitCount = nu
        }
    }

    /// Room for `size` code points and units, keeping what was decoded so far.
    private func reserve(_ size: Int) {
        guard size > capacity else { return }
        let newCapacity = max(size, 2 * capacity, 4096)
        func grown<T>(_ old: UnsafeMutablePointer<T>, keeping kept: Int) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: kept)
            old.deallocate()
            return new
        }
        codes = grown(codes, keeping: count)
        classes = grown(classes, keeping: count)
        units = grown(units, keeping: unitCount)
        capacity = newCapacity
    }
}
