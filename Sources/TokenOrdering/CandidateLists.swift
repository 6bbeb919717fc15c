import Foundation
import Dispatch

/// The k nearest neighbours of every token by cosine similarity, closest first (ties: lower index).
///
/// Computed exactly (not approximately) by a blocked all-pairs product: tiles of 64 × 64 rows, 4 × 4
/// SIMD micro-kernels, each unordered pair computed once and offered to both rows' lists. Workers
/// split the tile pairs statically and keep private lists that are merged at the end, so the result
/// does not depend on scheduling.
public struct CandidateLists: Sendable {
    /// Neighbours per token.
    public let k: Int
    /// Number of tokens.
    public let rowCount: Int
    /// `neighbors[i * k ..< (i + 1) * k]`: the k nearest tokens of token i, closest first.
    public let neighbors: [Int32]
    /// The matching cosine similarities.
    public let cosines: [Float]

    /// Neighbour `rank` (0 = closest) of token `row`.
    @inline(__always) public func neighbor(_ row: Int, _ rank: Int) -> Int { Int(neighbors[row * k + rank]) }

    static let tile = 64

    /// Computes the lists.
    /// - Parameters:
    ///   - matrix: the embeddings.
    ///   - k: neighbours per token (clamped to `rowCount − 1`).
    ///   - workers: threads to use (defaults to the active processor count).
    ///   - progress: called now and then with the fraction done (on a worker thread).
    public init(matrix: EmbeddingMatrix, k requested: Int, workers: Int? = nil,
                progress: (@Sendable (Double) -> Void)? = nil) {
        precondition(requested >= 1, "k must be at least 1")
        let rows = matrix.rowCount
        let k = min(requested, max(rows - 1, 1))
        self.k = k
        rowCount = rows
        guard rows > 1 else {
            neighbors = [Int32](repeating: 0, count: rows * k)
            cosines = [Float](repeating: -2, count: rows * k)
            return
        }
        let workerCount = max(1, workers ?? ProcessInfo.activeProcessorCountForOrdering)
        let tileCount = (rows + Self.tile - 1) / Self.tile
        var pairs: [(Int, Int)] = []
        for i in 0..<tileCount { for j in i..<tileCount { pairs.append((i, j)) } }

        // Rows padded to a multiple of 4 with zero rows, so micro-kernels never run past the end.
        let stride = matrix.paddedDimension
        let paddedRows = (rows + 3) / 4 * 4
        var padded = matrix.normalizedValues
        padded.append(contentsOf: repeatElement(0, count: (paddedRows - rows) * stride))

        let partial = (0..<workerCount).map { _ in TopKBuffer(rows: rows, k: k) }
        let tasks = pairs
        padded.withUnsafeBufferPointer { buffer in
            let base = UnsafeSendable(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
                let lists = partial[worker]
                var done = 0
                for task in Swift.stride(from: worker, to: tasks.count, by: workerCount) {
                    let (ti, tj) = tasks[task]
                    Self.processTile(base.value, stride: stride, rows: rows, tileI: ti, tileJ: tj, into: lists)
                    done += 1
                    if worker == 0, done % 64 == 0 { progress?(Double(task) / Double(tasks.count)) }
                }
            }
        }
        let merged = partial[0]
        for other in partial.dropFirst() { merged.merge(other) }
        neighbors = merged.indices
        cosines = merged.cosines
        progress?(1)
    }

    /// Offers every pair (i, j), i < j, of rows in tiles `tileI` × `tileJ` to both rows' lists.
    /// A vector compare against both rows' current k-th cosines skips most blocks without a branch per pair.
    private static func processTile(
        _ base: UnsafePointer<Float>, stride: Int, rows: Int, tileI: Int, tileJ: Int, into lists: TopKBuffer
    ) {
        let iRange = (tileI * tile)..<min((tileI + 1) * tile, rows)
        let jRange = (tileJ * tile)..<min((tileJ + 1) * tile, rows)
        for i0 in Swift.stride(from: iRange.lowerBound, to: iRange.upperBound, by: 4) {
            let jStart = tileI == tileJ ? i0 : jRange.lowerBound
            for j0 in Swift.stride(from: jStart, to: jRange.upperBound, by: 4) {
                let values = DotProductKernel.dot4x4(base + i0 * stride, base + j0 * stride, stride: stride)
                if i0 + 4 <= rows, j0 + 4 <= rows {
                    let ti = SIMD4(lists.threshold(i0), lists.threshold(i0 + 1), lists.threshold(i0 + 2), lists.threshold(i0 + 3))
                    let tj = SIMD4(lists.threshold(j0), lists.threshold(j0 + 1), lists.threshold(j0 + 2), lists.threshold(j0 + 3))
                    let rowThresholds = SIMD16(ti[0], ti[0], ti[0], ti[0], ti[1], ti[1], ti[1], ti[1],
                                               ti[2], ti[2], ti[2], ti[2], ti[3], ti[3], ti[3], ti[3])
                    let columnThresholds = SIMD16(lowHalf: SIMD8(lowHalf: tj, highHalf: tj), highHalf: SIMD8(lowHalf: tj, highHalf: tj))
                    // >= keeps equal values: they may still win on the index tie-break.
                    if !any((values .>= rowThresholds) .| (values .>= columnThresholds)) { continue }
                }
                for a in 0..<4 where i0 + a < rows {
                    for b in 0..<4 {
                        let i = i0 + a, j = j0 + b
                        guard j < rows, j > i else { continue }
                        let value = values[4 * a + b]
                        lists.offer(row: i, candidate: Int32(j), cosine: value)
                        lists.offer(row: j, candidate: Int32(i), cosine: value)
                    }
                }
            }
        }
    }
}

/// A pointer that may cross into `concurrentPerform` closures.
/// Invariant: the pointee outlives the closures and is only read (or written at disjoint places).
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension ProcessInfo {
    /// Worker threads for ordering kernels: the active processor count.
    static var activeProcessorCountForOrdering: Int { ProcessInfo.processInfo.activeProcessorCount }
}
