import Foundation

/// Chebyshev approximations of the smooth nonlinearities an encrypted transformer needs. Each returns a
/// `Polynomial` in the Chebyshev basis of its domain: evaluate it with `PolynomialEvaluator`, depth
/// ⌈log2(d + 1)⌉ + 1. Inputs outside the domain are not approximated (the error grows quickly there): scale
/// or clip them first. Measured errors for the default degrees are in Docs/Circuits.md and the tests.
public enum SmoothFunctions {
    /// e^x on [lower, upper] (default [−8, 0], the shifted logits of a softmax). Degree 31 by default:
    /// plaintext max error ≈ 2e−15 on [−8, 0] (depth 6).
    public static func exp(on domain: ClosedRange<Double> = -8...0, degree: Int = 31) -> Polynomial {
        Polynomial.chebyshevInterpolant(of: Foundation.exp, degree: degree, on: domain)
    }

    /// σ(x) = 1/(1 + e^{−x}).
    public static func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// SiLU(x) = x·σ(x) on [lower, upper] (default [−8, 8], degree 63, depth 7).
    public static func silu(on domain: ClosedRange<Double> = -8...8, degree: Int = 63) -> Polynomial {
        Polynomial.chebyshevInterpolant(of: { $0 * logistic($0) }, degree: degree, on: domain)
    }

    /// GELU(x) = x·Φ(x) = x·(1 + erf(x/√2))/2 on [lower, upper] (default [−8, 8], degree 63, depth 7).
    public static func gelu(on domain: ClosedRange<Double> = -8...8, degree: Int = 63) -> Polynomial {
        Polynomial.chebyshevInterpolant(of: geluReference, degree: degree, on: domain)
    }

    /// The exact GELU.
    public static func geluReference(_ x: Double) -> Double { 0.5 * x * (1 + erf(x / 2.0.squareRoot())) }
}
