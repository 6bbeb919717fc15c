/// Fast RNS base conversion from a source basis `Q = q_0 ⋯ q_{k−1}` to target primes `p_0, p_1, …`
/// (Bajard, Eynard, Hasan & Zucca, "A Full RNS Variant of FV like Somewhat Homomorphic Encryption
/// Schemes", SAC 2016, §2.2; made exact in floating point as in Halevi, Polyakov & Shoup, "An Improved RNS
/// Variant of the BFV Homomorphic Encryption Scheme", CT-RSA 2019, §2.2). It is the one base conversion of
/// the library: CKKS's ModUp (each key-switching digit to the other primes and P) and ModDown (P to Q, see
/// `RoundedDivision`) run these kernels.
///
/// For `x ∈ [0, Q)` with residues `x_j = x mod q_j` and `q̂_j = Q/q_j`, let `x̂_j = [x_j · q̂_j^(−1)]_{q_j}`.
/// By the CRT, `Σ_j x̂_j · q̂_j ≡ x (mod Q)`, and since `Σ_j x̂_j · q̂_j / Q = Σ_j x̂_j / q_j < k` the sum is
/// `x + α·Q` with the integer `α = floor(Σ_j x̂_j / q_j) ∈ [0, k)`. Bajard et al. reduce the sum modulo each
/// target `p_i` and live with the `α·Q` error; Halevi–Polyakov–Shoup compute `α` in double precision and
/// subtract it. Rounding instead of flooring, `v = round(Σ_j x̂_j / q_j) = α + [x ≥ Q/2]`, yields
/// `x − [x ≥ Q/2]·Q`: the centred representative in `[−Q/2, Q/2)`, which is what CKKS needs (its values are
/// small and signed). The double-precision sum is off by at most about `k²·2^−52`, so the result is exact
/// unless `x/Q` lies that close to the rounding boundary (probability ≈ 2^−48 for random `x`).
///
/// The conversion runs in three steps, each a pointer kernel over one limb of `N` words so that callers
/// choose the parallel split and the scratch memory: `prepare` (one multiplication per source residue),
/// `correctionMultiples` (one per coefficient) and `convert` (one target limb). The polynomial-level
/// `convert(_:to:centered:)`, `RNSPolynomial.modUp` and `RNSPolynomial.modDown` are built on them.
public struct BasisConversion: Sendable {
    /// The source primes `q_j`.
    public let sourceModuli: [Modulus]
    /// The target primes `p_i`.
    public let targetModuli: [Modulus]
    /// `q̂_j^(−1) mod q_j`, with Shoup quotients.
    let hatInverses: [ShoupConstant]
    /// `1/q_j` in double precision, for the correction multiple.
    let reciprocals: [Double]
    /// `q̂_j mod p_i`, target-major: `hatsModTarget[i · k + j]`.
    let hatsModTarget: [UInt64]
    /// `(−Q) mod p_i`, with Shoup quotients.
    let negatedProductModTarget: [ShoupConstant]

    /// - Parameters:
    ///   - source: the primes of the input basis, at most 63 (the 128-bit sums of `convert` hold 63
    ///     products of residues below 2^61).
    ///   - target: the primes to convert to, each coprime to every source prime.
    /// - Throws: `RingError.notInvertible` when a target prime shares a factor with `Q` or `Q`'s cofactors
    ///   are not invertible modulo their primes.
    public init(from source: [Modulus], to target: [Modulus]) throws {
        precondition(!source.isEmpty && source.count < 64, "fast base conversion supports 1 … 63 source primes")
        sourceModuli = source
        targetModuli = target
        hatInverses = try source.enumerated().map { j, q in
            ShoupConstant(try q.inverse(of: Self.cofactor(of: j, in: source, modulo: q)), modulus: q)
        }
        reciprocals = source.map { 1 / Double($0.value) }
        var hats: [UInt64] = []
        hats.reserveCapacity(target.count * source.count)
        for p in target {
            for j in source.indices {
                let hat = Self.cofactor(of: j, in: source, modulo: p)
                guard hat != 0 else { throw RingError.notInvertible(value: 0, modulus: p.value) }
                hats.append(hat)
            }
        }
        hatsModTarget = hats
        negatedProductModTarget = target.map { p in
            ShoupConstant(p.negate(source.reduce(UInt64(1)) { p.multiply($0, p.reduce($1.value)) }), modulus: p)
        }
    }

