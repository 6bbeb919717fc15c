import Foundation

/// Symmetry to impose on an approximation: odd functions get exactly zero even coefficients, which the
/// homomorphic evaluator skips.
public enum Parity: Sendable, Hashable {
    case none, odd, even
}

extension Polynomial {
    /// The Chebyshev interpolant of degree d of f on [a, b]: p(x_k) = f(x_k) at the d + 1 Chebyshev nodes
    /// y_k = cos(π(k + ½)/(d + 1)). Coefficients by the discrete cosine transform
    /// c_j = (2 − δ_{j0})/(d + 1) · Σ_k f(x_k) cos(π j (k + ½)/(d + 1)) (Trefethen, "Approximation Theory and
    /// Approximation Practice", ch. 3–4). Near-minimax for smooth f: within a factor 2 + (2/π)·log(d + 1) of the
    /// best error.
    /// - Parameters:
    ///   - function: f, evaluated d + 1 times.
    ///   - degree: d ≥ 0.
    ///   - interval: [a, b] with a < b.
    ///   - parity: `.odd`/`.even` zero the coefficients of the other parity (use only for odd/even f on a
    ///     symmetric interval).
    public static func chebyshevInterpolant(
        of function: (Double) -> Double, degree: Int, on interval: ClosedRange<Double>, parity: Parity = .none
    ) -> Polynomial {
        precondition(degree >= 0, "the degree must be non-negative")
        precondition(interval.lowerBound < interval.upperBound, "the interval must have positive length")
        let n = degree + 1
        let (a, b) = (interval.lowerBound, interval.upperBound)
        let values = (0..<n).map { k -> Double in
            let y = cos(Double.pi * (Double(k) + 0.5) / Double(n))
            return function((a + b) / 2 + (b - a) / 2 * y)
        }
        var coefficients = (0..<n).map { j -> Double in
            var sum = 0.0
            for k in 0..<n { sum += values[k] * cos(Double.pi * Double(j) * (Double(k) + 0.5) / Double(n)) }
            return sum * (j == 0 ? 1 : 2) / Double(n)
        }
        switch parity {
        case .none: break
        case .odd: for j in stride(from: 0, to: n, by: 2) { coefficients[j] = 0 }
        case .even: for j in stride(from: 1, to: n, by: 2) { coefficients[j] = 0 }
        }
        return Polynomial(coefficients, basis: .chebyshev(lower: a, upper: b))
    }
}
