import Foundation
import Testing
@testable import LanguageModel
import ModelFiles

@Suite("Embedded tiny model")
struct TinyModelTests {
    @Test func configurationFromMetadata() throws {
        let file = try GGUFFile(contentsOf: LanguageModelBundle.embeddedModelURL())
        let c = try LlamaConfiguration(gguf: file)
        #expect(c.vocabularySize == 512)
        #expect(c.embeddingLength == 128)
        #expect(c.blockCount == 3)
        #expect(c.headCount == 4 && c.headCountKV == 2 && c.headDimension == 32)
        #expect(c.feedForwardLength == 384)
        #expect(c.contextLength == 128)
        #expect(c.ropeDimensionCount == 32 && c.ropeFrequencyBase == 10_000)
        #expect(abs(c.rmsNormEpsilon - 1e-5) < 1e-12)
        #expect(file.tensors.count == 2 + 9 * 3)
        #expect(file.string("tokenizer.ggml.model") == "gpt2")
        #expect(TinyModel.bundle.model.weights.output == nil, "the tiny model ties its head to the embedding")
        let size = try FileManager.default.attributesOfItem(atPath: LanguageModelBundle.embeddedModelURL().path)[.size] as! Int
        #expect(size <= 4 << 20)
    }

    @Test func nonlinearityRangesRecorded() {
        let ranges = TinyModel.bundle.nonlinearityRanges
        for layer in 0..<3 {
            for name in ["attn_norm.mean_square", "ffn_norm.mean_square", "attn_scores", "silu_input"] {
                let range = ranges["blk.\(layer).\(name)"]
                #expect(range != nil, "blk.\(layer).\(name)")
                #expect((range?.upperBound ?? 0) > (range?.lowerBound ?? 0))
            }
        }
        #expect(ranges["output_norm.mean_square"] != nil)
        #expect(ranges["logits"] != nil)
        #expect(ranges["blk.0.attn_norm.mean_square"].map { $0.lowerBound > 0 } == true, "mean squares are positive")
    }

