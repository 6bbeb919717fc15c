import Circuits
import Foundation

/// The three approximations of the encrypted softmax, fixed by a block's calibration (design notes §2.2).
///
/// softmax(s) = e/Σe with e = w², w = ½·a/Σa and a = exp((s − B)/2): the κ = 2 split of the encrypted sampler
/// (`SoftmaxParameters`). The first reciprocal only has to be crude — its error scales a whole row, and the
/// second normalisation divides it out — while its input Σa spans the calibrated range (≈ 10^3 on the tiny
/// model). The second one is accurate, and its input Σe = Σw² is confined to [(½(1 − ε))²/(t + 1), (½(1 + ε))²]
/// by Cauchy–Schwarz at the public position t: a range of about t + 1, whatever the scores.
public struct AttentionPolynomials: Sendable, Hashable {
    /// a(z) = exp((σ_s·z − B)/2) on z ∈ [−1, min(1, (B + 1)/σ_s)] (Chebyshev, degree 63).
    public let exponential: Polynomial
    /// S: a power of two ≥ the upper end of Σa's range; the masked a is stored divided by S, so Σa/S ≤ 1
    /// bootstraps.
    public let normalizerScale: Double
    /// c(σ) ≈ ½/σ on σ = Σa/S (Chebyshev interpolant, degree 127: its nodes cluster at the range's ends, so its
    /// error stays small relative to 1/σ at both — 3.5 % for 1/x on [10^-3, 1] at degree 63).
    public let crudeInverse: Polynomial
    /// ε: the crude reciprocal's largest relative error on its range (measured on a dense grid).
    public let crudeError: Double
    /// ψ = ¼(1 − ε)²·0.95/T: ŝ = ψ/Σe ≤ 1 at every position, so ŝ bootstraps.
    public let concentrationScale: Double
    let capacity: Int
    let concentrationDegree: Int

    /// The degrees (depth 7 with the change of variable for the exponential and the accurate reciprocal, 8 for the
    /// crude one — each the rest of its round).
    public static let exponentialDegree = 63
    public static let crudeDegree = 127
    public static let accurateDegree = 63

    /// - Throws: `TransformerError.invalidConfiguration` when the crude reciprocal's error exceeds 1/2 (a Σa
    ///   range too wide for one polynomial).
    public init(calibration: AttentionCalibration, capacity: Int) throws {
        let (sigma, shift) = (calibration.scoreBound, calibration.shift)
        let top = min(1, (shift + 1) / sigma)
        exponential = Polynomial.chebyshevInterpolant(
            of: { z in Foundation.exp((sigma * z - shift) / 2) }, degree: Self.exponentialDegree, on: -1...top)
        var s = 1.0
        while s < calibration.normalizerRange.upperBound { s *= 2 }
        while s / 2 >= calibration.normalizerRange.upperBound { s /= 2 }
        normalizerScale = s
        let domain = (calibration.normalizerRange.lowerBound / s)...(calibration.normalizerRange.upperBound / s)
        crudeInverse = Polynomial.chebyshevInterpolant(of: { 0.5 / $0 }, degree: Self.crudeDegree, on: domain)
        crudeError = crudeInverse.maximumRelativeError(against: { 0.5 / $0 }, on: domain, samples: 8192)
        guard crudeError <= 0.5 else {
            throw TransformerError.invalidConfiguration(
                "the attention's first reciprocal reaches only \(crudeError) relative error on \(domain); narrow the calibrated Σa range")
        }
        self.capacity = capacity
        concentrationDegree = Self.accurateDegree
        concentrationScale = 0.25 * (1 - crudeError) * (1 - crudeError) * 0.95 / Double(capacity)
    }

    /// Σe's range when t + 1 positions are attended to (5 % slack on both sides for bootstrap noise).
    public func concentrationRange(positions: Int) -> ClosedRange<Double> {
        let (low, high) = (0.5 * (1 - crudeError), 0.5 * (1 + crudeError))
        return (low * low * 0.95 / Double(positions))...(high * high * 1.05)
    }

    /// ŝ(y) ≈ ψ/y on `concentrationRange(positions:)` (Chebyshev interpolant).
    public func accurateInverse(positions: Int) -> Polynomial {
        let psi = concentrationScale
        return Polynomial.chebyshevInterpolant(
            of: { psi / $0 }, degree: concentrationDegree, on: concentrationRange(positions: positions))
    }
}
