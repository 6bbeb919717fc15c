import CKKS
import RingArithmetic

/// A CKKS context with a secret key, a public key and the evaluation keys a test needs, built once from seeded
/// randomness: the fixture every test target shares. **Tests only**: it holds the secret key and uses a
/// non-cryptographic generator.
public final class KeyedScheme: Sendable {
    public let context: CKKSContext
    public let secretKey: SecretKey
    /// The public key (`nil` when the fixture was built without one, to keep an older seeded key sequence).
    public let publicKey: PublicKey?
    public let encoder: CKKSEncoder
    public let evaluator: Evaluator
    /// The requirements the evaluation keys were generated for.
    public let requirements: EvaluationKeyRequirements

    /// - Parameters:
    ///   - parameters: the scheme (test presets are insecure, which is the point: small and fast).
    ///   - requirements: the evaluation keys to generate.
    ///   - publicKey: whether to generate a public key (drawn right after the secret key).
    ///   - seed: the seed of every key.
    public convenience init(
        parameters: CKKSParameters, requirements: EvaluationKeyRequirements = .relinearizationOnly,
        publicKey: Bool = true, seed: UInt64
    ) {
        var rng = SeededGenerator(seed: seed)
        self.init(parameters: parameters, requirements: requirements, publicKey: publicKey, rng: &rng)
    }

    /// The same, drawing from `rng` (secret key, public key, relinearisation key, Galois keys, in this order),
    /// so that a fixture can go on drawing further keys from the same stream.
    public init(
        parameters: CKKSParameters, requirements: EvaluationKeyRequirements = .relinearizationOnly,
        publicKey makesPublicKey: Bool = true, rng: inout SeededGenerator
    ) {
        do {
            context = try CKKSContext(parameters: parameters)
            let generator = KeyGenerator(context: context)
            secretKey = try generator.secretKey(using: &rng)
            publicKey = makesPublicKey ? generator.publicKey(for: secretKey, using: &rng) : nil
            self.requirements = requirements
            evaluator = Evaluator(
                context: context, keys: generator.evaluationKeys(for: secretKey, requirements: requirements, using: &rng))
        } catch {
            preconditionFailure("test fixture for \(parameters): \(error)")
        }
        encoder = CKKSEncoder(context: context)
    }

    /// Encrypts complex slots at the top level (or `level`), with the public key (the fixture must have one) or
    /// the secret key.
    public func encrypt(
        _ values: [Complex], level: Int? = nil, publicKey usePublic: Bool = true, rng: inout SeededGenerator
    ) throws -> Ciphertext {
        let encryptor = usePublic ? Encryptor(publicKey: publicKey!) : Encryptor(secretKey: secretKey)
        return try encryptor.encrypt(encoder.encode(values, level: level), using: &rng)
    }

    /// Encrypts real slots at the top level (or `level`) with the secret key.
    public func encrypt(_ values: [Double], level: Int? = nil, rng: inout SeededGenerator) throws -> Ciphertext {
        try Encryptor(secretKey: secretKey).encrypt(encoder.encode(values, level: level), using: &rng)
    }

    /// The decrypted complex slots.
    public func decrypt(_ ciphertext: Ciphertext) throws -> [Complex] {
        try encoder.decode(Decryptor(secretKey: secretKey).decrypt(ciphertext))
    }

    /// The real parts of the decrypted slots.
    public func decryptReal(_ ciphertext: Ciphertext) throws -> [Double] {
        try encoder.decodeReal(Decryptor(secretKey: secretKey).decrypt(ciphertext))
    }

    /// The relinearisation key, if one was generated.
    public var relinearizationKey: RelinearizationKey? { evaluator.relinearizationKey }
    /// The Galois keys, if any were generated.
    public var galoisKeys: GaloisKeys? { evaluator.galoisKeys }
}