    @Test func logitsMatchTrainingScript() throws {
        let reference = try TinyModelReference.load()
        let bundle = TinyModel.bundle
        #expect(try bundle.tokenizer.encode(reference.prompt) == reference.token_ids)
        var cache = bundle.model.makeCache()
        var first: [Float] = []
        var last: [Float] = []
        for (position, token) in reference.token_ids.enumerated() {
            last = try bundle.model.logits(token: token, cache: &cache)
            if position == 0 { first = last }
        }
        #expect(last.count == reference.last_logits.count)
        #expect(maximumDifference(last, reference.last_logits) < 1e-3)
        #expect(maximumDifference(Array(first.prefix(8)), reference.first_position_logits_head) < 1e-3)
        let sum = last.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - reference.last_logits_sum) < 1e-2)
    }

    @Test func greedyContinuationMatchesTrainingScript() throws {
        let reference = try TinyModelReference.load()
        let bundle = TinyModel.bundle
        var sampler = try Sampler(temperature: 0, seed: 0)
        var cache = bundle.model.makeCache()
        var logits = try bundle.model.logits(tokens: reference.token_ids, cache: &cache)
        var generated: [Int] = []
        for _ in reference.greedy_continuation_ids {
            let token = sampler.sample(logits)
            generated.append(token)
            logits = try bundle.model.logits(token: token, cache: &cache)
        }
        #expect(generated == reference.greedy_continuation_ids)
    }

    @Test func cachedLogitsEqualFullRecompute() throws {
        let bundle = TinyModel.bundle
        let tokens = try bundle.tokenizer.encode("Mr. Knightley was a sensible man, about seven or eight and thirty.")
        let full = try bundle.model.logitsForEveryPosition(of: tokens)
        var cache = bundle.model.makeCache()
        for (position, token) in tokens.enumerated() {
            let incremental = try bundle.model.logits(token: token, cache: &cache)
            #expect(maximumDifference(incremental, full[position]) < 1e-4, "position \(position)")
        }
        #expect(cache.count == tokens.count)
    }

    @Test func batchedPromptEqualsTokenByToken() throws {
        let bundle = TinyModel.bundle
        let first = try bundle.tokenizer.encode("Her mother had died too long ago")
        let second = try bundle.tokenizer.encode(" for her to have more than an indistinct remembrance.")
        var batched = bundle.model.makeCache(), single = bundle.model.makeCache()
        for part in [first, second] {  // the second batch starts at a non-zero position
            let a = try bundle.model.logits(tokens: part, cache: &batched)
            var b: [Float] = []
            for token in part { b = try bundle.model.logits(token: token, cache: &single) }
            #expect(maximumDifference(a, b) < 1e-4)
        }
        #expect(batched.count == single.count)
        #expect(maximumDifference(try bundle.model.logits(token: 7, cache: &batched),
                                  try bundle.model.logits(token: 7, cache: &single)) < 1e-4)
        #expect(throws: LanguageModelError.contextFull(contextLength: 128)) {
            try bundle.model.logits(tokens: Array(repeating: 5, count: 128), cache: &batched)
        }
        #expect(batched.count == single.count, "a prompt that does not fit leaves the cache alone")
    }

    @Test func forkedCacheContinuesIndependently() throws {
        let model = TinyModel.bundle.model
        var cache = model.makeCache()
        _ = try model.logits(tokens: [10, 20, 30], cache: &cache)
        var fork = cache
        let a = try model.logits(token: 40, cache: &cache)
        let b = try model.logits(token: 40, cache: &fork)
        #expect(a == b)
        cache.reset()
        #expect(cache.count == 0 && fork.count == 4)
    }

    @Test func embeddingInputEqualsTokenInput() throws {
        let model = TinyModel.bundle.model
        var byToken = model.makeCache(), byEmbedding = model.makeCache()
        for token in [0, 70, 365, 511] {
            let a = try model.logits(token: token, cache: &byToken)
            let b = try model.logits(embedding: model.embedding(of: token), cache: &byEmbedding)
            #expect(a == b)
        }
        // A mixture of embeddings (what the encrypted sampler feeds back) runs too and moves the logits.
        let mixture = zip(try model.embedding(of: 70), try model.embedding(of: 365)).map { 0.9 * $0 + 0.1 * $1 }
        var fork = byToken
        let mixed = try model.logits(embedding: mixture, cache: &byToken)
        let pure = try model.logits(token: 70, cache: &fork)
        #expect(mixed.allSatisfy(\.isFinite) && maximumDifference(mixed, pure) > 0)
    }

    @Test func badInputsThrow() throws {
        let model = TinyModel.bundle.model
        var cache = model.makeCache()
        #expect(throws: LanguageModelError.tokenOutOfRange(512, vocabularySize: 512)) {
            try model.logits(token: 512, cache: &cache)
        }
        #expect(throws: LanguageModelError.embeddingLengthMismatch(expected: 128, found: 3)) {
            try model.logits(embedding: [1, 2, 3], cache: &cache)
        }
        #expect(throws: LanguageModelError.emptyInput) { try model.logits(tokens: [], cache: &cache) }
        #expect(cache.count == 0)
        _ = try model.logits(tokens: Array(repeating: 5, count: 128), cache: &cache)
        #expect(throws: LanguageModelError.contextFull(contextLength: 128)) {
            try model.logits(token: 5, cache: &cache)
        }
    }

    @Test func generatorStreamsTheTextItReturns() throws {
        let bundle = TinyModel.bundle
        let generator = TextGenerator(model: bundle.model, tokenizer: bundle.tokenizer)
        var sampler = try Sampler(temperature: 0.8, seed: 7)
        var streamed = ""
        // More tokens than the 128-position context: the generator slides its window.
        let (tokens, statistics) = try generator.generate(prompt: "Emma", maxTokens: 200, sampler: &sampler) { _, text in
            streamed += text
        }
        #expect(statistics.promptTokens == (try bundle.tokenizer.encode("Emma")).count)
        #expect(statistics.generatedTokens == tokens.count && tokens.count > 0)
        let expected = try bundle.tokenizer.decode(tokens.filter { $0 != bundle.tokenizer.endOfSequence })
        #expect(streamed == expected)
        // A prompt longer than the context keeps its most recent tokens instead of failing.
        var greedy = try Sampler(temperature: 0, seed: 0)
        let long = try generator.generate(prompt: String(repeating: "Emma said so. ", count: 40), maxTokens: 3, sampler: &greedy)
        #expect(long.statistics.promptTokens > 128 && long.tokens.count == 3)
        var again = try Sampler(temperature: 0.8, seed: 7)
        #expect(try generator.generate(prompt: "Emma", maxTokens: 200, sampler: &again).tokens == tokens)
    }
}
