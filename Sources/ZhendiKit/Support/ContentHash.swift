import Foundation

/// A fast, stable 64-bit content hash, for cache-busting file names and change detection, never
/// for security. Eight bytes per step: FNV-1a, a byte per step, was a percent of a clean build
/// and three of an incremental one (every content file is hashed when it is read).
public struct ContentHash: Hashable, Sendable, Codable {
    public let value: UInt64

    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        self = ContentHash(value: 0xcbf2_9ce4_8422_2325).appending(bytes)
    }

    /// This hash extended by `bytes` (not the hash of the bytes it was made from followed by
    /// `bytes`: each call mixes in its length and ends with a full mix).
    func appending<Bytes: Sequence>(_ bytes: Bytes) -> ContentHash where Bytes.Element == UInt8 {
        if let h = bytes.withContiguousStorageIfAvailable({ Self.hash($0, seed: value) }) { return ContentHash(value: h) }
        return Array(bytes).withUnsafeBufferPointer { ContentHash(value: Self.hash($0, seed: value)) }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = seed ^ UInt64(bytes.count) &* k
        guard let base = bytes.baseAddress else { return mix64(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let m = (h ^ word) &* k
            h = m << 31 | m >> 33
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        return mix64(h ^ tail &* k)
    }

    /// A hash read back from the build cache.
    init(value: UInt64) {
        self.value = value
    }

    /// `Data` lends its bytes only through `withUnsafeBytes`.
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
