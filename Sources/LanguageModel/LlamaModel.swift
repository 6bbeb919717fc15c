/// A Llama-architecture language model evaluated in Float32, one position at a time, as llama.cpp does it.
///
/// The forward pass of one position: for each block, x += Wo · attention(RoPE(Wq·n), RoPE(Wk·n), Wv·n) with
/// n = RMSNorm(x), then x += Wdown · (SiLU(Wgate·n′) ⊙ Wup·n′) with n′ = RMSNorm(x); finally
/// logits = head · RMSNorm(x). Attention is grouped-query: query head h reads KV head h / (heads / KV heads).
public struct LlamaModel: Sendable {
    public let configuration: LlamaConfiguration
    public let weights: LlamaWeights
    let rope: RotaryEmbedding

    /// - Parameters:
    ///   - configuration: the hyper-parameters.
    ///   - weights: Float32 weights whose shapes match `configuration`.
    /// - Throws: `LanguageModelError.tensorShapeMismatch` when a weight does not fit the configuration.
    public init(configuration: LlamaConfiguration, weights: LlamaWeights) throws {
        try weights.validate(against: configuration)
        self.configuration = configuration
        self.weights = weights
        rope = RotaryEmbedding(
            dimensionCount: configuration.ropeDimensionCount, headDimension: configuration.headDimension,
            base: configuration.ropeFrequencyBase)
    }

    /// An empty KV cache sized for this model.
    public func makeCache() -> KVCache {
        KVCache(layers: configuration.blockCount, kvDimension: configuration.kvDimension,
                capacity: configuration.contextLength)
    }

    /// The input embedding of `token`: row `token` of `token_embd.weight`.
    /// - Throws: `LanguageModelError.tokenOutOfRange`.
    public func embedding(of token: Int) throws -> [Float] {
        guard token >= 0, token < configuration.vocabularySize else {
            throw LanguageModelError.tokenOutOfRange(token, vocabularySize: configuration.vocabularySize)
        }
        return weights.tokenEmbedding.row(token)
    }

    /// Processes `token` at position `cache.count` and returns the next-token logits.
    /// - Parameters:
    ///   - token: a token id.
    ///   - cache: the keys and values of the earlier positions; this position's are appended.
    /// - Throws: `LanguageModelError.tokenOutOfRange`, `.contextFull`.
    public func logits(token: Int, cache: inout KVCache) throws -> [Float] {
        try logits(embedding: embedding(of: token), cache: &cache)
    }

    /// Processes an input embedding (any vector, e.g. a mixture of token embeddings) at position `cache.count`.
    /// - Parameters:
    ///   - embedding: `embeddingLength` values fed where a token's embedding row would go.
    ///   - cache: the keys and values of the earlier positions; this position's are appended.
    /// - Throws: `LanguageModelError.embeddingLengthMismatch`, `.contextFull`.
    public func logits(embedding: [Float], cache: inout KVCache) throws -> [Float] {
        try trace(embedding: embedding, cache: &cache).logits
    }

    /// The forward pass of one position with every intermediate kept (`ForwardTrace`): the same arithmetic as
    /// `logits(embedding:cache:)`, which returns its last field.
    /// - Throws: `LanguageModelError.embeddingLengthMismatch`, `.contextFull`.
    public func trace(embedding: [Float], cache: inout KVCache) throws -> ForwardTrace {
        let c = configuration
        guard embedding.count == c.embeddingLength else {
            throw LanguageModelError.embeddingLengthMismatch(expected: c.embeddingLength, found: embedding.count)
        }
        guard cache.count < c.contextLength else { throw LanguageModelError.contextFull(contextLength: c.contextLength) }
        let position = cache.count
        let (cos, sin) = rope.angles(at: position)
        var x = embedding
        var blocks: [BlockTrace] = []
        blocks.reserveCapacity(weights.layers.count)
        for index in weights.layers.indices {
            let block = self.block(index, input: x, position: position, cos: cos, sin: sin, cache: &cache)
            blocks.append(block)
            x = block.output
        }
        cache.advance()
        let outputMeanSquare = VectorKernels.meanSquare(x)
        let normed = VectorKernels.rmsNorm(x, weight: weights.outputNorm, epsilon: c.rmsNormEpsilon)
        return ForwardTrace(
            position: position, blocks: blocks, outputMeanSquare: outputMeanSquare, outputNormed: normed,
            logits: weights.head.multiply(normed))
    }

    /// One block at `position`, appending its key and value to the cache (which the caller advances).
    private func block(
        _ index: Int, input x: [Float], position: Int, cos: [Float], sin: [Float], cache: inout KVCache
    ) -> BlockTrace {
        let c = configuration
        let layer = weights.layers[index]
        let normed = VectorKernels.rmsNorm(x, weight: layer.attentionNorm, epsilon: c.rmsNormEpsilon)
        var query = layer.query.multiply(normed)
        var key = layer.key.multiply(normed)
        let value = layer.value.multiply(normed)
        rope.rotate(&query, heads: c.headCount, cos: cos, sin: sin)
        rope.rotate(&key, heads: c.headCountKV, cos: cos, sin: sin)
        cache.append(layer: index, key: key, value: value)
        let attention = Attention.attendTraced(
            query: query, keys: cache.keys[index], values: cache.values[index], positions: position + 1, configuration: c)
        let attentionOutput = layer.attentionOutput.multiply(attention.output)
        var residual = x
        add(attentionOutput, to: &residual)
        let normedAgain = VectorKernels.rmsNorm(residual, weight: layer.feedForwardNorm, epsilon: c.rmsNormEpsilon)
        let gate = layer.gate.multiply(normedAgain)
        let up = layer.up.multiply(normedAgain)
        let hidden = zip(gate, up).map { VectorKernels.silu($0) * $1 }
        let down = layer.down.multiply(hidden)
        var output = residual
        add(down, to: &output)
        return BlockTrace(
            input: x, attentionMeanSquare: VectorKernels.meanSquare(x), attentionNormed: normed, query: query, key: key,
            value: value, scores: attention.scores, attentionWeights: attention.weights, attended: attention.output,
            attentionOutput: attentionOutput, residual: residual,
            feedForwardMeanSquare: VectorKernels.meanSquare(residual), feedForwardNormed: normedAgain, gate: gate, up: up,
            hidden: hidden, down: down, output: output)
    }

    /// SwiGLU: Wdown · (SiLU(Wgate · n) ⊙ (Wup · n)).
    func feedForward(_ layer: LlamaLayerWeights, _ normed: [Float]) -> [Float] {
        var gate = layer.gate.multiply(normed)
        let up = layer.up.multiply(normed)
        for i in gate.indices { gate[i] = VectorKernels.silu(gate[i]) * up[i] }
        return layer.down.multiply(gate)
    }

    private func add(_ delta: [Float], to x: inout [Float]) {
        for i in x.indices { x[i] += delta[i] }
    }
}
