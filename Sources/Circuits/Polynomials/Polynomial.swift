import Foundation

/// A real polynomial in the monomial basis (Σ c_i x^i) or in the Chebyshev basis of an interval
/// (Σ c_i T_i(y) with y = (2x − a − b)/(b − a) mapping [a, b] onto [−1, 1]). Pure `Double` arithmetic; the
/// homomorphic evaluation lives in `PolynomialEvaluator`.
public struct Polynomial: Sendable, Hashable {
    /// The basis the coefficients refer to.
    public enum Basis: Sendable, Hashable {
        /// 1, x, x², …
        case monomial
        /// T_0(y), T_1(y), … with y the affine image of x ∈ [lower, upper] in [−1, 1].
        case chebyshev(lower: Double, upper: Double)
    }

    /// c_0 … c_d (trailing zeros allowed).
    public var coefficients: [Double]
    public var basis: Basis

    /// - Parameters:
    ///   - coefficients: c_0 … c_d; must not be empty.
    ///   - basis: the basis they refer to (default monomial).
    public init(_ coefficients: [Double], basis: Basis = .monomial) {
        precondition(!coefficients.isEmpty, "a polynomial needs at least one coefficient")
        self.coefficients = coefficients
        self.basis = basis
    }

    /// The index of the last non-zero coefficient (0 for a constant).
    public var degree: Int { coefficients.lastIndex { $0 != 0 } ?? 0 }

    /// For the Chebyshev basis, the affine map x ↦ y = αx + β onto [−1, 1]; (1, 0) for the monomial basis.
    public var affineMap: (scale: Double, shift: Double) {
        switch basis {
        case .monomial: return (1, 0)
        case let .chebyshev(a, b): return (2 / (b - a), -(a + b) / (b - a))
        }
    }

    /// Whether evaluating needs the change of variable x ↦ y (one extra level under encryption).
    public var needsChangeOfVariable: Bool { affineMap != (1, 0) }

    /// The multiplicative depth of the homomorphic evaluation: ⌈log2(d + 1)⌉ for degree d, plus one level
    /// for the change of variable of a Chebyshev basis on an interval other than [−1, 1].
    public var depth: Int { Self.depth(ofDegree: degree) + (needsChangeOfVariable ? 1 : 0) }

    /// ⌈log2(d + 1)⌉: the depth of a degree-d polynomial with the baby-step giant-step method.
    public static func depth(ofDegree d: Int) -> Int {
        var depth = 0
        while (1 << depth) < d + 1 { depth += 1 }
        return depth
    }

    /// The value at x (Horner for monomials, Clenshaw's recurrence for Chebyshev series).
    public func callAsFunction(_ x: Double) -> Double {
        switch basis {
        case .monomial:
            return coefficients.reversed().reduce(0) { $0 * x + $1 }
        case .chebyshev:
            let (alpha, beta) = affineMap
            return Self.clenshaw(coefficients, at: alpha * x + beta)
        }
    }

    /// Clenshaw's recurrence for Σ c_i T_i(y): b_k = c_k + 2y·b_{k+1} − b_{k+2}, value c_0 + y·b_1 − b_2.
    static func clenshaw(_ c: [Double], at y: Double) -> Double {
        var b1 = 0.0
        var b2 = 0.0
        for k in stride(from: c.count - 1, through: 1, by: -1) {
            (b1, b2) = (c[k] + 2 * y * b1 - b2, b1)
        }
        return c[0] + y * b1 - b2
    }

    /// max |f(x) − p(x)| over `samples` evenly spaced points of [lower, upper] plus the Chebyshev points of
    /// the same count (which resolve the endpoints).
    /// - Parameters:
    ///   - function: the reference f.
    ///   - interval: where to compare.
    ///   - samples: number of points of each kind (default 4096).
    public func maximumError(
        against function: (Double) -> Double, on interval: ClosedRange<Double>, samples: Int = 4096
    ) -> Double {
        Self.grid(interval, samples: samples).reduce(0) { max($0, abs(function($1) - self($1))) }
    }

    /// max |p(x)/f(x) − 1| on the same points as `maximumError(against:on:samples:)`: the accuracy measure of
    /// reciprocals and other functions whose relative error matters (f must not vanish on the interval).
    public func maximumRelativeError(
        against function: (Double) -> Double, on interval: ClosedRange<Double>, samples: Int = 4096
    ) -> Double {
        Self.grid(interval, samples: samples).reduce(0) { max($0, abs(self($1) / function($1) - 1)) }
    }

    /// Evenly spaced and Chebyshev-distributed points of an interval.
    static func grid(_ interval: ClosedRange<Double>, samples: Int) -> [Double] {
        let (a, b) = (interval.lowerBound, interval.upperBound)
        let even = (0..<samples).map { a + (b - a) * Double($0) / Double(max(samples - 1, 1)) }
        let chebyshev = (0..<samples).map { k in
            (a + b) / 2 + (b - a) / 2 * cos(Double.pi * (Double(k) + 0.5) / Double(samples))
        }
        return even + chebyshev
    }
}
