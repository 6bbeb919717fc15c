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
            let x = (0..<columns).map { Float($0 % 5) - 2 }
            let expected = (0..<rows).map { r in (0..<columns).reduce(Float(0)) { $0 + values[r * columns + $1] * x[$1] } }
            for precision in WeightPrecision.allCases {
                let matrix = try WeightMatrix(rows: rows, columns: columns, values: values, precision: precision)
                // Small integers are exact in Float32 and in bfloat16, and so are their sums here.
                #expect(matrix.multiply(x) == expected, "\(rows)×\(columns) \(precision)")
                #expect(matrix.row(1) == Array(values[columns..<2 * columns]))
            }
        }
        #expect(throws: LanguageModelError.self) { try WeightMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
    }

    @Test func bfloat16RoundsToNearestEven() {
        #expect(BFloat16.bits(1) == 0x3F80)
        #expect(BFloat16.bits(Float(bitPattern: 0x3F80_8000)) == 0x3F80, "a tie rounds to the even pattern")
        #expect(BFloat16.bits(Float(bitPattern: 0x3F81_8000)) == 0x3F82, "a tie rounds to the even pattern")
        #expect(BFloat16.bits(Float(bitPattern: 0x3F80_8001)) == 0x3F81)
        #expect(BFloat16.float(BFloat16.bits(-2.5)) == -2.5)
        #expect(BFloat16.float(BFloat16.bits(.nan)).isNaN)
    }

    @Test func bfloat16ModelStaysCloseToFloat32() throws {
        let exact = TinyModel.bundle.model
        let rounded = try LanguageModelBundle.embedded(precision: .bfloat16).model
        let tokens = try TinyModel.bundle.tokenizer.encode("She was not sorry to be alone.")
        var a = exact.makeCache(), b = rounded.makeCache()
        for token in tokens {
            let la = try exact.logits(token: token, cache: &a), lb = try rounded.logits(token: token, cache: &b)
            let scale = la.map(abs).max()!
            #expect(maximumDifference(la, lb) < 0.05 * scale, "bfloat16 keeps about 3 digits of every weight")
        }
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
