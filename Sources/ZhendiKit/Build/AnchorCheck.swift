/// Checks that every `#anchor` in the body points to a heading (or footnote) that exists.
struct AnchorCheck {
    let graph: SiteGraph
    let digests: [PageDigest]

    /// - Parameter only: check the links of these pages only (all pages when nil).
    func run(only: [Int]? = nil) -> [Diagnostic] {
        let checked = only.map { $0.map { graph.pages[$0] } } ?? graph.pages
        // Heading ids only of the pages links point to: after a one-page edit in `serve` that is
        // a handful, and collecting all of them was most of the update's time on large sites.
        var targets = Set<String>()
        for p in checked {
            for a in digests[p.id].anchors { targets.insert(a.targetURL ?? p.url) }
        }
        var idsByURL: [String: Set<String>] = [:]
        if !targets.isEmpty {
            for p in graph.pages where targets.contains(p.url) {
                idsByURL[p.url, default: []].formUnion(digests[p.id].headings.map(\.id))
            }
        }
        var out: [Diagnostic] = []
        for p in checked {
            for a in digests[p.id].anchors {
                let target = a.targetURL ?? p.url
                // Footnotes and elements the theme adds are fine; only headings are checked.
                if a.anchor.hasPrefix("fn") || a.anchor == "main" || a.anchor == "top" { continue }
                guard let ids = idsByURL[target] else { continue }
                if !ids.contains(a.anchor) {
                    let where_ = a.targetURL == nil ? "本页" : "页面 \(target)"
                    var hint = "请对照目标页面的小标题修改链接中 # 后面的部分。"
                    if let guess = ids.min(by: { KeySuggestion.distance($0, a.anchor) < KeySuggestion.distance($1, a.anchor) }),
                       KeySuggestion.distance(guess, a.anchor) <= 3 {
                        hint = "您是不是想写 #\(guess)?"
                    }
                    out.append(.warning("link.missing-anchor", file: p.item.source, line: a.line,
                        "链接中的锚点 #\(a.anchor) 在\(where_)找不到对应的小标题。", hint: hint))
                }
            }
        }
        return out
    }
}
