import CKKS
import Foundation

/// Reciprocal and inverse square root by a polynomial initial guess followed by Newton iterations
/// (Panda, "Principal component analysis using CKKS …", 2022; Cheon, Kim, Kim, Lee, Lee, "Numerical method for
/// comparison on homomorphically encrypted numbers", ASIACRYPT 2019, for the Goldschmidt/Newton form).
///
/// - Reciprocal, a ∈ [lower, upper] ⊂ (0, ∞): y₀ = Chebyshev interpolant of 1/a (whose *relative* error
///   is more even than the absolute minimax's), then y ← y·(2 − a·y):
///   the relative error e = 1 − a·y squares each step (2 levels per step).
/// - Inverse square root, a ∈ [lower, upper] ⊂ (0, ∞): y₀ = Chebyshev interpolant of 1/√a, then
///   y ← y·(3 − a·y²)/2: e = 1 − a·y² goes to (3/4)e² + O(e³) (3 levels per step).
///
/// Every step lands on exactly the requested output scale: the factor −a (or −a/2) is prepared one level
/// higher with its constant encoded at the scale that makes the step's final rescale hit the target.
public struct NewtonInverse: Sendable {
    /// Which inverse to compute.
    public enum Kind: Sendable, Hashable {
        case reciprocal, inverseSquareRoot
    }

    public let kind: Kind
    /// The input domain [lower, upper], lower > 0.
    public let domain: ClosedRange<Double>
    /// The initial guess (Chebyshev basis of `domain`).
    public let initialGuess: Polynomial
    /// The number of Newton steps.
    public let iterations: Int

    /// - Parameters:
    ///   - kind: reciprocal or inverse square root.
    ///   - domain: where the inputs lie, with lower > 0.
    ///   - initialDegree: degree of the initial guess (default 7; on [0.25, 4] its relative error is 0.034).
    ///   - iterations: Newton steps (default 3).
    /// - Throws: `CircuitError.invalidArgument` for a domain that is not positive.
    public init(_ kind: Kind, domain: ClosedRange<Double>, initialDegree: Int = 7, iterations: Int = 3) throws {
        guard domain.lowerBound > 0 else {
            throw CircuitError.invalidArgument("the domain of an inverse must be positive, got \(domain)")
        }
        self.kind = kind
        self.domain = domain
        self.iterations = iterations
        let f: (Double) -> Double = kind == .reciprocal ? { 1 / $0 } : { 1 / $0.squareRoot() }
        initialGuess = Polynomial.chebyshevInterpolant(of: f, degree: initialDegree, on: domain)
    }

    /// Levels per Newton step.
    public var levelsPerIteration: Int { kind == .reciprocal ? 2 : 3 }

    /// The levels one evaluation consumes: the initial guess plus the steps.
    public var depth: Int { initialGuess.depth + iterations * levelsPerIteration }

    /// The plaintext model of the homomorphic computation.
    public func callAsFunction(_ a: Double) -> Double {
        var y = initialGuess(a)
        for _ in 0..<iterations {
            y = kind == .reciprocal ? y * (2 - a * y) : y * (1.5 - 0.5 * a * y * y)
        }
        return y
    }

    /// 1/a or 1/√a on every slot.
    /// - Parameters:
    ///   - a: the input, every slot in `domain`.
    ///   - evaluator: an evaluator with a relinearisation key.
    ///   - outputScale: the scale of the result (default: the input's).
    /// - Returns: the result at level a.level − depth with scale exactly `outputScale`.
    /// - Throws: `CircuitError.insufficientLevels` when a.level < depth; `CKKSError`s.
    public func evaluate(_ a: Ciphertext, evaluator: Evaluator, outputScale: Double? = nil) throws -> Ciphertext {
        guard a.level >= depth else {
            throw CircuitError.insufficientLevels(operation: "Newton inverse", needed: depth, available: a.level)
        }
        let target = outputScale ?? a.scale
        var y = try PolynomialEvaluator(evaluator: evaluator).evaluate(initialGuess, at: a, outputScale: target)
        for _ in 0..<iterations {
            y = kind == .reciprocal
                ? try reciprocalStep(y, a, evaluator: evaluator, target: target)
                : try inverseSquareRootStep(y, a, evaluator: evaluator, target: target)
        }
        return y
    }

    /// −c·a at level `level` with scale exactly `scale` (one level spent on a's side, which is higher).
    private func prepared(_ a: Ciphertext, times c: Double, level: Int, scale: Double, evaluator: Evaluator) throws -> Ciphertext {
        let q = evaluator.rescalingPrime(atLevel: level + 1)
        let product = try evaluator.multiply(a, constant: c, atLevel: level + 1, productScale: scale * q)
        return try evaluator.rescale(product)
    }

    /// y·(2 − a·y): u = (−a)·y at ℓ−1, then y·(u + 2) at ℓ−2.
    private func reciprocalStep(_ y: Ciphertext, _ a: Ciphertext, evaluator: Evaluator, target: Double) throws -> Ciphertext {
        let level = y.level
        let (q1, q2) = (evaluator.rescalingPrime(atLevel: level), evaluator.rescalingPrime(atLevel: level - 1))
        let minusA = try prepared(a, times: -1, level: level, scale: target * q1 * q2 / (y.scale * y.scale), evaluator: evaluator)
        var u = try evaluator.rescale(evaluator.multiply(minusA, y))
        u = try evaluator.add(u, constant: Complex(2))
        return try evaluator.rescale(evaluator.multiplyAtCommonLevel(y, u))
    }

    /// y·(3/2 − (a/2)·y²): y² at ℓ−1, t = (−a/2)·y² + 3/2 at ℓ−2, y·t at ℓ−3.
    private func inverseSquareRootStep(
        _ y: Ciphertext, _ a: Ciphertext, evaluator: Evaluator, target: Double
    ) throws -> Ciphertext {
        let level = y.level
        let q1 = evaluator.rescalingPrime(atLevel: level)
        let q2 = evaluator.rescalingPrime(atLevel: level - 1)
        let q3 = evaluator.rescalingPrime(atLevel: level - 2)
        let square = try evaluator.rescale(evaluator.multiply(y, y))
        let halfA = try prepared(
            a, times: -0.5, level: level - 1, scale: target * q1 * q2 * q3 / (y.scale * y.scale * y.scale),
            evaluator: evaluator)
        var t = try evaluator.rescale(evaluator.multiply(halfA, square))
        t = try evaluator.add(t, constant: Complex(1.5))
        return try evaluator.rescale(evaluator.multiplyAtCommonLevel(y, t))
    }
}
