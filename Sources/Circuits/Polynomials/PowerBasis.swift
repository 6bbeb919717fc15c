import CKKS

/// The powers x^i (monomial basis) or Chebyshev polynomials T_i(x) of one ciphertext, computed on demand with the
/// minimal depth ⌈log2 i⌉ and cached, so that several polynomials of one input share them.
///
/// T_{a+b} = 2·T_a·T_b − T_{a−b} and x^{a+b} = x^a·x^b with a = 2^{⌈log2 i⌉−1} (the largest power of two below
/// i) and b = i − a. The correction term T_{a−b} (or the constant 1 when a = b) is added *before* rescaling,
/// multiplied by a constant 1 encoded at the scale that matches the product exactly, so it costs no level.
public struct PowerBasis: Sendable {
    /// Which family of polynomials the basis holds.
    public enum Kind: Sendable, Hashable {
        case monomial, chebyshev
    }

    public let kind: Kind
    /// The computed powers, indexed by i (index 1 is the input).
    public private(set) var powers: [Int: Ciphertext]

    /// - Parameters:
    ///   - x: the input (for Chebyshev, already mapped into [−1, 1]).
    ///   - kind: the basis.
    public init(_ x: Ciphertext, kind: Kind) {
        self.kind = kind
        powers = [1: x]
    }

    /// The level of the input.
    public var inputLevel: Int { powers[1]!.level }

    /// x^i or T_i(x), computing and caching whatever is missing.
    /// - Parameters:
    ///   - i: the index, ≥ 1.
    ///   - evaluator: an evaluator with a relinearisation key.
    /// - Throws: `CircuitError.insufficientLevels` when the input has fewer than ⌈log2 i⌉ levels; `CKKSError`s.
    public mutating func power(_ i: Int, evaluator: Evaluator) throws -> Ciphertext {
        precondition(i >= 1, "powers start at 1")
        if let cached = powers[i] { return cached }
        var a = 1
        while 2 * a < i { a *= 2 }
        let b = i - a
        let high = try power(a, evaluator: evaluator)
        let low = try power(b, evaluator: evaluator)
        let level = min(high.level, low.level)
        guard level >= 1 else {
            throw CircuitError.insufficientLevels(
                operation: "power \(i) of the basis", needed: Polynomial.depth(ofDegree: i), available: inputLevel)
        }
        var product = try evaluator.multiplyAtCommonLevel(high, low)
        if kind == .chebyshev {
            product = try evaluator.add(product, product)
            if a == b {
                product = try evaluator.add(product, constant: Complex(-1))
            } else {
                let correction = try evaluator.multiply(
                    try power(a - b, evaluator: evaluator), constant: 1, atLevel: level, productScale: product.scale)
                product = try evaluator.subtract(product, correction)
            }
        }
        let result = try evaluator.rescale(product)
        powers[i] = result
        return result
    }
}
