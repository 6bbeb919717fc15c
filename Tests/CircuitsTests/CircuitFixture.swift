import CKKS
import Foundation
@_spi(Testing) import RingArithmetic

@testable import Circuits

/// Reproducible randomness for tests: the ring layer's seeded generator (never used for real keys).
/// Reproducible randomness that key generation and encryption accept (tests only; see `SeededGeneratorForTesting`).
typealias SeededGenerator = SeededGeneratorForTesting

/// A context with keys built once per test process from seeded randomness. **All parameter sets here are
/// insecure** (small N with long chains): they exist to exercise deep circuits quickly.
final class CircuitFixture: Sendable {
    let context: CKKSContext
    let secretKey: SecretKey
    let encoder: CKKSEncoder
    let evaluator: Evaluator

    init(parameters: CKKSParameters, rotations: [Int] = [], seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        context = try! CKKSContext(parameters: parameters)
        let generator = KeyGenerator(context: context)
        secretKey = try! generator.secretKey(using: &rng)
        let relinearizationKey = generator.relinearizationKey(for: secretKey, using: &rng)
        let galoisKeys = generator.galoisKeys(for: secretKey, rotations: rotations, using: &rng)
        encoder = CKKSEncoder(context: context)
        evaluator = Evaluator(context: context, relinearizationKey: relinearizationKey, galoisKeys: galoisKeys)
    }

    /// **INSECURE.** N = 2^12, 12 levels of 40 bits, scale 2^40, P = 3×60 bits, dnum 5.
    static let medium = CircuitFixture(
        parameters: try! CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 12),
            specialPrimeBits: [60, 60, 60], decompositionNumber: 5, logScale: 40, securityLevel: .none),
        seed: 4)

    /// **INSECURE.** N = 2^12, 52 levels of 55 bits, scale 2^55, P = 4×60 bits, dnum 14: enough depth and
    /// precision for the sampler's 25-cubic step function without bootstrapping.
    static let deep = CircuitFixture(
        parameters: try! CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 55, count: 52),
            specialPrimeBits: [60, 60, 60, 60], decompositionNumber: 14, logScale: 55, securityLevel: .none),
        seed: 5)

    /// Secret-key encryption of real values at the top level (or `level`), default scale.
    func encrypt(_ values: [Double], level: Int? = nil, rng: inout SeededGenerator) throws -> Ciphertext {
        try Encryptor(secretKey: secretKey).encrypt(encoder.encode(values, level: level), using: &rng)
    }

    func decrypt(_ ciphertext: Ciphertext) throws -> [Double] {
        try encoder.decodeReal(Decryptor(secretKey: secretKey).decrypt(ciphertext))
    }

    var polynomials: PolynomialEvaluator { PolynomialEvaluator(evaluator: evaluator) }
}

enum LinearTransformTestSupport {
    /// Every power of two in both directions plus the steps the BSGS transforms of the tests use.
    static func rotations(slots: Int) -> [Int] {
        var steps: [Int] = []
        var s = 1
        while s < slots { steps += [s, -s]; s *= 2 }
        return steps + Array(1..<64)
    }
}

/// max_i |a_i − b_i|.
func maximumError(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
