import Dispatch
import Foundation

/// `map` over a range with `concurrentPerform`, results in order.
enum ParallelMap {
    static func map<T: Sendable>(_ range: Range<Int>, _ transform: @Sendable (Int) -> T) -> [T] {
        let results = ResultSlots<T>(count: range.count)
        DispatchQueue.concurrentPerform(iterations: range.count) { i in
            results.set(i, transform(range.lowerBound + i))
        }
        return results.values()
    }

    /// `transform(i)` for `i` in `0..<count`, each exactly `width` values, back to back.
    static func flatMap(count: Int, width: Int, _ transform: @Sendable (Int) -> [Float]) -> [Float] {
        guard count > 1 else { return count == 1 ? transform(0) : [] }
        return map(0..<count, transform).flatMap { $0 }
    }
}

/// Write-once slots filled by concurrent workers, each slot by exactly one worker (guarded by a lock anyway,
/// since the cost is negligible next to the work).
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [T] { slots.map { $0! } }
}
