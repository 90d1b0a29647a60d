/// A single-range `Range: bytes=…` request header, as the search runtime sends to read one
/// position list or one excerpt: the preview answers it like a production server (206 and only
/// those bytes), so what a member's browser downloads can be watched in the preview too.
public enum ByteRange {
    /// The bytes asked for out of `length`, or nil when the header is absent, not a single
    /// byte range, or outside the body (then the whole body is the answer, as RFC 9110 allows).
    public static func parse(_ header: String?, length: Int) -> Range<Int>? {
        guard let header, header.hasPrefix("bytes="), length > 0 else { return nil }
        let spec = header.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            // bytes=-N: the last N bytes
            guard let n = Int(last), n > 0 else { return nil }
            return max(0, length - n)..<length
        }
        guard let from = Int(first), from < length else { return nil }
        if last.isEmpty { return from..<length }
        guard let to = Int(last), to >= from else { return nil }
        return from..<min(length, to + 1)
    }
}
