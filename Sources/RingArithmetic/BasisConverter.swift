/// Fast RNS base conversion from a basis `Q = {q_j}` to a basis `P = {p_i}` (Bajard et al. 2016;
/// Halevi, Polyakov & Shoup 2019, §2.2), with the floating-point correction that makes it exact.
///
/// For `x ∈ [0, Q)` given by its residues `x_j`, let `x̂_j = [x_j · (Q/q_j)^(−1)]_{q_j}`. Then
/// `Σ_j x̂_j · (Q/q_j) = x + α·Q` with the integer `α = floor(Σ_j x̂_j / q_j) ∈ [0, |Q|)`. Computing
/// `α` in double precision and subtracting `α·Q` gives `x` exactly; rounding instead of flooring gives
/// the centred representative in `(−Q/2, Q/2]`, which is what CKKS needs (its values are small and
/// signed). The double-precision sum is off by at most `|Q|·2^−52`, so the result is exact unless `x/Q`
/// lies within that distance of the rounding boundary; for random `x` that has probability ≈ 2^−48.
public struct BasisConverter: Sendable {
    /// The source basis `Q`.
    public let source: PolyContext
    /// The target basis `P`.
    public let target: PolyContext
    /// `(Q/q_j)^(−1) mod q_j`.
    let sourceHatInverses: [ShoupConstant]
    /// `(Q/q_j) mod p_i`, indexed `[i][j]`.
    let sourceHatModTarget: [[UInt64]]
    /// `Q mod p_i`.
    let sourceProductModTarget: [UInt64]
    /// `1/q_j` in double precision, for the correction term `α`.
    let sourceReciprocals: [Double]

    /// - Parameters:
    ///   - source: the basis of the input polynomials.
    ///   - target: the basis to convert to (its moduli must be coprime to the source's).
    /// - Throws: `RingError.notInvertible` if the bases share a factor, `RingError.invalidDegree` if the
    ///   degrees differ.
    public init(from source: PolyContext, to target: PolyContext) throws {
        guard source.degree == target.degree else { throw RingError.invalidDegree(target.degree) }
        // The 128-bit accumulator holds up to 63 products of two 61-bit residues.
        precondition(source.limbCount < 64, "fast base conversion supports at most 63 source limbs")
        self.source = source
        self.target = target
        let sourceModuli = source.moduli
        sourceHatInverses = try sourceModuli.enumerated().map { j, qj in
            var hat: UInt64 = 1
            for (k, qk) in sourceModuli.enumerated() where k != j { hat = qj.multiply(hat, qj.reduce(qk.value)) }
            return ShoupConstant(try qj.inverse(of: hat), modulus: qj)
        }
        sourceHatModTarget = try target.moduli.map { p in
            try sourceModuli.indices.map { j in
                var hat: UInt64 = 1
                for (k, qk) in sourceModuli.enumerated() where k != j { hat = p.multiply(hat, p.reduce(qk.value)) }
                guard hat != 0 else { throw RingError.notInvertible(value: 0, modulus: p.value) }
                return hat
            }
        }
        sourceProductModTarget = target.moduli.map { p in
            sourceModuli.reduce(UInt64(1)) { p.multiply($0, p.reduce($1.value)) }
        }
        for p in target.moduli {
            for q in sourceModuli where p == q { throw RingError.notInvertible(value: q.value, modulus: p.value) }
        }
        sourceReciprocals = sourceModuli.map { 1.0 / Double($0.value) }
    }

    /// Converts `x` (coefficient form, in the source basis) to the target basis.
    /// - Parameters:
    ///   - x: a polynomial over `source`.
    ///   - centered: `true` converts the representative in `(−Q/2, Q/2]`, `false` the one in `[0, Q)`.
    /// - Returns: the same integer coefficients, reduced modulo each target modulus.
    public func convert(_ x: RNSPolynomial<Coefficient>, centered: Bool = true) -> RNSPolynomial<Coefficient> {
        precondition(x.context == source, "input is not over the converter's source basis")
        let n = source.degree
        let sourceCount = source.limbCount
        let sourceModuli = source.moduli
        // x̂_j for every coefficient, limb-major like the input, and α per coefficient.
        var hats = x.data
        hats.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Parallel.forEach(sourceCount, wordsEach: n) { j in
                let q = sourceModuli[j]
                let constant = sourceHatInverses[j]
                let limb = base + j * n
                for c in 0..<n { limb[c] = q.multiply(limb[c], by: constant) }
            }
        }
        var alphas = [UInt64](repeating: 0, count: n)
        hats.withUnsafeBufferPointer { h in
            for c in 0..<n {
                var sum = 0.0
                for j in 0..<sourceCount { sum += Double(h[j * n + c]) * sourceReciprocals[j] }
                alphas[c] = UInt64(centered ? sum.rounded(.toNearestOrEven) : sum.rounded(.down))
            }
        }
        var result = RNSPolynomial<Coefficient>(zeroIn: target)
        hats.withUnsafeBufferPointer { h in
            let hBase = h.baseAddress!
            alphas.withUnsafeBufferPointer { a in
                let aBase = a.baseAddress!
                result.forEachLimb { i, p, y in
                    let weights = sourceHatModTarget[i]
                    let correction = p.negate(sourceProductModTarget[i])  // −Q mod p_i
                    for c in 0..<n {
                        // Σ_j x̂_j · (Q/q_j mod p_i) < |Q| · 2^122 ≤ 2^128 for up to 64 source limbs.
                        var low: UInt64 = 0
                        var high: UInt64 = 0
                        for j in 0..<sourceCount {
                            let product = hBase[j * n + c].multipliedFullWidth(by: weights[j])
                            let (sum, carry) = low.addingReportingOverflow(product.low)
                            low = sum
                            high &+= product.high &+ (carry ? 1 : 0)
                        }
                        // Reduce the high word first so Barrett's precondition (x < p·2^64) holds.
                        let value = p.reduce(high: p.reduce(high), low: low)
                        y[c] = p.add(value, p.multiply(p.reduce(aBase[c]), correction))
                    }
                }
            }
        }
        return result
    }
}
