import Dispatch
import Synchronization

/// Limb-parallel execution. RNS limbs are independent, so work over several limbs is split across
/// cores when there is enough of it to pay for the dispatch (below ~2^14 words of work per call the
/// thread hand-off costs more than it saves).
public enum Parallel {
    /// Minimum total words of work before splitting across threads.
    public static let minimumParallelWork = 1 << 14

    private static let threadLimit = Atomic<Int>(0)

    /// `1` keeps every kernel on the calling thread; any other value (the default is `0`) lets
    /// limb-parallel kernels use all cores through Dispatch. Benchmarks set 1 to measure one thread.
    public static var maximumThreads: Int {
        get { threadLimit.load(ordering: .relaxed) }
        set { threadLimit.store(max(0, newValue), ordering: .relaxed) }
    }

    /// Runs `body(i)` for `i in 0..<count`, concurrently when `count > 1` and `count · wordsEach` is large.
    ///
    /// `body` is not `@Sendable` because the kernels capture raw pointers; the contract that makes this
    /// sound is that `body(i)` only writes memory that no other index touches (one RNS limb each).
    public static func forEach(_ count: Int, wordsEach: Int, _ body: (Int) -> Void) {
        guard count > 1, count * wordsEach >= minimumParallelWork, maximumThreads != 1 else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let shared = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: count) { shared.value($0) }
        }
    }
}

/// Carries a value across a concurrency boundary whose safety the caller guarantees (see `Parallel`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
