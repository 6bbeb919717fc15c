import EncryptedSampling
import LanguageModel
import TokenOrdering

/// How the next input is chosen during generation.
public enum FeedbackSampler: Sendable {
    /// Exact inverse-CDF sampling of the token (or greedy decoding at temperature 0); its embedding row is fed back.
    case exact
    /// The polynomial sampler in a vocabulary ordering, optionally post-processed; the *embedding mixture*
    /// `Σ I'_i E_{π(i)}` is fed back as the next input, exactly as the encrypted loop will do.
    case polynomial(ordering: VocabularyOrdering, postProcess: Bool)

    /// A short label such as `exact`, `identity`, `greedy+PP`.
    public var label: String {
        switch self {
        case .exact: "exact"
        case .polynomial(let ordering, let postProcess): ordering.name + (postProcess ? "+PP" : "")
        }
    }
}

/// Text generation in plaintext with the sampler of the encrypted pipeline (sampling spec §2.6).
///
/// This is the plaintext simulation the encrypted loop is held against: the model runs in Float32 and the
/// sampler in double precision. With `.polynomial`, the token shown to the user is `π(argmax I')`, but the
/// model continues from the mixture of embeddings — so errors of the approximate one-hot vector accumulate
/// just as they would under encryption. The loop itself is the language model's; this type only
/// supplies the policy (`FeedbackPolicy`) to `LlamaModel.generate`.
public struct PolynomialSamplingGenerator: Sendable {
    public let model: LlamaModel
    public let sampler: FeedbackSampler
    public let temperature: Double
    /// The simulated arithmetic of the polynomial sampler (exact sampling always runs in float64: the baseline).
    public let precision: SimulationPrecision

    /// - Parameters:
    ///   - model: the language model.
    ///   - sampler: exact or polynomial feedback.
    ///   - temperature: softmax temperature; 0 means greedy decoding (exact sampler only).
    ///   - precision: how the polynomial sampler's arithmetic is simulated (default float64).
    /// - Throws: `SamplingExperimentError.invalidArgument` for a negative temperature, temperature 0 with
    ///   the polynomial sampler, or an ordering of the wrong size.
    public init(
        model: LlamaModel, sampler: FeedbackSampler, temperature: Double, precision: SimulationPrecision = .float64
    ) throws {
        guard temperature >= 0, temperature.isFinite else {
            throw SamplingExperimentError.invalidArgument("temperature \(temperature) must be ≥ 0")
        }
        if case .polynomial(let ordering, _) = sampler {
            guard temperature > 0 else {
                throw SamplingExperimentError.invalidArgument("the polynomial sampler needs a temperature above 0")
            }
            guard ordering.permutation.count == model.configuration.vocabularySize else {
                throw SamplingExperimentError.invalidArgument(
                    "ordering of \(ordering.permutation.count) tokens for a vocabulary of \(model.configuration.vocabularySize)")
            }
        }
        self.model = model
        self.sampler = sampler
        self.temperature = temperature
        self.precision = precision
    }

    /// The policy of one sequence: `r` from `generator`, the noise model's deviates from a generator derived
    /// from `seed`, so the draws of r are the same in every precision mode.
    func policy<G: RandomNumberGenerator>(generator: G, seed: UInt64) -> FeedbackPolicy<G> {
        FeedbackPolicy(sampler: sampler, temperature: temperature, precision: precision,
                       table: model.weights.tokenEmbedding, generator: generator,
                       noise: GaussianNoise(seed: seed ^ 0x9E37_79B9_7F4A_7C15))
    }

    /// Generates `count` steps after `promptTokens`.
    /// - Parameters:
    ///   - promptTokens: the prompt's token ids (at least one).
    ///   - count: how many tokens to generate (no early stop: the encrypted server cannot see EOS).
    ///   - generator: the source of `r`.
    ///   - onStep: called after every step.
    /// - Throws: `LanguageModelError` from the forward pass.
    ///   - noiseSeed: seeds the CKKS noise model's deviates (unused in the other modes).
    public func generate<G: RandomNumberGenerator>(
        promptTokens: [Int], count: Int, using generator: inout G, noiseSeed: UInt64 = 0,
        onStep: (GenerationStep) -> Void = { _ in }
    ) throws -> [GenerationStep] {
        var policy = policy(generator: generator, seed: noiseSeed)
        defer { generator = policy.generator }
        return try model.generate(promptTokens: promptTokens, maxTokens: count, policy: &policy, stopAt: nil, onStep: onStep)
            .steps
    }
}

