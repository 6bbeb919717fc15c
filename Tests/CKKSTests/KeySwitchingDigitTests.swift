import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Hybrid key switching with digits of 5 and 7 primes, the digit sizes of the secure bootstrapping preset
/// (`secureN16`: 25 ciphertext primes, dnum 4, P = 7 × 60 bits). The small ring (N = 2^12, **insecure**) keeps
/// the test fast; the decomposition, ModUp over α primes and ModDown by P are the same code at every N.
@Suite struct KeySwitchingDigitTests {
    /// 60 + 13 × 40 bits (14 primes): dnum 2 gives digits of 7 primes (280 bits, P = 5 × 60 = 300 bits),
    /// dnum 3 digits of 5 primes (200 bits, P = 4 × 60 = 240 bits).
    static func parameters(dnum: Int) throws -> CKKSParameters {
        try CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 13),
            specialPrimeBits: Array(repeating: 60, count: dnum == 2 ? 5 : 4), decompositionNumber: dnum,
            logScale: 40, securityLevel: .none)
    }

    @Test(arguments: [2, 3])
    func multiplyAndRotateAtEveryLevel(dnum: Int) throws {
        let parameters = try Self.parameters(dnum: dnum)
        #expect(parameters.digitSize == (dnum == 2 ? 7 : 5))
        let fixture = KeyedScheme(
            parameters: parameters, requirements: EvaluationKeyRequirements(rotations: [1, -3], relinearization: true),
            seed: UInt64(40 + dnum))
        var rng = SeededGenerator(seed: 7)
        let n = parameters.maximumSlotCount
        let x = RandomValues.complex(n, using: &rng)
        let y = RandomValues.complex(n, using: &rng)
        let ev = fixture.evaluator
        // Levels 13 (two full digits), 7 (one full digit and a partial one, or three partial), 1 (one partial).
        for level in [13, 7, 1] {
            let cx = try fixture.encrypt(x, level: level, rng: &rng)
            let cy = try fixture.encrypt(y, level: level, rng: &rng)
            let product = try ev.rescale(ev.multiply(cx, cy))
            // measured min / mean 27.0–27.5 / 30.3–30.3 bits
            expectPrecision(
                PrecisionStatistics(actual: try fixture.decrypt(product), expected: zip(x, y).map { $0 * $1 }),
                minimumBits: 25, meanBits: 29, "dnum \(dnum) level \(level) multiply")
            let rotated = try ev.rotate(cx, by: -3)
            // measured min / mean 25.9–27.7 / 28.7–30.3 bits
            expectPrecision(
                PrecisionStatistics(actual: try fixture.decrypt(rotated), expected: (0..<n).map { x[($0 - 3 + n) % n] }),
                minimumBits: 23, meanBits: 27, "dnum \(dnum) level \(level) rotate")
        }
    }
}
