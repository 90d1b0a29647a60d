import Foundation

/// Maps `items` on every core. Order of the result matches the input, so output stays deterministic.
func concurrentMap<Element, Result>(_ items: [Element], _ transform: (Element) -> Result) -> [Result] {
    if items.count < 2 { return items.map(transform) }
    return withoutActuallyEscaping(transform) { transform in
        // Each result is written straight into its slot of the array returned: results held
        // anywhere else (an array of optionals, as before) must also be released, or a long
        // `zhendi serve` session keeps every build's pages and index (≈ 300 MB per build at
        // 10,000 pages).
        [Result](unsafeUninitializedCapacity: items.count) { out, count in
            let slots = UnsafeSendable(out.baseAddress!)
            let work = UnsafeSendable(transform)
            let input = UnsafeSendable(items)
            // Chunks keep the per-iteration overhead negligible for thousands of small pages.
            let chunk = max(1, items.count / (ProcessInfo.processInfo.activeProcessorCount * 8))
            let chunks = (items.count + chunk - 1) / chunk
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * chunk
                let end = min(start + chunk, input.value.count)
                for i in start..<end {
                    (slots.value + i).initialize(to: work.value(input.value[i]))
                }
            }
            count = items.count
        }
    }
}

/// `range` split into contiguous parts of at most `maxChunk`, at least a few per core: for work
/// that keeps per-range state (a search index segment per thread), run with `concurrentMap`.
func chunkRanges(_ range: Range<Int>, maxChunk: Int) -> [Range<Int>] {
    let count = range.count
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let chunks = max(1, min(count, max(cores * 4, (count + maxChunk - 1) / maxChunk)))
    let size = max(1, (count + chunks - 1) / chunks)
    let ranges = stride(from: range.lowerBound, to: range.upperBound, by: size).map { $0..<min(range.upperBound, $0 + size) }
    return ranges.isEmpty ? [range.lowerBound..<range.lowerBound] : ranges
}

/// Runs `body` for every index on every core.
func concurrentForEach(count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let work = UnsafeSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { work.value($0) }
    }
}

/// Runs `a` and `b` at the same time (on two cores when there are two) and returns both results.
func concurrently<A, B>(_ a: () -> A, _ b: () -> B) -> (A, B) {
    var first: A?, second: B?
    withUnsafeMutablePointer(to: &first) { x in
        withUnsafeMutablePointer(to: &second) { y in
            // Each thread writes its own slot.
            let slots = UnsafeSendable((x, y))
            concurrentForEach(count: 2) { i in
                if i == 0 { slots.value.0.pointee = a() } else { slots.value.1.pointee = b() }
            }
        }
    }
    return (first!, second!)
}

/// Work started on a thread of its own, beside whatever runs next (which may use every core
/// too); `wait` returns its result. Whoever starts it must wait for it before what it uses goes.
final class Background<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, Error>?

    init(_ work: @escaping () throws -> Value) {
        let job = UnsafeSendable(work)
        Thread.detachNewThread { [self] in
            result = Result { try job.value() }
            done.signal()
        }
    }

    func wait() throws -> Value {
        done.wait()
        done.signal()  // so a second wait returns at once
        return try result!.get()
    }
}

/// Lets a thread of its own free `values` (their last reference) a moment from now: freeing a
/// 10,000-page build's pages, graph and index took ≈ 90 ms on one core after the site was
/// written, while the editor waited; the command prints its result and exits meanwhile.
/// Should the caller still hold them then, it frees them itself, as before.
func releaseLater(_ values: Any) {
    let box = UnsafeSendable(values)
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: 0.05)
        withExtendedLifetime(box) {}
    }
}

/// A value handed across threads where the algorithm itself guarantees no data race
/// (disjoint slots of a buffer, read-only input).
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A lock-protected box for results gathered from parallel work.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}
