/// Suggests the key an editor most likely meant when they misspelt one (`tilte` → `title`).
enum KeySuggestion {
    /// Chinese names editors naturally type for front matter keys.
    static let chineseAliases: [String: String] = [
        "标题": "title", "题目": "title", "日期": "date", "时间": "date", "发布日期": "date",
        "更新": "updated", "更新日期": "updated", "标签": "tags", "摘要": "summary", "简介": "summary",
        "作者": "author", "支部": "branch", "党支部": "branch", "系列": "series", "专题": "topics",
        "顺序": "order", "序号": "order", "草稿": "draft", "可见性": "visibility", "封面": "cover",
    ]

    static func suggest(_ key: String, among known: [String]) -> String? {
        if let alias = chineseAliases[key], known.contains(alias) { return alias }
        let lower = key.lowercased()
        if known.contains(lower) { return lower }
        var best: (String, Int)? = nil
        for candidate in known {
            let d = distance(lower, candidate)
            let limit = candidate.count <= 4 ? 1 : 2
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// Damerau-Levenshtein (optimal string alignment), so a swapped pair like `tilte` counts as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
