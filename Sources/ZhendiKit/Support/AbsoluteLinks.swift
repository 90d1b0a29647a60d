/// Makes root-relative links in generated HTML absolute against `baseURL`: feed readers and the
/// WeChat editor have no base URL to resolve them with.
struct AbsoluteLinks {
    let origin: String

    init(baseURL: String) {
        var s = baseURL
        if let r = s.range(of: "://"), let slash = s[r.upperBound...].firstIndex(of: "/") {
            s = String(s[..<slash])
        }
        origin = s.hasSuffix("/") ? String(s.dropLast()) : s
    }

    func apply(_ html: String) -> String {
        let originBytes = Array(origin.utf8)
        let patterns: [[UInt8]] = [Array("href=\"/".utf8), Array("src=\"/".utf8)]
        let bytes = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var i = 0
        while i < bytes.count {
            var matched = false
            if bytes[i] == UInt8(ascii: "h") || bytes[i] == UInt8(ascii: "s") {
                for p in patterns where i + p.count < bytes.count && bytes[i..<i + p.count].elementsEqual(p) {
                    // `//host/…` is protocol-relative: leave it alone.
                    if bytes[i + p.count] != UInt8(ascii: "/") {
                        out += p.dropLast()
                        out += originBytes
                        out.append(UInt8(ascii: "/"))
                        i += p.count
                        matched = true
                    }
                    break
                }
            }
            if !matched {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
