import Foundation

/// Wall time per pipeline stage, shared by the stages of one build (`--verbose` prints it).
final class StageClock: @unchecked Sendable {
    private(set) var timings: [(stage: String, seconds: Double)] = []
    private var last = Date()

    func lap(_ stage: String) {
        let now = Date()
        timings.append((stage, now.timeIntervalSince(last)))
        last = now
    }
}
