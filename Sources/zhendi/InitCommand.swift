import ArgumentParser
import Foundation
import ZhendiKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新建一个网站文件夹（设置文件、栏目和默认主题）。"
    )

    @Argument(help: "新网站的文件夹。")
    var directory: String

    @Option(name: .long, help: "网站名称。")
    var title: String = "我的党建网站"

    func run() throws {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL
        do {
            let files = try SiteTemplate(title: title).create(at: dir)
            // CI and the rsync recipe run ./bin/zhendi: give the new site this very program.
            let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let bin = dir.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: bin.appendingPathComponent("zhendi"))
            try FileManager.default.copyItem(at: me, to: bin.appendingPathComponent("zhendi"))
            print("✓ 已在 \(directory) 新建网站（\(files.count + 1) 个文件，含 bin/zhendi 和自动发布配置）。")
            print("下一步：")
            print("  cd \(directory)")
            print("  zhendi new news 第一篇文章的标题")
            print("  zhendi build")
        } catch let d as Diagnostic {
            Console.print([d])
            throw ExitCode(1)
        }
    }
}
