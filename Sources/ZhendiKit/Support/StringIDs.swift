/// Dense ids for strings, where strings that are equal as Swift compares them (canonically
/// equivalent) share one id.
///
/// Hashing a String that is not ASCII normalises it first (up to half a microsecond for a
/// Chinese tag or branch name, as timed in the site assembler): the names of tens of thousands
/// of pages' tags and branches are looked up by their bytes, and only a spelling not seen before
/// as bytes is hashed as a String.
struct StringIDs {
    private var byBytes: [BytesKey: Int] = [:]
    private var byString: [String: Int] = [:]
    /// The first spelling of each id.
    private(set) var strings: [String] = []

    /// The id of `s`, and whether it is new.
    mutating func id(_ s: String) -> (id: Int, isNew: Bool) {
        if let known = byBytes[BytesKey(s)] { return (known, false) }
        let id: Int, isNew: Bool
        if let known = byString[s] {
            (id, isNew) = (known, false)
        } else {
            (id, isNew) = (strings.count, true)
            byString[s] = id
            strings.append(s)
        }
        byBytes[BytesKey(s)] = id
        return (id, isNew)
    }

    /// A string hashed and compared as its UTF-8 bytes.
    private struct BytesKey: Hashable {
        let string: String
        init(_ string: String) { self.string = string }

        static func == (a: BytesKey, b: BytesKey) -> Bool {
            // Compared as two buffers: walking the UTF-8 views byte by byte cost more than the hashing.
            var x = a.string, y = b.string
            return x.utf8.count == y.utf8.count && x.withUTF8 { x in y.withUTF8 { y in x.elementsEqual(y) } }
        }

        func hash(into hasher: inout Hasher) {
            var s = string
            s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }
}
