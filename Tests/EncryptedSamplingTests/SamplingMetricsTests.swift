import Testing
@testable import EncryptedSampling

@Suite("Sampling metrics")
struct SamplingMetricsTests {
    @Test("one-hot error on hand-computed vectors")
    func oneHotError() {
        #expect(SamplingMetrics.oneHotError([0, 1, 0], exactPosition: 1) == 0)
        #expect(SamplingMetrics.oneHotError([0.1, 0.7, 0.2], exactPosition: 1) == 0.30000000000000004)
        #expect(SamplingMetrics.oneHotError([0.5, 0.5, 0], exactPosition: 2) == 1)
    }

    @Test("embedding mixture follows the ordering; cosine distance")
    func mixture() {
        // Three tokens with 2-d embeddings; the tour visits them as 2, 0, 1.
        let embedding: [Float] = [1, 0, 0, 1, 1, 1]
        let row = { (token: Int) in Array(embedding[(2 * token)..<(2 * token + 2)]) }
        let mixture = SamplingMetrics.embeddingMixture([0.5, 0.25, 0], ordering: [2, 0, 1], dimension: 2, row: row)
        #expect(mixture == [0.75, 0.5])  // 0.5·E₂ + 0.25·E₀
        // A window starting at position 1 holds weights for tokens 0 and 1.
        let window = SamplingMetrics.embeddingMixture([0.5, 1], start: 1, ordering: [2, 0, 1], dimension: 2, row: row)
        #expect(window == [0.5, 1])  // 0.5·E₀ + 1·E₁
        #expect(SamplingMetrics.cosineDistance([1, 0], [1, 0]) == 0)
        #expect(abs(SamplingMetrics.cosineDistance([1, 0], [0, 1]) - 1) < 1e-15)
        #expect(abs(SamplingMetrics.cosineDistance([1, 1], [1, 0]) - (1 - 0.5.squareRoot())) < 1e-15)
        #expect(SamplingMetrics.cosineDistance([0, 0], [1, 0]) == 1)
    }
}
