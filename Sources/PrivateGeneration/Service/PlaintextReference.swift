import LanguageModel

/// The plaintext generation an encrypted one must reproduce: the same model, exact inverse-CDF sampling of
/// softmax(l/T) in tour order with the same draws r, the sampled token's exact embedding fed back. (The encrypted
/// sampler's step function resolves CDF boundaries to about 5e−7, so a draw closer than that to a boundary may
/// pick the neighbour; the draws of a seed are far from one with overwhelming probability, and the transcript
/// reports agreement rather than assuming it.)
extension GenerationSetup {
    /// - Parameters:
    ///   - model: the plaintext model.
    ///   - prompt: the prompt's tokens (at least one).
    ///   - draws: one r ∈ [0, 1) per token to generate.
    /// - Returns: the generated tokens.
    /// - Throws: model errors (a token outside the vocabulary, a context overflow).
    public func referenceTokens(model: LlamaModel, prompt: [Int], draws: [Double]) throws -> [Int] {
        var cache = model.makeCache()
        var logits: [Float] = []
        for token in prompt { logits = try model.trace(embedding: model.embedding(of: token), cache: &cache).logits }
        var generated: [Int] = []
        for (i, r) in draws.enumerated() {
            let p = Sampler.softmax(logits, temperature: softmax.temperature)
            let position = Sampler.inverseCDF(prefix: Sampler.prefixSums(ordering.map { p[$0] }), r: r)
            generated.append(ordering[position])
            if i + 1 < draws.count {
                logits = try model.trace(embedding: model.embedding(of: ordering[position]), cache: &cache).logits
            }
        }
        return generated
    }

    /// The client's uniform draws for a seed: `Sampler.uniform` of SplitMix64(seed), the draws of
    /// `hegen generate --sampler polynomial --seed S` too.
    public static func draws(seed: UInt64, count: Int) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Sampler.uniform(using: &generator) }
    }
}
