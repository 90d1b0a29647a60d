/// Character classes and counting for Chinese text: summaries, reading time and CJK-aware
/// line joining all count characters, never whitespace-separated words.
enum ChineseText {
    static func isHan(_ s: Unicode.Scalar) -> Bool { isHan(s.value) }

    static func isHan(_ v: UInt32) -> Bool {
        switch v {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2EBEF, 0x30000...0x3134F, 0xF900...0xFAFF:
            return true
        default:
            return false
        }
    }

    /// Han characters and the full-width punctuation that goes with them.
    static func isCJKWide(_ s: Unicode.Scalar) -> Bool {
        if isHan(s) { return true }
        switch s.value {
        case 0x3000...0x303F, 0xFF00...0xFFEF, 0x2018...0x201F, 0x2026, 0x2014, 0x00B7:
            return true
        default:
            return false
        }
    }

    /// Whitespace, with the common cases decided without a Unicode property lookup.
    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if ChineseText.isHan(s) { return false }
        return v == 0x3000 || v == 0xA0 || s.properties.isWhitespace
    }

    static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool { isCJKWide(s) && !isHan(s) }

    /// Sentence-ending punctuation where a summary may be cut.
    static func isSentenceEnd(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "!", "?", "\u{FF01}", "\u{FF1F}", ";", "\u{FF1B}", "…": return true
        default: return false
        }
    }

    /// Punctuation that must not end a cut summary (the ellipsis follows instead).
    private static func isClauseBreak(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case ",", "\u{FF0C}", "、", ";", "\u{FF1B}", ":", "\u{FF1A}", " ": return true
        default: return false
        }
    }

    /// What a reader perceives as the length: one per Han character, one per Latin/digit word.
    static func readingUnits(_ text: String) -> Int {
        var count = 0
        var inWord = false
        // Decoded from the UTF-8 storage (`nextScalarValue`): every page's text goes through here.
        var text = text
        text.withUTF8 { u in
            var i = 0
            while i < u.count {
                let v = nextScalarValue(u, &i)
                if v < 0x80 {
                    let alnum = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
                    if alnum, !inWord { count += 1 }
                    inWord = alnum
                } else if isHan(v) {
                    count += 1
                    inWord = false
                } else if v >= 0x3000 && v <= 0x303F || v >= 0xFF00 && v <= 0xFF0F || v >= 0x2000 && v <= 0x206F {
                    // CJK and general punctuation (“”…—): none of it is alphabetic.
                    inWord = false
                } else if Unicode.Scalar(v)?.properties.isAlphabetic == true {
                    if !inWord { count += 1 }
                    inWord = true
                } else {
                    inWord = false
                }
            }
        }
        return count
    }

    /// Reading time in minutes at 300 characters a minute: a calm pace, right for members who
    /// read slowly on a phone.
    static func readingMinutes(units: Int) -> Int {
        max(1, (units + 299) / 300)
    }

    /// Shortens `text` to about `limit` characters, preferring to stop after a sentence ending
    /// in the last third, and marks the cut with an ellipsis.
    /// A summary from the body's first paragraphs. A paragraph ending in a colon introduces
    /// something the summary leaves out (a list, a table), so the summary stops before it.
    static func summary(paragraphs: [String], limit: Int) -> String {
        var parts: [String] = []
        var length = 0
        for raw in paragraphs {
            // How a paragraph ends is read from the raw text, so only as much of it is collapsed
            // as the summary can use (paragraphs run to thousands of characters).
            guard let last = raw.unicodeScalars.last(where: { !isSpace($0) }) else { continue }
            if last == ":" || last == "\u{FF1A}" {
                if !parts.isEmpty { break }
                parts.append(String(collapseWhitespace(raw).dropLast()) + "……")
                break
            }
            // One scalar past the limit decides "longer than the limit"; one more, because a cut
            // can end on a space that the final collapse drops.
            let p = collapseWhitespace(raw, limit: limit - length + 2)
            parts.append(p)
            length += p.unicodeScalars.count
            if length >= limit { break }
        }
        return summary(of: parts.joined(separator: "\n"), limit: limit)
    }

    static func summary(of text: String, limit: Int) -> String {
        let collapsed = collapseWhitespace(text)
        // Scalars, not Characters: every summary character is one scalar after collapsing, and
        // comparing Characters cost more than the rest of a page's summary.
        let scalars = Array(collapsed.unicodeScalars)
        guard scalars.count > limit else { return collapsed }
        var cut = limit
        for i in stride(from: limit - 1, through: limit * 2 / 3, by: -1) where isSentenceEnd(scalars[i]) {
            cut = i + 1
            break
        }
        // Never leave a quotation open: cut before an unclosed “ when that still leaves enough.
        var open: Int? = nil
        for i in 0..<cut {
            if scalars[i] == "\u{201C}" { open = i } else if scalars[i] == "\u{201D}" { open = nil }
        }
        if let o = open, o >= limit / 3 { cut = o }
        // The kept scalars are sliced out of `collapsed` (copied as bytes): building a string
        // scalar by scalar cost most of the summary.
        if cut > 0, isSentenceEnd(scalars[cut - 1]) { return String(prefix(collapsed, scalars: cut)) }
        while cut > 0, isClauseBreak(scalars[cut - 1]) { cut -= 1 }
        return String(prefix(collapsed, scalars: cut)) + "……"
    }

    private static func prefix(_ s: String, scalars n: Int) -> Substring {
        Substring(s.unicodeScalars[..<s.unicodeScalars.index(s.unicodeScalars.startIndex, offsetBy: n)])
    }

    /// Joins lines and runs of whitespace the way a reader sees them: no space between two Chinese
    /// characters, one space elsewhere.
    /// `limit`: stop after that many scalars of output.
    static func collapseWhitespace(_ text: String, limit: Int = .max) -> String {
        // Built as UTF-8 bytes: appending scalar by scalar to a string cost more than deciding.
        var out: [UInt8] = []
        var pendingSpace = false
        var last: Unicode.Scalar? = nil
        var count = 0
        var text = text
        text.withUTF8 { u in
            var i = 0
            while i < u.count, count < limit {
                let s = Unicode.Scalar(nextScalarValue(u, &i))!
                if isSpace(s) {
                    pendingSpace = last != nil
                    continue
                }
                if pendingSpace {
                    // No gap between Chinese characters, nor next to full-width punctuation.
                    if let last, !(isCJKWide(last) && isCJKWide(s)), !isCJKPunctuation(last), !isCJKPunctuation(s) {
                        out.append(UInt8(ascii: " "))
                        count += 1
                        if count >= limit { break }
                    }
                    pendingSpace = false
                }
                out.append(contentsOf: s.utf8)
                last = s
                count += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
