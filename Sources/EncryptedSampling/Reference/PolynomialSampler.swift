import Circuits
import LanguageModel

/// The polynomial (CKKS-friendly) inverse-CDF sampler in plain double precision: the reference the
/// encrypted sampler is held against (sampling spec §2; Rho et al. 2025).
///
/// For probabilities `p` already in tour order: prefix sums `c`, triggers `t_i = T(c_i − r)` with
/// `t_{−1} = 0`, the approximate one-hot vector (by default the paper's `I_i = (1 − t_{i−1})·t_i ≈
/// 1[c_{i−1} < r ≤ c_i]`), and optionally the post-processing `I'_i = 3I_i² − 2I_i³`. This is a *plaintext
/// simulation* of the encrypted circuit, never a substitute for it. The step function and the trigger are the
/// ones of `configuration`, i.e. the very polynomials the encrypted sampler evaluates (`Circuits.StepFunctions`).
public struct PolynomialSampler: Sendable {
    /// The step function, trigger and post-processing.
    public var configuration: SamplerConfiguration
    /// Whether to apply the post-processing polynomial `3x² − 2x³` to the one-hot vector.
    public var postProcess: Bool { configuration.postProcess }

    public init(configuration: SamplerConfiguration) {
        self.configuration = configuration
    }

    /// The paper's sampler (its step function and product trigger), with or without post-processing.
    public init(postProcess: Bool) {
        self.init(configuration: SamplerConfiguration(postProcess: postProcess))
    }

    /// The sampler's output for one draw.
    public struct Draw: Sendable, Equatable {
        /// The approximate one-hot vector `I` (positions in tour order), before post-processing.
        public let oneHot: [Double]
        /// `I'` after post-processing, or `oneHot` when post-processing is off.
        public let output: [Double]
        /// The position the exact inverse-CDF sampler picks for the same `r`: `min{i : c_i ≥ r}`.
        public let exactPosition: Int
        /// The position the client decodes: `argmax(output)` (the lowest index on ties).
        public let decodedPosition: Int
    }

    /// One draw for a given `r ∈ [0, 1)`.
    /// - Parameters:
    ///   - probabilities: `p` in tour order.
    ///   - r: the uniform random number.
    ///   - inputScale: k in `t_i = T(k·(c_i − r))`: 1 for the paper's sampler; the encrypted sampler's
    ///     normalisation leaves k = ŝ·Σe slightly below 1, and its simulation passes that k here.
    public func sample(_ probabilities: [Double], r: Double, inputScale: Double = 1) -> Draw {
        let prefix = Sampler.prefixSums(probabilities)
        let step = configuration.step.polynomial
        var oneHot = [Double](repeating: 0, count: prefix.count)
        var previousTrigger = 0.0  // t_{−1} = 0: token 0 can be sampled (the authors' cyclic roll could not)
        for (i, c) in prefix.enumerated() {
            let trigger = step(inputScale * (c - r))
            oneHot[i] = configuration.oneHot(trigger: trigger, previous: previousTrigger)
            previousTrigger = trigger
        }
        let output = oneHot.map(configuration.output)
        return Draw(
            oneHot: oneHot, output: output,
            exactPosition: Sampler.inverseCDF(prefix: prefix, r: r),
            decodedPosition: Sampler.argmax(output))
    }
}
