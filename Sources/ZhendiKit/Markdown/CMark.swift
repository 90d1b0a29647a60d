import CCmarkGFM
import Foundation

/// The thin, unsafe edge of cmark-gfm: a parsed document whose nodes the Markdown stage walks and
/// edits. Everything above this file deals in Swift values.
final class CMarkDocument {
    private let parser: OpaquePointer
    let root: OpaquePointer
    let options: Int32
    /// Blocks taken out of the tree whose inline children live on: in cmark, inline text may point
    /// into its block's buffer, so such blocks are freed only with the document.
    var detached: [OpaquePointer] = []

    static let gfmExtensions = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// cmark-gfm keeps the extensions' special characters (`~` of strikethrough, `:` and `w` of
    /// autolinks) in one process-wide table that each parser fills when its inline pass starts
    /// and clears when it ends, so two documents finished at once on two threads made one of them
    /// miss `~~struck~~` text or autolinks at random (github/cmark-gfm#221, standardese#199).
    /// Block parsing stays parallel; the inline pass of `cmark_parser_finish` runs one at a time.
    private static let inlinePass = NSLock()

    private static let registration: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

    init(markdown: String, allowRawHTML: Bool) {
        _ = CMarkDocument.registration
        // No CMARK_OPT_VALIDATE_UTF8: a Swift string is valid UTF-8 already (NUL becomes U+FFFD either way).
        var opts = CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if allowRawHTML { opts |= CMARK_OPT_UNSAFE }
        options = opts
        let p: OpaquePointer = cmark_parser_new(opts)
        for name in CMarkDocument.gfmExtensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(p, ext)
            }
        }
        var text = markdown
        text.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { cmark_parser_feed(p, $0.baseAddress, $0.count) }
        }
        parser = p
        root = CMarkDocument.inlinePass.withLock { cmark_parser_finish(p) }
    }

    deinit {
        cmark_node_free(root)
        for node in detached { cmark_node_free(node) }
        cmark_parser_free(parser)
    }

    func renderHTML() -> String {
        guard let c = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(c) }
        return String(cString: c)
    }
}

/// Read access to a node; kept as a value so walking code reads like Swift.
struct CMarkNode: Equatable {
    let pointer: OpaquePointer

    var type: cmark_node_type { cmark_node_get_type(pointer) }
    /// Extension nodes (table, strikethrough…) are identified by name.
    var typeName: String { String(cString: cmark_node_get_type_string(pointer)) }
    var firstChild: CMarkNode? { cmark_node_first_child(pointer).map(CMarkNode.init) }
    var next: CMarkNode? { cmark_node_next(pointer).map(CMarkNode.init) }
    var parent: CMarkNode? { cmark_node_parent(pointer).map(CMarkNode.init) }
    var previous: CMarkNode? { cmark_node_previous(pointer).map(CMarkNode.init) }
    var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
    var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
    var title: String { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var isBlock: Bool { (type.rawValue & UInt32(CMARK_NODE_TYPE_MASK)) == UInt32(CMARK_NODE_TYPE_BLOCK) }

    var children: [CMarkNode] {
        var out: [CMarkNode] = []
        var c = firstChild
        while let n = c { out.append(n); c = n.next }
        return out
    }

    /// The nearest line number: inline nodes report 0 in some cmark versions, blocks never do.
    var line: Int {
        var n: CMarkNode? = self
        while let node = n {
            if node.startLine > 0 { return node.startLine }
            n = node.parent
        }
        return 1
    }

    func setURL(_ url: String) { cmark_node_set_url(pointer, url) }

    /// Replaces this node with one that emits fixed HTML around the original children
    /// (custom nodes are never filtered as raw HTML, which is what we want for our own markup).
    /// When children are kept, the replaced node is handed to `document` to be freed last.
    @discardableResult
    func wrap(block: Bool, open: String, close: String, keepChildren: Bool = true, in document: CMarkDocument) -> CMarkNode {
        let wrapper = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE)!
        cmark_node_set_on_enter(wrapper, open)
        cmark_node_set_on_exit(wrapper, close)
        if keepChildren {
            while let child = cmark_node_first_child(pointer) {
                cmark_node_unlink(child)
                cmark_node_append_child(wrapper, child)
            }
        }
        guard cmark_node_replace(pointer, wrapper) != 0 else {
            // The parent does not accept a custom node here (an extension's container): leave
            // the original node in place and let cmark render it its own way.
            while let child = cmark_node_first_child(wrapper) {
                cmark_node_unlink(child)
                cmark_node_append_child(pointer, child)
            }
            cmark_node_free(wrapper)
            return self
        }
        if keepChildren {
            document.detached.append(pointer)
        } else {
            cmark_node_free(pointer)
        }
        return CMarkNode(pointer: wrapper)
    }

    /// Puts this node inside a new custom block emitting `open`/`close` around it.
    func enclose(open: String, close: String) {
        let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(wrapper, open)
        cmark_node_set_on_exit(wrapper, close)
        guard cmark_node_insert_before(pointer, wrapper) != 0 else {
            cmark_node_free(wrapper)
            return
        }
        cmark_node_unlink(pointer)
        cmark_node_append_child(wrapper, pointer)
    }

    func unlinkAndFree() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }
}
