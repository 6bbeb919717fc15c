import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Switching ciphertexts between secret keys, at every level and restricted to a small modulus.
@Suite struct KeySwitchingKeyTests {
    let fixture = KeyedScheme.n12

    /// Decrypts under an arbitrary secret key of the fixture's context.
    func decrypt(_ ciphertext: Ciphertext, with key: SecretKey) throws -> [Complex] {
        try fixture.encoder.decode(Decryptor(secretKey: key).decrypt(ciphertext))
    }

    @Test func fullKeySwitchesAtEveryLevel() throws {
        var rng = SeededGenerator(seed: 31)
        let generator = KeyGenerator(context: fixture.context)
        let target = try generator.secretKey(using: &rng)
        let key = try generator.keySwitchingKey(from: fixture.secretKey, to: target, using: &rng)
        #expect(key.maximumLevel == fixture.context.maximumLevel)
        let values = RandomValues.complex(fixture.context.parameters.maximumSlotCount, using: &rng)
        let fresh = try fixture.encrypt(values, rng: &rng)
        for level in [fresh.level, 1, 0] {
            let ciphertext = try fixture.evaluator.dropLevels(fresh, to: level)
            let switched = try fixture.evaluator.switchKey(ciphertext, using: key)
            #expect(switched.level == level && switched.scale == ciphertext.scale)
            let precision = PrecisionStatistics(actual: try decrypt(switched, with: target), expected: values)
            // measured min / mean 27.0–27.8 / 30.1–30.2 bits
            expectPrecision(precision, minimumBits: 25, meanBits: 29, "level \(level)")
            // The source key no longer decrypts it.
            #expect(maximumError(try decrypt(switched, with: fixture.secretKey), values) > 1)
        }
    }

    /// The sparse-secret encapsulation pattern: dense → sparse at level 0 over q_0·p_0 only, then back.
    @Test func restrictedKeyToSparseSecretAndBack() throws {
        var rng = SeededGenerator(seed: 32)
        let generator = KeyGenerator(context: fixture.context)
        let sparse = try generator.secretKey(hammingWeight: 32, using: &rng)
        let toSparse = try generator.keySwitchingKey(from: fixture.secretKey, to: sparse, maximumLevel: 0, using: &rng)
        let toDense = try generator.keySwitchingKey(from: sparse, to: fixture.secretKey, using: &rng)
        // One digit (q_0), two limbs (q_0 and p_0), two components: nothing above the small modulus is published.
        #expect(toSparse.maximumLevel == 0)
        #expect(toSparse.byteCount == 2 * 2 * fixture.context.degree * 8)
        let values = RandomValues.complex(fixture.context.parameters.maximumSlotCount, using: &rng)
        let ciphertext = try fixture.evaluator.dropLevels(try fixture.encrypt(values, rng: &rng), to: 0)
        let switched = try fixture.evaluator.switchKey(ciphertext, using: toSparse)
        let sparsePrecision = PrecisionStatistics(actual: try decrypt(switched, with: sparse), expected: values)
        // measured min / mean 26.1 / 28.8 bits
        expectPrecision(sparsePrecision, minimumBits: 24, meanBits: 27)
        let back = try fixture.evaluator.switchKey(switched, using: toDense)
        let precision = PrecisionStatistics(actual: try fixture.decrypt(back), expected: values)
        // measured min / mean 26.0 / 28.7 bits
        expectPrecision(precision, minimumBits: 24, meanBits: 27)
    }

    @Test func rejectsLevelsAboveTheKeyAndForeignKeys() throws {
        var rng = SeededGenerator(seed: 33)
        let generator = KeyGenerator(context: fixture.context)
        let other = try generator.secretKey(using: &rng)
        let key = try generator.keySwitchingKey(from: fixture.secretKey, to: other, maximumLevel: 1, using: &rng)
        let ciphertext = try fixture.encrypt([Complex(0.5)], rng: &rng)
        #expect(throws: CKKSError.invalidLevel(ciphertext.level, maximum: 1)) {
            try fixture.evaluator.switchKey(ciphertext, using: key)
        }
        #expect(throws: CKKSError.invalidLevel(-1, maximum: fixture.context.maximumLevel)) {
            try generator.keySwitchingKey(from: fixture.secretKey, to: other, maximumLevel: -1, using: &rng)
        }
        let foreign = KeyedScheme.n13
        #expect(throws: CKKSError.contextMismatch) {
            try generator.keySwitchingKey(from: fixture.secretKey, to: foreign.secretKey, using: &rng)
        }
        #expect(throws: CKKSError.contextMismatch) {
            try foreign.evaluator.switchKey(foreign.encrypt([Complex(0.5)], rng: &rng), using: key)
        }
        // Level 1 is within the key: it switches correctly.
        let values = RandomValues.complex(fixture.context.parameters.maximumSlotCount, using: &rng)
        let atOne = try fixture.evaluator.dropLevels(try fixture.encrypt(values, rng: &rng), to: 1)
        let precision = PrecisionStatistics(actual: try decrypt(try fixture.evaluator.switchKey(atOne, using: key), with: other), expected: values)
        // measured min / mean 25.9 / 28.7 bits
        expectPrecision(precision, minimumBits: 23, meanBits: 27)
    }

    @Test func serializationRoundTripsAndRejectsCorruption() throws {
        var rng = SeededGenerator(seed: 34)
        let context = fixture.context
        let generator = KeyGenerator(context: context)
        let sparse = try generator.secretKey(hammingWeight: 32, using: &rng)
        let restricted = try generator.keySwitchingKey(from: fixture.secretKey, to: sparse, maximumLevel: 0, using: &rng)
        let full = try generator.keySwitchingKey(from: sparse, to: fixture.secretKey, using: &rng)
        let values = RandomValues.complex(context.parameters.maximumSlotCount, using: &rng)
        let ciphertext = try fixture.evaluator.dropLevels(try fixture.encrypt(values, rng: &rng), to: 0)
        for key in [restricted, full] {
            let bytes = CKKSSerialization.serialize(key)
            let back = try CKKSSerialization.deserializeKeySwitchingKey(bytes, context: context)
            #expect(back.maximumLevel == key.maximumLevel && back.key.data == key.key.data)
            #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeKeySwitchingKey(Array(bytes.dropLast(9)), context: context) }
            #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeKeySwitchingKey(bytes + [0], context: context) }
            var corrupted = bytes
            for i in 0..<8 { corrupted[bytes.count - 32 - 8 + i] = 0xFF }  // the last b residue (a seed follows): ≥ every modulus
            #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeKeySwitchingKey(corrupted, context: context) }
            var badLevel = bytes
            badLevel[8] = 0xFF  // maximum level far above L
            #expect(throws: CKKSError.self) { try CKKSSerialization.deserializeKeySwitchingKey(badLevel, context: context) }
            #expect(throws: CKKSError.self) {
                try CKKSSerialization.deserializeKeySwitchingKey(bytes, context: KeyedScheme.n13.context)
            }
        }
        // The deserialized pair still encapsulates: dense → sparse → dense.
        let toSparse = try CKKSSerialization.deserializeKeySwitchingKey(CKKSSerialization.serialize(restricted), context: context)
        let toDense = try CKKSSerialization.deserializeKeySwitchingKey(CKKSSerialization.serialize(full), context: context)
        let round = try fixture.evaluator.switchKey(fixture.evaluator.switchKey(ciphertext, using: toSparse), using: toDense)
        // measured min / mean 26.1 / 28.7 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(round), expected: values),
            minimumBits: 24, meanBits: 27)
    }
}
