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
/// just as they would under encryption.
public struct PolynomialSamplingGenerator: Sendable {
    public let model: LlamaModel
    public let sampler: FeedbackSampler
    public let temperature: Double

    /// - Parameters:
    ///   - model: the language model.
    ///   - sampler: exact or polynomial feedback.
    ///   - temperature: softmax temperature; 0 means greedy decoding (exact sampler only).
    /// - Throws: `SamplingExperimentError.invalidArgument` for a negative temperature, temperature 0 with
    ///   the polynomial sampler, or an ordering of the wrong size.
    public init(model: LlamaModel, sampler: FeedbackSampler, temperature: Double) throws {
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
    }

    /// One generated step.
    public struct Step: Sendable {
        /// The token the client decodes.
        public let token: Int
        /// `Σ I'` (1 for exact sampling).
        public let mass: Double
    }

    /// Generates `count` tokens after `promptTokens`.
    /// - Parameters:
    ///   - promptTokens: the prompt's token ids (at least one).
    ///   - count: how many tokens to generate (no early stop: the encrypted server cannot see EOS).
    ///   - generator: the source of `r`.
    ///   - onStep: called after every step.
    /// - Throws: `LanguageModelError` from the forward pass.
    public func generate<G: RandomNumberGenerator>(
        promptTokens: [Int], count: Int, using generator: inout G, onStep: (Step) -> Void = { _ in }
    ) throws -> [Step] {
        guard !promptTokens.isEmpty else { throw LanguageModelError.emptyInput }
        var cache = model.makeCache()
        // Inputs fed so far, so the cache can be rebuilt from a recent window when the context fills.
        var inputs: [[Float]] = try promptTokens.map { try model.embedding(of: $0) }
        var logits: [Float] = []
        for input in inputs.suffix(cache.capacity) { logits = try model.logits(embedding: input, cache: &cache) }
        let table = model.weights.tokenEmbedding
        var steps: [Step] = []
        for _ in 0..<count {
            let (step, nextInput) = try choose(logits, table: table, using: &generator)
            steps.append(step)
            onStep(step)
            inputs.append(nextInput)
            if cache.count == cache.capacity {
                cache.reset()
                for input in inputs.suffix(max(1, cache.capacity / 2)) {
                    logits = try model.logits(embedding: input, cache: &cache)
                }
            } else {
                logits = try model.logits(embedding: nextInput, cache: &cache)
            }
        }
        return steps
    }

    private func choose<G: RandomNumberGenerator>(
        _ logits: [Float], table: WeightMatrix, using generator: inout G
    ) throws -> (Step, [Float]) {
        switch sampler {
        case .exact:
            let token: Int
            if temperature == 0 {
                token = ExactSampler.argmax(logits.map(Double.init))
            } else {
                let prefix = Distribution.prefixSums(Distribution.softmax(logits, temperature: temperature))
                token = ExactSampler.inverseCDF(prefix: prefix, r: uniformUnitInterval(using: &generator))
            }
            return (Step(token: token, mass: 1), table.row(token))
        case .polynomial(let ordering, let postProcess):
            let p = Distribution.reordered(Distribution.softmax(logits, temperature: temperature), by: ordering.permutation)
            let draw = SparsePolynomialSampler(probabilities: p, postProcess: postProcess)
                .sample(r: uniformUnitInterval(using: &generator))
            let mixture = EmbeddingMixture.mix(draw.output, start: draw.start, ordering: ordering, table: table)
            let token = ordering.permutation[draw.decodedPosition]
            return (Step(token: token, mass: draw.output.reduce(0, +)), mixture.map(Float.init))
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
