import Foundation
import Dispatch

/// The published baseline (arXiv 2510.12343): greedy nearest neighbour as an open path.
///
/// Start at token 0; repeatedly move to the unvisited token of highest cosine similarity to the
/// current one, ties to the lowest index (`isCloser`). The result is exactly that of the O(V²·d)
/// definition, computed faster:
/// - Exact k-nearest-neighbour lists answer most steps: the first unvisited entry of the current
///   token's list is the nearest unvisited token, because every token outside the list is farther.
/// - When all k are visited, a full scan of the unvisited tokens runs on all cores (chunks of a
///   compacted, ascending list of unvisited tokens; each chunk's best is reduced by `isCloser`).
/// Every cosine comes from `DotProductKernel`, so both paths see the same values and ties.
public enum GreedyTour {
    /// Statistics of one run, for benchmarks and docs.
    public struct Statistics: Sendable {
        /// Steps answered by the candidate lists.
        public var listHits = 0
        /// Steps that needed a full scan of the unvisited tokens.
        public var scans = 0
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

        matrix.normalizedValues.withUnsafeBufferPointer { buffer in
            let base = UnsafeSendable(buffer.baseAddress!)
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
                    next = scanNearest(from: current, among: unvisited, base: base, stride: stride, workers: workerCount)
                }
                visited[next] = true
                permutation.append(next)
                current = next
                if step % reportEvery == 0 { progress?(Double(step) / Double(rows)) }
            }
        }
        progress?(1)
        return (permutation, statistics)
    }

    /// The closest of `candidates` to row `current` by `isCloser` (ties: lowest index).
    static func scanNearest(
        from current: Int, among candidates: [Int32], base: UnsafeSendable<UnsafePointer<Float>>, stride: Int, workers: Int
    ) -> Int {
        // Small scans are not worth waking other threads.
        let chunkCount = candidates.count < 4096 ? 1 : workers * 4
        let chunkSize = (candidates.count + chunkCount - 1) / chunkCount
        let results = UnsafeMutableBufferPointer<(Float, Int32)>.allocate(capacity: chunkCount)
        defer { results.deallocate() }
        let resultsPointer = UnsafeSendable(results)
        candidates.withUnsafeBufferPointer { ids in
            let idsPointer = UnsafeSendable(ids)
            let body: @Sendable (Int) -> Void = { chunk in
                let start = chunk * chunkSize
                let end = min(start + chunkSize, candidates.count)
                resultsPointer.value[chunk] = bestInRange(current: current, ids: idsPointer.value, start: start, end: end,
                                                          base: base.value, stride: stride)
            }
            if chunkCount == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunkCount, execute: body) }
        }
        var best = (-Float.infinity, Int32.max)
        for result in results where isCloser(cosine: result.0, index: result.1, than: best.0, index: best.1) {
            best = result
        }
        return Int(best.1)
    }

    /// Scan kernel. Invariant: `ids[start..<end]` are valid rows of the `stride`-wide matrix at `base`.
    private static func bestInRange(
        current: Int, ids: UnsafeBufferPointer<Int32>, start: Int, end: Int, base: UnsafePointer<Float>, stride: Int
    ) -> (Float, Int32) {
        var best = (-Float.infinity, Int32.max)
        guard start < end else { return best }
        let chunks = stride / 16
        let a = base + current * stride
        var index = start
        while index + 4 <= end {
            let values = DotProductKernel.dot1x4(
                a, base + Int(ids[index]) * stride, base + Int(ids[index + 1]) * stride,
                base + Int(ids[index + 2]) * stride, base + Int(ids[index + 3]) * stride, chunks: chunks)
            for lane in 0..<4 where isCloser(cosine: values[lane], index: ids[index + lane], than: best.0, index: best.1) {
                best = (values[lane], ids[index + lane])
            }
            index += 4
        }
        while index < end {
            let value = DotProductKernel.dot(a, base + Int(ids[index]) * stride, chunks: chunks)
            if isCloser(cosine: value, index: ids[index], than: best.0, index: best.1) { best = (value, ids[index]) }
            index += 1
        }
        return best
    }
}
