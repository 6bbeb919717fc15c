/// The optimal open path by dynamic programming over subsets (Held–Karp), for tiny vocabularies.
///
/// O(2^V · V²): `ImprovedTour` uses it when V ≤ `maximumRows`, where local search could stop short
/// of the optimum and exact search costs microseconds. Ties resolve to the lexicographically first
/// choice of DP state, so the result is deterministic.
enum ExactPath {
    static let maximumRows = 12

    static func path(matrix: EmbeddingMatrix) -> [Int] {
        let n = matrix.rowCount
        precondition(n <= maximumRows, "exact search is for tiny instances")
        guard n > 2 else { return Array(0..<n) }
        var distance = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n where i != j { distance[i * n + j] = Double(matrix.distance(i, j)) } }
        let full = 1 << n
        var best = [Double](repeating: .infinity, count: full * n)
        var parent = [Int8](repeating: -1, count: full * n)
        for i in 0..<n { best[(1 << i) * n + i] = 0 }
        for mask in 1..<full {
            for last in 0..<n where mask & (1 << last) != 0 {
                let current = best[mask * n + last]
                guard current < .infinity else { continue }
                for next in 0..<n where mask & (1 << next) == 0 {
                    let target = (mask | (1 << next)) * n + next
                    let candidate = current + distance[last * n + next]
                    if candidate < best[target] {
                        best[target] = candidate
                        parent[target] = Int8(last)
                    }
                }
            }
        }
        var last = 0
        for i in 1..<n where best[(full - 1) * n + i] < best[(full - 1) * n + last] { last = i }
        var path: [Int] = []
        var mask = full - 1
        while last >= 0 {
            path.append(last)
            let previous = Int(parent[mask * n + last])
            mask &= ~(1 << last)
            last = previous
        }
        return path.reversed()
    }
}
