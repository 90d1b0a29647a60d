import Foundation

/// Wall and processor time per pipeline stage, shared by the stages of one build (`--verbose`
/// prints both: a stage whose processor time is below twice its wall time leaves a core idle).
final class StageClock: @unchecked Sendable {
    private(set) var timings: [StageTiming] = []
    private var last = Date()
    private var lastProcessor = StageClock.processorSeconds()

    func lap(_ stage: String) {
        let now = Date()
        let processor = StageClock.processorSeconds()
        timings.append(StageTiming(stage: stage, seconds: now.timeIntervalSince(last), processorSeconds: processor - lastProcessor))
        last = now
        lastProcessor = processor
    }

    /// User and system time of every thread of the process so far.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// How long one stage of a build took.
public struct StageTiming: Sendable {
    public var stage: String
    public var seconds: Double
    public var processorSeconds: Double
}
