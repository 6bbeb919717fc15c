import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Key generation refuses predictable generators and too-sparse secrets on secure parameters.
@Suite struct KeyGenerationSafetyTests {
    static let secure: CKKSContext = {
        do { return try CKKSContext(parameters: .n12) } catch { fatalError("\(error)") }
    }()

    @Test func seededGeneratorsAreRefused() throws {
        let generator = KeyGenerator(context: KeyedScheme.n12.context)
        var xoshiro = SeededRandomGenerator(seed: 1)
        #expect(throws: CKKSError.insecureRandomGenerator("SeededRandomGenerator")) {
            try generator.secretKey(using: &xoshiro)
        }
        let secretKey = KeyedScheme.n12.secretKey
        #expect(throws: CKKSError.insecureRandomGenerator("SeededRandomGenerator")) {
            try generator.keySwitchingKey(from: secretKey, to: secretKey, using: &xoshiro)
        }
        let plaintext = try KeyedScheme.n12.encoder.encode([Complex(1)])
        for encryptor in [Encryptor(secretKey: secretKey), Encryptor(publicKey: KeyedScheme.n12.publicKey!)] {
            #expect(throws: CKKSError.insecureRandomGenerator("SeededRandomGenerator")) {
                try encryptor.encrypt(plaintext, using: &xoshiro)
            }
        }
        // The marked generators are accepted; the testing one reproduces the seeded stream exactly.
        var testing = SeededGeneratorForTesting(seed: 1), chacha = ChaChaGenerator(seed: ChaChaGenerator.randomSeed())
        _ = try generator.secretKey(using: &testing)
        _ = try generator.secretKey(using: &chacha)
        var a = SeededGeneratorForTesting(seed: 7), b = SeededRandomGenerator(seed: 7)
        #expect((0..<100).allSatisfy { _ in a.next() == b.next() })
    }

    /// The entry points that do not throw trap instead (a programming error, fixed where the call is written).
    @Test func nonThrowingEntryPointsTrapOnSeededGenerators() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let context = KeyedScheme.n12.context
            var xoshiro = SeededRandomGenerator(seed: 1)
            _ = KeyGenerator(context: context).publicKey(for: KeyedScheme.n12.secretKey, using: &xoshiro)
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("needs a CryptographicallySecureGenerator, not SeededRandomGenerator"), "\(message)")
        await #expect(processExitsWith: .success) {  // the control: the same call with a marked generator
            let context = KeyedScheme.n12.context
            var testing = SeededGeneratorForTesting(seed: 1)
            _ = KeyGenerator(context: context).publicKey(for: KeyedScheme.n12.secretKey, using: &testing)
        }
    }

    @Test func sparseSecretsNeedTheMinimumWeightOnSecureParameters() throws {
        var rng = SeededGeneratorForTesting(seed: 2)
        let secure = KeyGenerator(context: Self.secure)
        for weight in [1, 2, KeyGenerator.minimumHammingWeight - 1] {
            #expect(throws: CKKSError.hammingWeightTooSmall(weight, minimum: KeyGenerator.minimumHammingWeight)) {
                try secure.secretKey(hammingWeight: weight, using: &rng)
            }
        }
        _ = try secure.secretKey(hammingWeight: KeyGenerator.minimumHammingWeight, using: &rng)
        // Parameters of security level .none (tests) may use any weight.
        _ = try KeyGenerator(context: KeyedScheme.n12.context).secretKey(hammingWeight: 1, using: &rng)
    }
}
