import CKKS
import Foundation
import RingArithmetic
import TestSupport

@testable import Circuits

/// The circuit tests' fixtures: **all parameter sets here are insecure** (small N with long chains): they exist to
/// exercise deep circuits quickly. Keys come from `TestSupport.KeyedScheme` (seeded; no public key, so the seeded
/// key sequence is the one these tests were calibrated with).
extension KeyedScheme {
    /// A fixture with relinearisation and Galois keys for `rotations`.
    convenience init(parameters: CKKSParameters, rotations: [Int] = [], seed: UInt64) {
        self.init(
            parameters: parameters, requirements: EvaluationKeyRequirements(rotations: rotations, relinearization: true),
            publicKey: false, seed: seed)
    }

    /// **INSECURE.** N = 2^12, 12 levels of 40 bits, scale 2^40, P = 3×60 bits, dnum 5.
    static let medium = KeyedScheme(
        parameters: try! CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 12),
            specialPrimeBits: [60, 60, 60], decompositionNumber: 5, logScale: 40, securityLevel: .none),
        seed: 4)

    /// **INSECURE.** N = 2^12, 52 levels of 55 bits, scale 2^55, P = 4×60 bits, dnum 14: enough depth and
    /// precision for the sampler's 25-cubic step function without bootstrapping.
    static let deep = KeyedScheme(
        parameters: try! CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 55, count: 52),
            specialPrimeBits: [60, 60, 60, 60], decompositionNumber: 14, logScale: 55, securityLevel: .none),
        seed: 5)

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
