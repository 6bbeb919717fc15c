import Foundation
import Testing
@testable import LanguageModel

@Suite("Forward-pass pieces")
struct LayerTests {
    @Test func ropeRotatesInterleavedPairs() {
        let rope = RotaryEmbedding(dimensionCount: 4, headDimension: 6, base: 100)
        var vector: [Float] = [1, 0, 1, 0, 7, 8, 0, 1, 0, 1, 7, 8]  // two heads
        let (cos, sin) = rope.angles(at: 1)
        rope.rotate(&vector, heads: 2, cos: cos, sin: sin)
        // Pair (0,1) turns by 1 radian, pair (2,3) by 100^(-1/2) = 0.1 radian; dimensions 4, 5 stay.
        let expected: [Float] = [
            Float(Foundation.cos(1.0)), Float(Foundation.sin(1.0)), Float(Foundation.cos(0.1)), Float(Foundation.sin(0.1)), 7, 8,
            -Float(Foundation.sin(1.0)), Float(Foundation.cos(1.0)), -Float(Foundation.sin(0.1)), Float(Foundation.cos(0.1)), 7, 8,
        ]
        #expect(maximumDifference(vector, expected) < 1e-6)
        var unchanged: [Float] = [1, 2, 3, 4, 5, 6]
        let zero = rope.angles(at: 0)
        rope.rotate(&unchanged, heads: 1, cos: zero.cos, sin: zero.sin)
        #expect(unchanged == [1, 2, 3, 4, 5, 6])
    }

    @Test func rmsNormMatchesDefinition() {
        let out = VectorKernels.rmsNorm([3, 4], weight: [1, 2], epsilon: 0)
        let rms = Float((12.5).squareRoot())
        #expect(maximumDifference(out, [3 / rms, 8 / rms]) < 1e-6)
    }

    @Test func matrixVectorOnBothPaths() throws {
        // 300 × 257 crosses the parallel threshold and leaves a scalar tail in every row.
        for (rows, columns) in [(3, 5), (300, 257)] {
            let values = (0..<rows * columns).map { Float(($0 * 7919) % 13) - 6 }
            let matrix = try WeightMatrix(rows: rows, columns: columns, values: values)
            let x = (0..<columns).map { Float($0 % 5) - 2 }
            let expected = (0..<rows).map { r in (0..<columns).reduce(Float(0)) { $0 + values[r * columns + $1] * x[$1] } }
            #expect(matrix.multiply(x) == expected, "\(rows)×\(columns): small integers are exact in Float")
        }
        #expect(throws: LanguageModelError.self) { try WeightMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
    }

    @Test func untiedHeadEqualToEmbeddingGivesTiedLogits() throws {
        let tied = TinyModel.bundle.model
        var weights = tied.weights
        weights.output = weights.tokenEmbedding
        let untied = try LlamaModel(configuration: tied.configuration, weights: weights)
        var a = tied.makeCache(), b = untied.makeCache()
        #expect(try tied.logits(tokens: [3, 1, 4], cache: &a) == untied.logits(tokens: [3, 1, 4], cache: &b))
    }

    @Test func inconsistentConfigurationsThrow() throws {
        #expect(throws: LanguageModelError.self) {
            try LlamaConfiguration(vocabularySize: 8, embeddingLength: 10, blockCount: 1, feedForwardLength: 4,
                                   headCount: 3, headCountKV: 1, contextLength: 8)
        }
        #expect(throws: LanguageModelError.self) {
            try LlamaConfiguration(vocabularySize: 8, embeddingLength: 12, blockCount: 1, feedForwardLength: 4,
                                   headCount: 3, headCountKV: 2, contextLength: 8)
        }
        let tiny = TinyModel.bundle.model
        var weights = tiny.weights
        weights.layers.removeLast()
        #expect(throws: LanguageModelError.self) { try LlamaModel(configuration: tiny.configuration, weights: weights) }
    }
}
