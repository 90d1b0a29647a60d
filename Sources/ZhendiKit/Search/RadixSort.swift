/// LSD radix sort on 64-bit keys (8 bits per pass, skipping passes where every key agrees).
/// Stable, and several times faster than a comparison sort for the millions of index tuples.
enum RadixSort {
    static func sort(_ keys: inout [UInt64]) {
        var values: [UInt32] = []
        sort(keys: &keys, values: &values, carryValues: false)
    }

    static func sort(keys: inout [UInt64], values: inout [UInt32]) {
        sort(keys: &keys, values: &values, carryValues: true)
    }

    private static func sort(keys: inout [UInt64], values: inout [UInt32], carryValues: Bool) {
        let n = keys.count
        guard n > 1 else { return }
        var orBits: UInt64 = 0, andBits: UInt64 = ~0
        for k in keys { orBits |= k; andBits &= k }
        let varying = orBits ^ andBits
        var keyBuffer = [UInt64](repeating: 0, count: n)
        var valueBuffer = carryValues ? [UInt32](repeating: 0, count: n) : []
        var counts = [Int](repeating: 0, count: 256)
        var shift: UInt64 = 0
        while shift < 64 {
            defer { shift += 8 }
            if (varying >> shift) & 0xFF == 0 { continue }
            for i in 0..<256 { counts[i] = 0 }
            for k in keys { counts[Int((k >> shift) & 0xFF)] += 1 }
            var sum = 0
            for i in 0..<256 { let c = counts[i]; counts[i] = sum; sum += c }
            keys.withUnsafeBufferPointer { src in
                keyBuffer.withUnsafeMutableBufferPointer { dst in
                    if carryValues {
                        values.withUnsafeBufferPointer { vsrc in
                            valueBuffer.withUnsafeMutableBufferPointer { vdst in
                                for i in 0..<n {
                                    let b = Int((src[i] >> shift) & 0xFF)
                                    let at = counts[b]
                                    dst[at] = src[i]
                                    vdst[at] = vsrc[i]
                                    counts[b] = at + 1
                                }
                            }
                        }
                    } else {
                        for i in 0..<n {
                            let b = Int((src[i] >> shift) & 0xFF)
                            let at = counts[b]
                            dst[at] = src[i]
                            counts[b] = at + 1
                        }
                    }
                }
            }
            swap(&keys, &keyBuffer)
            if carryValues { swap(&values, &valueBuffer) }
        }
    }
}
