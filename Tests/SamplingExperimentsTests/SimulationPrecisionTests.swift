import EncryptedSampling
import Foundation
import LanguageModel
import Testing
import TokenOrdering
@testable import SamplingExperiments

/// The simulation's precision modes, the collapse study's measures and the noise measurement.
@Suite("Simulation precision and collapse measures")
struct SimulationPrecisionTests {
    static let bundle = try! LanguageModelBundle.embedded()

    @Test("binary16 rounding: known values, subnormals, overflow, and agreement with Float16 where Swift has it")
    func binary16() {
        #expect(Binary16.rounded(1) == 1)
        #expect(Binary16.rounded(1.0 / 3) == 0.333251953125)
        #expect(Binary16.rounded(65_504) == 65_504 && Binary16.rounded(65_520) == .infinity)
        #expect(Binary16.rounded(-65_519) == -65_504)
        #expect(Binary16.rounded(0x1p-24) == 0x1p-24, "the smallest subnormal")
        #expect(Binary16.rounded(0x1p-25) == 0, "a tie at half the smallest subnormal rounds to even: 0")
        #expect(Binary16.rounded(0x1.8p-25) == 0x1p-24)
        #expect(Binary16.rounded(1 + 0x1p-11) == 1, "a tie between 1 and 1 + 2^-10 rounds to even")
        #expect(Binary16.rounded(1 + 0x1.8p-11) == 1 + 0x1p-10)
        #expect(Binary16.rounded(-0.1) == -Binary16.rounded(0.1))
        #if !(os(macOS) && arch(x86_64))
        var random = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let exponent = Int(random.next() % 44) - 30
            let value = Float(Sampler.uniform(using: &random) * Double(sign: .plus, exponent: exponent, significand: 1))
            #expect(Binary16.rounded(Double(value)) == Double(Float16(value)), "\(value)")
        }
        #endif
    }

    @Test("fp16 distribution: renormalised, and the tail below 2^-25 exactly zero")
    func fp16Distribution() {
        let p = Sampler.softmax((0..<512).map { Float(-$0) / 16 })
        let rounded = Binary16.roundedDistribution(p)
        #expect(abs(rounded.reduce(0, +) - 1) < 1e-12)
        #expect(zip(p, rounded).allSatisfy { ($0 < 0x1p-25) == ($1 == 0) }, "exactly the values below 2^-25 vanish")
        #expect(rounded.filter { $0 == 0 }.count == p.filter { $0 < 0x1p-25 }.count)
        #expect(rounded.filter { $0 == 0 }.count > 100, "this tail underflows")
    }

    @Test("the CKKS noise model: zero noise equals float64 step for step; its draws of r are float64's; seeded")
    func noiseModel() throws {
        let model = Self.bundle.model
        let prompt = try Self.bundle.tokenizer.encode("She said")
        let sampler = FeedbackSampler.polynomial(ordering: .identity(count: model.configuration.vocabularySize), postProcess: true)
        func run(_ precision: SimulationPrecision, seed: UInt64 = 5) throws -> [GenerationStep] {
            var random = SplitMix64(seed: seed)
            return try PolynomialSamplingGenerator(model: model, sampler: sampler, temperature: 1, precision: precision)
                .generate(promptTokens: prompt, count: 30, using: &random, noiseSeed: seed)
        }
        let float64 = try run(.float64)
        let silent = try run(.ckksNoise(CKKSNoiseModel(logits: 0, probabilities: 0, prefixSums: 0, embedding: 0)))
        #expect(silent.map(\.token) == float64.map(\.token) && silent.map(\.input) == float64.map(\.input))
        let loud = CKKSNoiseModel(logits: 1e-3, probabilities: 1e-6, prefixSums: 1e-5, embedding: 1e-3)
        let noisy = try run(.ckksNoise(loud)), again = try run(.ckksNoise(loud))
        #expect(noisy.map(\.input) == again.map(\.input), "the same seed gives the same noise")
        #expect(noisy.map(\.input) != float64.map(\.input), "noise of this size changes every fed-back embedding")
        // The embedding noise alone leaves the first token (drawn before any noisy input) as float64's.
        #expect(noisy.first?.token == float64.first?.token)
        #expect(loud.scaled(by: 2) == CKKSNoiseModel(logits: 2e-3, probabilities: 2e-6, prefixSums: 2e-5, embedding: 2e-3))
    }

    @Test("Wilson intervals: known values, empty and full counts stay inside [0, 1]")
    func wilson() {
        let interval = ProportionInterval.wilson(successes: 19, trials: 100)
        #expect(abs(interval.lowerBound - 0.1252) < 1e-4 && abs(interval.upperBound - 0.2778) < 1e-4)
        let none = ProportionInterval.wilson(successes: 0, trials: 100)
        #expect(none.lowerBound == 0 && abs(none.upperBound - 0.0370) < 1e-4)
        let all = ProportionInterval.wilson(successes: 7, trials: 7)
        #expect(all.upperBound == 1 && all.lowerBound > 0.6)
    }

    @Test("the marker token: the one polynomial texts repeat ≥ 3 times and exact texts never do")
    func marker() {
        func result(_ configuration: String, _ texts: [[Int]]) -> CollapseExperiment.Result {
            CollapseExperiment.Result(
                configuration: configuration, precision: "float64",
                texts: texts.map { .init(prompt: 0, seed: 0, tokens: $0, meanLogLikelihood: -1, meanMass: 1) },
                distinctRatios: texts.map { _ in 1 }, collapsed: 0, seconds: 0, example: "")
        }
        // Token 1 is common everywhere; 9 fills two polynomial texts; 8 fills one, and an exact text too.
        let results = [
            result("exact", [[1, 1, 1, 2, 3], [1, 1, 1, 8, 8, 8]]),
            result("identity", [[1, 1, 1, 9, 9, 9], [9, 4, 9, 9], [8, 8, 8]]),
            result("greedy+PP", [[1, 2, 3, 9, 9]]),
        ]
        let measure = MarkerTokenMeasure(results: results)
        #expect(measure.marker == 9)
        #expect(results.map(measure.corruptedCount) == [0, 2, 0])
        #expect(MarkerTokenMeasure(results: [results[0]]).marker == nil)
        #expect(!MarkerTokenMeasure(results: [results[0]]).isCorrupted([1, 1, 1]))
    }

    @Test("collapse experiment: batches of any size give the same texts; prompts alternate; perplexity = exp(−loglik)")
    func collapseBatches() throws {
        let experiment = CollapseExperiment(model: Self.bundle.model, tokenizer: Self.bundle.tokenizer)
        let sampler = FeedbackSampler.polynomial(
            ordering: .identity(count: Self.bundle.model.configuration.vocabularySize), postProcess: true)
        let prompts = ["She said", "The cat"]
        let one = try experiment.run(sampler: sampler, prompts: prompts, texts: 5, tokens: 24, seed: 3, batch: 1)
        let many = try experiment.run(sampler: sampler, prompts: prompts, texts: 5, tokens: 24, seed: 3, batch: 4)
        #expect(one.texts.map(\.tokens) == many.texts.map(\.tokens))
        #expect(one.texts.map(\.prompt) == [0, 1, 0, 1, 0] && one.texts.map(\.seed) == [3, 4, 5, 6, 7])
        #expect(abs(one.perplexity - exp(-one.meanLogLikelihood)) < 1e-12 && one.perplexity > 1)
        // The batched scoring against one-at-a-time log-softmax of the tokens.
        let text = one.texts[0]
        var cache = Self.bundle.model.makeCache()
        var logits = try Self.bundle.model.logits(tokens: try Self.bundle.tokenizer.encodeForGeneration(prompts[0]), cache: &cache)
        var total = 0.0
        for token in text.tokens {
            total += Sampler.logSoftmax(logits, at: token)
            logits = try Self.bundle.model.logits(token: token, cache: &cache)
        }
        #expect(abs(total / Double(text.tokens.count) - text.meanLogLikelihood) < 1e-5)
    }

    @Test("the encrypted sampler's noise per stage (INSECURE N = 2^12, real bootstrapping): present and bounded")
    func measuredNoise() throws {
        let model = Self.bundle.model
        let texts = ["It is a truth universally acknowledged, that a single man in possession of a good fortune"]
        let distributions = try texts.flatMap { try model.logitsForEveryPosition(of: Self.bundle.tokenizer.encodeForGeneration($0)) }
        let softmax = try SoftmaxParameters.calibrated(logits: distributions, temperature: 1)
        let measurement = SamplerNoiseMeasurement(
            distributions: distributions, table: model.weights.tokenEmbedding,
            ordering: .identity(count: model.configuration.vocabularySize), softmax: softmax)
        let statistics = try measurement.run(preset: .insecureTest, runs: 1, seed: 2)
        let byStage = Dictionary(uniqueKeysWithValues: statistics.map { ($0.stage, $0) })
        for stage in statistics { print("noise \(stage.stage): rms \(stage.rootMeanSquare), max \(stage.maximum), \(stage.count) values") }
        // Measured rms in two runs (the keys are fresh each run): probabilities 2.2e-8 / 3.8e-8, prefix sums
        // 7.3e-7 / 4.8e-7, embedding 1.0e-9 / 1.4e-9, one-hot off the window 2.0e-10 / 1.9e-10, prefix sums in all
        // 7.2e-7 / 6.0e-7, step input 1.5e-6. Bounds 2–3 bits above; each must also be non-zero.
        let bounds = ["probabilities": 2e-7, "prefix sums": 4e-6, "embedding": 8e-9, "one-hot, off window": 1.5e-9,
                      "prefix sums, in all": 4e-6, "step input": 1.2e-5]
        for (stage, bound) in bounds {
            let statistic = try #require(byStage[stage])
            #expect(statistic.rootMeanSquare > 0 && statistic.rootMeanSquare < bound, "\(stage): \(statistic.rootMeanSquare)")
            #expect(statistic.count > 0)
        }
        let noise = SamplerNoiseMeasurement.noiseModel(from: statistics, logits: 1e-4)
        #expect(noise.logits == 1e-4 && noise.prefixSums == byStage["step input"]!.rootMeanSquare)
    }
}
