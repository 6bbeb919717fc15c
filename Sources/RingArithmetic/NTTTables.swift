/// Precomputed twiddle factors for the negacyclic NTT of degree `N` modulo one prime `q ≡ 1 (mod 2N)`.
///
/// The negacyclic NTT evaluates `a(X) ∈ Z_q[X]/(X^N + 1)` at the odd powers `ψ^(2i+1)` of a primitive
/// 2N-th root of unity `ψ`; pointwise products of evaluations are then products in the ring. Twiddles are
/// stored in bit-reversed order (`rootPowers[i] = ψ^brv(i)`), the layout of Longa & Naehrig (2016,
/// Algorithms 1–2) where each butterfly stage reads them sequentially, with Shoup quotients beside them.
/// Tables are immutable and shared across threads.
public final class NTTTables: Sendable {
    /// The smallest and largest supported ring degree.
    public static let minimumDegree = 2
    public static let maximumDegree = 1 << 17

    public let modulus: Modulus
    public let degree: Int
    public let logDegree: Int
    /// The primitive 2N-th root of unity `ψ` (the smallest one, so tables are reproducible).
    public let psi: UInt64

    /// `ψ^brv(i)` and their Shoup quotients, for the forward transform.
    let rootPowers: [UInt64]
    let rootQuotients: [UInt64]
    /// `ψ^(−brv(i))` and Shoup quotients, for the inverse transform.
    let inverseRootPowers: [UInt64]
    let inverseRootQuotients: [UInt64]
    /// `N^(−1) mod q`, and `N^(−1) · ψ^(−brv(1))` for the fused last inverse stage.
    let inverseDegree: ShoupConstant
    let inverseDegreeTimesLastRoot: ShoupConstant

    /// - Parameters:
    ///   - modulus: a prime `q ≡ 1 (mod 2N)`, `q < 2^61`.
    ///   - degree: `N`, a power of two in `2 ... 2^17`.
    /// - Throws: `RingError.invalidDegree` or `RingError.notNTTFriendly`.
    public init(modulus: Modulus, degree: Int) throws {
        guard degree >= Self.minimumDegree, degree <= Self.maximumDegree, degree.nonzeroBitCount == 1 else {
            throw RingError.invalidDegree(degree)
        }
        self.modulus = modulus
        self.degree = degree
        self.logDegree = degree.trailingZeroBitCount
        let psi = try PrimeGenerator.primitiveRoot(order: 2 * degree, modulus: modulus)
        self.psi = psi
        let psiInverse = try modulus.inverse(of: psi)

        var powers = [UInt64](repeating: 0, count: degree)
        var inversePowers = [UInt64](repeating: 0, count: degree)
        var power: UInt64 = 1
        var inversePower: UInt64 = 1
        for i in 0..<degree {
            let position = Self.bitReverse(i, bits: logDegree)
            powers[position] = power
            inversePowers[position] = inversePower
            power = modulus.multiply(power, psi)
            inversePower = modulus.multiply(inversePower, psiInverse)
        }
        rootPowers = powers
        rootQuotients = powers.map { ShoupConstant($0, modulus: modulus).quotient }
        inverseRootPowers = inversePowers
        inverseRootQuotients = inversePowers.map { ShoupConstant($0, modulus: modulus).quotient }
        let nInverse = try modulus.inverse(of: UInt64(degree))
        inverseDegree = ShoupConstant(nInverse, modulus: modulus)
        inverseDegreeTimesLastRoot = ShoupConstant(
            modulus.multiply(nInverse, degree > 1 ? inversePowers[1] : 1), modulus: modulus)
    }

    /// Reverses the lowest `bits` bits of `value`.
    public static func bitReverse(_ value: Int, bits: Int) -> Int {
        guard bits > 0 else { return 0 }
        // Reverse the bits within each byte with three swaps, then the bytes with one byte swap.
        var v = UInt64(truncatingIfNeeded: value)
        v = (v & 0x5555_5555_5555_5555) << 1 | (v >> 1) & 0x5555_5555_5555_5555
        v = (v & 0x3333_3333_3333_3333) << 2 | (v >> 2) & 0x3333_3333_3333_3333
        v = (v & 0x0F0F_0F0F_0F0F_0F0F) << 4 | (v >> 4) & 0x0F0F_0F0F_0F0F_0F0F
        return Int(truncatingIfNeeded: v.byteSwapped >> (64 - bits))
    }
}