    /// `(Q/q_j) mod m`: the product of every source prime but `q_j`.
    private static func cofactor(of j: Int, in source: [Modulus], modulo m: Modulus) -> UInt64 {
        var hat: UInt64 = 1
        for (other, q) in source.enumerated() where other != j { hat = m.multiply(hat, m.reduce(q.value)) }
        return hat
    }
}

// The three kernels. Layout: the `k` source limbs lie contiguously, limb `j` at `hats + j·count`; every
// kernel reads or writes exactly `count` words per limb. Value bounds are stated per kernel.
extension BasisConversion {
    /// Step 1: `x̂_j = [x_j · q̂_j^(−1)]_{q_j}` in place, for source limb `j`.
    ///
    /// Input words may be any 64-bit value (Shoup multiplication reduces them); outputs lie in `[0, q_j)`.
    /// Only `limb` is touched, so limbs can be prepared concurrently.
    package func prepare(_ limb: UnsafeMutablePointer<UInt64>, source j: Int, count: Int) {
        let q = sourceModuli[j]
        let constant = hatInverses[j]
        for c in 0..<count { limb[c] = q.multiply(limb[c], by: constant) }
    }

    /// Step 2: the correction multiples `v_c = round(Σ_j x̂_j[c] / q_j)` (or `floor` when not `centered`).
    ///
    /// - Parameters:
    ///   - hats: the `k` prepared source limbs (values in `[0, q_j)`), read only.
    ///   - multiples: `count` words written, each in `[0, k]`; must not overlap `hats`.
    package func correctionMultiples(
        _ hats: UnsafePointer<UInt64>, count: Int, centered: Bool = true, into multiples: UnsafeMutablePointer<UInt64>
    ) {
        let k = sourceModuli.count
        reciprocals.withUnsafeBufferPointer { r in
            for c in 0..<count {
                var sum = 0.0
                for j in 0..<k { sum += Double(hats[j &* count &+ c]) * r[j] }
                multiples[c] = UInt64(centered ? sum.rounded() : sum.rounded(.down))
            }
        }
    }

    /// Step 3: target limb `i`, `y_c = [Σ_j x̂_j[c] · (q̂_j mod p_i) − v_c · Q]_{p_i}`.
    ///
    /// Each product is below `2^61 · p_i`, so the 128-bit sum of `k` of them is below `p_i · 2^64` when
    /// `k < 8` and one Barrett reduction suffices; otherwise the high word is reduced first (`k < 64` keeps
    /// the sum below 2^128). A single source prime needs no sum: `v ∈ {0, 1}` selects `x̂` or `x̂ − q_0`.
    /// - Parameters:
    ///   - hats: the `k` prepared source limbs, values in `[0, q_j)`.
    ///   - multiples: the `count` correction multiples of step 2, in `[0, k]`.
    ///   - output: `count` words written, in `[0, p_i)`; must not overlap `hats` or `multiples`.
    package func convert(
        _ hats: UnsafePointer<UInt64>, multiples: UnsafePointer<UInt64>, target i: Int,
        into output: UnsafeMutablePointer<UInt64>, count: Int
    ) {
        let p = targetModuli[i]
        let correction = negatedProductModTarget[i]
        let k = sourceModuli.count
        if k == 1 {
            for c in 0..<count {
                let r = p.reduce(hats[c])
                output[c] = multiples[c] == 0 ? r : p.add(r, correction.value)
            }
            return
        }
        let highBelowModulus = k < 8
        hatsModTarget.withUnsafeBufferPointer { buffer in
            let weights = buffer.baseAddress! + i * k
            for c in 0..<count {
                var sum = WideSum()
                for j in 0..<k { sum.add(hats[j &* count &+ c], times: weights[j]) }
                output[c] = p.add(sum.reduced(modulo: p, highBelowModulus: highBelowModulus), p.multiply(multiples[c], by: correction))
            }
        }
    }
}
