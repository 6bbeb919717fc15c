import Foundation
@testable import CKKS

/// A small, fast, seeded generator for reproducible tests (SplitMix64). Never used by the library itself.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum TestSupport {
    /// Deterministic Miller–Rabin for 64-bit integers (bases of Jaeschke / Sinclair).
    static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        for p: UInt64 in [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] where n % p == 0 { return n == p }
        var d = n - 1
        var s = 0
        while d & 1 == 0 { d >>= 1; s += 1 }
        witness: for a: UInt64 in [2, 325, 9375, 28178, 450775, 9780504, 1795265022] {
            var x = WordArithmetic.powerMod(a % n, d, n)
            if x == 0 || x == 1 || x == n - 1 { continue }
            for _ in 1..<s {
                x = WordArithmetic.multiplyMod(x, x, n)
                if x == n - 1 { continue witness }
            }
            return false
        }
        return true
    }

    /// `count` primes q ≡ 1 (mod 2N) of `bits` bits, descending (test helper; the library uses the ring layer).
    static func nttPrimes(bits: Int, count: Int, degree: Int) -> [UInt64] {
        var result: [UInt64] = []
        let step = UInt64(2 * degree)
        var candidate = (UInt64(1) << bits) - step + 1
        while result.count < count {
            if isPrime(candidate) { result.append(candidate) }
            candidate -= step
        }
        return result
    }

    static func randomSlots(_ count: Int, using rng: inout SeededGenerator, magnitude: Double = 1) -> [Complex] {
        (0..<count).map { _ in
            Complex(Double.random(in: -magnitude...magnitude, using: &rng), Double.random(in: -magnitude...magnitude, using: &rng))
        }
    }

    /// max_j |a_j − b_j|.
    static func maximumError(_ a: [Complex], _ b: [Complex]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).map { ($0 - $1).magnitude }.max() ?? 0
    }

    /// (min, mean) of −log2 |a_j − b_j| over all slots: bits of precision (higher is better).
    static func precisionBits(_ a: [Complex], _ b: [Complex]) -> (minimum: Double, mean: Double) {
        let bits = zip(a, b).map { -log2(max(($0 - $1).magnitude, 1e-300)) }
        return (bits.min() ?? 0, bits.reduce(0, +) / Double(max(bits.count, 1)))
    }
}
