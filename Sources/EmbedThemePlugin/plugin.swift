import Foundation
import PackagePlugin

/// Compiles `themes/default/` into the engine, so one `zhendi` binary carries its theme and a
/// site folder with only `site.yml` and `content/` builds.
@main
struct EmbedThemePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let themeDir = context.package.directoryURL.appending(path: "themes/default")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTheme.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: themeDir, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        // The commit shown by `zhendi --version`: rebuild when HEAD moves.
        let git = context.package.directoryURL.appending(path: ".git")
        let head = git.appending(path: "HEAD")
        if let text = try? String(contentsOf: head, encoding: .utf8) {
            inputs.append(head)
            if text.hasPrefix("ref: ") {
                let ref = git.appending(path: text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines))
                if FileManager.default.fileExists(atPath: ref.path) { inputs.append(ref) }
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding the default theme",
                executable: try context.tool(named: "embed-theme").url,
                arguments: [themeDir.path, output.path, context.package.directoryURL.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
