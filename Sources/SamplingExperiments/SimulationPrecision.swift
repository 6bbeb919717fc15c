import LanguageModel

/// How the plaintext simulation of the encrypted sampler computes — each mode named as what it is. None of
/// them encrypts; they let long generations (the collapse study) run at plaintext speed under the arithmetic the
/// paper used or under a model of the noise real CKKS adds.
public enum SimulationPrecision: Sendable, Equatable {
    /// Softmax, prefix sums and the polynomial sampler in float64: the sampler's own error only.
    case float64
    /// The paper's setting: the probabilities rounded to IEEE binary16 (as an fp16 model's softmax returns
    /// them; the smallest positive value is 2^-24, so most of a large vocabulary's tail becomes exactly 0),
    /// divided by their sum, then the float64 sampler.
    case fp16Probabilities
    /// A **model** of CKKS noise, not encryption: independent Gaussian noise of measured standard deviations
    /// added to the logits, the probabilities, the prefix sums and the fed-back embedding
    /// (`CKKSNoiseModel`), then the float64 sampler.
    case ckksNoise(CKKSNoiseModel)

    /// `float64`, `fp16`, `ckks-noise`.
    public var label: String {
        switch self {
        case .float64: "float64"
        case .fp16Probabilities: "fp16"
        case .ckksNoise: "ckks-noise"
        }
    }
}

/// Standard deviations of the Gaussian noise `SimulationPrecision.ckksNoise` adds at each stage, in the units of
/// that stage (logits in nats, probabilities and prefix sums on the [0, 1] scale of a normalised distribution,
/// embedding entries in the embedding's units). The prefix sums' deviation is the one measured at the step
/// function's input, where c is compared with r·Σe (`SamplerNoiseMeasurement`'s "step input").
///
/// The model is per entry and independent. It leaves out the noise of the step function's saturated outputs
/// away from r (their effect on the embedding is part of the measured embedding noise, which is taken from the
/// encrypted feedback product against the exact product of the reference's PP(I)).
public struct CKKSNoiseModel: Sendable, Equatable {
    public var logits: Double
    public var probabilities: Double
    public var prefixSums: Double
    public var embedding: Double

    public init(logits: Double, probabilities: Double, prefixSums: Double, embedding: Double) {
        precondition([logits, probabilities, prefixSums, embedding].allSatisfy { $0 >= 0 && $0.isFinite },
                     "noise deviations must be finite and ≥ 0")
        self.logits = logits
        self.probabilities = probabilities
        self.prefixSums = prefixSums
        self.embedding = embedding
    }

    /// Every deviation multiplied by `factor` (a noise sweep).
    public func scaled(by factor: Double) -> CKKSNoiseModel {
        CKKSNoiseModel(logits: logits * factor, probabilities: probabilities * factor, prefixSums: prefixSums * factor,
                       embedding: embedding * factor)
    }
}

/// IEEE binary16 rounding, written out so it runs on every platform (Swift's `Float16` is missing on some).
public enum Binary16 {
    /// The binary16 value nearest to `value` (ties to even), as a Double: 11 significant bits, subnormals down
    /// to 2^-24, ±infinity from 65,520 on.
    public static func rounded(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let magnitude = abs(value)
        if magnitude >= 65_520 { return value < 0 ? -.infinity : .infinity }
        // The spacing of binary16 values around `magnitude`: 2^(e − 10), with e clamped to the subnormal exponent.
        let exponent = max(Int(magnitude.exponent), -14)
        let spacing = Double(sign: .plus, exponent: exponent - 10, significand: 1)
        let result = (magnitude / spacing).rounded(.toNearestOrEven) * spacing
        return value < 0 ? -result : result
    }

    /// A distribution with every probability rounded to binary16, divided by the rounded values' sum (the
    /// encrypted sampler normalises by its own total too).
    public static func roundedDistribution(_ probabilities: [Double]) -> [Double] {
        let rounded = probabilities.map(rounded)
        let total = rounded.reduce(0, +)
        return rounded.map { $0 / total }
    }
}

extension CKKSNoiseModel {
    /// The private generation's pipeline at the 128-bit N = 2^16 preset (2048 slots, 9 levels), measured
    /// 2026-12-03 (Docs/results.md, "The CKKS noise model"): probabilities 1.35e-7, step input (the prefix sums'
    /// comparison with r·Σe) 7.41e-6 and embedding 5.47e-9 root-mean-square, from `hegen experiment noise --runs 2`
    /// (`Benchmarks/results/sampler-noise-n16-2048.txt`); logits 1.24e-4, the encrypted transformer's
    /// root-mean-square logit error (`hegen-bench transformer --logN 12 --positions 2`,
    /// `Benchmarks/results/transformer-n12-insecure-rms.txt`; its maximum errors at N = 2^16 are 1.1–1.7× those
    /// at N = 2^12). Measured on the tiny model; applied to another model, it is an assumption.
    public static let encryptedSamplerN16 = CKKSNoiseModel(
        logits: 1.24e-4, probabilities: 1.35e-7, prefixSums: 7.41e-6, embedding: 5.47e-9)
}
