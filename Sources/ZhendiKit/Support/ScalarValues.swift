/// Calls `body` with each Unicode scalar value of `text`, decoded from its UTF-8 storage (a
/// `String` holds valid UTF-8): `String.unicodeScalars` costs several times more per character,
/// and a few loops look at every character of every page. `body` returns false to stop.
@inline(__always)
func forEachScalarValue(of text: String, _ body: (UInt32) -> Bool) {
    var text = text
    text.withUTF8 { u in
        let n = u.count
        var i = 0
        while i < n {
            let b0 = UInt32(u[i])
            let v: UInt32
            if b0 < 0x80 {
                v = b0
                i += 1
            } else if b0 < 0xE0 {
                v = (b0 & 0x1F) << 6 | UInt32(u[i + 1] & 0x3F)
                i += 2
            } else if b0 < 0xF0 {
                v = (b0 & 0x0F) << 12 | UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F)
                i += 3
            } else {
                v = (b0 & 0x07) << 18 | UInt32(u[i + 1] & 0x3F) << 12 | UInt32(u[i + 2] & 0x3F) << 6 | UInt32(u[i + 3] & 0x3F)
                i += 4
            }
            if !body(v) { return }
        }
    }
}
