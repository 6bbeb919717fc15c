import Foundation
import LanguageModel

/// The collapse experiment (sampling spec §4): many long generations per sampler configuration, counting
/// those that collapse, plus each configuration's perplexity of its own text under the exact model.
///
/// Texts run in batches through `LlamaModel.generate(batchOf:…)` (one batched forward pass per step for the
/// whole batch). Text `i` of a configuration uses prompt `i mod prompts.count` and seed `seed + i`, so every
/// configuration sees the same prompts and the same draws of r.
public struct CollapseExperiment: Sendable {
    /// One generated text.
    public struct Text: Sendable {
        public let prompt: Int
        public let seed: UInt64
        public let tokens: [Int]
        /// Mean per-token log-likelihood (natural log) of `tokens` under the exact model, fed the tokens.
        public let meanLogLikelihood: Double
        /// Mean `Σ I'` over the steps (1 for exact sampling).
        public let meanMass: Double
    }

    /// One configuration's outcome.
    public struct Result: Sendable {
        public let configuration: String
        public let precision: String
        public let texts: [Text]
        /// Distinct-4-gram ratios of the second halves (see `CollapseDetector`), one per text.
        public let distinctRatios: [Double]
        public let collapsed: Int
        /// Wall-clock seconds for generation and scoring.
        public let seconds: Double
        /// The first text, decoded, as an example.
        public let example: String

        public var textCount: Int { texts.count }
        public var collapsedFraction: Double { Double(collapsed) / Double(max(texts.count, 1)) }
        /// Mean over texts of the mean per-token log-likelihood.
        public var meanLogLikelihood: Double { texts.reduce(0) { $0 + $1.meanLogLikelihood } / Double(max(texts.count, 1)) }
        /// exp(−mean log-likelihood): the perplexity of the configuration's texts under the exact model.
        public var perplexity: Double { Foundation.exp(-meanLogLikelihood) }
        public var meanMass: Double { texts.reduce(0) { $0 + $1.meanMass } / Double(max(texts.count, 1)) }
    }

    /// The paper's three prompts and three of ours (Docs/results.md).
    public static let studyPrompts = [
        "The capital of U.S. is ", "My name is ", "My favorite food is ",
        "It is a truth universally acknowledged", "She walked into the garden and", "The weather today is",
    ]

    public let model: LlamaModel
    public let tokenizer: BPETokenizer
    public let detector: CollapseDetector
    public let temperature: Double

    public init(model: LlamaModel, tokenizer: BPETokenizer, detector: CollapseDetector = CollapseDetector(),
                temperature: Double = 1) {
        self.model = model
        self.tokenizer = tokenizer
        self.detector = detector
        self.temperature = temperature
    }

    /// Runs `texts` generations of `tokens` tokens for one sampler configuration.
    /// - Parameters:
    ///   - sampler: exact or polynomial feedback.
    ///   - precision: the polynomial sampler's simulated arithmetic (ignored by exact sampling).
    ///   - prompts: text `i` continues `prompts[i mod count]`.
    ///   - texts: how many texts.
    ///   - tokens: tokens per text.
    ///   - seed: text `i` draws from `SplitMix64(seed: seed + i)`.
    ///   - batch: texts per batched forward pass.
    ///   - progress: called with the number of texts generated so far.
    /// - Throws: `SamplingExperimentError.invalidArgument` (no prompts, batch < 1); `LanguageModelError` from
    ///   tokenising or the forward pass.
    public func run(
        sampler: FeedbackSampler, precision: SimulationPrecision = .float64, prompts: [String], texts: Int, tokens: Int,
        seed: UInt64, batch: Int = 32, progress: (Int) -> Void = { _ in }
    ) throws -> Result {
        guard !prompts.isEmpty, batch >= 1, texts >= 1, tokens >= 1 else {
            throw SamplingExperimentError.invalidArgument("prompts, texts, tokens and batch must be at least 1")
        }
        let start = Date()
        let encoded = try prompts.map { try tokenizer.encodeForGeneration($0) }
        let generator = try PolynomialSamplingGenerator(
            model: model, sampler: sampler, temperature: temperature, precision: precision)
        var done: [Text] = []
        done.reserveCapacity(texts)
        for first in stride(from: 0, to: texts, by: batch) {
            let indices = Array(first..<min(first + batch, texts))
            let seeds = indices.map { seed &+ UInt64($0) }
            let generated = try generator.generate(
                batchOf: indices.map { encoded[$0 % encoded.count] }, count: tokens, seeds: seeds).steps
            for (offset, index) in indices.enumerated() {
                let steps = generated[offset]
                let ids = steps.map(\.token)
                done.append(Text(
                    prompt: index % encoded.count, seed: seeds[offset], tokens: ids,
                    meanLogLikelihood: try meanLogLikelihood(of: ids, after: encoded[index % encoded.count]),
                    meanMass: steps.reduce(0) { $0 + $1.mass } / Double(max(steps.count, 1))))
            }
            progress(done.count)
        }
        let ratios = done.map { detector.distinctRatio($0.tokens) }
        return Result(
            configuration: sampler.label, precision: sampler.isExact ? "float64" : precision.label, texts: done,
            distinctRatios: ratios, collapsed: ratios.filter { $0 < detector.threshold }.count,
            seconds: Date().timeIntervalSince(start), example: (try? tokenizer.decode(done.first?.tokens ?? [])) ?? "")
    }

    /// The mean of `log p(token_t | prompt, token_<t)` at temperature 1, fed the *tokens* (not mixtures), scored
    /// in batched passes (`LlamaModel.logProbabilities`). A text longer than the context is scored in windows:
    /// each window restarts from the last half-context of tokens before it, as generation rebuilt its cache.
    func meanLogLikelihood(of generated: [Int], after prompt: [Int]) throws -> Double {
        guard !generated.isEmpty else { return 0 }
        let sequence = prompt + generated
        let capacity = model.configuration.contextLength
        var scores: [Double] = []
        var target = prompt.count  // the index in `sequence` of the next token to score
        while target < sequence.count {
            let history = target < capacity ? 0 : target - max(1, capacity / 2)
            let end = min(sequence.count, history + capacity)
            var cache = model.makeCache()
            let window = Array(sequence[history..<end])
            let logs = try model.logProbabilities(of: window, cache: &cache)
            // logs[j] scores window[j + 1] = sequence[history + j + 1]; keep those from `target` on.
            scores += logs[(target - history - 1)...]
            target = end
        }
        return scores.reduce(0, +) / Double(scores.count)
    }
}

extension FeedbackSampler {
    var isExact: Bool { if case .exact = self { true } else { false } }
}
