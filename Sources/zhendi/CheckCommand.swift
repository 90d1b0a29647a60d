import ArgumentParser
import Foundation
import ZhendiKit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查网站内容：链接、图片、锚点、设置项拼写、个人信息等，不生成网站。",
        discussion: "没有错误时退出码为 0，有错误时为 1；警告只显示，加 --strict 时警告也算失败。"
    )

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @Option(name: .long, help: "网站所在的文件夹（默认：当前文件夹）。")
    var source: String = "."

    @Flag(name: .long, help: "把警告也当作错误。")
    var strict = false

    @Option(name: .long, help: "输出格式：text（默认）或 json（供 CI 使用）。")
    var format: Format = .text

    @Flag(name: .long, help: "同时检查草稿。")
    var drafts = false

    @Flag(name: .long, help: "同时检查发布日期在未来的文章。")
    var future = false

    func run() throws {
        var options = BuildOptions(source: URL(fileURLWithPath: source).standardizedFileURL)
        options.includeDrafts = drafts
        options.includeFuture = future
        let report = SiteChecker(options: options).run()
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Output: Encodable { let errors: Int; let warnings: Int; let findings: [Diagnostic] }
            let data = try encoder.encode(Output(errors: report.errors, warnings: report.warnings, findings: report.findings))
            print(String(decoding: data, as: UTF8.self))
        case .text:
            for d in report.findings { print(d.formatted) }
            if report.findings.isEmpty {
                print("✓ 检查完成，没有发现问题。")
            } else {
                print("检查完成：\(report.errors) 个错误，\(report.warnings) 条警告。")
            }
        }
        if report.errors > 0 || (strict && report.warnings > 0) { throw ExitCode(1) }
    }
}
