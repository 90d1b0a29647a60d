import Foundation
import Yams

/// A YAML mapping read with line numbers, so every complaint about it names the line in the
/// editor's file (front matter sits a few lines into a Markdown file: `firstLine` accounts for that).
struct YAMLDocument {
    struct Entry {
        let key: String
        let line: Int
        let value: Node
    }

    let file: String
    let entries: [Entry]
    private(set) var diagnostics: [Diagnostic] = []
    private let firstLine: Int

    /// Parses `text`; on a syntax error returns nil and explains it in `diagnostics`.
    static func parse(_ text: String, file: String, firstLine: Int) -> (YAMLDocument?, [Diagnostic]) {
        let node: Node?
        do {
            // We read scalars as text and never look at resolved tags: the basic resolver skips the
            // default one's regular expressions (run for every scalar when Yams checks duplicate
            // keys), and an explicit encoding skips a read of the whole environment per document.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch {
            return (nil, [syntaxDiagnostic(error, text: text, file: file, firstLine: firstLine)])
        }
        guard let node else {
            return (YAMLDocument(file: file, entries: [], firstLine: firstLine), [])
        }
        guard case .mapping(let mapping) = node else {
            let hint = text.contains("：") || text.contains(":")
                ? "请用英文冒号“:”分隔键和值，冒号后面留一个空格，例如 title: 标题。"
                : "每一行应写成“键: 值”的形式，例如 title: 标题。"
            return (nil, [.error("yaml.not-mapping", file: file, line: firstLine + (node.mark?.line ?? 1) - 1,
                                 "开头的设置（YAML）不是“键: 值”的列表。", hint: hint)])
        }
        var entries: [Entry] = []
        for (k, v) in mapping {
            let key = k.scalar?.string ?? ""
            entries.append(Entry(key: key, line: firstLine + (k.mark?.line ?? 1) - 1, value: v))
        }
        return (YAMLDocument(file: file, entries: entries, firstLine: firstLine), [])
    }

    private init(file: String, entries: [Entry], firstLine: Int) {
        self.file = file
        self.entries = entries
        self.firstLine = firstLine
    }

    init(file: String, node: Node, firstLine: Int) {
        self.file = file
        self.firstLine = firstLine
        if case .mapping(let mapping) = node {
            entries = mapping.map { k, v in
                Entry(key: k.scalar?.string ?? "", line: firstLine + (k.mark?.line ?? 1) - 1, value: v)
            }
        } else {
            entries = []
        }
    }

    func line(of node: Node) -> Int { firstLine + (node.mark?.line ?? 1) - 1 }

    func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

    var keys: [String] { entries.map(\.key) }

    /// Reports keys nobody reads, with the likely intended one.
    mutating func reportUnknownKeys(known: [String], what: String) {
        for e in entries where !known.contains(e.key) {
            if let guess = KeySuggestion.suggest(e.key, among: known) {
                diagnostics.append(.warning("yaml.unknown-key", file: file, line: e.line,
                    "\(what)里的“\(e.key)”不是可识别的设置项，会被忽略。", hint: "您是不是想写“\(guess)”？"))
            } else {
                diagnostics.append(.warning("yaml.unknown-key", file: file, line: e.line,
                    "\(what)里的“\(e.key)”不是可识别的设置项，会被忽略。",
                    hint: "可用的设置项有：\(known.joined(separator: "、"))。"))
            }
        }
    }

    // MARK: typed access; each reports a Chinese message on the wrong type and returns nil

    mutating func string(_ key: String) -> String? {
        guard let e = entry(key) else { return nil }
        switch e.value {
        case .scalar(let s):
            if s.string.isEmpty, s.style == .plain { return nil }
            return s.string
        default:
            diagnostics.append(.error("yaml.type", file: file, line: e.line,
                "“\(key)”应该是一段文字，但这里写成了\(kindName(e.value))。", hint: "例如：\(key): 文字内容"))
            return nil
        }
    }

