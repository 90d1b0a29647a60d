import Foundation

/// How bad a finding is. Errors stop a build; warnings are printed (and fail `check --strict`).
public enum Severity: String, Sendable, Codable, Comparable {
    case error
    case warning

    public var chineseLabel: String { self == .error ? "错误" : "警告" }

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// One problem found in the editor's input, always explained in Simplified Chinese.
///
/// `file` is relative to the site folder (e.g. `content/news/a.md`) so messages stay short and
/// clickable in editors; `line` is 1-based within that file.
public struct Diagnostic: Error, Sendable, Hashable, Codable {
    public var severity: Severity
    /// A stable machine-readable identifier (`front-matter.missing-title`), used by tests and `--format json`.
    public var code: String
    public var file: String?
    public var line: Int?
    /// What is wrong, in Chinese.
    public var message: String
    /// How to fix it, in Chinese.
    public var hint: String?

    public init(_ severity: Severity, _ code: String, file: String?, line: Int? = nil, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    public static func error(_ code: String, file: String?, line: Int? = nil, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, file: file, line: line, message, hint: hint)
    }

    public static func warning(_ code: String, file: String?, line: Int? = nil, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code, file: file, line: line, message, hint: hint)
    }

    /// `文件:行: 级别: 说明` — the one-line form editors and CI logs read.
    public var formatted: String {
        var location = file ?? "site"
        if let line { location += ":\(line)" }
        var text = "\(location): \(severity.chineseLabel): \(message)"
        if let hint, !hint.isEmpty { text += " \(hint)" }
        return text
    }

    /// Diagnostics are reported in a stable order so two runs print the same thing.
    static func ordered(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let fa = a.file ?? "", fb = b.file ?? ""
        if fa != fb { return fa < fb }
        let la = a.line ?? 0, lb = b.line ?? 0
        if la != lb { return la < lb }
        if a.severity != b.severity { return a.severity < b.severity }
        return a.message < b.message
    }
}

/// Collects findings from every stage (and every thread) so one run reports all of them at once.
public final class DiagnosticLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []

    public init() {}

    public func add(_ diagnostic: Diagnostic) {
        lock.lock(); defer { lock.unlock() }
        items.append(diagnostic)
    }

    public func add(contentsOf diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        lock.lock(); defer { lock.unlock() }
        items.append(contentsOf: diagnostics)
    }

    /// Every finding, de-duplicated and in a stable order.
    public var all: [Diagnostic] {
        lock.lock(); defer { lock.unlock() }
        return Array(Set(items)).sorted(by: Diagnostic.ordered)
    }

    public var hasErrors: Bool {
        lock.lock(); defer { lock.unlock() }
        return items.contains { $0.severity == .error }
    }
}

/// Thrown when a build stops because of findings in the input; the findings explain why.
public struct BuildFailed: Error, Sendable {
    public let diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
