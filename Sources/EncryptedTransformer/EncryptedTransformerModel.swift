import Bootstrapping
import CKKS
import Circuits
import LanguageModel

/// The whole Llama forward pass on encrypted activations with public weights: every block's attention half
/// (`EncryptedAttention`, over an `EncryptedKVCache`) and feed-forward half (`EncryptedFeedForward`), the final
/// RMSNorm and the LM head — what the server runs per token, with evaluation keys only.
///
/// A step takes the encrypted embedding of one token (d values in slots 0 ..< d, divided by
/// `calibration.embeddingBound`; the client encrypts those of its prompt, the encrypted sampler produces the
/// next ones) and returns the encrypted, normalised final hidden state, from which `logits` (natural order) or
/// the encrypted sampler's `EncryptedHead` (tour order) compute the logits. A prompt is prefilled by one step per
/// token. Per step and block: 5 + 1 bootstraps in the attention half, 2 in the feed-forward half; then 2 for the
/// final norm.
public struct EncryptedTransformerModel: Sendable {
    public let configuration: LlamaConfiguration
    public let calibration: TransformerCalibration
    public let layout: AttentionLayout
    public let attention: [EncryptedAttention]
    public let feedForward: [EncryptedFeedForward]
    public let outputNorm: EncryptedRMSNorm
    /// The head with the output norm's weights folded in: logits/M in slots 0 ..< V.
    public let head: EncryptedLinear
    public let levelsAfterBootstrap: Int

    /// - Parameters:
    ///   - model: the plaintext model.
    ///   - calibration: its ranges (`TransformerCalibration.measured`).
    ///   - capacity: T, the positions the encrypted cache holds (a power of two ≤ the context length).
    ///   - context: the CKKS context; its slot count D·H·T is the bootstrapper's.
    ///   - levelsAfterBootstrap: L ≥ 9.
    ///   - cachesPlaintexts: keep the fixed matrices' encoded diagonals (W_o, the feed-forward, the head) or
    ///     encode them at every use. `nil` (default) caches them up to N = 2^13: at N = 2^12 caching raises the tiny
    ///     model's peak memory from 0.93 to 2.13 GB (`hegen-bench transformer`), and the diagonals grow with N and the level count, which at N = 2^16 is
    ///     more memory than a 24 GB machine holds beside the keys (Docs/EncryptedTransformer.md).
    /// - Throws: `TransformerError.invalidConfiguration` (shapes, L, a vocabulary larger than the slots);
    ///   encoding errors.
    public init(
        model: LlamaModel, calibration: TransformerCalibration, capacity: Int, context: CKKSContext,
        levelsAfterBootstrap: Int, cachesPlaintexts: Bool? = nil
    ) throws {
        let c = model.configuration
        let caches = cachesPlaintexts ?? (context.degree <= 1 << 13)
        guard capacity <= c.contextLength, calibration.attention.count == c.blockCount else {
            throw TransformerError.invalidConfiguration("T = \(capacity) > the context \(c.contextLength), or a calibration of another model")
        }
        configuration = c
        self.calibration = calibration
        self.levelsAfterBootstrap = levelsAfterBootstrap
        let layout = try AttentionLayout(
            headCount: c.headCount, keyValueHeadCount: c.headCountKV, headDimension: c.headDimension, capacity: capacity)
        self.layout = layout
        let n = layout.slotCount
        guard c.vocabularySize <= n else {
            throw TransformerError.invalidConfiguration("V = \(c.vocabularySize) logits do not fit \(n) slots")
        }
        attention = try (0..<c.blockCount).map { b in
            try EncryptedAttention(
                layer: b, model: model, calibration: calibration.attention[b], layout: layout, context: context,
                levelsAfterBootstrap: levelsAfterBootstrap, cachesPlaintexts: caches)
        }
        feedForward = try (0..<c.blockCount).map { b in
            try EncryptedFeedForward(
                layer: model.weights.layers[b], configuration: c, calibration: calibration.feedForward[b],
                context: context, slotCount: n, levelsAfterBootstrap: levelsAfterBootstrap, cachesPlaintexts: caches)
        }
        let d = c.embeddingLength
        outputNorm = EncryptedRMSNorm(
            dimension: d, epsilon: Double(c.rmsNormEpsilon), inputBound: calibration.feedForward[c.blockCount - 1].residualBound,
            meanSquareRange: calibration.outputMeanSquareRange)
        head = try EncryptedLinear(
            matrix: model.weights.head.rows(scalingColumnsBy: model.weights.outputNorm.map(Double.init)),
            inputBound: Double(d).squareRoot(), outputBound: calibration.logitBound, slotCount: n,
            encoder: CKKSEncoder(context: context), level: levelsAfterBootstrap, cachesPlaintexts: caches)
    }

    /// Every evaluation key of a step and of `logits`, besides bootstrapping's.
    public var keyRequirements: EvaluationKeyRequirements {
        var keys = EncryptedRMSNorm.keyRequirements(slotCount: layout.slotCount).union(head.keyRequirements)
        for block in attention { keys = keys.union(block.keyRequirements) }
        for block in feedForward { keys = keys.union(block.keyRequirements) }
        return keys
    }

    /// An empty encrypted cache for this model.
    public func makeCache() -> EncryptedKVCache {
        EncryptedKVCache(layers: configuration.blockCount, capacity: layout.capacity)
    }

    /// One token through every block at position `cache.count`, and the final norm.
    /// - Parameters:
    ///   - embedding: the token's embedding, bound `calibration.embeddingBound`.
    ///   - cache: gains this position in every layer, and advances.
    ///   - bootstrapper: refreshes `layout.slotCount` slots, leaves L levels; holds `keyRequirements`.
    /// - Returns: n/√d of the final RMSNorm (its weights are folded into `head`), freshly bootstrapped (level L).
    /// - Throws: `TransformerError.cacheFull`, `.inputMismatch`; CKKS, circuit and bootstrapping errors.
    public func step(
        _ embedding: EncryptedVector, cache: inout EncryptedKVCache, bootstrapper: some CiphertextBootstrapper
    ) throws -> EncryptedVector {
        guard embedding.bound == calibration.embeddingBound else {
            throw TransformerError.inputMismatch("embeddings must be stored divided by \(calibration.embeddingBound)")
        }
        var x = embedding
        for b in attention.indices {
            x = try attention[b].apply(x, layer: b, cache: &cache, bootstrapper: bootstrapper)
            x = try feedForward[b].apply(x, bootstrapper: bootstrapper)
        }
        cache.advance()
        let input = try bootstrapper.bootstrapIfNeeded(x.ciphertext, beforeDepth: outputNorm.depth)
        let normed = try outputNorm.apply(
            EncryptedVector(ciphertext: input, count: x.count, bound: x.bound), evaluator: bootstrapper.evaluator,
            masked: true)
        return EncryptedVector(
            ciphertext: try bootstrapper.bootstrap(normed.ciphertext), count: normed.count, bound: normed.bound)
    }

    /// The logits (natural order) of a step's hidden state: l/M in slots 0 ..< V, one level below it.
    /// - Throws: `CircuitError`s; CKKS errors.
    public func logits(_ hidden: EncryptedVector, evaluator: Evaluator) throws -> EncryptedVector {
        try head.apply(hidden, evaluator: evaluator)
    }
}
