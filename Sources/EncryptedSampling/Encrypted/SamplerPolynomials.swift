import Circuits
import Foundation

/// The polynomials of the encrypted sampler, fixed by its parameters and shared by the encrypted circuit and its
/// plaintext simulation, so both evaluate exactly the same functions.
public struct SamplerPolynomials: Sendable, Hashable {
    /// a(z) = exp((z·M/T − B)/2) on z ∈ [−1, min(1, (B + 2)·T/M)] (Chebyshev; on [−1, 1] no change of variable is
    /// needed, otherwise one level).
    public let exponential: Polynomial
    /// S = max(1, upper end of Σa's range): u = a/S keeps σ = Σu ≤ 1 for its bootstrap.
    public let normalizerScale: Double
    /// c(σ) ≈ 0.99/σ on σ's range (Chebyshev): w = u·c ≈ 0.99·a/Σa never exceeds 1, so w bootstraps.
    public let normalizerInverse: Polynomial
    /// D: a power of two ≥ the largest ŝ, so that ŝ/D ≤ 1 bootstraps; ŝ = D·(ŝ/D) is an exact integer product.
    public let concentrationScale: Double
    /// ŝ(Σe)/D ≈ 0.97/(D·Σe) on Σe ∈ [0.95/V, 1] (Chebyshev): ŝ·Σe stays below 1, so x = ŝ·(c − r·Σe) lies in
    /// (−1, 1), the step function's domain, and the boundaries keep (nearly) the paper's resolution.
    public let concentrationInverse: Polynomial
    /// The step function.
    public let step: CompositePolynomial

    /// The largest interpolation degree tried (depth 7, plus one for a change of variable).
    public static let maximumDegree = 127
    /// Target accuracy of the exponential (absolute, on a ∈ [0, 1]).
    public static let exponentialTolerance = 1e-11
    /// Target relative accuracy of the two reciprocals (they only need to be crude: errors scale the weights
    /// consistently).
    public static let inverseTolerance = 0.01
    /// The safety factors of the two reciprocals (w ≤ 0.99·(1 + 1%), ŝ·Σe ≤ 0.97·(1 + 1%)).
    public static let normalizerTarget = 0.99
    public static let concentrationTarget = 0.97

    /// - Throws: `SamplerError.invalidConfiguration` when an interpolant of degree ≤ 127 cannot reach its accuracy
    ///   (a Σa range or a vocabulary too wide for a single polynomial reciprocal).
    public init(softmax: SoftmaxParameters, layout: SamplerLayout, configuration: SamplerConfiguration) throws {
        // Fitted up to 2 nats above the shift (a ≤ e): larger logits are outside the calibration anyway, and
        // fitting [−1, 1] whole would ask the polynomial for values up to e^((M/T − B)/2).
        let top = min(1, (softmax.shift + 2) * softmax.temperature / softmax.logitBound)
        exponential = try Self.interpolant(
            of: softmax.weight(ofScaledLogit:), on: -1...top, relative: false, tolerance: Self.exponentialTolerance,
            name: "the exponential (M/T = \(softmax.logitBound / softmax.temperature)) on [−1, \(top)]")
        normalizerScale = max(1, softmax.normalizerRange.upperBound)
        let sigma = (softmax.normalizerRange.lowerBound / normalizerScale)...(softmax.normalizerRange.upperBound / normalizerScale)
        normalizerInverse = try Self.interpolant(
            of: { Self.normalizerTarget / $0 }, on: sigma, relative: true, tolerance: Self.inverseTolerance,
            name: "the normalizer reciprocal on \(sigma)")
        let concentration = (0.95 / Double(layout.vocabularySize))...1.0
        var d = 1.0
        while d < Self.concentrationTarget / concentration.lowerBound * (1 + Self.inverseTolerance) { d *= 2 }
        concentrationScale = d
        concentrationInverse = try Self.interpolant(
            of: { Self.concentrationTarget / ($0 * d) }, on: concentration, relative: true,
            tolerance: Self.inverseTolerance, name: "the concentration reciprocal for V = \(layout.vocabularySize)")
        step = configuration.step.polynomial
    }

    /// The lowest-depth Chebyshev interpolant (degree 2^k − 1) meeting the tolerance on a dense grid.
    static func interpolant(
        of f: @escaping (Double) -> Double, on domain: ClosedRange<Double>, relative: Bool, tolerance: Double,
        name: String
    ) throws -> Polynomial {
        var degree = 7
        while degree <= maximumDegree {
            let p = Polynomial.chebyshevInterpolant(of: f, degree: degree, on: domain)
            let error = relative
                ? p.maximumRelativeError(against: f, on: domain, samples: 2048)
                : p.maximumError(against: f, on: domain, samples: 2048)
            if error <= tolerance { return p }
            degree = 2 * degree + 1
        }
        throw SamplerError.invalidConfiguration(
            "\(name) needs a polynomial of degree above \(maximumDegree); narrow the calibrated range")
    }
}
