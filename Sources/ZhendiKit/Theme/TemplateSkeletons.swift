import Foundation
import Mustache

/// Renders a template once per *shape* of context and fills in the text of each page.
///
/// swift-mustache spends about 0.2 ms on an article page, most of it asking the Swift runtime
/// whether each value it looks up conforms to its protocols. What it writes depends on the
/// context's shape (which names exist, the booleans, how long each list is) and on the text
/// values only by copying them (escaped or not). So a page is rendered from a skeleton: the
/// template rendered by swift-mustache for a context of the same shape whose every text value
/// is a numbered placeholder; the page's own values then replace the placeholders.
///
/// What keeps the output byte-identical to rendering the page itself:
/// - The skeleton is keyed by template and shape, and the shape holds everything besides text
///   that rendering reads: names, kinds, booleans, list lengths, and whether a value is empty
///   or ends in a line break (a partial's indentation follows output that ends in one).
/// - Placeholders render through their own content type, which marks the escaped ones.
/// - Themes whose output could depend on the text itself (transforms, partials named by a
///   value, changed delimiters), templates that print `{{.}}`, and pages whose values this
///   cannot carry (other types, a dictionary or list printed as text, a placeholder's
///   private-use characters, a carriage return a line break could join) render as before.
/// - Each new skeleton is compared with its first page rendered directly; a difference turns
///   skeletons off for that template.
final class TemplateSkeletons: @unchecked Sendable {
    /// The templates with placeholders' escaping, and as the theme renders them.
    private let library: MustacheLibrary
    private let directLibrary: MustacheLibrary
    /// Per template, the names it or a template it includes or extends looks up; nil for a
    /// template that renders `{{.}}` (the object on top of the stack, whatever it is).
    private let names: [String: Names?]
    private let lock = NSLock()
    private var cache: [Key: Skeleton] = [:]
    /// Skeletons kept at most (a few KB each; an article theme has ≈ 130 shapes at 10,000
    /// pages). Past it, new shapes are rendered directly, and the hit rate decides the rest.
    static let capacity = 4_096

    private var useful: [String: Usefulness] = [:]

    /// A template whose pages rarely share a shape (a list's pagination marks another page as
    /// current on each) is rendered directly: a miss costs a walk and a rendering of its own
    /// (≈ 1.3 × rendering directly), a hit ≈ 0.15 ×. Judged after enough pages for the first
    /// of each shape (the first pages are all new) not to decide.
    private struct Usefulness {
        var calls = 0
        var misses = 0
        var refused = false
        var worthTrying: Bool { !refused && (calls < 256 || misses * 4 <= calls * 3) }
        mutating func count(hit: Bool) {
            calls += 1
            if !hit { misses += 1 }
        }
    }

    private struct Key: Hashable {
        let template: String
        let shape: UInt64
    }

    private enum Part {
        case text(String)
        case value(Int, escaped: Bool)
    }

    private struct Skeleton {
        let parts: [Part]
        let textBytes: Int
    }

    /// The theme's templates (name → text, all of them valid); nil when pages rendered from
    /// skeletons could differ from pages rendered directly.
    /// `direct`: the same templates as the theme renders them.
    init?(templates: [String: String], direct: MustacheLibrary) {
        guard Self.canRender(Array(templates.values)) else { return nil }
        _ = PlaceholderContentType.registered
        var library = MustacheLibrary()
        for (name, text) in templates {
            guard let t = try? MustacheTemplate(string: PlaceholderContentType.pragma + text) else { return nil }
            library.register(t, named: name)
        }
        self.library = library
        directLibrary = direct
        let own = templates.mapValues(Self.names(in:))
        var names: [String: Names?] = [:]
        for name in templates.keys {
            var seen: Set<String> = [name], queue = [name]
            var all: Names? = Names()
            while let next = queue.popLast() {
                guard let n = own[next]! else { all = nil; break }
                all!.lookedUp.formUnion(n.lookedUp)
                all!.printed.formUnion(n.printed)
                for r in TemplateLint.references(in: templates[next]!) ?? [] where templates[r] != nil && seen.insert(r).inserted { queue.append(r) }
            }
            names[name] = all
        }
        self.names = names
    }

