import Foundation
import Testing
@testable import LanguageModel

/// The batched paths (many sequences per step, whole texts scored at once) against the one-position reference.
@Suite("Batched forward pass")
struct BatchedForwardTests {
    @Test func matrixBatchMatchesExactProducts() throws {
        // 7 vectors: one block of four through dot4 and three through dot; 257 columns leave a scalar tail; 300 rows
        // cross the parallel threshold and span several tiles.
        for (rows, columns, count) in [(3, 5, 1), (300, 257, 7), (40, 1600, 5)] {
            let values = (0..<rows * columns).map { Float(($0 * 7919) % 13) - 6 }
            let x = (0..<count * columns).map { Float(($0 * 31) % 5) - 2 }
            var expected: [Float] = []
            for j in 0..<count {
                for r in 0..<rows {
                    expected.append((0..<columns).reduce(Float(0)) { $0 + values[r * columns + $1] * x[j * columns + $1] })
                }
            }
            for precision in WeightPrecision.allCases {
                let matrix = try WeightMatrix(rows: rows, columns: columns, values: values, precision: precision)
                // Small integers: every partial sum is exact in Float32, so any summation order gives the same bits.
                #expect(matrix.multiply(batch: x, count: count) == expected, "\(rows)×\(columns)×\(count) \(precision)")
            }
        }
    }

    @Test func batchedStepEqualsEachSequenceAlone() throws {
        let model = TinyModel.bundle.model
        let prompts = [[1, 2, 3], [40, 41], [7, 8, 9, 10, 11], [100], [5, 6, 7, 8, 9, 10, 11, 12, 13]]
        var caches = prompts.map { _ in model.makeCache() }
        for (b, prompt) in prompts.enumerated() { _ = try model.logits(tokens: prompt, cache: &caches[b]) }
        var alone = caches
        // Sequences at positions 1…9; one input is a mixture of embeddings, as the sampler feeds back.
        let mixture = zip(try model.embedding(of: 17), try model.embedding(of: 18)).map { 0.75 * $0 + 0.25 * $1 }
        let inputs = try [model.embedding(of: 4), model.embedding(of: 42), mixture, model.embedding(of: 3), model.embedding(of: 0)]
        for round in 0..<3 {
            let batched = try model.logits(batch: inputs, caches: &caches)
            for b in prompts.indices {
                let single = try model.logits(embedding: inputs[b], cache: &alone[b])
                // Measured ≤ 6.7e-6 (logits up to ≈ 12): Float32 rounding of a different summation order.
                #expect(maximumDifference(batched[b], single) < 2e-5, "round \(round), sequence \(b)")
                #expect(caches[b].count == alone[b].count)
            }
        }
    }

    @Test func batchedStepRejectsBadInput() throws {
        let model = TinyModel.bundle.model
        var caches = [model.makeCache(), model.makeCache()]
        let e = try model.embedding(of: 1)
        #expect(throws: LanguageModelError.batchMismatch(inputs: 1, caches: 2)) { try model.logits(batch: [e], caches: &caches) }
        #expect(throws: LanguageModelError.emptyInput) {
            var none: [KVCache] = []
            _ = try model.logits(batch: [], caches: &none)
        }
        #expect(throws: LanguageModelError.embeddingLengthMismatch(expected: 128, found: 3)) {
            try model.logits(batch: [e, [1, 2, 3]], caches: &caches)
        }
        _ = try model.logits(tokens: Array(repeating: 5, count: 128), cache: &caches[1])
        #expect(throws: LanguageModelError.contextFull(contextLength: 128)) { try model.logits(batch: [e, e], caches: &caches) }
        #expect(caches[0].count == 0 && caches[1].count == 128, "a refused batch leaves every cache alone")
    }

    @Test func batchedGenerationEqualsSingleGenerations() throws {
        // 140 steps pass the tiny model's 128-position context, so every sequence is rebuilt once.
        let model = TinyModel.bundle.model
        let prompts = [[1, 2, 3], [40, 41, 42, 43], [100]]
        var policies = try (0..<3).map { try Sampler(temperature: 1, seed: UInt64(10 + $0)) }
        var calls = 0
        let batched = try model.generate(batchOf: prompts, maxTokens: 140, policies: &policies) { steps in
            #expect(steps.count == 3)
            calls += 1
        }
        #expect(calls == 140 && batched.statistics.generatedTokens == 420)
        for (b, prompt) in prompts.enumerated() {
            var policy = try Sampler(temperature: 1, seed: UInt64(10 + b))
            let single = try model.generate(promptTokens: prompt, maxTokens: 140, policy: &policy, stopAt: nil)
            // The same seeded draws on logits that differ by ≤ 1e-5: the tokens agree unless a draw lands within
            // ≈ 1e-6 of a CDF boundary, which none of these 420 does (the test is deterministic).
            #expect(batched.steps[b].map(\.token) == single.steps.map(\.token), "sequence \(b)")
        }
        var mismatched = [try Sampler(temperature: 1, seed: 1)]
        #expect(throws: LanguageModelError.batchMismatch(inputs: 3, caches: 1)) {
            try model.generate(batchOf: prompts, maxTokens: 2, policies: &mismatched)
        }
    }

    @Test func logProbabilitiesEqualOnePositionAtATime() throws {
        let model = TinyModel.bundle.model
        let tokens = (0..<150).map { ($0 * 37 + 11) % 512 }
        var cache = model.makeCache()
        _ = try model.logits(tokens: [1, 2], cache: &cache)
        var scored = cache
        // chunk 16 over 100 tokens: six full chunks and a partial one.
        let batched = try model.logProbabilities(of: Array(tokens.prefix(100)), cache: &scored, chunk: 16)
        #expect(batched.count == 99 && scored.count == 2 + 99)
        var single: [Double] = []
        for t in 0..<99 {
            let logits = try model.logits(token: tokens[t], cache: &cache)
            let maximum = Double(logits.max()!)
            let partition = logits.reduce(0.0) { $0 + exp(Double($1) - maximum) }
            single.append(Double(logits[tokens[t + 1]]) - maximum - log(partition))
        }
        let difference = zip(batched, single).map { abs($0 - $1) }.max()!
        #expect(difference < 2e-5, "measured 6.1e-6")
        #expect(batched.allSatisfy { $0 < 0 })
        var full = model.makeCache()
        #expect(throws: LanguageModelError.contextFull(contextLength: 128)) { try model.logProbabilities(of: tokens, cache: &full) }
    }
}
