import Bootstrapping
import CKKS
import EncryptedSampling
import LanguageModel

extension EncryptedOneHotExperiment.Preset {
    /// The bootstrapping parameters, 9 levels left: full packing, or `slotCount` slots (sparse packing at
    /// N = 2^16, e.g. the private generation's 2048).
    func parameters(slotCount: Int? = nil) throws -> BootstrappingParameters {
        switch (self, slotCount) {
        case (.secure, nil): try .secureN16()
        case (.secure, let slots?): try .secureN16(slotCount: slots, levelsLeft: 9)
        case (.insecureTest, nil): try .insecureTestN12(levelsLeft: 9)
        case (.insecureTest, let slots?): try .insecureTestN12(slotCount: slots, levelsLeft: 9)
        }
    }
}

/// Both parties of an encrypted-sampler experiment in one place: the client's keys, encryptor and decryptor,
/// and the server's sampler and bootstrapper (which hold evaluation keys only). Experiments measure the
/// encrypted sampler with it; the protocol proper lives in PrivateGeneration.
struct EncryptedSamplerRig {
    let parameters: BootstrappingParameters
    let layout: SamplerLayout
    let sampler: EncryptedSampler
    let bootstrapper: Bootstrapper
    let encoder: CKKSEncoder
    let encryptor: Encryptor
    let decryptor: Decryptor

    /// - Parameters:
    ///   - vocabulary: V.
    ///   - softmax: the sampler's softmax parameters.
    ///   - configuration: the sampler's circuit.
    ///   - embeddingTable: rows E_π(i) for the feedback product (`nil`: none).
    ///   - preset: the parameter set; the keys come from the system CSPRNG.
    ///   - slotCount: the slots (`nil`: full packing).
    init(vocabulary: Int, softmax: SoftmaxParameters, configuration: SamplerConfiguration, embeddingTable: [[Double]]?,
         preset: EncryptedOneHotExperiment.Preset, slotCount: Int? = nil) throws {
        parameters = try preset.parameters(slotCount: slotCount)
        let context = try CKKSContext(parameters: parameters.scheme)
        layout = try SamplerLayout(vocabularySize: vocabulary, slotCount: parameters.slotCount)
        sampler = try EncryptedSampler(
            layout: layout, configuration: configuration, softmax: softmax, context: context,
            levelsAfterBootstrap: parameters.levelsLeft, embeddingTable: embeddingTable)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey()
        let keys = try generator.bootstrappingKeys(
            for: secretKey, parameters: parameters, applicationRequirements: sampler.keyRequirements)
        bootstrapper = try Bootstrapper(parameters: parameters, context: context, keys: keys)
        encoder = CKKSEncoder(context: context)
        encryptor = Encryptor(secretKey: secretKey)
        decryptor = Decryptor(secretKey: secretKey)
    }

    /// The client encrypts one logit vector per instance (tour order, divided by the logit bound) and the draws;
    /// the server samples, keeping the intermediate ciphertexts.
    func sample(logits: [[Double]], draws: [Double]) throws -> EncryptedSample {
        let z = layout.slots(logits.map { $0.map { $0 / sampler.softmax.logitBound } })
        let ciphertext = try encryptor.encrypt(encoder.encode(z, level: parameters.levelsLeft))
        return try sampler.sample(
            logits: ciphertext, draws: .encrypted(encryptor.encrypt(sampler.drawsPlaintext(draws))),
            bootstrapper: bootstrapper, tracing: true)
    }

    /// The client decrypts a ciphertext of the layout into its slots.
    func decryptSlots(_ ciphertext: Ciphertext) throws -> [Double] { encoder.decodeReal(try decryptor.decrypt(ciphertext)) }

    /// The client decrypts a ciphertext into each instance's V positions.
    func decryptInstances(_ ciphertext: Ciphertext) throws -> [[Double]] { layout.instances(try decryptSlots(ciphertext)) }
}
