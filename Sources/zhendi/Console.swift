import Foundation
import ZhendiKit

/// Terminal output for editors: findings one per line (`文件:行: 级别: 说明`), errors on stderr.
enum Console {
    static func print(_ diagnostics: [Diagnostic]) {
        for d in diagnostics {
            if d.severity == .error { error(d.formatted) } else { line(d.formatted) }
        }
    }

    /// A line on stdout, written at once (stdout may be a pipe, and `zhendi serve` never exits
    /// to flush a buffer).
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func printTimings(_ timings: [StageTiming]) {
        for t in timings {
            let name = t.stage.padding(toLength: max(t.stage.count, 24), withPad: " ", startingAt: 0)
            line(String(format: "  %@ %7.3f 秒（处理器 %6.3f 秒）", name as NSString, t.seconds, t.processorSeconds))
        }
    }

    static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.path
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) + "/" }
        return path
    }
}
