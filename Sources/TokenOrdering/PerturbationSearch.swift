import Dispatch
import ModelFiles

/// Iterated local search after the first local optimum: segment-local double-bridge kicks.
///
/// A kick moves a random segment B (1–30 nodes) past the next C (1–30 nodes): A B C D → A C B D, a
/// double bridge confined to a short stretch of the tour, done as one segment insertion. Only the
/// six nodes it touches are queued, so the following local search stays local. If kick + search do
/// not lower the cost, every logged move is undone. Deterministic for a given seed and kick count.
extension LocalSearch {
    /// Kicks until `deadline` or `maximumKicks`.
    /// - Returns: (kicks tried, kicks kept).
    mutating func perturb(seed: UInt64, deadline: UInt64, maximumKicks: Int, progress: ((Int) -> Void)? = nil) -> (Int, Int) {
        var random = SplitMix64(seed: seed)
        let n = tour.count
        guard n >= 70 else { return (0, 0) }
        var tried = 0, kept = 0
        undoLog = []
        while tried < maximumKicks {
            if tried & 63 == 0 {
                if DispatchTime.now().uptimeNanoseconds > deadline { break }
                progress?(kept)
            }
            tried += 1
            let start = Int(random.next() % UInt64(n))
            let lengthB = 1 + Int(random.next() % 30), lengthC = 1 + Int(random.next() % 30)
            func node(_ offset: Int) -> Int { Int(tour.order[(start + offset) % n]) }
            let before = node(0), first = node(1), last = node(lengthB), after = node(lengthB + 1)
            let x = node(lengthB + lengthC), y = node(lengthB + lengthC + 1)
            let kickDelta = Double(distance(before, after)) + Double(distance(x, first)) + Double(distance(last, y))
                - Double(distance(before, first)) - Double(distance(last, after)) - Double(distance(x, y))
            let gainBefore = totalGain
            insertSegment(first: first, last: last, before: before, after: after, between: x, and: y, reversed: false)
            for touched in [before, first, last, after, x, y] { queue.push(touched) }
            _ = run(deadline: UInt64.max)
            let change = kickDelta - (totalGain - gainBefore)
            if change < -1e-7 {
                kept += 1
                totalGain = gainBefore - change  // net gain of this trial
                undoLog = []
            } else {
                undoLoggedMoves()
                totalGain = gainBefore
            }
        }
        undoLog = nil
        return (tried, kept)
    }
}
