/// The greedy-edge (greedy matching) construction on candidate edges, for `improved`.
///
/// Candidate edges (i, j) are taken closest first (ties by index) whenever both ends have degree < 2
/// and they join different fragments (union-find). The fragments left are then chained into one open
/// path from token 0's fragment: from the current end, the nearest free fragment end is attached
/// (a scan over fragment ends only, which are few). Deterministic.
enum GreedyEdgeConstruction {
    static func path(matrix: EmbeddingMatrix, lists: CandidateLists, k: Int) -> [Int] {
        let rows = matrix.rowCount
        guard rows > 2 else { return Array(0..<rows) }
        let k = min(k, lists.k)
        var edges: [(cosine: Float, i: Int32, j: Int32)] = []
        edges.reserveCapacity(rows * k)
        for i in 0..<rows {
            for rank in 0..<k {
                let j = lists.neighbor(i, rank)
                // Each unordered pair once: keep (i, j) with i < j, or when i is not in j's list.
                if i < j || !(0..<k).contains(where: { lists.neighbor(j, $0) == i }) {
                    edges.append((lists.cosines[i * lists.k + rank], Int32(min(i, j)), Int32(max(i, j))))
                }
            }
        }
        edges.sort { $0.cosine != $1.cosine ? $0.cosine > $1.cosine : ($0.i != $1.i ? $0.i < $1.i : $0.j < $1.j) }

        var degree = [UInt8](repeating: 0, count: rows)
        var links = [Int32](repeating: -1, count: 2 * rows)  // up to two path neighbours per token
        var components = UnionFind(count: rows)
        for edge in edges {
            let i = Int(edge.i), j = Int(edge.j)
            guard degree[i] < 2, degree[j] < 2, components.union(i, j) else { continue }
            links[2 * i + Int(degree[i])] = edge.j
            links[2 * j + Int(degree[j])] = edge.i
            degree[i] += 1
            degree[j] += 1
        }

        // Walk a fragment from one of its ends.
        func walk(from end: Int, into path: inout [Int], used: inout [Bool]) {
            var previous = -1, current = end
            while true {
                path.append(current)
                used[current] = true
                let a = Int(links[2 * current]), b = Int(links[2 * current + 1])
                let next = a != previous && a >= 0 ? a : (b != previous && b >= 0 ? b : -1)
                if next < 0 || used[next] { break }
                previous = current
                current = next
            }
        }
        // A fragment end of token t's fragment: walk links away from t until degree < 2 is reached.
        func end(of token: Int) -> Int {
            var previous = -1, current = token
            while degree[current] == 2 {
                let a = Int(links[2 * current]), b = Int(links[2 * current + 1])
                let next = a != previous ? a : b
                previous = current
                current = next
            }
            return current
        }

        var used = [Bool](repeating: false, count: rows)
        var path: [Int] = []
        path.reserveCapacity(rows)
        walk(from: end(of: 0), into: &path, used: &used)
        var freeEnds = (0..<rows).filter { degree[$0] < 2 && !used[$0] }.map { Int32($0) }
        while path.count < rows {
            freeEnds.removeAll { used[Int($0)] }
            let tail = path[path.count - 1]
            var best = (-Float.infinity, Int32.max)
            for candidate in freeEnds {
                let value = matrix.cosine(tail, Int(candidate))
                if isCloser(cosine: value, index: candidate, than: best.0, index: best.1) { best = (value, candidate) }
            }
            walk(from: Int(best.1), into: &path, used: &used)
        }
        return path
    }
}

/// Union-find with path halving, for fragment bookkeeping.
struct UnionFind {
    private var parent: [Int32]
    init(count: Int) { parent = (0..<count).map { Int32($0) } }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while Int(parent[x]) != x {
            parent[x] = parent[Int(parent[x])]
            x = Int(parent[x])
        }
        return x
    }

    /// Joins the sets of `a` and `b`; false when they were already one set.
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return false }
        parent[max(ra, rb)] = Int32(min(ra, rb))
        return true
    }
}
