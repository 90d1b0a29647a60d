/// Character classes and counting for Chinese text: summaries, reading time and CJK-aware
/// line joining all count characters, never whitespace-separated words.
enum ChineseText {
    static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
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

    /// Sentence-ending punctuation where a summary may be cut.
    static func isSentenceEnd(_ c: Character) -> Bool {
        "。!?!?;;…".contains(c)
    }

    /// What a reader perceives as the length: one per Han character, one per Latin/digit word.
    static func readingUnits(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for s in text.unicodeScalars {
            if isHan(s) {
                count += 1
                inWord = false
            } else if s.properties.isAlphabetic || (s.value >= 48 && s.value <= 57) {
                if !inWord { count += 1 }
                inWord = true
            } else {
                inWord = false
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
    static func summary(of text: String, limit: Int) -> String {
        let collapsed = collapseWhitespace(text)
        guard collapsed.count > limit else { return collapsed }
        let chars = Array(collapsed)
        var cut = limit
        for i in stride(from: limit - 1, through: limit * 2 / 3, by: -1) where isSentenceEnd(chars[i]) {
            cut = i + 1
            break
        }
        var s = String(chars[0..<cut])
        if let last = s.last, isSentenceEnd(last) { return s }
        while let last = s.last, ",,、;;::".contains(last) || last == " " { s.removeLast() }
        return s + "……"
    }

    /// Joins lines and runs of whitespace the way a reader sees them: no space between two Chinese
    /// characters, one space elsewhere.
    static func collapseWhitespace(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            if s.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                if let last = out.last, !(isCJKWide(last) && isCJKWide(s)) { out.append(" ") }
                pendingSpace = false
            }
            out.append(s)
        }
        return String(out)
    }
}
