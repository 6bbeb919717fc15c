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
        let mixture = SamplingMetrics.embeddingMixture([0.5, 0.25, 0], ordering: [2, 0, 1], embedding: embedding, dimension: 2)
        #expect(mixture == [0.75, 0.5])  // 0.5·E₂ + 0.25·E₀
        #expect(SamplingMetrics.cosineDistance([1, 0], [1, 0]) == 0)
        #expect(abs(SamplingMetrics.cosineDistance([1, 0], [0, 1]) - 1) < 1e-15)
        #expect(abs(SamplingMetrics.cosineDistance([1, 1], [1, 0]) - (1 - 0.5.squareRoot())) < 1e-15)
        #expect(SamplingMetrics.cosineDistance([0, 0], [1, 0]) == 1)
    }
}
