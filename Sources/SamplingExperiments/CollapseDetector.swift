/// A model-independent detector of collapsed generations: text that has fallen into a repetition loop.
///
/// The statistic is the **distinct-4-gram ratio** of the generation's second half: the number of distinct
/// token 4-grams divided by the number of 4-grams. A loop of period `m` has at most `m` distinct 4-grams, so
/// the ratio falls towards `m / (n − 3)`; fluent text rarely repeats a 4-gram. A text is collapsed when the
/// ratio is below `threshold`. The default, 0.5, sits far below what exact sampling produces (the
/// experiment prints the exact-sampling minimum and mean beside every run so the margin can be checked),
/// and is met only when more than half of the second half's 4-grams are repeats.
public struct CollapseDetector: Sendable {
    public var threshold: Double
    public var n: Int

    public init(threshold: Double = 0.5, n: Int = 4) {
        precondition(n >= 1 && threshold > 0 && threshold <= 1, "invalid detector settings")
        self.threshold = threshold
        self.n = n
    }

    /// The distinct-n-gram ratio of the second half of `tokens` (1 when it has fewer than `n` tokens).
    public func distinctRatio(_ tokens: [Int]) -> Double {
        let tail = Array(tokens.suffix(tokens.count - tokens.count / 2))
        guard tail.count >= n else { return 1 }
        var seen = Set<[Int]>()
        for start in 0...(tail.count - n) { seen.insert(Array(tail[start..<(start + n)])) }
        return Double(seen.count) / Double(tail.count - n + 1)
    }

    /// Whether `tokens` collapsed.
    public func isCollapsed(_ tokens: [Int]) -> Bool { distinctRatio(tokens) < threshold }
}
