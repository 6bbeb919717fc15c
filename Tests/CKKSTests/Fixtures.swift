import CKKS
import RingArithmetic
import TestSupport

extension KeyedScheme {
    /// The rotation steps the CKKS tests use.
    static let testRotationSteps = [1, -1, 3, -7, 16, 100]
    static let testRequirements = EvaluationKeyRequirements(
        rotations: testRotationSteps, conjugation: true, relinearization: true)

    /// The insecure N = 2^12 and N = 2^13 test presets with the keys of `testRequirements`.
    static let n12 = KeyedScheme(parameters: .insecureTestN12, requirements: testRequirements, seed: 12)
    static let n13 = KeyedScheme(parameters: .insecureTestN13, requirements: testRequirements, seed: 13)
}

/// `count` primes q ≡ 1 (mod 2N) of `bits` bits, descending (from the ring layer, tested there).
func nttPrimes(bits: Int, count: Int, degree: Int) -> [UInt64] {
    try! PrimeGenerator.nttPrimes(bitSize: bits, count: count, ringDegree: degree)
}
