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

    /// Checks every shape against `configuration`.
    /// - Throws: `LanguageModelError.tensorShapeMismatch` naming the first tensor that does not fit.
    public func validate(against configuration: LlamaConfiguration) throws {
        let c = configuration
        func check(_ matrix: WeightMatrix, _ name: String, rows: Int, columns: Int) throws {
            guard matrix.rows == rows, matrix.columns == columns else {
                throw LanguageModelError.tensorShapeMismatch(
                    name: name, expected: [columns, rows], found: [matrix.columns, matrix.rows])
            }
        }
        func check(_ vector: [Float], _ name: String) throws {
            guard vector.count == c.embeddingLength else {
                throw LanguageModelError.tensorShapeMismatch(
                    name: name, expected: [c.embeddingLength], found: [vector.count])
            }
        }
        try check(tokenEmbedding, "token_embd.weight", rows: c.vocabularySize, columns: c.embeddingLength)
        guard layers.count == c.blockCount else {
            throw LanguageModelError.missingTensor("blk.\(layers.count).attn_norm.weight")
        }
        for (i, layer) in layers.enumerated() {
            try check(layer.attentionNorm, "blk.\(i).attn_norm.weight")
            try check(layer.query, "blk.\(i).attn_q.weight", rows: c.headCount * c.headDimension, columns: c.embeddingLength)
            try check(layer.key, "blk.\(i).attn_k.weight", rows: c.kvDimension, columns: c.embeddingLength)
            try check(layer.value, "blk.\(i).attn_v.weight", rows: c.kvDimension, columns: c.embeddingLength)
            try check(layer.attentionOutput, "blk.\(i).attn_output.weight",
                      rows: c.embeddingLength, columns: c.headCount * c.headDimension)
            try check(layer.feedForwardNorm, "blk.\(i).ffn_norm.weight")
            try check(layer.gate, "blk.\(i).ffn_gate.weight", rows: c.feedForwardLength, columns: c.embeddingLength)
            try check(layer.up, "blk.\(i).ffn_up.weight", rows: c.feedForwardLength, columns: c.embeddingLength)
            try check(layer.down, "blk.\(i).ffn_down.weight", rows: c.embeddingLength, columns: c.feedForwardLength)
        }
        try check(outputNorm, "output_norm.weight")
        if let output {
            try check(output, "output.weight", rows: c.vocabularySize, columns: c.embeddingLength)
        }
    }
}
