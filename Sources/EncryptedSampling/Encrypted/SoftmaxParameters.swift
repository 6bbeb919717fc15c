import Foundation

/// How the encrypted sampler turns encrypted logits into the weights it draws from (design notes §1.2).
///
/// The server cannot subtract the per-step maximum logit (it cannot see it), and a fixed shift alone leaves
/// Σ exp(l − B) spanning ≈ 2^19 across the tiny model's steps. So the sampler uses the κ = 2 split:
/// a_i = exp((l_i/T − B)/2) with a static shift B, w = a·(1/Σa) with a crude encrypted reciprocal over the
/// *calibrated* range of Σa, a bootstrap of w (its error only perturbs the distribution, consistently), and then
/// e = w², which is proportional to exp(l/T): the distribution sampled is softmax(l/T) whatever the crude
/// reciprocal's error. Σa's range is narrow (39× on the tiny model, measured over 2,988 steps) where
/// Σ exp(l − B)'s is not.
///
/// **Inputs outside the calibrated ranges** (a logit above B + 2·ln(S) or a Σa outside `normalizerRange`) give
/// wrong weights: the reciprocal's polynomial is only accurate on its range. Calibrate with margins
/// (`calibrated(logits:…)` applies them) on the model whose logits the sampler will see.
public struct SoftmaxParameters: Sendable, Hashable, CustomStringConvertible {
    /// T > 0: the public temperature (folded into the exponential's polynomial; costs nothing).
    public let temperature: Double
    /// M: the logits ciphertext holds l/M in every vocabulary slot, so |l| ≤ M keeps it bootstrappable.
    public let logitBound: Double
    /// B: the static shift, in units of l/T (at least the largest l/T a step can have, plus a margin).
    public let shift: Double
    /// The range of Σ_i exp((l_i/T − B)/2) over the steps the sampler will see, with margins.
    public let normalizerRange: ClosedRange<Double>

    /// - Throws: `SamplerError.invalidConfiguration` for a non-positive temperature or bound, a range that is not
    ///   positive and finite.
    public init(temperature: Double, logitBound: Double, shift: Double, normalizerRange: ClosedRange<Double>) throws {
        guard temperature > 0, temperature.isFinite else {
            throw SamplerError.invalidConfiguration("the temperature must be positive and finite (got \(temperature))")
        }
        guard logitBound > 0, logitBound.isFinite, shift.isFinite else {
            throw SamplerError.invalidConfiguration("the logit bound must be positive and the shift finite")
        }
        guard normalizerRange.lowerBound > 0, normalizerRange.upperBound.isFinite else {
            throw SamplerError.invalidConfiguration("the normalizer range \(normalizerRange) must be positive and finite")
        }
        self.temperature = temperature
        self.logitBound = logitBound
        self.shift = shift
        self.normalizerRange = normalizerRange
    }

    /// Calibrated from logit vectors the model produced (plaintext runs on representative text).
    /// - Parameters:
    ///   - logits: per-step logit vectors (at least one).
    ///   - temperature: T.
    ///   - logitBound: M (`nil`: the largest |l| seen times 1.5, rounded up to a power of two).
    ///   - shiftMargin: nats added to the largest l/T seen to form B (default 1).
    ///   - rangeFactor: the factor by which the range of Σa seen is widened on both sides (default 4).
    /// - Throws: `SamplerError.invalidConfiguration` for no logits or non-finite ones.
    public static func calibrated(
        logits: [[Float]], temperature: Double, logitBound: Double? = nil, shiftMargin: Double = 1, rangeFactor: Double = 4
    ) throws -> SoftmaxParameters {
        guard !logits.isEmpty, logits.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isFinite) }) else {
            throw SamplerError.invalidConfiguration("calibration needs finite logits")
        }
        guard temperature > 0, rangeFactor >= 1, shiftMargin >= 0 else {
            throw SamplerError.invalidConfiguration("calibration needs T > 0, a range factor ≥ 1 and a shift margin ≥ 0")
        }
        let largest = logits.map { Double($0.map(abs).max()!) }.max()!
        var bound = 1.0
        while bound < 1.5 * largest { bound *= 2 }
        let shift = logits.map { Double($0.max()!) / temperature }.max()! + shiftMargin
        let sums = logits.map { step in step.reduce(0.0) { $0 + Foundation.exp((Double($1) / temperature - shift) / 2) } }
        return try SoftmaxParameters(
            temperature: temperature, logitBound: logitBound ?? bound, shift: shift,
            normalizerRange: (sums.min()! / rangeFactor)...(sums.max()! * rangeFactor))
    }

    /// a(z) = exp((z·M/T − B)/2) for the stored z = l/M.
    public func weight(ofScaledLogit z: Double) -> Double { Foundation.exp((z * logitBound / temperature - shift) / 2) }

    public var description: String {
        String(format: "T = %g, M = %g, B = %.3g, Σa ∈ [%.3g, %.3g]", temperature, logitBound, shift,
               normalizerRange.lowerBound, normalizerRange.upperBound)
    }
}
