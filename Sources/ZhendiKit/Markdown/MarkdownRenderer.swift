import CCmarkGFM
import Foundation

/// Markdown → HTML through the cmark-gfm AST: heading anchors (Chinese headings included), a table
/// of contents, link and image rewriting, CJK line joining, and the plain text and summary later
/// stages need. Raw HTML is dropped (with a warning) unless the site allows it.
struct MarkdownRenderer {
    var allowRawHTML: Bool
    var summaryLength: Int
    /// Custom renderers for fenced blocks by info string (e.g. `quiz`).
    var fencedBlocks: [String: @Sendable (_ literal: String, _ file: String, _ line: Int) -> (html: String, diagnostics: [Diagnostic])] = [
        "quiz": QuizBlock.render,
    ]

    init(allowRawHTML: Bool, summaryLength: Int = 120) {
        self.allowRawHTML = allowRawHTML
        self.summaryLength = summaryLength
    }

    /// - Parameters:
    ///   - lineOffset: lines before the body in the file (front matter), added to every line reported.
    func render(_ markdown: String, file: String, lineOffset: Int, resolver: MarkdownLinkResolver) -> RenderedMarkdown {
        let doc = CMarkDocument(markdown: markdown, allowRawHTML: allowRawHTML)
        var diagnostics: [Diagnostic] = []

        // One iterative pass (no recursion: deeply nested input must not overflow the stack)
        // collects the nodes to edit and the text views of the document.
        var headingNodes: [(CMarkNode, Int, String)] = []
        var links: [CMarkNode] = []
        var images: [(CMarkNode, String)] = []
        var tables: [CMarkNode] = []
        var softbreaks: [CMarkNode] = []
        var htmlNodes: [CMarkNode] = []
        var fenced: [CMarkNode] = []
        var plain = ""
        var summaryParagraphs: [String] = []
        var currentParagraph = ""
        var summaryLengthSoFar = 0
        var imageDepth = 0
        var moreFound = false
        var captures: [String] = []  // heading / image alt text being collected (may nest)
        var paragraphDepth = 0
        var skipSummaryDepth = 0
        var sawSoftBreak = false
        var sawFootnotesOrTasks = false
        // The summary needs only the start of the body; stop collecting well past its length.
        let summaryBudget = (moreFoundLimit(summaryLength)) * 4
        var collectingSummary: Bool { !moreFound && summaryLengthSoFar < summaryBudget }

        let iter = cmark_iter_new(doc.root)
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard let ptr = cmark_iter_get_node(iter) else { continue }
            let node = CMarkNode(pointer: ptr)
            let entering = ev == CMARK_EVENT_ENTER
            let type = node.type
            func appendText(_ s: String) {
                // Alt text is not visible on the page, so search (like Ctrl+F) does not see it.
                if imageDepth == 0 { plain += s }
                if !captures.isEmpty { captures[captures.count - 1] += s }
                if paragraphDepth > 0, skipSummaryDepth == 0, imageDepth == 0, collectingSummary { currentParagraph += s }
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                appendText(node.literal)
            case CMARK_NODE_SOFTBREAK:
                softbreaks.append(node)
                sawSoftBreak = true
                appendText(Self.softBreakMarker)
            case CMARK_NODE_LINEBREAK:
                appendText("\n")
            case CMARK_NODE_HEADING:
                if entering {
                    captures.append("")
                    skipSummaryDepth += 1
                } else {
                    let text = captures.popLast() ?? ""
                    headingNodes.append((node, node.headingLevel, ChineseText.collapseWhitespace(text)))
                    skipSummaryDepth -= 1
                    plain += "\n"
                }
            case CMARK_NODE_IMAGE:
                if entering {
                    captures.append("")
                    imageDepth += 1
                } else {
                    images.append((node, captures.popLast() ?? ""))
                    imageDepth -= 1
                }
            case CMARK_NODE_LINK:
                if entering { links.append(node) }
            case CMARK_NODE_PARAGRAPH:
                paragraphDepth += entering ? 1 : -1
                if !entering {
                    plain += "\n"
                    if collectingSummary, !currentParagraph.isEmpty {
                        summaryParagraphs.append(currentParagraph)
                        summaryLengthSoFar += currentParagraph.utf8.count
                    }
                    currentParagraph = ""
                }
            case CMARK_NODE_CODE_BLOCK:
                let info = node.fenceInfo.split(separator: " ").first.map(String.init) ?? ""
                if fencedBlocks[info] != nil {
                    fenced.append(node)
                    // What members see of a quiz: questions and options, without the markup.
                    for line in node.literal.split(separator: "\n") {
                        var t = line.trimmingCharacters(in: .whitespaces)
                        for prefix in ["- [ ]", "- [x]", "- [X]", ">"] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
                        plain += t.trimmingCharacters(in: .whitespaces) + "\n"
                    }
                } else {
                    plain += node.literal + "\n"
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = node.literal.trimmingCharacters(in: .whitespacesAndNewlines)
                if literal.replacingOccurrences(of: " ", with: "") == "<!--more-->" {
                    moreFound = true
                    htmlNodes.append(node)
                } else {
                    htmlNodes.append(node)
                }
            case CMARK_NODE_FOOTNOTE_DEFINITION, CMARK_NODE_FOOTNOTE_REFERENCE:
                sawFootnotesOrTasks = true
                if !entering, type == CMARK_NODE_FOOTNOTE_DEFINITION, !plain.hasSuffix("\n") { plain += "\n" }
            default:
                let typeName = node.typeName
                if typeName == "tasklist" { sawFootnotesOrTasks = true }
                if typeName == "table" {
                    if entering {
                        tables.append(node)
                        skipSummaryDepth += 1
                    } else {
                        skipSummaryDepth -= 1
                    }
                } else if typeName == "table_cell", !entering {
                    plain += " "
                } else if node.isBlock, !entering, type != CMARK_NODE_DOCUMENT {
                    if !plain.hasSuffix("\n") { plain += "\n" }
                }
            }
        }

        // Raw HTML: our own comment marker is consumed; anything else is either passed through
        // (site allows it, tag filter still applies) or dropped with an explanation.
        for node in htmlNodes {
            let literal = node.literal.trimmingCharacters(in: .whitespacesAndNewlines)
            let isComment = literal.hasPrefix("<!--") && literal.hasSuffix("-->")
            if isComment {
                node.unlinkAndFree()
            } else if !allowRawHTML {
                diagnostics.append(.warning("markdown.raw-html", file: file, line: lineOffset + node.line,
                    "正文中的 HTML 代码“\(String(literal.prefix(40)))”出于安全考虑不会显示。",
                    hint: "请改用 Markdown 写法；确需使用 HTML 时，可在 site.yml 中设置 markdown: {unsafeHTML: true}。"))
                node.unlinkAndFree()
            }
        }

        // Chinese lines joined by a soft break must not gain a space between characters.
        for node in softbreaks {
            if let prev = node.previous, let next = node.next,
               let a = lastScalar(prev), let b = firstScalar(next),
               ChineseText.isCJKWide(a) || ChineseText.isCJKWide(b) {
                node.unlinkAndFree()
            }
        }

        // Heading anchors: readable Chinese ids, unique within the page.
        var headings: [Heading] = []
        var usedIDs = Set<String>()
        for (node, level, text) in headingNodes {
            var base = HeadingAnchor.id(for: text)
            if base.isEmpty { base = "section" }
            var id = base
            var n = 2
            while usedIDs.contains(id) { id = "\(base)-\(n)"; n += 1 }
            usedIDs.insert(id)
            headings.append(Heading(level: level, id: id, text: text))
            node.wrap(block: true, open: "<h\(level) id=\"\(Escape.html(id))\">", close: "</h\(level)>", in: doc)
        }

        var anchors: [AnchorReference] = []
        for node in links {
            let destination = node.url
            let line = lineOffset + node.line
            if destination.hasPrefix("#") {
                let anchor = String(destination.dropFirst()).removingPercentEncoding ?? String(destination.dropFirst())
                if !anchor.isEmpty { anchors.append(AnchorReference(targetURL: nil, anchor: anchor, line: line)) }
                continue
            }
            switch resolver.resolveLink(destination, line: line) {
            case .keep:
                break
            case .rewrite(let href, let target):
                node.setURL(href)
                if let target, let hash = href.firstIndex(of: "#") {
                    let anchor = String(href[href.index(after: hash)...])
                    let decoded = anchor.removingPercentEncoding ?? anchor
                    if !decoded.isEmpty { anchors.append(AnchorReference(targetURL: target, anchor: decoded, line: line)) }
                }
            case .image(let src, _, _):
                node.setURL(src)
            case .problem(let d):
                diagnostics.append(d)
            case .unlink(let d):
                diagnostics.append(d)
                node.wrap(block: false, open: "<span class=\"link-pending\">", close: "</span>", in: doc)
            }
        }

        var imageRefs: [ImageReference] = []
        for (index, (node, alt)) in images.enumerated() {
            let line = lineOffset + node.line
            let title = node.title
            var src = node.url
            var width: Int? = nil, height: Int? = nil
            switch resolver.resolveImage(src, line: line) {
            case .image(let s, let w, let h):
                src = s; width = w; height = h
            case .rewrite(let href, _):
                src = href
            case .problem(let d), .unlink(let d):
                diagnostics.append(d)
            case .keep:
                break
            }
            let altText = ChineseText.collapseWhitespace(alt)
            if altText.isEmpty {
                diagnostics.append(.warning("markdown.image-alt", file: file, line: line,
                    "图片缺少说明文字（alt），视力不好的读者和读屏软件无法知道图片内容。",
                    hint: "请写成 ![图片内容的简短说明]（图片地址）。"))
            }
            imageRefs.append(ImageReference(src: src, alt: altText, line: line, width: width))
            var tag = "<img src=\"\(Escape.html(src))\" alt=\"\(Escape.html(altText))\""
            if !title.isEmpty { tag += " title=\"\(Escape.html(title))\"" }
            if let width, let height { tag += " width=\"\(width)\" height=\"\(height)\"" }
            // The first image may be the largest thing above the fold: let it load right away.
            tag += index == 0 ? " decoding=\"async\">" : " loading=\"lazy\" decoding=\"async\">"
            node.wrap(block: false, open: tag, close: "", keepChildren: false, in: doc)
        }

        for node in tables {
            node.enclose(open: "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"表格（可左右滑动）\">", close: "</div>")
        }

        for node in fenced {
            let info = node.fenceInfo.split(separator: " ").first.map(String.init) ?? ""
            if let render = fencedBlocks[info] {
                let (html, found) = render(node.literal, file, lineOffset + node.line)
                diagnostics += found
                node.wrap(block: true, open: html, close: "", keepChildren: false, in: doc)
            }
        }

        if sawSoftBreak {
            plain = Self.resolveSoftBreaks(plain)
            summaryParagraphs = summaryParagraphs.map(Self.resolveSoftBreaks)
        }

        var html = doc.renderHTML()
        if sawFootnotesOrTasks { html = Self.localizeFootnotesAndTasks(html) }

        let summary = ChineseText.summary(paragraphs: summaryParagraphs, limit: moreFound ? moreFoundLimit(summaryLength) : summaryLength)
        return RenderedMarkdown(
            html: html, headings: headings, plainText: plain, summary: summary,
            readingUnits: ChineseText.readingUnits(plain), anchors: anchors, images: imageRefs,
            diagnostics: diagnostics)
    }

