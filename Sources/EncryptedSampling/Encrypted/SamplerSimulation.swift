import LanguageModel

/// The encrypted sampler's computation in double precision, operation for operation: the same polynomials
/// (`SamplerPolynomials`), masks, sums, step function, trigger and post-processing, without encryption or its
/// noise. A *plaintext simulation* of the circuit, for tests (each stage of a run is checked against it) and for
/// the noise model of the experiments — never a substitute for the encrypted sampler.
public struct SamplerSimulation: Sendable {
    public let layout: SamplerLayout
    public let configuration: SamplerConfiguration
    public let polynomials: SamplerPolynomials

    public init(sampler: EncryptedSampler) {
        layout = sampler.layout
        configuration = sampler.configuration
        polynomials = sampler.polynomials
    }

    /// Rounds 1–2: w = u·(0.99/σ) from the scaled logits z = l/M of one instance (V values).
    public func weights(scaledLogits z: [Double]) -> [Double] {
        let u = z.map { polynomials.exponential($0) / polynomials.normalizerScale }
        let inverse = polynomials.normalizerInverse(u.reduce(0, +))
        return u.map { $0 * inverse }
    }

    /// One instance's draw, from its weights on.
    public struct Draw: Sendable {
        /// e = w².
        public let squares: [Double]
        /// Σe.
        public let total: Double
        /// ŝ.
        public let normalization: Double
        /// x_i = ŝ·(c_i − r·Σe).
        public let stepInput: [Double]
        /// I.
        public let oneHot: [Double]
        /// PP(I), or I without post-processing.
        public let output: [Double]
        /// argmax of the output (the lowest position on ties): what the client decodes.
        public let decodedPosition: Int
    }

    /// Rounds 3 on for one instance: e = w², prefix sums, ŝ, x, T, the trigger and post-processing.
    /// - Parameters:
    ///   - weights: w (V values).
    ///   - r: the draw.
    public func sample(weights w: [Double], r: Double) -> Draw {
        let e = w.map { $0 * $0 }
        let prefix = Sampler.prefixSums(e)
        let total = e.reduce(0, +)
        let normalization = polynomials.concentrationScale * polynomials.concentrationInverse(total)
        let x = prefix.map { normalization * ($0 - r * total) }
        var oneHot = [Double](repeating: 0, count: w.count)
        var previous = 0.0  // t_{−1} = 0
        for (i, value) in x.enumerated() {
            let t = polynomials.step(value)
            oneHot[i] = configuration.oneHot(trigger: t, previous: previous)
            previous = t
        }
        let output = oneHot.map(configuration.output)
        return Draw(
            squares: e, total: total, normalization: normalization, stepInput: x, oneHot: oneHot, output: output,
            decodedPosition: Sampler.argmax(output))
    }

    /// The whole circuit for one instance, from its scaled logits.
    public func sample(scaledLogits z: [Double], r: Double) -> Draw { sample(weights: weights(scaledLogits: z), r: r) }
}
