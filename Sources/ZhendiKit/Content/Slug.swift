import Foundation

/// URL slugs: ASCII names stay as they are (lower-cased), Chinese becomes pinyin
/// (`基层党建` → `ji-ceng-dang-jian`) so URLs work on every host and in every chat app.
public enum Slug {
    private static let cache = Locked([String: String]())

    /// ICU compiles its Han→Latin rules the first time a process transliterates (≈ 80 ms on one
    /// core; later calls take microseconds): started when a build starts, that happens while the
    /// files are read instead of between parsing and rendering, where nothing else can run.
    static func warmUp() {
        DispatchQueue.global().async { _ = latin("中") }
    }

    public static func make(_ text: String) -> String {
        if let fast = asciiSlug(text) { return fast }
        if let hit = cache.withLock({ $0[text] }) { return hit }
        let out = slug(ofLatin: latin(text))
        cache.withLock { $0[text] = out }
        return out
    }

    /// Makes the slugs of many names at once (tags, branches, series), so ICU is called twice in
    /// all (a few dozen tags made one by one took 0.2 s of CPU).
    public static func prepare<S: Sequence>(_ texts: S) where S.Element == String {
        let known = cache.withLock { $0 }
        // A name with a line break of its own cannot be told apart after the joined call.
        // (Checked on bytes: `contains("\n")` is Foundation's string search, ≈ 2 µs for each of
        // the 30,000 names a 10,000-page site passes in.)
        let missing = Set(texts.filter { known[$0] == nil && !$0.utf8.contains(10) && asciiSlug($0) == nil }).sorted()
        guard missing.count > 1, let slugs = slugs(together: missing) else { return }
        cache.withLock { for (text, slug) in zip(missing, slugs) { $0[text] = slug } }
    }

    /// The slugs of `texts` (none with a line break) from one transliteration of them all, or
    /// nil should a transform ever add or remove a line break (then they are made one by one).
    static func slugs(together texts: [String]) -> [String]? {
        let lines = latin(texts.joined(separator: "\n")).components(separatedBy: "\n")
        guard lines.count == texts.count else { return nil }
        return lines.map(slug(ofLatin:))
    }

    /// `make` without the cache.
    static func uncached(_ text: String) -> String {
        asciiSlug(text) ?? slug(ofLatin: latin(text))
    }

    /// Han characters as pinyin syllables, without tone marks.
    private static func latin(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return text }
        // Separate Han characters so each becomes its own syllable even next to digits/Latin.
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        return latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
    }

    private static func slug(ofLatin source: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in source.unicodeScalars {
            let c = Character(scalar)
            if scalar.isASCII, c.isLetter || c.isNumber {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(contentsOf: c.lowercased())
            } else if c == "_" && scalar.isASCII {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append("_")
            } else {
                pendingDash = true
            }
        }
        if out.count > 80 {
            out = String(out.prefix(80))
            while out.hasSuffix("-") { out.removeLast() }
        }
        return out
    }

    /// ASCII names (almost every file name) need neither the cache nor ICU.
    private static func asciiSlug(_ text: String) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for b in text.utf8 {
            if b >= 0x80 { return nil }
            let isAlnum = (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
            if isAlnum || b == 0x5F {
                if pendingDash, !out.isEmpty { out.append(0x2D) }
                pendingDash = false
                out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
            } else {
                pendingDash = true
            }
        }
        if out.count > 80 {
            out.removeLast(out.count - 80)
            while out.last == 0x2D { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A slug written by hand in front matter or `site.yml`: a single, harmless path segment.
    static func isSafePathSegment(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 100, s != ".", s != ".." else { return false }
        return s.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-" || c == "_"
        } && !s.hasPrefix("-")
    }

    /// Device names Windows refuses as file or folder names (sites are often hosted on IIS).
    static let reservedNames: Set<String> = Set(["con", "prn", "aux", "nul"] + (1...9).flatMap { ["com\($0)", "lpt\($0)"] })

    /// Why a hand-written slug is refused, in Chinese, or nil when it is fine.
    static func problem(with s: String) -> String? {
        if s.isEmpty { return "slug 不能为空" }
        if s.contains("\u{0}") { return "slug 含有不可见的空字符" }
        if s.contains("/") || s.contains("\\") { return "slug 不能包含斜杠（/ 或 \\），它只能是网址中的一段" }
        if s == "." || s == ".." || s.contains("..") { return "slug 不能是“.”或“..”，也不能包含“..”" }
        if s.hasPrefix("-") { return "slug 不能以连字符开头" }
        if reservedNames.contains(s.lowercased()) { return "“\(s)”是 Windows 系统保留的名称，网站复制到 Windows 服务器后会无法访问" }
        return nil
    }
}
