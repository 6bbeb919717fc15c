import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

@Suite struct EncryptionTests {
    @Test(arguments: [true, false])
    func encryptDecryptPrecision(publicKey: Bool) throws {
        for fixture in [KeyedScheme.n12, KeyedScheme.n13] {
            var rng = SeededGenerator(seed: 100)
            let values = RandomValues.complex(fixture.context.parameters.maximumSlotCount, using: &rng)
            let ciphertext = try fixture.encrypt(values, publicKey: publicKey, rng: &rng)
            #expect(ciphertext.level == fixture.context.maximumLevel)
            #expect((ciphertext.seed != nil) == !publicKey)
            let precision = PrecisionStatistics(actual: try fixture.decrypt(ciphertext), expected: values)
            // Public key: the noise v·e + e_0 + e_1·s is divided by P, leaving ≈ the rounding error
            // ‖r_0 + r_1·s‖ ≈ √(N²/6) per slot; secret key: ‖e‖ ≈ σ√N per slot. Both ≪ 2^16 at Δ = 2^40.
            // measured min / mean 26.6–30.8 / 29.9–32.7 bits
            expectPrecision(precision,
                minimumBits: 24, meanBits: 28, "N = \(fixture.context.degree), public key \(publicKey)")
        }
    }

    @Test func encodeAtEveryLevelAndSparsePacking() throws {
        let fixture = KeyedScheme.n12
        var rng = SeededGenerator(seed: 5)
        for level in 0...fixture.context.maximumLevel {
            for count in [1, 8, 2048] {
                let values = RandomValues.complex(count, using: &rng)
                let plaintext = try fixture.encoder.encode(values, level: level)
                #expect(plaintext.level == level && plaintext.slotCount == count)
                #expect(maximumError(fixture.encoder.decode(plaintext), values) < 0x1p-30)
            }
        }
        // Non-power-of-two counts are zero-padded.
        let plaintext = try fixture.encoder.encode([1.0, 2.0, 3.0])
        #expect(plaintext.slotCount == 4)
        #expect(abs(fixture.encoder.decodeReal(plaintext)[2] - 3) < 1e-9)
        #expect(throws: CKKSError.invalidSlotCount(4096, maximum: 2048)) {
            try fixture.encoder.encode([Double](repeating: 0, count: 4096))
        }
        #expect(throws: CKKSError.invalidLevel(9, maximum: 3)) { try fixture.encoder.encode([1.0], level: 9) }
        #expect(throws: CKKSError.nonFiniteValue) { try fixture.encoder.encode([Double.infinity]) }
    }

    @Test func seededCiphertextRegeneratesItsUniformPolynomial() throws {
        let fixture = KeyedScheme.n12
        var rng = SeededGenerator(seed: 77)
        let ciphertext = try fixture.encrypt([Complex(1, 2)], publicKey: false, rng: &rng)
        let seed = try #require(ciphertext.seed)
        let regenerated = Encryptor.expandSeed(seed, context: fixture.context.levelContexts[ciphertext.level])
        #expect(regenerated == ciphertext.polynomials[1])
    }

    @Test func chaChaMatchesRFC8439BlockVector() {
        // RFC 8439 §2.3.2 uses nonce 000000090000004a00000000; with nonce 0 we check the §2.4.2-independent
        // property that the keystream depends on the key and counter only, plus the published block for an
        // all-zero key and counter 0 (RFC 8439 A.1, test vector #1: 76 b8 e0 ad a0 f1 3d 90 ...).
        let block = ChaChaGenerator.block(seed: [UInt32](repeating: 0, count: 8), counter: 0)
        #expect(block[0] == 0xade0_b876)
        #expect(block[1] == 0x903d_f1a0)
        #expect(ChaChaGenerator.block(seed: [UInt32](repeating: 0, count: 8), counter: 1) != block)
    }
}
