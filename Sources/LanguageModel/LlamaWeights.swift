/// The weights of one transformer block, named after their GGUF tensors (`blk.N.*`).
public struct LlamaLayerWeights: Sendable {
    public var attentionNorm: [Float]
    public var query: WeightMatrix
    public var key: WeightMatrix
    public var value: WeightMatrix
    public var attentionOutput: WeightMatrix
    public var feedForwardNorm: [Float]
    public var gate: WeightMatrix
    public var up: WeightMatrix
    public var down: WeightMatrix

    /// - Parameters: the block's tensors: `attn_norm`, `attn_q`, `attn_k`, `attn_v`, `attn_output`, `ffn_norm`,
    ///   `ffn_gate`, `ffn_up`, `ffn_down` (shapes are checked by `LlamaWeights.validate(against:)`).
    public init(
        attentionNorm: [Float], query: WeightMatrix, key: WeightMatrix, value: WeightMatrix,
        attentionOutput: WeightMatrix, feedForwardNorm: [Float], gate: WeightMatrix, up: WeightMatrix,
        down: WeightMatrix
    ) {
        self.attentionNorm = attentionNorm
        self.query = query
        self.key = key
        self.value = value
        self.attentionOutput = attentionOutput
        self.feedForwardNorm = feedForwardNorm
        self.gate = gate
        self.up = up
        self.down = down
    }
}

/// All weights of a Llama-architecture model in Float32.
public struct LlamaWeights: Sendable {
    /// `token_embd.weight`: one row per token.
    public var tokenEmbedding: WeightMatrix
    public var layers: [LlamaLayerWeights]
    public var outputNorm: [Float]
    /// `output.weight`, or `nil` when the head is tied to the token embedding.
    public var output: WeightMatrix?

    /// - Parameters:
    ///   - tokenEmbedding: `token_embd.weight`.
    ///   - layers: the blocks in order.
    ///   - outputNorm: `output_norm.weight`.
    ///   - output: `output.weight`, or `nil` for a head tied to the embedding.
    public init(tokenEmbedding: WeightMatrix, layers: [LlamaLayerWeights], outputNorm: [Float], output: WeightMatrix?) {
        self.tokenEmbedding = tokenEmbedding
        self.layers = layers
        self.outputNorm = outputNorm
        self.output = output
    }

    /// The output head: `output.weight`, or the token embedding when tied.
    public var head: WeightMatrix { output ?? tokenEmbedding }

    /// Checks every shape against `configuration` (the table of `LlamaConfiguration.blockTensorShapes`).
    /// - Throws: `LanguageModelError.tensorShapeMismatch` naming the first tensor that does not fit, or
    ///   `.missingTensor` when there are fewer blocks than `blockCount`.
    public func validate(against configuration: LlamaConfiguration) throws {
        try configuration.tokenEmbeddingShape.check(tokenEmbedding.dimensions)
        guard layers.count == configuration.blockCount else {
            throw LanguageModelError.missingTensor("blk.\(min(layers.count, configuration.blockCount)).attn_norm.weight")
        }
        for (index, layer) in layers.enumerated() {
            for (shape, found) in zip(configuration.blockTensorShapes(index), layer.tensorDimensions) {
                try shape.check(found)
            }
        }
        try configuration.outputNormShape.check([outputNorm.count])
        if let output { try configuration.outputShape.check(output.dimensions) }
    }
}
