import Foundation
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// A context with keys, built once per test process from seeded randomness (insecure test presets).
final class SchemeFixture: Sendable {
    let context: CKKSContext
    let secretKey: SecretKey
    let publicKey: PublicKey
    let relinearizationKey: RelinearizationKey
    let galoisKeys: GaloisKeys
    let encoder: CKKSEncoder
    let evaluator: Evaluator
    let rotationSteps = [1, -1, 3, -7, 16, 100]

    init(parameters: CKKSParameters, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        context = try! CKKSContext(parameters: parameters)
        let generator = KeyGenerator(context: context)
        secretKey = try! generator.secretKey(using: &rng)
        publicKey = generator.publicKey(for: secretKey, using: &rng)
        relinearizationKey = generator.relinearizationKey(for: secretKey, using: &rng)
        galoisKeys = generator.galoisKeys(for: secretKey, rotations: rotationSteps, conjugation: true, using: &rng)
        encoder = CKKSEncoder(context: context)
        evaluator = Evaluator(context: context, relinearizationKey: relinearizationKey, galoisKeys: galoisKeys)
    }

    static let n12 = SchemeFixture(parameters: .insecureTestN12, seed: 12)
    static let n13 = SchemeFixture(parameters: .insecureTestN13, seed: 13)

    func encrypt(_ values: [Complex], rng: inout SeededGenerator, publicKey usePublic: Bool = true) throws -> Ciphertext {
        let encryptor = usePublic ? Encryptor(publicKey: publicKey) : Encryptor(secretKey: secretKey)
        return try encryptor.encrypt(encoder.encode(values), using: &rng)
    }

    func decrypt(_ ciphertext: Ciphertext) throws -> [Complex] {
        try encoder.decode(Decryptor(secretKey: secretKey).decrypt(ciphertext))
    }
}
