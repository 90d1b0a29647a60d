import Foundation

/// A fast, stable 64-bit content hash (FNV-1a). Used for cache-busting file names and for
/// change detection, never for security.
public struct ContentHash: Hashable, Sendable, Codable {
    public let value: UInt64

    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        self = ContentHash(value: 0xcbf2_9ce4_8422_2325).appending(bytes)
    }

    /// This hash continued over `bytes`: the hash of what it was made from followed by `bytes`.
    func appending<Bytes: Sequence>(_ bytes: Bytes) -> ContentHash where Bytes.Element == UInt8 {
        var h = value
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return ContentHash(value: h)
    }

    /// A hash read back from the build cache.
    init(value: UInt64) {
        self.value = value
    }

    /// `Data`'s own iterator goes through a bounds-checked call per byte.
    public init(bytes data: Data) {
        self = data.withUnsafeBytes { ContentHash(bytes: $0.bindMemory(to: UInt8.self)) }
    }

    public init(_ string: String) {
        var copy = string
        self = copy.withUTF8 { ContentHash(bytes: $0) }
    }

    /// Hex digits, shortened: enough to make collisions between versions of one file implausible.
    public func hex(length: Int = 10) -> String {
        let full = String(value, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - full.count)) + full
        return String(padded.prefix(length))
    }
}
