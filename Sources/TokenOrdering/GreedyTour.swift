import Foundation
import Dispatch

/// The published baseline (arXiv 2510.12343): greedy nearest neighbour as an open path.
///
/// Start at token 0; repeatedly move to the unvisited token of highest cosine similarity to the
/// current one, ties to the lowest index (`isCloser`). The result is exactly that of the O(V²·d)
/// definition, computed faster:
/// - Exact k-nearest-neighbour lists answer most steps: the first unvisited entry of the current
///   token's list is the nearest unvisited token, because every token outside the list is farther.
/// - When all k are visited, a scan of the unvisited tokens runs on all cores (chunks of a compacted,
///   ascending list of unvisited tokens): approximate bfloat16 cosines with a proven error bound pick a
///   handful of survivors, which are re-ranked exactly (`ApproximateRows`, `scanNearest`).
/// Every cosine comes from `DotProductKernel`, so both paths see the same values and ties.
public enum GreedyTour {
    /// Statistics of one run, for benchmarks and docs.
    public struct Statistics: Sendable {
        /// Steps answered by the candidate lists.
        public var listHits = 0
        /// Steps that needed a full scan of the unvisited tokens.
        public var scans = 0
        /// Unvisited tokens compared in all scans together.
        public var scannedTokens = 0
        public init() {}
    }

    /// The greedy nearest-neighbour path.
    /// - Parameters:
    ///   - matrix: the embeddings.
    ///   - candidates: exact candidate lists of the same matrix (computed if `nil`).
    ///   - workers: threads for the scans (defaults to the active processor count).
    ///   - progress: called now and then with the fraction of steps done.
    /// - Returns: the permutation (position → token id) and statistics.
    public static func path(
        matrix: EmbeddingMatrix, candidates: CandidateLists? = nil, workers: Int? = nil,
        progress: (@Sendable (Double) -> Void)? = nil
    ) -> (permutation: [Int], statistics: Statistics) {
        let rows = matrix.rowCount
        let lists = candidates ?? CandidateLists(matrix: matrix, k: 16, workers: workers)
        precondition(lists.rowCount == rows, "candidate lists of another matrix")
        let workerCount = max(1, workers ?? ProcessInfo.activeProcessorCountForOrdering)
        var statistics = Statistics()
        var visited = [Bool](repeating: false, count: rows)
        var unvisited = Array(Int32(1)..<Int32(rows))  // ascending; compacted before each scan
        var permutation = [0]
        permutation.reserveCapacity(rows)
        visited[0] = true
        var current = 0
        let stride = matrix.paddedDimension
        let reportEvery = max(1, rows / 200)

        let approximate = ApproximateRows(matrix)
        matrix.normalizedValues.withUnsafeBufferPointer { buffer in
          approximate.words.withUnsafeBufferPointer { words in
            let base = UnsafeSendable(buffer.baseAddress!)
            let approximateBase = UnsafeSendable(words.baseAddress!)
            for step in 1..<rows {
                var next = -1
                for rank in 0..<lists.k {
                    let candidate = lists.neighbor(current, rank)
                    if !visited[candidate] { next = candidate; break }
                }
                if next >= 0 {
                    statistics.listHits += 1
                } else {
                    statistics.scans += 1
                    unvisited.removeAll { visited[Int($0)] }
                    statistics.scannedTokens += unvisited.count
                    next = scanNearest(from: current, among: unvisited, exact: base, stride: stride, approximate: approximateBase,
                                       wordsPerRow: approximate.wordsPerRow, margin: approximate.margin, workers: workerCount)
                }
                visited[next] = true
                permutation.append(next)
                current = next
                if step % reportEvery == 0 { progress?(Double(step) / Double(rows)) }
            }
          }
        }
        progress?(1)
        return (permutation, statistics)
    }

    /// The closest of `candidates` to row `current` by `isCloser` (ties: lowest index).
    ///
    /// Two passes: approximate cosines from the bfloat16 rows (half the memory traffic), keeping every
    /// row within `2 · margin` of the best approximate value; then exact cosines for those survivors
    /// only. `ApproximateRows` proves the exact winner survives, so the result equals a full exact scan.
    static func scanNearest(
        from current: Int, among candidates: [Int32], exact: UnsafeSendable<UnsafePointer<Float>>, stride: Int,
        approximate: UnsafeSendable<UnsafePointer<UInt32>>, wordsPerRow: Int, margin: Float, workers: Int
    ) -> Int {
        // Small scans are not worth waking other threads.
        let chunkCount = candidates.count < 4096 ? 1 : workers * 4
        let chunkSize = (candidates.count + chunkCount - 1) / chunkCount
        let results = UnsafeMutableBufferPointer<[(Float, Int32)]>.allocate(capacity: chunkCount)
        results.initialize(repeating: [])
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let resultsPointer = UnsafeSendable(results)
        candidates.withUnsafeBufferPointer { ids in
            let idsPointer = UnsafeSendable(ids)
            let body: @Sendable (Int) -> Void = { chunk in
                let start = chunk * chunkSize
                let end = min(start + chunkSize, candidates.count)
                resultsPointer.value[chunk] = survivors(
                    current: current, ids: idsPointer.value, start: start, end: end, base: approximate.value,
                    wordsPerRow: wordsPerRow, window: 2 * margin)
            }
            if chunkCount == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunkCount, execute: body) }
        }
        let best = results.map { $0.map(\.0).max() ?? -.infinity }.max() ?? -.infinity
        var winner = (-Float.infinity, Int32.max)
        for chunk in results {
            for (approximateCosine, id) in chunk where approximateCosine >= best - 2 * margin {
                let value = DotProductKernel.dot(exact.value + current * stride, exact.value + Int(id) * stride, stride: stride)
                if isCloser(cosine: value, index: id, than: winner.0, index: winner.1) { winner = (value, id) }
            }
        }
        return Int(winner.1)
    }

    /// Approximate scan kernel: rows of `ids[start..<end]` whose approximate cosine is within `window`
    /// of the best approximate cosine of the range. Invariant: the ids are valid rows at `base`.
    private static func survivors(
        current: Int, ids: UnsafeBufferPointer<Int32>, start: Int, end: Int, base: UnsafePointer<UInt32>,
        wordsPerRow: Int, window: Float
    ) -> [(Float, Int32)] {
        var kept: [(Float, Int32)] = []
        guard start < end else { return kept }
        var best = -Float.infinity
        let blocks = wordsPerRow / 16
        let a = base + current * wordsPerRow
        func consider(_ value: Float, _ id: Int32) {
            guard value >= best - window else { return }
            best = max(best, value)
            kept.append((value, id))
            if kept.count >= 512 { kept.removeAll { $0.0 < best - window } }
        }
        var index = start
        while index + 4 <= end {
            let values = ApproximateRows.dot1x4(
                a, base + Int(ids[index]) * wordsPerRow, base + Int(ids[index + 1]) * wordsPerRow,
                base + Int(ids[index + 2]) * wordsPerRow, base + Int(ids[index + 3]) * wordsPerRow, blocks: blocks)
            for lane in 0..<4 { consider(values[lane], ids[index + lane]) }
            index += 4
        }
        while index < end {
            let p = base + Int(ids[index]) * wordsPerRow
            let values = ApproximateRows.dot1x4(a, p, p, p, p, blocks: blocks)
            consider(values[0], ids[index])
            index += 1
        }
        kept.removeAll { $0.0 < best - window }
        return kept
    }
}