    /// What a template's tags name. Other keys of a context are never read, so they are not
    /// part of its shape: a list item's fields that only `list-item` shows do not make every
    /// list page a shape of its own.
    struct Names {
        /// Every part of every dotted name.
        var lookedUp = Set<UInt64>()
        /// The last part of each name printed as text (`{{a.b}}`: `b`). A dictionary or list
        /// printed as text comes out as Swift's description of it, which a skeleton cannot
        /// reproduce: such a page is rendered directly.
        /// Both hold names' `Walk.hash(key:)`: a key hashing like a name is at worst kept in
        /// the shape, or its page rendered directly.
        var printed = Set<UInt64>()
    }

    /// The names `text`'s tags look up; nil if it prints `{{.}}`.
    private static func names(in text: String) -> Names? {
        var out = Names()
        var dot = false
        TemplateLint.forEachTag(in: text) { tag, _ in
            guard let sigil = tag.first, !"!></$=%".contains(sigil) else { return }
            let section = sigil == "#" || sigil == "^"
            let name = "#^&{".contains(sigil) ? tag.dropFirst().trimmingCharacters(in: .whitespaces) : tag
            let parts = name.split(separator: ".").map(String.init)
            if name == "." && !section { dot = true }
            out.lookedUp.formUnion(parts.map(Walk.hash(key:)))
            if !section, let last = parts.last { out.printed.insert(Walk.hash(key: last)) }
        }
        return dot ? nil : out
    }

    private static func canRender(_ templates: [String]) -> Bool {
        templates.allSatisfy { text in
            // A lone carriage return in a template could likewise join a value's line break.
            var plain = !text.contains("{{=") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\r")
            TemplateLint.forEachTag(in: text) { tag, _ in
                if tag.first == "!" { return }
                let partialName = tag.first == ">" || tag.first == "<" ? tag.dropFirst().trimmingCharacters(in: .whitespaces) : ""
                if tag.contains("(") || partialName.hasPrefix("*") { plain = false }
            }
            return plain
        }
    }

    /// Skeletons kept (for tests).
    var count: Int { lock.withLock { cache.count } }

    /// The page, or nil when its context holds something a skeleton cannot carry.
    func render(_ context: [String: Any], template: String) -> String? {
        guard let names = names[template] ?? nil, lock.withLock({ useful[template, default: Usefulness()].worthTrying }) else { return nil }
        var walk = Walk(names: names)
        guard let shape = walk.shape(dictionary: context, path: Walk.root), walk.rankValues() else { return nil }
        let key = Key(template: template, shape: shape)
        let skeleton = lock.withLock {
            let hit = cache[key]
            useful[template, default: Usefulness()].count(hit: hit != nil)
            return hit
        }
        if let skeleton { return Self.fill(skeleton, walk.values, bytes: walk.valueBytes) }
        let placeholders = walk.placeholders(dictionary: context, path: Walk.root)
        guard let rendered = library.render(placeholders, withTemplate: template),
              let direct = directLibrary.render(context, withTemplate: template) else { return nil }
        let made = Self.parse(rendered, endsInLineBreak: walk.values.map(\.endsInLineBreak))
        // Each new skeleton is checked against the page rendered directly: a difference (a
        // case this reasoning missed) turns skeletons off for the template.
        guard Self.fill(made, walk.values, bytes: walk.valueBytes) == direct else {
            lock.withLock { useful[template, default: Usefulness()].refused = true }
            return direct
        }
        lock.withLock { if cache.count < Self.capacity { cache[key] = made } }
        return direct
    }

    private static func fill(_ skeleton: Skeleton, _ values: [Walk.Value], bytes: Int) -> String {
        var out = ""
        out.reserveCapacity(skeleton.textBytes + bytes + bytes / 8)
        for part in skeleton.parts {
            switch part {
            case .text(let s): out += s
            case .value(let i, let escaped): out += escaped ? Escape.html(values[i].text) : values[i].text
            }
        }
        return out
    }

    // MARK: placeholders

    static let open: Unicode.Scalar = "\u{E000}"
    static let openEscaped: Unicode.Scalar = "\u{E002}"
    static let close: Unicode.Scalar = "\u{E001}"

