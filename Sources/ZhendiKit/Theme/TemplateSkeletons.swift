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
///   value, changed delimiters) and values this cannot carry (other types, a placeholder's
///   private-use characters, a carriage return a line break could join) render as before.
final class TemplateSkeletons: @unchecked Sendable {
    private let library: MustacheLibrary
    private let lock = NSLock()
    private var cache: [Key: Skeleton] = [:]
    /// Shapes kept at most (a site whose pages all differ in shape renders as before, plus a walk).
    static let capacity = 20_000

    private var useful: [String: Usefulness] = [:]

    /// A template whose pages rarely share a shape (a list's pagination marks another page as
    /// current on each) is rendered directly: a miss costs a walk and a second rendering.
    private struct Usefulness {
        var calls = 0
        var misses = 0
        var worthTrying: Bool { calls < 64 || misses * 2 <= calls }
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
    init?(templates: [String: String]) {
        guard Self.canRender(Array(templates.values)) else { return nil }
        _ = PlaceholderContentType.registered
        var library = MustacheLibrary()
        for (name, text) in templates {
            guard let t = try? MustacheTemplate(string: PlaceholderContentType.pragma + text) else { return nil }
            library.register(t, named: name)
        }
        self.library = library
    }

    private static func canRender(_ templates: [String]) -> Bool {
        templates.allSatisfy { text in
            // A lone carriage return in a template could likewise join a value's line break.
            var plain = !text.contains("{{=") && !text.utf8.indices.contains { i in
                text.utf8[i] == 13 && text.utf8.index(after: i) < text.utf8.endIndex && text.utf8[text.utf8.index(after: i)] != 10
            } && text.utf8.last != 13
            TemplateLint.forEachTag(in: text) { tag, _ in
                if tag.first == "!" { return }
                let partialName = tag.first == ">" || tag.first == "<" ? tag.dropFirst().trimmingCharacters(in: .whitespaces) : ""
                if tag.contains("(") || partialName.hasPrefix("*") { plain = false }
            }
            return plain
        }
    }

    /// The page, or nil when its context holds something a skeleton cannot carry.
    func render(_ context: [String: Any], template: String) -> String? {
        var walk = Walk()
        guard lock.withLock({ useful[template, default: Usefulness()].worthTrying }), walk.add(dictionary: context) else { return nil }
        let key = Key(template: template, shape: walk.shape)
        var skeleton = lock.withLock {
            let hit = cache[key]
            useful[template, default: Usefulness()].count(hit: hit != nil)
            return hit
        }
        if skeleton == nil {
            var numbering = Walk()
            let placeholders = numbering.placeholders(dictionary: context)
            guard let rendered = library.render(placeholders, withTemplate: template) else { return nil }
            let made = Self.parse(rendered, endsInLineBreak: numbering.values.map { $0.last == "\n" })
            lock.withLock { if cache.count < Self.capacity { cache[key] = made } }
            skeleton = made
        }
        guard let skeleton else { return nil }
        var out = ""
        out.reserveCapacity(skeleton.textBytes + walk.valueBytes + walk.valueBytes / 8)
        for part in skeleton.parts {
            switch part {
            case .text(let s): out += s
            case .value(let i, let escaped): out += escaped ? Escape.html(walk.values[i]) : walk.values[i]
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
        var scalars = rendered.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            guard s == open || s == openEscaped else {
                text.append(s)
                continue
            }
            var number = 0
            while let d = scalars.next(), d != close { number = number * 10 + Int(d.value - 0x30) }
            if !text.isEmpty {
                let t = String(text)
                textBytes += t.utf8.count
                parts.append(.text(t))
                text = String.UnicodeScalarView()
            }
            parts.append(.value(number, escaped: s == openEscaped))
            if endsInLineBreak[number] { _ = scalars.next() }
        }
        if !text.isEmpty {
            let t = String(text)
            textBytes += t.utf8.count
            parts.append(.text(t))
        }
        return Skeleton(parts: parts, textBytes: textBytes)
    }

    /// Walks a context in a fixed order (keys sorted), hashing its shape and collecting its
    /// text values; or builds the same context with placeholders for the values.
    private struct Walk {
        var shape: UInt64 = 0x51_7CC1_B727_220A
        var values: [String] = []
        var valueBytes = 0

        private mutating func mix(_ x: UInt64) {
            var z = (shape ^ x) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            shape = z ^ (z >> 31)
        }

        private mutating func mix(_ s: String) {
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            mix(h)
        }

        /// Kinds in the shape.
        private enum Kind: UInt64 { case empty = 1, text, textWithLineBreak, falseValue, trueValue, dictionary, list, end }

        mutating func add(dictionary d: [String: Any]) -> Bool {
            mix(Kind.dictionary.rawValue)
            mix(UInt64(d.count))
            for key in d.keys.sorted() {
                mix(key)
                guard add(any: d[key]!) else { return false }
            }
            return true
        }

        private mutating func add(text s: String) -> Bool {
            guard !s.isEmpty else {
                mix(Kind.empty.rawValue)
                return true
            }
            // Private-use placeholder characters, and a carriage return at the end (it could
            // join a line break after it into one character): rendered directly.
            for u in s.unicodeScalars where u.value >= 0xE000 && u.value <= 0xE002 { return false }
            if s.unicodeScalars.last == "\r" { return false }
            mix(s.last == "\n" ? Kind.textWithLineBreak.rawValue : Kind.text.rawValue)
            values.append(s)
            valueBytes += s.utf8.count
            return true
        }

        private mutating func add(any v: Any) -> Bool {
            switch v {
            case let s as String: return add(text: s)
            case let b as Bool:
                mix(b ? Kind.trueValue.rawValue : Kind.falseValue.rawValue)
                return true
            case let i as Int: return add(text: String(i))
            case let d as [String: Any]: return add(dictionary: d)
            case let l as ListItemContext: return add(dictionary: l.fields)
            case let a as [ListItemContext]:
                mix(Kind.list.rawValue); mix(UInt64(a.count))
                for l in a { guard add(dictionary: l.fields) else { return false } }
                return true
            case let a as [[String: Any]]:
                mix(Kind.list.rawValue); mix(UInt64(a.count))
                for d in a { guard add(dictionary: d) else { return false } }
                return true
            case let a as [Any]:
                mix(Kind.list.rawValue); mix(UInt64(a.count))
                for e in a { guard add(any: e) else { return false } }
                return true
            default:
                return false
            }
        }

        /// The context with each text value replaced by its placeholder (numbered in the order
        /// `add` collects them), for a context `add` accepted.
        mutating func placeholders(dictionary d: [String: Any]) -> [String: Any] {
            var out: [String: Any] = [:]
            for key in d.keys.sorted() { out[key] = placeholders(any: d[key]!) }
            return out
        }

        private mutating func placeholder(text s: String) -> Any {
            guard !s.isEmpty else { return s }
            values.append(s)
            return TemplateSkeletons.placeholder(values.count - 1, endsInLineBreak: s.last == "\n")
        }

        private mutating func placeholders(any v: Any) -> Any {
            switch v {
            case let s as String: return placeholder(text: s)
            case let b as Bool: return b
            case let i as Int: return placeholder(text: String(i))
            case let d as [String: Any]: return placeholders(dictionary: d)
            case let l as ListItemContext: return placeholders(dictionary: l.fields)
            case let a as [ListItemContext]: return a.map { placeholders(dictionary: $0.fields) }
            case let a as [[String: Any]]: return a.map { placeholders(dictionary: $0) }
            case let a as [Any]: return a.map { placeholders(any: $0) }
            default: preconditionFailure("a context value `add` refuses")
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

