/// The Unicode scalar value whose UTF-8 encoding starts at `u[i]`, moving `i` past it; `u` holds
/// valid UTF-8 (a `String`'s storage). The loops that look at every character of every page
/// (search tokenising, reading time, summaries) decode with it: `String.unicodeScalars` costs
/// several times more per character.
@inline(__always)
func nextScalarValue(_ u: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
    let b0 = UInt32(u[i])
    if b0 < 0x80 {
        i += 1
        return b0
    }
    let v: UInt32
    if b0 < 0xE0 {
        v = (b0 & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F)
        i += 2
    } else if b0 < 0xF0 {
        v = (b0 & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F)
        i += 3
    } else {
        v = (b0 & 0x07) << 18 | UInt32(u[i + 1] & 0x3F) << 12 | UInt32(u[i + 2] & 0x3F) << 6 | UInt32(u[i + 3] & 0x3F)
        i += 4
    }
    return v
}