    static let softBreakMarker = "\u{1}"

    /// Text before `<!--more-->` is the summary, within reason.
    private func moreFoundLimit(_ n: Int) -> Int { max(n * 4, 600) }

    /// A soft line break joins Chinese lines without a gap (as the HTML now shows them) and
    /// other lines with a space, so search and summaries read what the member sees.
    static func resolveSoftBreaks(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            if s == "\u{1}" {
                let a = i > 0 ? scalars[i - 1] : " "
                let b = i + 1 < scalars.count ? scalars[i + 1] : " "
                if !(ChineseText.isCJKWide(a) || ChineseText.isCJKWide(b)) { out.append(" ") }
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// cmark-gfm labels footnote back-links and task checkboxes in English; members read Chinese.
    static func localizeFootnotesAndTasks(_ html: String) -> String {
        var h = html
        h = h.replacingOccurrences(of: "aria-label=\"Back to reference ", with: "aria-label=\"返回正文引用处 ")
        h = h.replacingOccurrences(of: "aria-label=\"Back to content\"", with: "aria-label=\"返回正文\"")
        h = h.replacingOccurrences(of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
                                   with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"已完成\" />")
        h = h.replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" />",
                                   with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"未完成\" />")
        return h
    }

    private func lastScalar(_ node: CMarkNode) -> Unicode.Scalar? {
        var n: CMarkNode? = node
        while let cur = n {
            if cur.type == CMARK_NODE_TEXT || cur.type == CMARK_NODE_CODE { return cur.literal.unicodeScalars.last }
            var last = cur.firstChild
            while let nx = last?.next { last = nx }
            n = last
        }
        return nil
    }

    private func firstScalar(_ node: CMarkNode) -> Unicode.Scalar? {
        var n: CMarkNode? = node
        while let cur = n {
            if cur.type == CMARK_NODE_TEXT || cur.type == CMARK_NODE_CODE { return cur.literal.unicodeScalars.first }
            n = cur.firstChild
        }
        return nil
    }
}

/// Anchor ids for headings, GitHub style but keeping Chinese: `一、加强组织建设` → `一加强组织建设`.
enum HeadingAnchor {
    static func id(for text: String) -> String {
        // Built as UTF-8 bytes, lower-casing scalar by scalar as `String.lowercased()` does: the
        // string's lower-casing and appending scalar by scalar cost most of a page's headings.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        func consider(_ s: Unicode.Scalar) {
            // Han and ASCII first: Unicode properties are a table lookup per scalar.
            let v = s.value
            let keeps = ChineseText.isHan(s) || (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39)
                || (v >= 0x80 && (s.properties.isAlphabetic || s.properties.numericType != nil))
            if keeps {
                if pendingDash, !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(contentsOf: s.utf8)
            } else if s == "-" || s == "_" {
                out.append(UInt8(v))
            } else if s.properties.isWhitespace {
                pendingDash = true
            }
        }
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                consider(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : s)
            } else if ChineseText.isHan(v) {
                consider(s)
            } else {
                for lower in s.properties.lowercaseMapping.unicodeScalars { consider(lower) }
            }
        }
        let id = String(decoding: out, as: UTF8.self)
        // At most 64 characters: at most 64 bytes are as many characters or fewer.
        return out.count <= 64 ? id : String(id.prefix(64))
    }
}