extension PolynomialSamplingGenerator {
    /// `generate(promptTokens:count:using:)` for many sequences in lockstep, one batched forward pass per step
    /// (`LlamaModel.generate(batchOf:maxTokens:policies:onStep:)`): sequence `i` draws its `r` from
    /// `SplitMix64(seed: seeds[i])` (and its noise from `seeds[i]`), so it makes the same choices as a lone
    /// generation with that generator and `noiseSeed: seeds[i]`, up to the Float32 rounding of the batched products.
    /// - Parameters:
    ///   - prompts: each sequence's prompt token ids.
    ///   - count: steps per sequence.
    ///   - seeds: one seed per sequence.
    ///   - onStep: called after every batched step.
    /// - Throws: `LanguageModelError` from the forward pass (`.batchMismatch` when the counts differ).
    public func generate(
        batchOf prompts: [[Int]], count: Int, seeds: [UInt64], onStep: ([GenerationStep]) -> Void = { _ in }
    ) throws -> (steps: [[GenerationStep]], statistics: GenerationStatistics) {
        var policies = seeds.map { policy(generator: SplitMix64(seed: $0), seed: $0) }
        return try model.generate(batchOf: prompts, maxTokens: count, policies: &policies, onStep: onStep)
    }
}

/// The next-input policy of `PolynomialSamplingGenerator`: exact sampling feeds the token back; the polynomial
/// sampler feeds `Σ I'_i E_π(i)` back and shows `π(argmax I')`.
struct FeedbackPolicy<G: RandomNumberGenerator>: NextInputPolicy {
    let sampler: FeedbackSampler
    let temperature: Double
    let precision: SimulationPrecision
    let table: WeightMatrix
    var generator: G
    var noise: GaussianNoise

    mutating func next(logits: [Float]) throws -> GenerationStep {
        switch sampler {
        case .exact:
            let token = temperature == 0
                ? Sampler.argmax(logits)
                : Sampler.inverseCDF(
                    prefix: Sampler.prefixSums(Sampler.softmax(logits, temperature: temperature)),
                    r: Sampler.uniform(using: &generator))
            return GenerationStep(token: token, input: .token(token))
        case .polynomial(let ordering, let postProcess):
            let r = Sampler.uniform(using: &generator)
            let configuration = SamplerConfiguration(postProcess: postProcess)
            let draw: SparsePolynomialSampler.Draw
            var noiseOnEmbedding = 0.0
            switch precision {
            case .float64:
                let p = ordering.reordered(Sampler.softmax(logits, temperature: temperature))
                draw = SparsePolynomialSampler(probabilities: p, configuration: configuration).sample(r: r)
            case .fp16Probabilities:
                let p = ordering.reordered(Binary16.roundedDistribution(Sampler.softmax(logits, temperature: temperature)))
                draw = SparsePolynomialSampler(probabilities: p, configuration: configuration).sample(r: r)
            case .ckksNoise(let model):
                let noisyLogits = noise.perturbed(logits.map(Double.init), deviation: model.logits).map(Float.init)
                let p = noise.perturbed(
                    ordering.reordered(Sampler.softmax(noisyLogits, temperature: temperature)), deviation: model.probabilities)
                let c = noise.perturbed(Sampler.prefixSums(p), deviation: model.prefixSums)
                // The encrypted sampler compares c with r·Σe, its own (noisy) total.
                draw = SparsePolynomialSampler(prefixSums: c, configuration: configuration).sample(r: r * c[c.count - 1])
                noiseOnEmbedding = model.embedding
            }
            var mixture = EmbeddingMixture.mix(draw.output, start: draw.start, ordering: ordering, table: table)
            mixture = noise.perturbed(mixture, deviation: noiseOnEmbedding)
            return GenerationStep(
                token: ordering.permutation[draw.decodedPosition], input: .embedding(mixture.map(Float.init)),
                mass: draw.output.reduce(0, +))
        }
    }
}

/// The embedding mixture of a window of weights, reading the table's rows (any storage precision).
enum EmbeddingMixture {
    static func mix(_ weights: [Double], start: Int, ordering: VocabularyOrdering, table: WeightMatrix) -> [Double] {
        SamplingMetrics.embeddingMixture(
            weights, start: start, ordering: ordering.permutation, dimension: table.columns, row: table.row)
    }
}
