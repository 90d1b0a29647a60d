import ArgumentParser
import Foundation
import ZhendiKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "新建一篇文章，自动填好标题、日期等设置。",
        discussion: "例如：zhendi new news 东城街道开展主题党日活动 --branch 东城街道第一党支部 --tags 主题党日，志愿服务"
    )

    @Argument(help: "栏目：news（新闻动态）、lessons（党课）、exemplars（先进典型）等。")
    var section: String

    @Argument(help: "文章标题。")
    var title: [String]

    @Option(name: .long, help: "网站所在的文件夹（默认：当前文件夹）。")
    var source: String = "."

    @Option(name: .long, help: "所属党支部。")
    var branch: String?

    @Option(name: .long, help: "标签，多个用逗号分隔。")
    var tags: String?

    @Option(name: .long, help: "所属学习系列（党课）。")
    var series: String?

    @Option(name: .long, help: "在系列中的顺序（第几讲）。")
    var order: Int?

    @Option(name: .long, help: "作者。")
    var author: String?

    func run() throws {
        var item = NewItem(section: section, title: title.joined(separator: " "))
        item.branch = branch
        item.series = series
        item.order = order
        item.author = author
        item.tags = (tags ?? "").split(whereSeparator: { $0 == "," || $0 == "\u{FF0C}" || $0 == "、" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            let path = try item.write(in: URL(fileURLWithPath: source).standardizedFileURL)
            print(path)
            Console.error("已新建草稿 \(path)。写完后删除其中的 draft: true 这一行即可发布。")
        } catch let d as Diagnostic {
            Console.print([d])
            throw ExitCode(1)
        }
    }
}
