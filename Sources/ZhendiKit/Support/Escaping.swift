/// Escaping for every output context a front matter value can reach. Templates escape through
/// Mustache; these cover the HTML we assemble ourselves and the XML/JSON/JS outputs.
enum Escape {
    /// Text and double- or single-quoted attribute values in HTML.
    static func html(_ s: String) -> String {
        rewriteUTF8(s) { u, i in
            switch u[i] {
            case 38: return (1, "&amp;")
            case 60: return (1, "&lt;")
            case 62: return (1, "&gt;")
            case 34: return (1, "&quot;")
            case 39: return (1, "&#39;")
            default: return nil
            }
        }
    }

    /// XML 1.0 text and attributes: escapes markup and drops the control characters XML forbids
    /// (a stray U+0008 pasted from Word would otherwise make the whole feed invalid).
    static func xml(_ s: String) -> String {
        rewriteUTF8(s) { u, i in
            switch u[i] {
            case 38: return (1, "&amp;")
            case 60: return (1, "&lt;")
            case 62: return (1, "&gt;")
            case 34: return (1, "&quot;")
            case 39: return (1, "&apos;")
            case 9, 10, 13: return nil
            case 0..<32, 0x7F: return (1, "")
            case 0xC2:  // U+0080–U+009F except U+0085
                if i + 1 < u.count, u[i + 1] >= 0x80, u[i + 1] <= 0x9F, u[i + 1] != 0x85 { return (2, "") }
                return nil
            case 0xEF:  // U+FFFE, U+FFFF
                if i + 2 < u.count, u[i + 1] == 0xBF, u[i + 2] == 0xBE || u[i + 2] == 0xBF { return (3, "") }
                return nil
            default: return nil
            }
        }
    }

    /// A JSON string literal (with quotes). `<`, `>` and `&` are escaped too, so the same literal
    /// is safe inside an HTML `<script>` element; U+2028/2029 are escaped for old JS engines.
    static func jsonString(_ s: String) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        return "\"" + rewriteUTF8(s) { u, i in
            switch u[i] {
            case 34: return (1, "\\\"")
            case 92: return (1, "\\\\")
            case 10: return (1, "\\n")
            case 13: return (1, "\\r")
            case 9: return (1, "\\t")
            case 60: return (1, "\\u003c")
            case 62: return (1, "\\u003e")
            case 38: return (1, "\\u0026")
            case 0..<32:
                return (1, "\\u00" + String(decoding: [hex[Int(u[i] >> 4)], hex[Int(u[i] & 15)]], as: UTF8.self))
            case 0xE2:  // U+2028, U+2029
                if i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 { return (3, u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029") }
                return nil
            default: return nil
            }
        } + "\""
    }

    /// Copies `s` byte by byte in runs, replacing where `replace` returns (bytes consumed, text);
    /// every character these escapes look at is ASCII or starts a multi-byte sequence, so runs
    /// of other bytes are copied whole instead of one Unicode scalar at a time. Most values
    /// (titles, dates, URLs) need no replacement: they come back as they are, without a copy.
    @inline(__always)
    private static func rewriteUTF8(_ s: String, _ replace: (UnsafeBufferPointer<UInt8>, Int) -> (Int, String)?) -> String {
        var copy = s
        let rewritten = copy.withUTF8 { u -> [UInt8]? in
            var out: [UInt8]? = nil
            var i = 0, run = 0
            let n = u.count
            while i < n {
                guard let (consumed, text) = replace(u, i) else { i += 1; continue }
                if out == nil { out = []; out!.reserveCapacity(n + 16) }
                out!.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i]))
                out!.append(contentsOf: text.utf8)
                i += consumed
                run = i
            }
            out?.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<n]))
            return out
        }
        return rewritten.map { String(decoding: $0, as: UTF8.self) } ?? s
    }

    /// Percent-encodes a URL path for use in XML/HTML attributes where readers expect ASCII
    /// (sitemaps). Keeps `/` and unreserved characters.
    static func urlPath(_ s: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        return rewriteUTF8(s) { u, i in
            switch u[i] {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F, 0x3A, 0x23, 0x3F, 0x3D, 0x26, 0x25, 0x2B, 0x2C, 0x40:
                return nil
            default:
                return (1, String(decoding: [0x25, hex[Int(u[i] >> 4)], hex[Int(u[i] & 15)]], as: UTF8.self))
            }
        }
    }
}
