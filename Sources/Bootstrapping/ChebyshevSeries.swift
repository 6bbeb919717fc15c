import Foundation

/// A polynomial in the Chebyshev basis on [−1, 1]: p(y) = Σ_k c_k·T_k(y).
///
/// Interpolation at the Chebyshev nodes is near-minimax (within a factor O(log d) of the best uniform
/// approximation; Trefethen, "Approximation Theory and Approximation Practice", ch. 8, 16), and the basis keeps
/// coefficients small, which matters under CKKS where every coefficient is encoded at a finite scale.
public struct ChebyshevSeries: Sendable {
    /// c_0 … c_d.
    public let coefficients: [Double]

    /// - Parameter coefficients: c_0 … c_d.
    public init(coefficients: [Double]) { self.coefficients = coefficients.isEmpty ? [0] : coefficients }

    /// The degree d.
    public var degree: Int { coefficients.count - 1 }

    /// Interpolates `function` at the d + 1 Chebyshev nodes y_j = cos(π(j + 1/2)/(d + 1)).
    /// - Parameters:
    ///   - function: the function on [−1, 1].
    ///   - degree: d ≥ 0.
    public static func interpolating(degree: Int, _ function: (Double) -> Double) -> ChebyshevSeries {
        precondition(degree >= 0)
        let count = degree + 1
        let values = (0..<count).map { j in function(cos(Double.pi * (Double(j) + 0.5) / Double(count))) }
        let coefficients = (0..<count).map { k -> Double in
            var sum = 0.0
            for j in 0..<count { sum += values[j] * cos(Double.pi * Double(k) * (Double(j) + 0.5) / Double(count)) }
            return sum * (k == 0 ? 1 : 2) / Double(count)
        }
        return ChebyshevSeries(coefficients: coefficients)
    }

    /// p(y) by Clenshaw's recurrence.
    public func evaluate(_ y: Double) -> Double {
        var b1 = 0.0
        var b2 = 0.0
        for k in stride(from: degree, through: 1, by: -1) {
            let b0 = 2 * y * b1 - b2 + coefficients[k]
            b2 = b1
            b1 = b0
        }
        return y * b1 - b2 + coefficients[0]
    }

    /// The maximum of |p − function| over `samples` equispaced points of [−1, 1].
    public func maximumError(of function: (Double) -> Double, samples: Int = 4097) -> Double {
        var worst = 0.0
        for i in 0..<samples {
            let y = -1 + 2 * Double(i) / Double(samples - 1)
            worst = max(worst, abs(evaluate(y) - function(y)))
        }
        return worst
    }

    /// The split p = q·T_m + r with deg r < m, using T_{m+i} = 2·T_m·T_i − T_{m−i} (requires d < 2m).
    func divided(by m: Int) -> (quotient: ChebyshevSeries, remainder: ChebyshevSeries) {
        precondition(m >= 1 && degree >= m && degree < 2 * m)
        var quotient = [Double](repeating: 0, count: degree - m + 1)
        var remainder = Array(coefficients[0..<m])
        quotient[0] = coefficients[m]
        for i in 1...(degree - m) {
            quotient[i] = 2 * coefficients[m + i]
            remainder[m - i] -= coefficients[m + i]
        }
        return (ChebyshevSeries(coefficients: quotient), ChebyshevSeries(coefficients: remainder))
    }
}
