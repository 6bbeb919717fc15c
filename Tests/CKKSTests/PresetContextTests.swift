import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// The small secure presets build working contexts (primes distinct, q ≡ 1 mod 2N, the right bit sizes) and
/// compute correctly end to end, including a fixed-Hamming-weight secret.
@Suite struct PresetContextTests {
    @Test(arguments: ["n12", "n13"])
    func securePresetComputes(name: String) throws {
        let parameters = name == "n12" ? CKKSParameters.n12 : CKKSParameters.n13
        let context = try CKKSContext(parameters: parameters)
        let all = context.ciphertextModuli + context.specialModuli
        #expect(Set(all).count == all.count)
        for (q, bits) in zip(all, parameters.ciphertextPrimeBits + parameters.specialPrimeBits) {
            #expect(q % UInt64(2 * context.degree) == 1)
            #expect(UInt64.bitWidth - q.leadingZeroBitCount == bits)
        }
        var rng = SeededGenerator(seed: 42)
        let keys = KeyGenerator(context: context)
        let secretKey = try keys.secretKey(hammingWeight: 64, using: &rng)
        let evaluator = Evaluator(
            context: context, relinearizationKey: keys.relinearizationKey(for: secretKey, using: &rng),
            galoisKeys: keys.galoisKeys(for: secretKey, rotations: [5], using: &rng))
        let encoder = CKKSEncoder(context: context)
        let n = parameters.maximumSlotCount
        let x = RandomValues.complex(n, using: &rng)
        let c = try Encryptor(publicKey: keys.publicKey(for: secretKey, using: &rng)).encrypt(encoder.encode(x), using: &rng)
        let result = try evaluator.rotate(evaluator.rescale(evaluator.multiply(c, c)), by: 5)
        let decrypted = encoder.decode(try Decryptor(secretKey: secretKey).decrypt(result))
        let expected = (0..<n).map { x[($0 + 5) % n] * x[($0 + 5) % n] }
        let precision = PrecisionStatistics(actual: decrypted, expected: expected)
        // n12 uses a 30-bit scale: about 10 bits less than the 40-bit presets. Measured min / mean: n12 15.7 /
        // 18.9, n13 25.0 / 27.9 bits.
        if name == "n12" {
            expectPrecision(precision, minimumBits: 13, meanBits: 17, name)
        } else {
            expectPrecision(precision, minimumBits: 23, meanBits: 26, name)
        }
    }

    @Test func hammingWeightIsValidated() throws {
        let context = KeyedScheme.n12.context
        #expect(throws: CKKSError.invalidHammingWeight(0, degree: 4096)) {
            try KeyGenerator(context: context).secretKey(hammingWeight: 0)
        }
    }
}
