import Synchronization
import Dispatch
import Foundation
import LanguageModel

/// The collapse experiment (sampling spec §4): many long generations per sampler configuration, counting
/// those that collapse, plus each configuration's mean log-likelihood of its own text under the model.
public struct CollapseExperiment: Sendable {
    /// One configuration's outcome.
    public struct Result: Sendable {
        public let configuration: String
        public let texts: Int
        public let collapsed: Int
        /// Distinct-4-gram ratios of the second halves (see `CollapseDetector`).
        public let distinctRatios: [Double]
        /// Mean over texts of the mean per-token log-likelihood (natural log) under the model.
        public let meanLogLikelihood: Double
        /// Mean `Σ I'` over all steps (1 for exact sampling).
        public let meanMass: Double
        /// The first text, decoded, as an example.
        public let example: String
        public var collapsedFraction: Double { Double(collapsed) / Double(max(texts, 1)) }
    }

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

    /// Runs `texts` generations of `tokens` tokens for one sampler configuration; text `i` uses seed `seed + i`.
    /// - Throws: `LanguageModelError` from tokenising or the forward pass.
    public func run(sampler: FeedbackSampler, prompt: String, texts: Int, tokens: Int, seed: UInt64,
                    progress: @Sendable (Int) -> Void = { _ in }) throws -> Result {
        let promptTokens = try tokenizer.encode(prompt)
        let generator = try PolynomialSamplingGenerator(model: model, sampler: sampler, temperature: temperature)
        var outcomes = [(tokens: [Int], logLikelihood: Double, mass: Double)?](repeating: nil, count: texts)
        let failure = Mutex<Error?>(nil)
        let finished = Mutex(0)
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: texts) { index in
                do {
                    var random = SplitMix64(seed: seed &+ UInt64(index))
                    let steps = try generator.generate(promptTokens: promptTokens, count: tokens, using: &random)
                    let ids = steps.map(\.token)
                    let likelihood = try meanLogLikelihood(of: ids, after: promptTokens)
                    shared.pointer[index] = (ids, likelihood, steps.reduce(0) { $0 + $1.mass } / Double(max(steps.count, 1)))
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
                progress(finished.withLock { $0 += 1; return $0 })
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let done = outcomes.compactMap { $0 }
        let ratios = done.map { detector.distinctRatio($0.tokens) }
        return Result(
            configuration: sampler.label, texts: done.count,
            collapsed: ratios.filter { $0 < detector.threshold }.count, distinctRatios: ratios,
            meanLogLikelihood: done.reduce(0) { $0 + $1.logLikelihood } / Double(max(done.count, 1)),
            meanMass: done.reduce(0) { $0 + $1.mass } / Double(max(done.count, 1)),
            example: (try? tokenizer.decode(done.first?.tokens ?? [])) ?? "")
    }

    /// The mean of `log p(token_t | prompt, token_<t)` at temperature 1, fed the *tokens* (not mixtures).
    func meanLogLikelihood(of generated: [Int], after prompt: [Int]) throws -> Double {
        guard !generated.isEmpty else { return 0 }
        var cache = model.makeCache()
        var history = prompt
        var logits = try model.logits(tokens: Array(history.suffix(cache.capacity)), cache: &cache)
        var total = 0.0
        for token in generated {
            let maximum = Double(logits.max()!)
            let logPartition = log(logits.reduce(0.0) { $0 + exp(Double($1) - maximum) }) + maximum
            total += Double(logits[token]) - logPartition
            history.append(token)
            if cache.count == cache.capacity {
                cache.reset()
                logits = try model.logits(tokens: Array(history.suffix(max(1, cache.capacity / 2))), cache: &cache)
            } else {
                logits = try model.logits(token: token, cache: &cache)
            }
        }
        return total / Double(generated.count)
    }
}
