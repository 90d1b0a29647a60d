import Foundation

/// The bytes of the file at `path` (at most `limit` of them), read straight into an array, or nil
/// when it cannot be read. Foundation's `contents(atPath:)` costs a few microseconds more per file
/// (10,000 of them per build), and a `Data` needs one more copy to become an array.
func readFileBytes(atPath path: String, limit: Int = .max) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    let size = min(Int(info.st_size), limit)
    var complete = true
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        while count < size {
            let n = read(fd, buffer.baseAddress! + count, size - count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { complete = false; break }
            count += n
        }
    }
    return complete ? bytes : nil
}
