import Bootstrapping
import CKKS
import Circuits
import EncryptedSampling
import EncryptedTransformer
import LanguageModel

/// The server of a private generation: the encrypted tiny model, its head into the sampler's layout, and the
/// encrypted sampler with the embedding table as its feedback — evaluation keys only (its bootstrapper's
/// evaluator), no secret key and no decryption anywhere.
///
/// Per generated token: `step` (the encrypted forward pass of the previous token's encrypted embedding), then
/// `sample` — the head, the sampler's encrypted draw, PP(I) for the client and Σ PP(I)_i·E_π(i), masked to the
/// embedding's slots, as the next step's input.
public struct GenerationServer: Sendable {
    public let setup: GenerationSetup
    public let model: EncryptedTransformerModel
    public let sampler: EncryptedSampler
    public let head: EncryptedHead
    let embeddingMask: [Double]

    /// - Parameters:
    ///   - model: the plaintext model (public weights).
    ///   - setup: the agreed public parameters.
    ///   - context: the CKKS context of the client's keys; its slot count D·H·T holds the sampler's layout too.
    ///   - levelsAfterBootstrap: L ≥ 9.
    /// - Throws: transformer and sampler configuration errors; encoding errors.
    public init(model: LlamaModel, setup: GenerationSetup, context: CKKSContext, levelsAfterBootstrap: Int) throws {
        self.setup = setup
        let encrypted = try EncryptedTransformerModel(
            model: model, calibration: setup.calibration, capacity: setup.capacity, context: context,
            levelsAfterBootstrap: levelsAfterBootstrap)
        self.model = encrypted
        let n = encrypted.layout.slotCount
        let layout = try SamplerLayout(vocabularySize: model.configuration.vocabularySize, slotCount: n)
        let sigma = setup.calibration.embeddingBound
        let table = try setup.ordering.map { token in try model.embedding(of: token).map { Double($0) / sigma } }
        sampler = try EncryptedSampler(
            layout: layout, configuration: setup.sampler, softmax: setup.softmax, context: context,
            levelsAfterBootstrap: levelsAfterBootstrap, embeddingTable: table)
        // The step's hidden state is n/√d without the output norm's weights: fold both into the head.
        let d = model.configuration.embeddingLength
        let weights = model.weights.head.rows(
            scalingColumnsBy: model.weights.outputNorm.map { Double($0) * Double(d).squareRoot() })
        head = try EncryptedHead(weights: weights, ordering: setup.ordering, sampler: sampler, level: levelsAfterBootstrap)
        embeddingMask = (0..<n).map { $0 < d ? 1 : 0 }
    }

    /// Every evaluation key the server needs besides bootstrapping's: what the client generates and sends.
    public var keyRequirements: EvaluationKeyRequirements {
        model.keyRequirements.union(sampler.keyRequirements).union(head.keyRequirements)
    }

    /// The sampler's instances per ciphertext (the client sends one draw per instance; only the first is read).
    public var drawCount: Int { sampler.layout.instanceCount }

    /// One token through the encrypted model at the next position of `cache`.
    /// - Returns: the final hidden state (bootstrapped).
    public func step(
        _ embedding: EncryptedVector, cache: inout EncryptedKVCache, bootstrapper: some CiphertextBootstrapper
    ) throws -> EncryptedVector {
        try model.step(embedding, cache: &cache, bootstrapper: bootstrapper)
    }

    /// The encrypted draw from a hidden state.
    /// - Returns: PP(I) (for the client), the next input embedding (bound `calibration.embeddingBound`), and the
    ///   sampler's bootstraps.
    /// - Throws: sampler, CKKS and bootstrapping errors.
    public func sample(
        hidden: EncryptedVector, draws: SamplerDraws, bootstrapper: some CiphertextBootstrapper
    ) throws -> (oneHot: Ciphertext, next: EncryptedVector, bootstraps: Int) {
        let evaluator = bootstrapper.evaluator
        let logits = try head.logits(hidden.ciphertext, evaluator: evaluator)
        let sample = try sampler.sample(logits: logits, draws: draws, bootstrapper: bootstrapper)
        // The other instances' embeddings sit in the other blocks: keep block 0's d slots only (one level;
        // bootstrap first if none is left), landing on the default scale a fresh encryption has — the encrypted
        // cache adds every position's keys at the scale its input leads to.
        var embedding = sample.embedding!
        var bootstraps = sample.bootstraps
        if embedding.level < 1 {
            embedding = try bootstrapper.bootstrap(embedding)
            bootstraps += 1
        }
        let target = evaluator.context.parameters.defaultScale * evaluator.rescalingPrime(atLevel: embedding.level)
        let mask = try CKKSEncoder(context: evaluator.context).encode(
            embeddingMask, scale: target / embedding.scale, level: embedding.level)
        let masked = try evaluator.rescale(evaluator.multiply(embedding, mask))
        return (sample.oneHot,
                EncryptedVector(ciphertext: masked, count: model.configuration.embeddingLength,
                                bound: setup.calibration.embeddingBound),
                bootstraps)
    }
}
