import Foundation

/// `zhendi init`: a new site folder that builds at once, with a copy of the default theme to
/// adapt.
public struct SiteTemplate: Sendable {
    public var title: String

    public init(title: String = "我的党建网站") {
        self.title = title
    }

    /// Creates the site in `dir` (which must be empty or absent). Returns the files written.
    public func create(at dir: URL) throws -> [String] {
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.path) {
            let existing = (try? fm.contentsOfDirectory(atPath: dir.path))?.filter { !$0.hasPrefix(".") } ?? []
            if !existing.isEmpty {
                throw Diagnostic.error("init.not-empty", file: dir.path, "文件夹不是空的，为避免覆盖已有文件，没有创建网站。",
                                       hint: "请换一个新的文件夹名，例如：zhendi init my-portal")
            }
        }
        var written: [String] = []
        func put(_ path: String, _ data: Data) throws {
            let url = dir.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
            written.append(path)
        }
        func put(_ path: String, _ text: String) throws { try put(path, Data(text.utf8)) }

        try put("site.yml", """
        # 网站设置。只有 title 是必填的，其余都有默认值。
        title: \(NewItem.quoted(title))
        description: 党建工作门户网站
        # 网站的正式网址（发布后的地址），用于订阅和分享链接
        baseURL: https://example.org/
        language: zh-CN
        timezone: Asia/Shanghai
        pageSize: 10
        sections:
          news: 新闻动态
          lessons: 党课·学习园地
          exemplars: 先进典型
        # 党支部（可选）：name 是支部名称，slug 是网址名
        # branches:
        #   - name: 第一党支部
        #     slug: diyi-zhibu

        """)
        try put("content/_index.md", "---\ntitle: \(NewItem.quoted(title))\n---\n\n欢迎访问\(title)。\n")
        for (key, name) in [("news", "新闻动态"), ("lessons", "党课·学习园地"), ("exemplars", "先进典型")] {
            try put("content/\(key)/_index.md", "---\ntitle: \(name)\n---\n")
        }
        try put("content/about.md", "---\ntitle: 关于我们\n---\n\n在这里介绍本单位的基本情况和联系方式。\n")
        try put("static/images/.gitkeep", "")
        try put(".gitignore", "public/\n.zhendi-cache/\n")
        try put(".github/workflows/zhendi.yml", CITemplates.githubActions)
        try put(".gitlab-ci.yml", CITemplates.gitlab)
        try put("deploy/rsync.sh", CITemplates.rsync)
        try put("deploy/nginx.conf", CITemplates.nginx)
        for (path, data) in Theme.builtInFiles() {
            try put("themes/default/" + path, data)
        }
        return written
    }
}
