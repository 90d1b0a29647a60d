/// Stops members' personal data from being published by accident: a Chinese resident ID number
/// (18 characters, valid check digit) fails the build; a mobile number is warned about. Numbers
/// the editor declares public (`privacy.allow` in site.yml, `allow_numbers` in front matter) pass.
/// Messages mask the number, because build logs are often public too.
struct PrivacyGuard: Sendable {
    let allowed: Set<String>

    init(allowed: [String]) {
        self.allowed = Set(allowed.map(PrivacyGuard.digitsOnly))
    }

    struct Finding: Equatable {
        enum Kind { case residentID, mobile }
        let kind: Kind
        let line: Int
        let masked: String
    }

    func scan(_ text: String, extraAllowed: [String] = []) -> [Finding] {
        let allow = allowed.union(extraAllowed.map(PrivacyGuard.digitsOnly))
        var findings: [Finding] = []
        var line = 1
        var run: [UInt8] = []  // current run of digits (and a trailing X)
        var runLine = 1
        var previous: UInt8 = 0

        func flush(next: UInt8) {
            defer { run.removeAll(keepingCapacity: true) }
            guard run.count >= 11 else { return }
            // A letter right after the run means it is part of a longer code, not a number on its own.
            if Self.isASCIILetter(next) || Self.isASCIILetter(previous) { return }
            let s = String(decoding: run, as: UTF8.self)
            if allow.contains(s) { return }
            if run.count == 18, Self.isResidentID(run) {
                findings.append(Finding(kind: .residentID, line: runLine, masked: Self.mask(s, keepStart: 6, keepEnd: 2)))
            } else if run.count == 11, run[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(run[1]), run.last != UInt8(ascii: "X") {
                findings.append(Finding(kind: .mobile, line: runLine, masked: Self.mask(s, keepStart: 3, keepEnd: 2)))
            }
        }

        var before: UInt8 = 0
        var copy = text
        // Over the contiguous UTF-8 buffer: the String iterator made this scan a visible part of
        // every build. Outside a run, 8 bytes without a digit are skipped at once (most of a
        // Chinese page), and lines are counted only up to where a run starts.
        copy.withUTF8 { bytes in
            let n = bytes.count
            var counted = 0
            var i = 0
            while i < n {
                if run.isEmpty, i + 8 <= n {
                    // A byte is a digit when it XOR 0x30 is below 10 ("has a byte less than n", for n ≤ 128).
                    let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3030_3030_3030
                    if (word &- 0x0A0A_0A0A_0A0A_0A0A) & ~word & 0x8080_8080_8080_8080 == 0 {
                        before = bytes[i + 7]
                        i += 8
                        continue
                    }
                }
                let b = bytes[i]
                i += 1
                let isDigit = b >= 48 && b <= 57
                let isX = (b == UInt8(ascii: "X") || b == UInt8(ascii: "x")) && run.count == 17
                if isDigit || isX {
                    if run.isEmpty {
                        while counted < i - 1 {
                            if bytes[counted] == 10 { line += 1 }
                            counted += 1
                        }
                        runLine = line
                        previous = before
                    }
                    run.append(isX ? UInt8(ascii: "X") : b)
                    if isX { flush(next: 0); before = b; continue }
                } else if !run.isEmpty {
                    // "138 1234 5678" and "138-1234-5678" are still phone numbers: allow single separators.
                    if (b == 32 || b == 45) && run.count < 11 && (before >= 48 && before <= 57) {
                        before = b
                        continue
                    }
                    flush(next: b)
                }
                before = b
            }
        }
        flush(next: 0)
        return findings
    }

    static func isResidentID(_ d: [UInt8]) -> Bool {
        guard d.count == 18 else { return false }
        let digits = d.prefix(17).map { Int($0) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }), (1...9).contains(digits[0]) else { return false }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard (1900...2100).contains(year), CivilDate(year: year, month: month, day: day).isValid else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = Array("10X98765432".utf8)[sum % 11]
        return d[17] == check
    }

    static func digitsOnly(_ s: String) -> String {
        String(s.unicodeScalars.filter { ($0.value >= 48 && $0.value <= 57) || $0 == "X" || $0 == "x" }.map { Character($0).uppercased() }.joined())
    }

    static func mask(_ s: String, keepStart: Int, keepEnd: Int) -> String {
        let chars = Array(s)
        guard chars.count > keepStart + keepEnd else { return s }
        return String(chars.prefix(keepStart)) + String(repeating: "*", count: chars.count - keepStart - keepEnd) + String(chars.suffix(keepEnd))
    }

    /// Static files people write by hand and may paste member lists into.
    static func isTextFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        return [".txt", ".csv", ".html", ".htm", ".md", ".json", ".xml", ".tsv", ".js"].contains { lower.hasSuffix($0) }
    }

    static func isASCIILetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    func diagnostics(for text: String, file: String, extraAllowed: [String] = []) -> [Diagnostic] {
        scan(text, extraAllowed: extraAllowed).map { f in
            switch f.kind {
            case .residentID:
                return .error("privacy.resident-id", file: file, line: f.line,
                    "这里有一个居民身份证号码（\(f.masked)），公开发布会泄露个人信息。",
                    hint: "请删除或改为部分隐藏（如 110105********123X）。如果确实需要公开，请把它加入 site.yml 的 privacy: {allow: [...]}。")
            case .mobile:
                return .warning("privacy.mobile", file: file, line: f.line,
                    "这里有一个手机号码（\(f.masked)），公开后可能被骚扰。",
                    hint: "如果是对外公开的服务电话，请在开头的设置里写 allow_numbers: [号码] 或加入 site.yml 的 privacy 设置；否则请删除。")
            }
        }
    }
}
