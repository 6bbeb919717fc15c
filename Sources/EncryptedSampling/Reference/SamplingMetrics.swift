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
    ///   - weights: `I` in tour order, or a window of it starting at position `start` (zero elsewhere).
    ///   - start: the tour position of `weights[0]`.
    ///   - ordering: π, position → token id.
    ///   - dimension: the embedding length.
    ///   - row: the embedding of a token id (`dimension` values); only rows with non-zero weight are read.
    public static func embeddingMixture(
        _ weights: [Double], start: Int = 0, ordering: [Int], dimension: Int, row: (Int) -> [Float]
    ) -> [Double] {
        var mixture = [Double](repeating: 0, count: dimension)
        for (offset, weight) in weights.enumerated() where weight != 0 {
            for (j, value) in row(ordering[start + offset]).enumerated() { mixture[j] += weight * Double(value) }
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
