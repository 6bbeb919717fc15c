/// The metrics of the paper (sampling spec §4), for one draw of the polynomial sampler.
public enum SamplingMetrics {
    /// `max_i |I_i − 1[i = k]|`: how far `I` is from the exact one-hot vector of `k`.
    public static func oneHotError(_ oneHot: [Double], exactPosition k: Int) -> Double {
        var worst = 0.0
        for (i, value) in oneHot.enumerated() { worst = max(worst, abs(value - (i == k ? 1 : 0))) }
        return worst
    }

    /// The embedding mixture `Σ_i I_i · E_{π(i)}`: what the encrypted loop feeds back as the next input.
    /// - Parameters:
    ///   - weights: `I` in tour order.
    ///   - ordering: π, position → token id.
    ///   - embedding: row `t` of the embedding table for token `t` (`dimension` values each, row-major).
    public static func embeddingMixture(
        _ weights: [Double], ordering: [Int], embedding: [Float], dimension: Int
    ) -> [Double] {
        var mixture = [Double](repeating: 0, count: dimension)
        for (position, weight) in weights.enumerated() where weight != 0 {
            let row = ordering[position] * dimension
            for j in 0..<dimension { mixture[j] += weight * Double(embedding[row + j]) }
        }
        return mixture
    }

    /// `1 − cos(a, b)`; 1 when either vector is zero.
    public static func cosineDistance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "vectors of different lengths")
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a, b) {
            dot += x * y
            normA += x * x
            normB += y * y
        }
        guard normA > 0, normB > 0 else { return 1 }
        return 1 - dot / (normA * normB).squareRoot()
    }
}
