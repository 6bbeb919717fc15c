import CKKS
import EncryptedSampling
import EncryptedTransformer
import LanguageModel

/// The client of a private generation: the only holder of the secret key. It encrypts its prompt's embeddings
/// and its uniform draws, and decrypts the one-hot vectors the server returns, reading each token in tour order.
public struct GenerationClient: Sendable {
    public let setup: GenerationSetup
    let secretKey: SecretKey
    let context: CKKSContext
    let layout: SamplerLayout
    let sampler: EncryptedSampler

    /// - Parameters:
    ///   - setup: the agreed public parameters.
    ///   - secretKey: the client's key.
    ///   - sampler: the sampler's public description (the server's `sampler`, or one built without an embedding
    ///     table by `init(setup:secretKey:vocabularySize:levelsAfterBootstrap:)`; it holds no key).
    public init(setup: GenerationSetup, secretKey: SecretKey, sampler: EncryptedSampler) {
        self.setup = setup
        self.secretKey = secretKey
        self.context = sampler.context
        self.layout = sampler.layout
        self.sampler = sampler
    }

    /// A client that builds the sampler's public description itself (its layout and the encoding of the draws;
    /// no embedding table: the feedback is the server's).
    /// - Throws: sampler configuration errors.
    public init(setup: GenerationSetup, secretKey: SecretKey, vocabularySize: Int, levelsAfterBootstrap: Int) throws {
        let context = secretKey.context
        let sampler = try EncryptedSampler(
            layout: SamplerLayout(vocabularySize: vocabularySize, slotCount: GenerationPreset.slotCount),
            configuration: setup.sampler, softmax: setup.softmax, context: context,
            levelsAfterBootstrap: levelsAfterBootstrap)
        self.init(setup: setup, secretKey: secretKey, sampler: sampler)
    }

    /// E_token/σ_0 in slots 0 ..< d, encrypted at `level`.
    /// - Throws: `LanguageModelError` for an unknown token; CKKS errors.
    public func encryptEmbedding(
        of token: Int, model: LlamaModel, level: Int, using rng: inout some RandomNumberGenerator
    ) throws -> EncryptedVector {
        let sigma = setup.calibration.embeddingBound
        var slots = [Double](repeating: 0, count: layout.slotCount)
        for (i, value) in try model.embedding(of: token).enumerated() { slots[i] = Double(value) / sigma }
        let plaintext = try CKKSEncoder(context: context).encode(slots, level: level)
        return EncryptedVector(
            ciphertext: try Encryptor(secretKey: secretKey).encrypt(plaintext, using: &rng),
            count: model.configuration.embeddingLength, bound: sigma)
    }

    /// The draw r for the next token (the other instances get 1/2), encrypted.
    /// - Throws: `SamplerError.drawOutOfRange`; CKKS errors.
    public func encryptDraw(_ r: Double, using rng: inout some RandomNumberGenerator) throws -> SamplerDraws {
        let rs = [r] + Array(repeating: 0.5, count: layout.instanceCount - 1)
        return .encrypted(try Encryptor(secretKey: secretKey).encrypt(sampler.drawsPlaintext(rs), using: &rng))
    }

    /// The token whose tour position holds the largest entry of the decrypted PP(I), and that entry.
    /// - Throws: CKKS errors.
    public func token(fromOneHot oneHot: Ciphertext) throws -> (token: Int, weight: Double) {
        let slots = CKKSEncoder(context: context).decodeReal(try Decryptor(secretKey: secretKey).decrypt(oneHot))
        let first = layout.instances(slots)[0]
        let position = first.indices.max { first[$0] < first[$1] }!
        return (setup.ordering[position], first[position])
    }
}
