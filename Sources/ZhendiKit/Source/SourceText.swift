import Foundation

/// Turns the bytes of an editor's file into text, accepting what Windows editors produce
/// (UTF-8 with BOM, CRLF) and explaining, in Chinese, what cannot be read (GBK, UTF-16, binary).
enum SourceText {
    static func decode<Bytes: ContiguousBytes>(_ data: Bytes, file: String) -> Result<String, Diagnostic> {
        // Read in place: copying every file into an array first moved the whole site once more.
        data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            if all.starts(with: [0xFF, 0xFE]) || all.starts(with: [0xFE, 0xFF]) {
                return .failure(.error("encoding.utf16", file: file,
                    "文件是 UTF-16 编码，无法读取。", hint: resaveHint))
            }
            let text = all.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: all[3...]) : all
            if let nul = text.prefix(8192).firstIndex(of: 0) {
                return .failure(.error("encoding.binary", file: file, line: lineNumber(Array(text), at: nul),
                    "这不是文本文件（含有空字符），无法当作 Markdown 读取。",
                    hint: "图片、附件等请放到 static/ 文件夹，或确认文件扩展名正确。"))
            }
            guard let decoded = String(validating: text, as: UTF8.self) else {
                let bytes = Array(text)
                let bad = firstInvalidUTF8(bytes) ?? 0
                let gbk = looksLikeGB18030(bytes)
                return .failure(.error("encoding.not-utf8", file: file, line: lineNumber(bytes, at: bad),
                    gbk ? "文件不是 UTF-8 编码（看起来是 GBK/GB18030，即 Windows 记事本中的“ANSI”）。"
                        : "文件不是 UTF-8 编码，无法读取。",
                    hint: resaveHint))
            }
            return .success(normalizeLineEndings(decoded))
        }
    }

    static let resaveHint = "请用记事本打开后“另存为”，编码选择“UTF-8”；或在 VS Code 右下角点击编码名称，选择“通过编码保存”→“UTF-8”。"

    /// CRLF and lone CR become LF so line numbers and parsing agree on every platform.
    static func normalizeLineEndings(_ text: String) -> String {
        // memchr: a byte-by-byte `contains` over every file was a visible part of loading a site.
        var copy = text
        let hasCR = copy.withUTF8 { $0.isEmpty ? false : memchr($0.baseAddress!, 13, $0.count) != nil }
        guard hasCR else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for b in text.utf8 {
            if b == 13 {
                out.append(10)
                previousCR = true
                continue
            }
            if b == 10, previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func lineNumber(_ bytes: [UInt8], at offset: Int) -> Int {
        var line = 1
        for b in bytes.prefix(offset) where b == 10 { line += 1 }
        return line
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let len: Int
            switch b {
            case 0x00...0x7F: len = 1
            case 0xC2...0xDF: len = 2
            case 0xE0...0xEF: len = 3
            case 0xF0...0xF4: len = 4
            default: return i
            }
            if i + len > bytes.count { return i }
            for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += len
        }
        return nil
    }

    /// Most non-ASCII bytes pair up as GBK lead (0x81–0xFE) + trail (0x40–0xFE) bytes.
    static func looksLikeGB18030(_ bytes: [UInt8]) -> Bool {
        var i = 0, pairs = 0, strays = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            if (0x81...0xFE).contains(b), i + 1 < bytes.count, (0x40...0xFE).contains(bytes[i + 1]), bytes[i + 1] != 0x7F {
                pairs += 1
                i += 2
            } else {
                strays += 1
                i += 1
            }
        }
        return pairs > 0 && strays * 10 <= pairs
    }
}
