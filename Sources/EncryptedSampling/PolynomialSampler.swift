/// The polynomial (CKKS-friendly) inverse-CDF sampler in plain double precision: the reference the
/// encrypted sampler is held against (sampling spec §2; Rho et al. 2025).
///
/// For probabilities `p` already in tour order: prefix sums `c`, triggers `t_i = T(c_i − r)` with
/// `t_{−1} = 0`, the approximate one-hot vector `I_i = (1 − t_{i−1})·t_i ≈ 1[c_{i−1} < r ≤ c_i]`, and
/// optionally the post-processing `I'_i = 3I_i² − 2I_i³`. This is a *plaintext simulation* of the
/// encrypted circuit, never a substitute for it.
public struct PolynomialSampler: Sendable {
    /// Whether to apply the post-processing polynomial `3x² − 2x³` to the one-hot vector.
    public var postProcess: Bool

    public init(postProcess: Bool) {
        self.postProcess = postProcess
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
    public func sample(_ probabilities: [Double], r: Double) -> Draw {
        let prefix = Distribution.prefixSums(probabilities)
        var oneHot = [Double](repeating: 0, count: prefix.count)
        var previousTrigger = 0.0  // t_{−1} = 0: token 0 can be sampled (the authors' cyclic roll could not)
        for (i, c) in prefix.enumerated() {
            let trigger = StepFunction.evaluate(c - r)
            oneHot[i] = (1 - previousTrigger) * trigger
            previousTrigger = trigger
        }
        let output = postProcess ? oneHot.map(StepFunction.smoothstep) : oneHot
        return Draw(
            oneHot: oneHot, output: output,
            exactPosition: ExactSampler.inverseCDF(prefix: prefix, r: r),
            decodedPosition: ExactSampler.argmax(output))
    }
}

/// Exact samplers beside the polynomial one: inverse-CDF sampling and greedy (argmax) decoding.
public enum ExactSampler {
    /// `min{i : c_i ≥ r}`; the last index when rounding leaves `c_{V−1} < r`.
    public static func inverseCDF(prefix: [Double], r: Double) -> Int {
        var low = 0
        var high = prefix.count - 1
        while low < high {
            let middle = (low + high) / 2
            if prefix[middle] >= r { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The index of the largest value, the lowest one on ties.
    public static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}
