import ArgumentParser
import Foundation
import ZhendiKit

@main
struct Zhendi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zhendi",
        abstract: "阵地：党建门户网站生成器。把 Markdown 文章生成完整的静态网站。",
        version: ZhendiVersion.description,
        subcommands: [BuildCommand.self, ServeCommand.self, CheckCommand.self, NewCommand.self, InitCommand.self, ExportCommand.self]
    )
}
