import Circuits

/// The choices that define the sampler's circuit, shared by the plaintext reference (`PolynomialSampler`) and
/// the encrypted sampler (`EncryptedSampler`), so both compute the same function.
public struct SamplerConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The step function T(x) ≈ 1[x ≥ 0].
    public enum Step: String, Sendable, Hashable, CaseIterable {
        /// The paper's T = (1 + h⁸(g¹⁷(x)))/2 from odd cubics (sampling spec §2.3): depth 50, T′(0) ≈ 3.17e6.
        case paper
        /// The same resolution at depth 36: Cheon–Kim–Kim's degree-7 composite (1 + f₃³(g₃⁹(x)))/2
        /// (`StepFunctions.lowDepthStep`); min T over [5e−7, 1] = 0.9999986.
        case lowDepth

        /// The composite polynomial, stage by stage.
        public var polynomial: CompositePolynomial {
            switch self {
            case .paper: StepFunctions.samplerStep
            case .lowDepth: StepFunctions.lowDepthStep
            }
        }
    }

    /// How the one-hot vector is formed from the triggers t_i = T(c_i − r) (t_{−1} = 0).
    public enum Trigger: String, Sendable, Hashable, CaseIterable {
        /// The paper's I_i = (1 − t_{i−1})·t_i (one product, one level). A run of near-zero probabilities can
        /// receive (1 − t)·t each, so Σ I can exceed 1 (seen up to ≈ 4).
        case product
        /// I_i = t_i − t_{i−1} (no product, no level): Σ I telescopes to t_{V−1} ≤ 1, so leaked weight never
        /// exceeds what the boundary itself leaks (design notes §1.5).
        case difference
    }

    /// The step function (default: the paper's).
    public var step: Step
    /// The trigger form (default: the paper's product).
    public var trigger: Trigger
    /// Apply the post-processing 3x² − 2x³ to the one-hot vector.
    public var postProcess: Bool

    public init(step: Step = .paper, trigger: Trigger = .product, postProcess: Bool) {
        self.step = step
        self.trigger = trigger
        self.postProcess = postProcess
    }

    /// I_i from the triggers t_i and t_{i−1}.
    @inlinable public func oneHot(trigger t: Double, previous: Double) -> Double {
        switch trigger {
        case .product: (1 - previous) * t
        case .difference: t - previous
        }
    }

    /// The post-processed value (or the value itself without post-processing).
    @inlinable public func output(_ oneHot: Double) -> Double {
        postProcess ? StepFunctions.smoothstep(oneHot) : oneHot
    }

    public var description: String {
        "\(step.rawValue) step, \(trigger.rawValue) trigger\(postProcess ? ", post-processed" : "")"
    }
}
