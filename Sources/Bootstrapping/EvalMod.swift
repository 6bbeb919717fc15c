import CKKS
import Circuits
import Foundation

/// EvalMod: the homomorphic reduction modulo q_0, the non-linear step of bootstrapping.
///
/// After CoeffsToSlots the slots hold y = x/K with x = t/q_0 + I, |I| < K (the integer multiple of q_0 that
/// ModRaise introduced) and |t/q_0| ≤ ε ≪ 1. Reduction modulo 1 is approximated by the scaled sine
/// (Cheon, Han, Kim, Kim, Song, EUROCRYPT 2018, §3.2):
///
///     x mod 1 ≈ sin(2πx)/(2π),  with relative error (2πε)²/6.
///
/// sin(2πx) = cos(2π(x − 1/4)) is computed as a Chebyshev interpolant of cos(2π(K·y − 1/4)/2^r) on [−1, 1]
/// (`Polynomial.chebyshevInterpolant`, evaluated by Circuits' `PolynomialEvaluator` with exact scales)
/// followed by r double-angle steps cos(2θ) = 2cos²θ − 1 (Han and Ki, CT-RSA 2020, §5.1): dividing the
/// angle by 2^r lowers the frequency the polynomial must follow from K to K/2^r periods, hence the degree,
/// at the price of r levels. The 1/(2π) and q_0/Δ factors are folded into SlotsToCoeffs.
public struct EvalModPlan: Sendable {
    /// K: the bound on |x| = |t/q_0 + I| the approximation covers.
    public let range: Int
    /// r: the number of double-angle steps.
    public let doubleAngleCount: Int
    /// The Chebyshev interpolant of cos(2π(K·y − 1/4)/2^r) on [−1, 1] (Chebyshev basis of [−1, 1]).
    public let series: Polynomial
    /// max |series − cos(…)| on [−1, 1] (sampled).
    public let approximationError: Double

    /// - Parameters:
    ///   - range: K ≥ 1.
    ///   - doubleAngleCount: r ≥ 0.
    ///   - targetError: the interpolation degree is the smallest (≤ 255) reaching this error.
    /// - Throws: `BootstrappingError.invalidOption` when the options are out of range.
    public init(range: Int, doubleAngleCount: Int, targetError: Double = 0x1p-40) throws {
        guard range >= 1, (0...20).contains(doubleAngleCount) else {
            throw BootstrappingError.invalidOption("EvalMod needs K ≥ 1 and 0 ≤ r ≤ 20 (got K = \(range), r = \(doubleAngleCount))")
        }
        self.range = range
        self.doubleAngleCount = doubleAngleCount
        let function = Self.cosine(range: range, doubleAngleCount: doubleAngleCount)
        var degree = 7
        var series = Polynomial.chebyshevInterpolant(of: function, degree: degree, on: -1...1)
        var error = series.maximumError(against: function, on: -1...1)
        while error > targetError && degree < 255 {
            degree += 4
            series = Polynomial.chebyshevInterpolant(of: function, degree: degree, on: -1...1)
            error = series.maximumError(against: function, on: -1...1)
        }
        self.series = series
        approximationError = error
    }

    /// cos(2π(K·y − 1/4)/2^r).
    static func cosine(range: Int, doubleAngleCount: Int) -> @Sendable (Double) -> Double {
        let k = Double(range)
        let divisor = Double(1 << doubleAngleCount)
        return { y in cos(2 * Double.pi * (k * y - 0.25) / divisor) }
    }

    /// The levels EvalMod consumes: the polynomial's depth plus one per double angle.
    public var depth: Int { series.depth + doubleAngleCount }

    /// The plaintext model of the homomorphic circuit: sin(2π·K·y) through the same polynomial and double angles.
    public func evaluatePlain(_ y: Double) -> Double {
        var c = series(y)
        for _ in 0..<doubleAngleCount { c = 2 * c * c - 1 }
        return c
    }

    /// Evaluates the circuit on `ciphertext` (slots y ∈ [−1, 1], real), producing sin(2π·K·y).
    /// - Parameters:
    ///   - ciphertext: the input.
    ///   - evaluator: holds a relinearisation key.
    ///   - outputScaleOfPolynomial: the scale at which the polynomial's value is produced; each double angle
    ///     then maps a scale S to S²/q.
    /// - Returns: the result, `depth` levels below the input.
    /// - Throws: `CircuitError.insufficientLevels` when the input has fewer than `depth` levels; CKKS errors.
    public func apply(_ ciphertext: Ciphertext, evaluator: Evaluator, outputScaleOfPolynomial scale: Double) throws -> Ciphertext {
        var c = try PolynomialEvaluator(evaluator: evaluator).evaluate(series, at: ciphertext, outputScale: scale)
        for _ in 0..<doubleAngleCount {
            var square = try evaluator.multiply(c, c)
            square = try evaluator.add(square, square)
            square = try evaluator.add(square, constant: Complex(-1))
            c = try evaluator.rescale(square)
        }
        return c
    }

    /// The scale after the double angles when the polynomial is produced at `scale` and `level`
    /// (the same floating-point operations as `Evaluator.multiply` and `rescale`).
    func outputScale(polynomialScale scale: Double, polynomialLevel level: Int, moduli: [UInt64]) -> Double {
        var s = scale
        var l = level
        for _ in 0..<doubleAngleCount {
            s = s * s
            s = s / Double(moduli[l])
            l -= 1
        }
        return s
    }
}
