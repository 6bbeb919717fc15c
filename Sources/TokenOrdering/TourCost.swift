/// The quality of an ordering: Σ (1 − cos) over consecutive tokens of the open path.
public enum TourCost {
    /// Σ over consecutive positions of the cosine distance, accumulated in `Double`.
    /// - Parameters:
    ///   - permutation: position → token id.
    ///   - matrix: the embeddings.
    public static func cost(of permutation: [Int], in matrix: EmbeddingMatrix) -> Double {
        guard permutation.count > 1 else { return 0 }
        var total = 0.0
        for position in 1..<permutation.count {
            total += Double(matrix.distance(permutation[position - 1], permutation[position]))
        }
        return total
    }

    /// The paper's "embedding loss": 1 − mean cosine of consecutive tokens = cost / (V − 1).
    public static func embeddingLoss(cost: Double, rowCount: Int) -> Double {
        rowCount > 1 ? cost / Double(rowCount - 1) : 0
    }

    /// Whether `permutation` holds each of `0..<count` exactly once.
    public static func isPermutation(_ permutation: [Int], count: Int) -> Bool {
        guard permutation.count == count else { return false }
        var seen = [Bool](repeating: false, count: count)
        for token in permutation {
            guard token >= 0, token < count, !seen[token] else { return false }
            seen[token] = true
        }
        return true
    }
}
