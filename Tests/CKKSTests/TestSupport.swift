import Foundation
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Reproducible randomness for tests: the ring layer's seeded generator (never used for real keys).
/// Reproducible randomness that key generation and encryption accept (tests only; see `SeededGeneratorForTesting`).
typealias SeededGenerator = SeededGeneratorForTesting

enum TestSupport {
    /// `count` primes q ≡ 1 (mod 2N) of `bits` bits, descending (from the ring layer, tested there).
    static func nttPrimes(bits: Int, count: Int, degree: Int) -> [UInt64] {
        try! PrimeGenerator.nttPrimes(bitSize: bits, count: count, ringDegree: degree)
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
