import CKKS
import Circuits
import Foundation

/// RMSNorm on an encrypted vector: n = x/√(mean(x²) + ε), the weights left to the next linear layer (which
/// folds diag(w) into its matrix for free).
///
/// mean(x²) is the inner sum of x² over all slots (the slots beyond the vector are zero), and 1/√(· + ε) a
/// Chebyshev interpolant over the calibrated range of the mean square — a direct polynomial, no Newton steps
/// (design notes §2.2: degree 31 for a 25× range, 1e−6 relative; degree 63 here, for the calibrated
/// ranges with 4× margins on both sides). The output is stored divided by √d, which
/// bounds it by 1 (Σ n_i² = d·ms/(ms + ε) ≤ d), so it can be bootstrapped as it is.
public struct EncryptedRMSNorm: Sendable {
    public let dimension: Int
    public let epsilon: Double
    /// σ_x: the input's bound.
    public let inputBound: Double
    /// s ↦ σ_x/(√d·√(σ_x²·s/d + ε)) on the range of s = Σ(x_i/σ_x)² the calibration gives.
    public let inverseSquareRoot: Polynomial

    /// Levels: x² (1), the polynomial, the product (1).
    public var depth: Int { inverseSquareRoot.depth + 2 }

    /// - Parameters:
    ///   - dimension: d.
    ///   - epsilon: the model's ε.
    ///   - inputBound: σ_x.
    ///   - meanSquareRange: the calibrated range of mean(x²).
    ///   - degree: the interpolant's degree (default 63: 7 levels with its change of variable).
    public init(dimension: Int, epsilon: Double, inputBound: Double, meanSquareRange: ClosedRange<Double>, degree: Int = 63) {
        self.dimension = dimension
        self.epsilon = epsilon
        self.inputBound = inputBound
        let d = Double(dimension), sigma = inputBound
        let domain = (d * meanSquareRange.lowerBound / (sigma * sigma))...(d * meanSquareRange.upperBound / (sigma * sigma))
        inverseSquareRoot = Polynomial.chebyshevInterpolant(
            of: { s in sigma / (d.squareRoot() * (sigma * sigma * s / d + epsilon).squareRoot()) }, degree: degree,
            on: domain)
    }

    /// The rotations of the inner sum over n slots, and relinearisation.
    public static func keyRequirements(slotCount: Int) -> EvaluationKeyRequirements {
        SlotOperations.innerSumKeyRequirements(count: slotCount).union(.relinearizationOnly)
    }

    /// n/√d, `depth` levels below x.
    /// - Parameters:
    ///   - x: the input (slots past its length are ignored by the sum only if they are zero).
    ///   - evaluator: holds `keyRequirements`.
    ///   - masked: zero the slots past the vector's length in the result (x is multiplied by a 0/1 mask while the
    ///     reciprocal is computed, so no level is added): what a result that will be replicated needs, since a
    ///     bootstrap leaves noise in every slot.
    /// - Throws: `CircuitError.insufficientLevels` when x is too low; CKKS errors.
    public func apply(_ x: EncryptedVector, evaluator: Evaluator, masked: Bool = false) throws -> EncryptedVector {
        let ct = x.ciphertext
        guard ct.level >= depth else {
            throw CircuitError.insufficientLevels(operation: "an encrypted RMSNorm", needed: depth, available: ct.level)
        }
        let squares = try evaluator.rescale(evaluator.multiply(ct, ct))
        let sum = try SlotOperations(evaluator: evaluator).innerSum(squares, count: ct.slotCount)
        let inverse = try PolynomialEvaluator(evaluator: evaluator).evaluate(inverseSquareRoot, at: sum)
        var factor = ct
        if masked {
            let mask = (0..<ct.slotCount).map { $0 < dimension ? 1.0 : 0.0 }
            let plaintext = try CKKSEncoder(context: evaluator.context).encode(
                mask, scale: evaluator.rescalingPrime(atLevel: ct.level), level: ct.level)
            factor = try evaluator.rescale(evaluator.multiply(ct, plaintext))
        }
        let normed = try evaluator.rescale(evaluator.multiplyAtCommonLevel(factor, inverse))
        return EncryptedVector(ciphertext: normed, count: dimension, bound: Double(dimension).squareRoot())
    }
}