    /// Value `i` as its placeholder; one that ends in a line break keeps it, so the output
    /// before whatever follows ends the same way.
    static func placeholder(_ i: Int, endsInLineBreak: Bool) -> String {
        "\u{E000}\(i)\u{E001}" + (endsInLineBreak ? "\n" : "")
    }

    /// Splits a rendered skeleton into text and values. `endsInLineBreak[i]`: value `i`'s
    /// placeholder carries its line break, which is the value's, not the text's.
    private static func parse(_ rendered: String, endsInLineBreak: [Bool]) -> Skeleton {
        var parts: [Part] = []
        var text = String.UnicodeScalarView()
        var textBytes = 0
        func flush() {
            guard !text.isEmpty else { return }
            let t = String(text)
            textBytes += t.utf8.count
            parts.append(.text(t))
            text = String.UnicodeScalarView()
        }
        var scalars = rendered.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            guard s == open || s == openEscaped else {
                text.append(s)
                continue
            }
            var number = 0
            while let d = scalars.next(), d != close { number = number * 10 + Int(d.value - 0x30) }
            flush()
            parts.append(.value(number, escaped: s == openEscaped))
            if endsInLineBreak[number] { _ = scalars.next() }
        }
        flush()
        return Skeleton(parts: parts, textBytes: textBytes)
    }

    /// Walks a context: hashes its shape (independent of the order dictionaries list their
    /// keys in) and collects its text values, each with a hash of its path (`article.toc.3.text`);
    /// ranked by that hash, the values of two contexts of one shape line up.
    private struct Walk {
        static let root: UInt64 = 0x51_7CC1_B727_220A
        /// What the template names; other keys are skipped.
        let names: Names
        /// A text value; `endsInLineBreak`: its last character is "\n" (not "\r\n").
        typealias Value = (path: UInt64, text: String, endsInLineBreak: Bool)
        var values: [Value] = []
        var valueBytes = 0
        /// Path hash → rank, once `rankValues` ran.
        private var ranks: [UInt64: Int] = [:]

        init(names: Names) {
            self.names = names
        }

        /// Kinds in the shape.
        private enum Kind: UInt64 { case empty = 1, text, textWithLineBreak, falseValue, trueValue, dictionary, list }

        static func hash(key: String) -> UInt64 {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            return h
        }

        static func path(_ parent: UInt64, key: UInt64) -> UInt64 { mix64(parent ^ key) }
        static func path(_ parent: UInt64, index: Int) -> UInt64 { mix64(parent ^ 0xA076_1D64_78BD_642F &+ UInt64(index)) }

        mutating func shape(dictionary d: [String: Any], path: UInt64) -> UInt64? {
            var sum: UInt64 = 0
            for (key, v) in d {
                let k = Self.hash(key: key)
                guard names.lookedUp.contains(k) else { continue }
                guard let child = shape(any: v, path: Self.path(path, key: k), printed: names.printed.contains(k)) else { return nil }
                sum &+= mix64(k ^ child)
            }
            return mix64(sum ^ Kind.dictionary.rawValue)
        }

        private mutating func shape<C: Swift.Collection>(list: C, path: UInt64, _ element: (inout Walk, C.Element, UInt64) -> UInt64?) -> UInt64? {
            var h = mix64(UInt64(list.count) << 8 ^ Kind.list.rawValue)
            for (i, e) in list.enumerated() {
                guard let child = element(&self, e, Self.path(path, index: i)) else { return nil }
                h = mix64(h ^ child)
            }
            return h
        }

        private mutating func shape(text s: String, path: UInt64) -> UInt64? {
            if s.isEmpty { return Kind.empty.rawValue }
            // Private-use placeholder characters (U+E000–U+E002, led by byte 0xEE), and a
            // carriage return at the end (it could join a line break after it into one
            // character): rendered directly.
            let utf8 = s.utf8
            let clean = utf8.withContiguousStorageIfAvailable { b in memchr(b.baseAddress!, 0xEE, b.count) == nil } ?? !utf8.contains(0xEE)
            guard clean || !s.unicodeScalars.contains(where: { $0.value >= 0xE000 && $0.value <= 0xE002 }) else { return nil }
            let last = utf8.last!
            if last == 13 { return nil }
            // "\r\n" is one character, not a line break a partial indents after.
            let endsInLineBreak = last == 10 && !(utf8.count > 1 && utf8[utf8.index(utf8.endIndex, offsetBy: -2)] == 13)
            values.append((path, s, endsInLineBreak))
            valueBytes += utf8.count
            return endsInLineBreak ? Kind.textWithLineBreak.rawValue : Kind.text.rawValue
        }

        /// `printed`: the template may print the value as text.
        private mutating func shape(any v: Any, path: UInt64, printed: Bool = false) -> UInt64? {
            switch v {
            case let s as String: return shape(text: s, path: path)
            case let b as Bool: return b ? Kind.trueValue.rawValue : Kind.falseValue.rawValue
            case let i as Int: return shape(text: String(i), path: path)
            case _ where printed: return nil
            case let d as [String: Any]: return shape(dictionary: d, path: path)
            case let l as SharedContext: return shape(dictionary: l.fields, path: path)
            case let a as [SharedContext]: return shape(list: a, path: path) { $0.shape(dictionary: $1.fields, path: $2) }
            case let a as [[String: Any]]: return shape(list: a, path: path) { $0.shape(dictionary: $1, path: $2) }
            case let a as [Any]: return shape(list: a, path: path) { $0.shape(any: $1, path: $2) }
            default: return nil
            }
        }

        /// Orders the values by path; false if two paths hash alike.
        mutating func rankValues() -> Bool {
            values.sort { $0.path < $1.path }
            for i in values.indices.dropFirst() where values[i].path == values[i - 1].path { return false }
            return true
        }

        /// The context with each text value replaced by its placeholder, numbered by rank (for
        /// a context `shape` accepted, after `rankValues`).
        mutating func placeholders(dictionary d: [String: Any], path: UInt64) -> [String: Any] {
            if ranks.isEmpty { for (i, v) in values.enumerated() { ranks[v.path] = i } }
            var out: [String: Any] = [:]
            for (key, v) in d {
                let k = Self.hash(key: key)
                if names.lookedUp.contains(k) { out[key] = placeholders(any: v, path: Self.path(path, key: k)) }
            }
            return out
        }

        private func placeholder(text s: String, path: UInt64) -> Any {
            guard !s.isEmpty, let rank = ranks[path] else { return s }
            return TemplateSkeletons.placeholder(rank, endsInLineBreak: values[rank].endsInLineBreak)
        }

        private mutating func placeholders(any v: Any, path: UInt64) -> Any {
            switch v {
            case let s as String: return placeholder(text: s, path: path)
            case let b as Bool: return b
            case let i as Int: return placeholder(text: String(i), path: path)
            case let d as [String: Any]: return placeholders(dictionary: d, path: path)
            case let l as SharedContext: return placeholders(dictionary: l.fields, path: path)
            case let a as [SharedContext]: return a.enumerated().map { placeholders(dictionary: $1.fields, path: Self.path(path, index: $0)) }
            case let a as [[String: Any]]: return a.enumerated().map { placeholders(dictionary: $1, path: Self.path(path, index: $0)) }
            case let a as [Any]: return a.enumerated().map { placeholders(any: $1, path: Self.path(path, index: $0)) }
            default: preconditionFailure("a context value `shape` refuses")
            }
        }
    }
}

/// Placeholders' escaping: marks an escaped placeholder instead of escaping it (the value that
/// replaces it is escaped then).
struct PlaceholderContentType: MustacheContentType {
    static let name = "ZHENDI_PLACEHOLDERS"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"
    static let registered: Void = MustacheContentTypes.register(PlaceholderContentType(), named: name)

    func escapeText(_ text: String) -> String {
        guard text.unicodeScalars.first == TemplateSkeletons.open else { return Escape.html(text) }
        var marked = String.UnicodeScalarView()
        marked.append(TemplateSkeletons.openEscaped)
        marked.append(contentsOf: text.unicodeScalars.dropFirst())
        return String(marked)
    }
}

