import ModelFiles
@testable import TokenOrdering

/// Seeded test data: random, duplicated-row and clustered embedding matrices.
enum TestMatrices {
    static func random(rows: Int, dimension: Int, seed: UInt64) -> EmbeddingMatrix {
        var generator = SplitMix64(seed: seed)
        let values = (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) }
        return try! EmbeddingMatrix(rowCount: rows, dimension: dimension, values: values)
    }

    /// `distinct` random rows, each repeated at scattered ids: many exact cosine ties.
    static func duplicated(rows: Int, distinct: Int, dimension: Int, seed: UInt64) -> EmbeddingMatrix {
        var generator = SplitMix64(seed: seed)
        let prototypes = (0..<distinct).map { _ in (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) } }
        var values: [Float] = []
        for _ in 0..<rows { values += prototypes[Int(generator.next() % UInt64(distinct))] }
        return try! EmbeddingMatrix(rowCount: rows, dimension: dimension, values: values)
    }

    /// `clusters` tight clusters of `size` points around random centres, ids shuffled.
    static func clustered(clusters: Int, size: Int, dimension: Int, seed: UInt64) -> EmbeddingMatrix {
        var generator = SplitMix64(seed: seed)
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) } }
        var labels = (0..<(clusters * size)).map { $0 % clusters }
        labels.shuffle(using: &generator)
        var values: [Float] = []
        for label in labels { values += centres[label].map { $0 + Float.random(in: -0.05...0.05, using: &generator) } }
        return try! EmbeddingMatrix(rowCount: clusters * size, dimension: dimension, values: values)
    }
}

/// The definition of the baseline, in O(V²) with no shortcuts: the reference the fast version must match.
func bruteForceGreedy(_ matrix: EmbeddingMatrix) -> [Int] {
    var visited = [Bool](repeating: false, count: matrix.rowCount)
    var path = [0]
    visited[0] = true
    while path.count < matrix.rowCount {
        let current = path.last!
        var best = -1
        var bestCosine = -Float.infinity
        for j in 0..<matrix.rowCount where !visited[j] {
            let value = matrix.cosine(current, j)
            if value > bestCosine { best = j; bestCosine = value }  // strict: ties keep the lower index
        }
        visited[best] = true
        path.append(best)
    }
    return path
}

/// The optimal open path by trying every permutation (V ≤ 9).
func bruteForceOptimalCost(_ matrix: EmbeddingMatrix) -> Double {
    let n = matrix.rowCount
    var distance = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n { for j in 0..<n { distance[i][j] = Double(matrix.distance(i, j)) } }
    var best = Double.infinity
    var permutation = Array(0..<n)
    func search(_ depth: Int, _ cost: Double) {
        if cost >= best { return }
        if depth == n { best = cost; return }
        for i in depth..<n {
            permutation.swapAt(depth, i)
            search(depth + 1, depth == 0 ? 0 : cost + distance[permutation[depth - 1]][permutation[depth]])
            permutation.swapAt(depth, i)
        }
    }
    search(0, 0)
    return best
}
