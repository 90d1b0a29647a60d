/// Warns about images too heavy for members on slow rural networks (`images: {warnKB: …}`).
struct ImageSizeCheck {
    let graph: SiteGraph
    let digests: [PageDigest]
    let files: [String: StaticFile]

    func run() -> [Diagnostic] {
        let limit = graph.config.imageWarnKB
        let base = graph.config.basePath
        var out: [Diagnostic] = []
        for p in graph.pages {
            for image in digests[p.id].images where image.src.hasPrefix(base) {
                let path = "/" + image.src.dropFirst(base.count)
                guard let file = files[(path.removingPercentEncoding ?? path)], file.size > limit * 1024 else { continue }
                out.append(.warning("image.too-large", file: p.item.source, line: image.line,
                    "图片 \(file.sourcePath) 有 \(file.size / 1024) KB，超过 \(limit) KB，手机流量下打开会很慢。",
                    hint: "请把图片缩小到宽 1200 像素左右、压缩后再使用（微信、画图等工具都可以“另存为”较小的图片）。"))
            }
        }
        return out
    }
}
