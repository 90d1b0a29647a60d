/// A hash of everything a template can read from a page's context: two pages with the same
/// fingerprint render to the same HTML with the same theme. A build compares fingerprints with
/// the previous build's to skip rendering pages that cannot have changed (a new article shifts
/// the lists it is in and its neighbours' links; the other 10,000 pages stay as they were).
///
/// Dictionary entries are combined order-independently (so equal contexts hash equally however
/// they were built) and every value is tagged with its type, so `["a": 1]` never equals
/// `["a": "1"]`. Change detection, not security: 64 bits, strings read 8 bytes at a time
/// (every page's context repeats a few kilobytes of header and footer).
struct ContextFingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}

    /// `template`: the theme's key for the template the context is rendered with
    /// (`Theme.templateKey`), so editing a template changes the fingerprint of its pages only.
    init(template: UInt64, context: [String: Any]) {
        add(template)
        value = Self.mix(value ^ Self.hash(dictionary: context))
    }

    /// Adds `s` in sequence (order matters, unlike dictionary entries).
    mutating func add(_ s: String) {
        value = Self.mix(value ^ Self.hash(string: s))
    }

    mutating func add(_ n: UInt64) {
        value = Self.mix(value ^ Self.mix(n ^ 0x5bd1_e995))
    }

    // MARK: hashing values

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hash(string: String) -> UInt64 {
        if let h = string.utf8.withContiguousStorageIfAvailable({ hash(bytes: UnsafeRawBufferPointer($0)) }) { return h }
        var s = string
        return s.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
    }

    private static func hash(bytes raw: UnsafeRawBufferPointer) -> UInt64 {
        let n = raw.count
        var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15 ^ 0x2545_F491_4F6C_DD1D
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(raw[i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail)
    }

    /// What a context made of `fields` hashes to (see `SharedContext`).
    static func hash(_ fields: [String: Any]) -> UInt64 { hash(dictionary: fields) }

    private static func hash(dictionary: [String: Any]) -> UInt64 {
        var sum: UInt64 = 0
        for (key, v) in dictionary {
            sum &+= mix(hash(string: key) &* 0x9E37_79B9_7F4A_7C15 ^ hash(any: v))
        }
        return mix(sum ^ UInt64(dictionary.count) ^ 0xD1)
    }

    private static let stringType = ObjectIdentifier(String.self)
    private static let boolType = ObjectIdentifier(Bool.self)
    private static let intType = ObjectIdentifier(Int.self)
    private static let dictionaryType = ObjectIdentifier([String: Any].self)
    private static let sharedType = ObjectIdentifier(SharedContext.self)
    private static let sharedArrayType = ObjectIdentifier([SharedContext].self)
    private static let dictionaryArrayType = ObjectIdentifier([[String: Any]].self)

    private static func hash(any value: Any) -> UInt64 {
        // The exact type first: a cast that fails (`as? [String: Any]` on a String) walks the
        // runtime's bridging rules and cost a third of fingerprinting a page's context.
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == stringType { return hash(string: value as! String) }
        if type == boolType { return value as! Bool ? 0xB1 : 0xB0 }
        if type == intType { return hashInt(value as! Int) }
        if type == dictionaryType { return hash(dictionary: value as! [String: Any]) }
        if type == sharedType { return (value as! SharedContext).fingerprint }
        if type == sharedArrayType { return hashArray(value as! [SharedContext]) }
        if type == dictionaryArrayType { return hashArray(value as! [[String: Any]]) }
        switch value {
        case let s as String: return hash(string: s)
        case let b as Bool: return b ? 0xB1 : 0xB0
        case let i as Int: return hashInt(i)
        case let d as [String: Any]: return hash(dictionary: d)
        case let c as SharedContext: return c.fingerprint
        case let a as [SharedContext]: return hashArray(a)
        case let a as [[String: Any]]: return hashArray(a)
        case let a as [Any]:
            var h: UInt64 = 0xA2 ^ UInt64(a.count)
            for v in a { h = mix(h ^ hash(any: v)) }
            return h
        case let s as Substring: return hash(string: String(s))
        case let d as Double: return mix(d.bitPattern ^ 0xD0)
        default:
            // A type the view model does not build: hash its description, never skip it.
            return mix(hash(string: String(describing: Swift.type(of: value))) ^ hash(string: String(describing: value)))
        }
    }

    private static func hashInt(_ i: Int) -> UInt64 { mix(UInt64(bitPattern: Int64(i)) ^ 0x1A7) }

    private static func hashArray(_ a: [SharedContext]) -> UInt64 {
        var h: UInt64 = 0xA1 ^ UInt64(a.count)
        for c in a { h = mix(h ^ c.fingerprint) }
        return h
    }

    private static func hashArray(_ a: [[String: Any]]) -> UInt64 {
        var h: UInt64 = 0xA1 ^ UInt64(a.count)
        for d in a { h = mix(h ^ hash(dictionary: d)) }
        return h
    }
}
