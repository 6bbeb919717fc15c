import Foundation

/// The best uniform (minimax) polynomial approximation by the Remez exchange algorithm, in the Chebyshev basis
/// for numerical stability (Remez 1934; Trefethen, "Approximation Theory and Approximation Practice", ch. 10;
/// used for CKKS by Lee et al., "High-precision bootstrapping of RNS-CKKS …", IEEE TDSC 2022).
///
/// Each iteration solves Σ_j c_j T_j(y_i) + (−1)^i E = f(x_i) on d + 2 reference points, then moves the
/// reference to the alternating extrema of the new error f − p located on a dense grid. It stops when the
/// extrema are level to a relative 1e−6 (equioscillation).
public enum RemezExchange {
    /// The result of a minimax fit.
    public struct Result: Sendable {
        /// The minimax polynomial, Chebyshev basis of the interval.
        public let polynomial: Polynomial
        /// max |f − p| on the dense grid.
        public let maximumError: Double
        /// Exchange iterations performed.
        public let iterations: Int
    }

    /// - Parameters:
    ///   - function: f, continuous on the interval.
    ///   - degree: d ≥ 1 (the reference has d + 2 points).
    ///   - interval: [a, b].
    ///   - gridSize: points of the dense grid used to locate extrema (default 50·(d + 2), at least 2000).
    ///   - maximumIterations: at most this many exchanges (default 40).
    /// - Throws: `CircuitError.invalidArgument` when the linear system is singular.
    public static func minimax(
        of function: (Double) -> Double, degree: Int, on interval: ClosedRange<Double>, gridSize: Int? = nil,
        maximumIterations: Int = 40
    ) throws -> Result {
        precondition(degree >= 1, "minimax needs degree ≥ 1")
        let (a, b) = (interval.lowerBound, interval.upperBound)
        let count = degree + 2
        let toX = { (y: Double) in (a + b) / 2 + (b - a) / 2 * y }
        // Dense grid in y ∈ [−1, 1], Chebyshev-distributed so the endpoints are resolved.
        let gridCount = gridSize ?? max(2000, 50 * count)
        let grid = (0..<gridCount).map { -cos(Double.pi * Double($0) / Double(gridCount - 1)) }
        let fGrid = grid.map { function(toX($0)) }
        var reference = (0..<count).map { -cos(Double.pi * Double($0) / Double(count - 1)) }
        var coefficients = [Double](repeating: 0, count: degree + 1)
        var iterations = 0
        var maximum = Double.infinity
        while iterations < maximumIterations {
            iterations += 1
            // Solve for c_0 … c_d and E.
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: count + 1), count: count)
            for (i, y) in reference.enumerated() {
                for j in 0...degree {
                    matrix[i][j] = j == 0 ? 1 : (j == 1 ? y : 2 * y * matrix[i][j - 1] - matrix[i][j - 2])
                }
                matrix[i][degree + 1] = i % 2 == 0 ? 1 : -1
                matrix[i][count] = function(toX(y))
            }
            guard let solution = solve(&matrix) else {
                throw CircuitError.invalidArgument("Remez: singular system at iteration \(iterations); lower the degree")
            }
            coefficients = Array(solution[0...degree])
            let levelled = abs(solution[degree + 1])
            // Alternating extrema of the error on the grid.
            let error = zip(grid, fGrid).map { $1 - Polynomial.clenshaw(coefficients, at: $0) }
            var extrema: [Int] = []
            var start = 0
            for i in 1...grid.count where i == grid.count || (error[i] >= 0) != (error[start] >= 0) {
                let segment = start..<i
                extrema.append(segment.max { abs(error[$0]) < abs(error[$1]) }!)
                start = i
            }
            maximum = error.map(abs).max() ?? 0
            if extrema.count < count { break }
            while extrema.count > count {
                if abs(error[extrema.first!]) < abs(error[extrema.last!]) { extrema.removeFirst() } else { extrema.removeLast() }
            }
            reference = extrema.map { grid[$0] }
            let smallest = extrema.map { abs(error[$0]) }.min() ?? 0
            if maximum - smallest <= 1e-6 * maximum || maximum - levelled <= 1e-9 * maximum { break }
        }
        return Result(
            polynomial: Polynomial(coefficients, basis: .chebyshev(lower: a, upper: b)), maximumError: maximum,
            iterations: iterations)
    }

    /// Gaussian elimination with partial pivoting on an augmented n × (n + 1) matrix.
    static func solve(_ m: inout [[Double]]) -> [Double]? {
        let n = m.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(m[$0][column]) < abs(m[$1][column]) }!
            guard abs(m[pivot][column]) > 1e-300 else { return nil }
            m.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                if factor == 0 { continue }
                for k in column...n { m[row][k] -= factor * m[column][k] }
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = m[row][n]
            for k in (row + 1)..<n { sum -= m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
