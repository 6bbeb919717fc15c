import Foundation

/// Sampling of the random polynomials of RLWE: uniform, ternary and discrete Gaussian.
///
/// Every function takes the generator as an `inout` parameter; the overloads without one use the
/// system CSPRNG (`SecureRandomGenerator`).
public enum Sampling {
    /// The standard deviation of the error distribution (Homomorphic Encryption Standard, §2.1.2).
    public static let standardDeviation = 3.2
    /// The support bound of the Gaussian sampler: `|e| ≤ 41 ≈ 12.8σ`. The cumulative table is stored in
    /// 64-bit fixed point, and `Pr[|e| > 41] < 2^−150`, far below its resolution of `2^−64`, so cutting the
    /// tail there changes no sample probability that the table can represent.
    public static let gaussianBound = 41

    /// A uniform integer in `[0, bound)` by rejection sampling: draw `bitWidth(bound)` random bits and
    /// retry when the value is too large. Unbiased, and fewer than two draws on average.
    @inlinable
    public static func uniform<G: RandomNumberGenerator>(below bound: UInt64, using generator: inout G) -> UInt64 {
        precondition(bound > 0, "empty range")
        let mask = bound.nonzeroBitCount == 1 ? bound - 1 : UInt64.max >> bound.leadingZeroBitCount
        while true {
            let candidate = generator.next() & mask
            if candidate < bound { return candidate }
        }
    }

    /// A uniformly random polynomial of `R_Q` (uniform residues per limb are uniform modulo `Q` by the CRT).
    /// Uniform coefficients are uniform evaluations too, so it can be sampled directly in either form.
    public static func uniformPolynomial<Format: PolyFormat, G: RandomNumberGenerator>(
        in context: PolyContext, as format: Format.Type = Format.self, using generator: inout G
    ) -> RNSPolynomial<Format> {
        var data = [UInt64](repeating: 0, count: context.degree * context.limbCount)
        for (limb, q) in context.moduli.enumerated() {
            let offset = limb * context.degree
            for j in 0..<context.degree { data[offset + j] = uniform(below: q.value, using: &generator) }
        }
        return RNSPolynomial(uncheckedContext: context, data: data)
    }

    /// `count` independent values uniform in `{−1, 0, 1}`.
    public static func ternary<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Int64] {
        (0..<count).map { _ in Int64(uniform(below: 3, using: &generator)) - 1 }
    }

    /// A ternary vector with exactly `hammingWeight` non-zero entries, at uniformly random positions
    /// (partial Fisher–Yates shuffle) with uniformly random signs.
    /// - Precondition: `0 <= hammingWeight <= count`.
    public static func ternary<G: RandomNumberGenerator>(
        count: Int, hammingWeight: Int, using generator: inout G
    ) -> [Int64] {
        precondition(hammingWeight >= 0 && hammingWeight <= count, "Hamming weight must be in 0...count")
        var positions = Array(0..<count)
        var result = [Int64](repeating: 0, count: count)
        for i in 0..<hammingWeight {
            let j = i + Int(uniform(below: UInt64(count - i), using: &generator))
            positions.swapAt(i, j)
            result[positions[i]] = generator.next() & 1 == 0 ? 1 : -1
        }
        return result
    }

    /// `count` samples of the centred discrete Gaussian with `σ = 3.2`, by inversion of a 64-bit
    /// cumulative distribution table (CDT) over `|e| ≤ gaussianBound`.
    public static func gaussian<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Int64] {
        let table = gaussianTable
        return (0..<count).map { _ in
            let u = generator.next()
            // The smallest magnitude whose cumulative probability exceeds u; then a random sign (zero has
            // half the weight in the table, so the sign bit leaves it unbiased).
            var low = 0
            var high = table.count - 1
            while low < high {
                let middle = (low + high) / 2
                if table[middle] > u { high = middle } else { low = middle + 1 }
            }
            let magnitude = Int64(low)
            return generator.next() & 1 == 0 ? magnitude : -magnitude
        }
    }

    /// `table[k]` = `2^64 · Pr[|e| ≤ k]`, where `Pr[|e| = 0]` counts `ρ(0)` and `Pr[|e| = k]` counts `2ρ(k)`
    /// for `ρ(k) = exp(−k²/2σ²)`, all normalised; the last entry saturates at `UInt64.max`.
    static let gaussianTable: [UInt64] = {
        let sigma = standardDeviation
        let weights = (0...gaussianBound).map { k in
            (k == 0 ? 1.0 : 2.0) * exp(-Double(k * k) / (2 * sigma * sigma))
        }
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        return weights.enumerated().map { k, w in
            cumulative += w
            if k == gaussianBound { return UInt64.max }
            let scaled = cumulative / total * 18_446_744_073_709_551_616.0
            return scaled >= 18_446_744_073_709_551_615.0 ? UInt64.max : UInt64(scaled)
        }
    }()
}
