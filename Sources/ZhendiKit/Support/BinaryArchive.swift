import Foundation

/// A flat little-endian byte format for the build cache: it holds tens of megabytes of search
/// postings and thousands of digests, which Foundation's coders take seconds to go through.
/// Only ever read back by the same program version (the cache key includes it).
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func int(_ v: Int) {
        var x = UInt64(bitPattern: Int64(v))
        withUnsafeBytes(of: &x) { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func uint64(_ v: UInt64) { int(Int(Int64(bitPattern: v))) }

    mutating func string(_ s: String) {
        var copy = s
        copy.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optional<T>(_ v: T?, _ write: (inout BinaryWriter, T) -> Void) {
        bool(v != nil)
        if let v { write(&self, v) }
    }

    mutating func array<T>(_ items: [T], _ write: (inout BinaryWriter, T) -> Void) {
        int(items.count)
        for item in items { write(&self, item) }
    }

    /// Writes the bytes to `url` through a temporary file and a rename, so a reader never sees
    /// half a file (and without copying tens of megabytes into a `Data` first).
    func write(to url: URL) throws {
        let temporary = url.path + ".tmp-\(getpid())"
        do {
            _ = try bytes.withUnsafeBytes { try DirectorySink.writeFile(atPath: temporary, $0) }
            guard rename(temporary, url.path) == 0 else { throw OutputError.cannotWrite(url.path, String(cString: strerror(errno))) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Raw memory of trivial values (postings, keys): copied as they are.
    mutating func pod<T: BitwiseCopyable>(_ items: [T]) {
        int(items.count)
        items.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

/// Reads what `BinaryWriter` wrote; any inconsistency (a truncated or foreign file) throws, and
/// the caller then simply builds everything again.
struct BinaryReader {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The file at `path` (`readFileBytes`); nil when it cannot be read.
    init?(contentsOfFile path: String) {
        guard let bytes = readFileBytes(atPath: path) else { return nil }
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ n: Int) throws -> Range<Int> {
        guard n >= 0, n <= bytes.count - offset else { throw Malformed() }
        defer { offset += n }
        return offset..<offset + n
    }

    mutating func int() throws -> Int {
        let r = try take(8)
        var x: UInt64 = 0
        for i in r.reversed() { x = x << 8 | UInt64(bytes[i]) }
        return Int(Int64(bitPattern: x))
    }

    mutating func bool() throws -> Bool { bytes[try take(1).lowerBound] != 0 }

    mutating func uint64() throws -> UInt64 { UInt64(bitPattern: Int64(try int())) }

    mutating func string() throws -> String {
        let r = try take(try int())
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
    }

    mutating func optional<T>(_ read: (inout BinaryReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }

    mutating func array<T>(_ read: (inout BinaryReader) throws -> T) throws -> [T] {
        let n = try int()
        guard n >= 0, n <= bytes.count - offset else { throw Malformed() }
        var out: [T] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try read(&self)) }
        return out
    }

    mutating func pod<T: BitwiseCopyable>(_ type: T.Type) throws -> [T] {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / max(1, MemoryLayout<T>.stride) else { throw Malformed() }
        let r = try take(n * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: n) { buffer, count in
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: src[r]))
            }
            count = n
        }
    }
}
