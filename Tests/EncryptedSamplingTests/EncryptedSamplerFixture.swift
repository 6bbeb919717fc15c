import Bootstrapping
import CKKS
import EncryptedSampling
import Foundation
import LanguageModel
import TestSupport

/// An encrypted sampler on the **insecure** N = 2^12 bootstrapping test preset with the secure preset's 9 levels
/// left, sparse packing of 1024 slots: V tokens per instance, 1024 / 2W instances side by side. Built once per
/// configuration; the logits, draws and keys are seeded.
final class EncryptedSamplerFixture: Sendable {
    let layout: SamplerLayout
    let sampler: EncryptedSampler
    let bootstrap: BootstrapFixture
    /// Per instance: V logits.
    let logits: [[Float]]
    /// Row i: the embedding of tour position i (d = 8).
    let table: [[Double]]
    let simulation: SamplerSimulation

    /// - Parameters:
    ///   - vocabulary: V.
    ///   - configuration: the sampler's circuit.
    ///   - sharedLogits: give every instance these logits (for frequency tests) instead of random ones of its own.
    ///   - seed: seeds the logits, the table and the keys.
    init(vocabulary: Int, configuration: SamplerConfiguration, sharedLogits: [Float]? = nil, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let parameters = try BootstrappingParameters.insecureTestN12(slotCount: 1024, levelsLeft: 9)
        let layout = try SamplerLayout(vocabularySize: vocabulary, slotCount: 1024)
        // Logits like a language model's: a spread of small values and, in every other instance, a few peaks.
        let logits: [[Float]] = (0..<layout.instanceCount).map { b in
            sharedLogits ?? (0..<vocabulary).map { i in
                Float.random(in: -6...4, using: &rng) + (b % 2 == 0 && i % 5 == 0 ? 5 : 0)
            }
        }
        let softmax = try SoftmaxParameters.calibrated(logits: logits, temperature: 1, logitBound: 16)
        let table = (0..<vocabulary).map { _ in (0..<8).map { _ in Double.random(in: -1...1, using: &rng) } }
        var built: EncryptedSampler?
        bootstrap = try BootstrapFixture(parameters: parameters, seed: seed) { context in
            let sampler = try EncryptedSampler(
                layout: layout, configuration: configuration, softmax: softmax, context: context,
                levelsAfterBootstrap: parameters.levelsLeft, embeddingTable: table)
            built = sampler
            return sampler.keyRequirements
        }
        sampler = built!
        self.layout = layout
        self.logits = logits
        self.table = table
        simulation = SamplerSimulation(sampler: sampler)
    }

    /// The client's side: z = l/M encrypted at level L.
    func encryptLogits(rng: inout SeededGenerator) throws -> Ciphertext {
        let z = layout.slots(logits.map { $0.map { Double($0) / sampler.softmax.logitBound } })
        return try bootstrap.scheme.encrypt(z.map { Complex($0) }, level: sampler.levelsAfterBootstrap, rng: &rng)
    }

    /// The client's side: its draws, encoded as the sampler consumes them and encrypted.
    func encryptDraws(_ rs: [Double], rng: inout SeededGenerator) throws -> Ciphertext {
        try Encryptor(publicKey: bootstrap.scheme.publicKey!).encrypt(sampler.drawsPlaintext(rs), using: &rng)
    }

    /// The instances' V values of a decrypted ciphertext (tests only: the fixture holds the secret key).
    func decrypt(_ ciphertext: Ciphertext) throws -> [[Double]] { layout.instances(try bootstrap.scheme.decryptReal(ciphertext)) }

    /// softmax(l/T) of instance b.
    func probabilities(_ b: Int) -> [Double] { Sampler.softmax(logits[b], temperature: sampler.softmax.temperature) }
}
