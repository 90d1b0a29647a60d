import ArgumentParser
import Foundation
import ZhendiKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "把文章导出到其他平台。",
        subcommands: [WeChatCommand.self]
    )

    struct WeChatCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wechat",
            abstract: "导出一篇文章，可直接粘贴到微信公众号编辑器（样式都写在标签里，图片和链接是完整网址）。",
            discussion: "默认输出到屏幕，可以复制或用管道送到剪贴板，例如：zhendi export wechat content/news/a.md | xclip -selection clipboard"
        )

        @Argument(help: "文章文件，例如 content/news/a.md。")
        var file: String

        @Option(name: .long, help: "网站所在的文件夹（默认：当前文件夹）。")
        var source: String = "."

        @Option(name: .long, help: "写到这个文件，而不是输出到屏幕。")
        var output: String?

        @Flag(name: .long, help: "只输出纯文字摘要（标题、日期、摘要、链接），用于手机报、短信通知。")
        var text = false

        func run() throws {
            let options = BuildOptions(source: URL(fileURLWithPath: source).standardizedFileURL)
            do {
                let (result, diagnostics) = try WeChatExport(options: options).export(file: file, format: text ? .text : .html)
                for d in diagnostics { Console.error(d.formatted) }
                if let output {
                    try result.write(to: URL(fileURLWithPath: output), atomically: true, encoding: .utf8)
                    Console.error("已导出到 \(output)")
                } else {
                    print(result, terminator: "")
                }
            } catch let failed as BuildFailed {
                Console.print(failed.diagnostics)
                throw ExitCode(1)
            }
        }
    }
}
