import ArgumentParser
import Foundation
import ZhendiKit

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "生成网站到 public/ 文件夹（出错时保留原有网站不变）。"
    )

    @Option(name: .long, help: "网站所在的文件夹（默认：当前文件夹）。")
    var source: String = "."

    @Option(name: .long, help: "输出文件夹（默认：<网站文件夹>/public）。")
    var output: String?

    @Option(name: .customLong("base-url"), help: "网站的正式网址，覆盖 site.yml 中的 baseURL。")
    var baseURL: String?

    @Flag(name: .long, help: "同时生成草稿（draft: true）。仅用于预览，不要发布。")
    var drafts = false

    @Flag(name: .long, help: "同时生成发布日期在未来的文章。")
    var future = false

    @Flag(name: .long, help: "显示各阶段用时。")
    var verbose = false

    func run() throws {
        var options = BuildOptions(source: URL(fileURLWithPath: source).standardizedFileURL)
        if let output { options.output = URL(fileURLWithPath: output).standardizedFileURL }
        options.baseURL = baseURL
        options.includeDrafts = drafts
        options.includeFuture = future
        let started = Date()
        do {
            let result = try SiteBuilder(options: options).build()
            if result.upToDate {
                Console.line("✓ 内容没有变化，\(Console.display(result.output)) 已是最新（用时 \(String(format: "%.2f", Date().timeIntervalSince(started))) 秒）。")
                return
            }
            Console.print(result.diagnostics)
            if verbose { Console.printTimings(result.timings) }
            let seconds = Date().timeIntervalSince(started)
            let warnings = result.diagnostics.filter { $0.severity == .warning }.count
            var line = "✓ 已生成 \(result.pages) 个页面（共 \(result.files) 个文件），用时 \(String(format: "%.2f", seconds)) 秒 → \(Console.display(result.output))"
            if let rendered = result.renderedItems {
                line = "✓ 增量更新：重新生成 \(rendered) 篇内容，更新 \(result.pages) 个页面（共 \(result.files) 个文件），其余沿用上次的结果，用时 \(String(format: "%.2f", seconds)) 秒 → \(Console.display(result.output))"
            }
            if warnings > 0 { line += "，\(warnings) 条警告" }
            Console.line(line)
            if result.renderedItems == nil, let reason = result.fullBuildReason, reason != .noCache {
                Console.line("说明：本次完整生成，因为\(reason.chinese)。改文章、图片和附件时只重新生成受影响的页面，会快得多。")
            }
            if drafts || future { Console.line("注意：本次生成包含草稿或未到发布时间的内容，请勿发布。") }
        } catch let failed as BuildFailed {
            Console.print(failed.diagnostics)
            let errors = failed.errors.count
            Console.error("✗ 发现 \(errors) 个错误，网站没有更新（\(Console.display(options.outputURL)) 保持原样）。请按上面的提示修改后重试。")
            throw ExitCode(1)
        }
    }
}
