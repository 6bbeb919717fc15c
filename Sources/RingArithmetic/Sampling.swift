import Foundation

/// Sampling of the random polynomials of RLWE: uniform, ternary and discrete Gaussian.
///
/// Timing: the Gaussian sampler runs in time independent of the values it draws. The uniform and ternary
/// samplers reject and redraw out-of-range words, which reveals only how many words were discarded, not the
/// values kept; the fixed-weight ternary sampler's shuffle indexes memory by secret positions
/// (variable-time: use it where the key holder alone runs it, as key generation does).
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
    ///
    /// Constant-time in the values drawn: every sample compares its uniform word with **all** table entries
    /// (the magnitude is the number of entries at or below it, summed from 0/1 flags without branches) and
    /// applies the sign by masking, so neither the running time, the branches nor the memory accesses depend
    /// on the sample. (A binary search, as before, took a data-dependent path through the table.) The result is
    /// bit-identical to that search. Swift gives no constant-time guarantee for compiled code; the loop has no
    /// data-dependent branch or index in source, and the optimiser turns the flags into compares and adds.
    public static func gaussian<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [Int64] {
        gaussianTable.withUnsafeBufferPointer { table in
            (0..<count).map { _ in
                let u = generator.next()
                // The smallest k with table[k] > u, capped at the bound: the count of entries k < bound with
                // table[k] <= u (the table is non-decreasing). Zero has half the weight in the table, so the sign
                // bit leaves it unbiased.
                var below: UInt64 = 0
                for k in 0..<gaussianBound { below &+= lessThan(u, table[k]) }
                let magnitude = Int64(gaussianBound) &- Int64(truncatingIfNeeded: below)
                let negative = -Int64(truncatingIfNeeded: generator.next() & 1)  // 0 or all ones
                return (magnitude ^ negative) &- negative
            }
        }
    }

    /// 1 when `x < y`, else 0, computed without a branch (the borrow of x − y, as in BearSSL's `LT`).
    @inline(__always)
    static func lessThan(_ x: UInt64, _ y: UInt64) -> UInt64 {
        (x ^ ((x ^ y) | ((x &- y) ^ y))) >> 63
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