    mutating func int(_ key: String) -> Int? {
        guard let e = entry(key) else { return nil }
        if case .scalar(let s) = e.value, let n = Int(s.string.trimmingWhitespace(newlines: false)) { return n }
        diagnostics.append(.error("yaml.type", file: file, line: e.line,
            "“\(key)”应该是一个整数，但写成了“\(e.value.scalar?.string ?? kindName(e.value))”。", hint: "例如：\(key): 3"))
        return nil
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let e = entry(key) else { return nil }
        if case .scalar(let s) = e.value {
            switch s.string.lowercased() {
            case "true", "yes", "on", "是": return true
            case "false", "no", "off", "否": return false
            default: break
            }
        }
        diagnostics.append(.error("yaml.type", file: file, line: e.line,
            "“\(key)”只能是 true 或 false,但写成了“\(e.value.scalar?.string ?? kindName(e.value))”。",
            hint: "例如：\(key): true"))
        return nil
    }

    /// A list of strings; a single string is accepted as a one-element list, and a comma-separated
    /// string (`tags: 党建, 主题教育`) is split, because that is what editors type.
    mutating func stringList(_ key: String) -> [String]? {
        guard let e = entry(key) else { return nil }
        // Chinese lists are written with ， and 、 as often as with commas, in brackets or not.
        func items(_ s: String) -> [String] {
            // Most items hold no separator: only a byte that could end one (`,`, or the last
            // byte of ， or 、) sends an item through the split by Characters.
            if !s.utf8.contains(where: { $0 == 0x2C || $0 == 0x8C || $0 == 0x81 }) {
                let item = s.trimmingWhitespace(newlines: false)
                return item.isEmpty ? [] : [item]
            }
            return s.split(whereSeparator: { $0 == "," || $0 == "\u{FF0C}" || $0 == "、" })
                .map { String($0).trimmingWhitespace(newlines: false) }.filter { !$0.isEmpty }
        }
        switch e.value {
        case .scalar(let s):
            return items(s.string)
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                if let s = item.scalar?.string {
                    out += items(s)
                } else {
                    diagnostics.append(.error("yaml.type", file: file, line: line(of: item),
                        "“\(key)”的每一项都应该是文字。", hint: "例如：\(key): [党建, 主题教育]"))
                }
            }
            return out
        default:
            diagnostics.append(.error("yaml.type", file: file, line: e.line,
                "“\(key)”应该是一个列表。", hint: "例如：\(key): [党建, 主题教育]"))
            return nil
        }
    }

    mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    private func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: return "文字"
        case .mapping: return "一组“键: 值”"
        case .sequence: return "一个列表"
        case .alias: return "引用"
        }
    }

    private static func syntaxDiagnostic(_ error: Error, text: String, file: String, firstLine: Int) -> Diagnostic {
        var line: Int? = nil
        var problem = "\(error)"
        if let y = error as? YamlError {
            switch y {
            case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
                line = firstLine + mark.line - 1
                problem = p
            case .duplicatedKeysInMapping(let dups, let context):
                return .error("yaml.duplicate-key", file: file, line: firstLine + context.mark.line - 1,
                              "设置项“\(dups.joined(separator: "、"))”写了不止一次。", hint: "请删除重复的那一行。")
            case .reader(let p, _, _, _):
                problem = p
            default:
                break
            }
        }
        var hint: String
        let lines = text.components(separatedBy: "\n")
        let offending = line.map { $0 - firstLine } .flatMap { $0 >= 0 && $0 < lines.count ? lines[$0] : nil } ?? ""
        if problem.contains("tab") || offending.hasPrefix("\t") {
            hint = "YAML 不能用 Tab 缩进，请改用空格。"
        } else if text.contains("：") && (problem.contains("could not find expected ':'") || problem.contains("mapping")) {
            hint = "请检查是否用了中文冒号“：”，应使用英文冒号“:”并在后面留一个空格。"
        } else if problem.contains("mapping values are not allowed") {
            hint = "值里含有英文冒号时，请用英文双引号把整个值括起来，例如 title: \"会议纪要: 第一次\"。"
        } else if problem.contains("did not find expected") || problem.contains("found unexpected") || problem.contains("could not find expected") {
            hint = "请检查引号、括号是否成对，列表的每一项是否以“- ”开头且缩进一致。"
        } else {
            hint = "请对照示例检查这一行的写法：键和值之间用英文冒号加空格分隔。"
        }
        return .error("yaml.syntax", file: file, line: line, "开头的设置（YAML）格式有误（\(problem)）。", hint: hint)
    }
}
