/// One position's pass through one transformer block with every intermediate kept: the plaintext reference
/// each encrypted step is tested against (`LlamaModel.trace(embedding:cache:)`).
///
/// x ← x + Wo·attention(RoPE(Wq·n), RoPE(Wk·n), Wv·n) with n = RMSNorm(x), then
/// x ← x + Wdown·(SiLU(Wgate·n′) ⊙ Wup·n′) with n′ = RMSNorm(x).
public struct BlockTrace: Sendable {
    /// The block's input x.
    public let input: [Float]
    /// mean(x²): what RMSNorm's 1/√(· + ε) is evaluated at.
    public let attentionMeanSquare: Float
    /// n = RMSNorm(x)·w.
    public let attentionNormed: [Float]
    /// RoPE(Wq·n), RoPE(Wk·n) at this position, and Wv·n.
    public let query: [Float]
    public let key: [Float]
    public let value: [Float]
    /// Per query head, the scaled scores q·k_t/√d over the positions attended to (causal: all cached ones).
    public let scores: [[Float]]
    /// Per query head, softmax of the scores.
    public let attentionWeights: [[Float]]
    /// The heads' weighted values, back to back.
    public let attended: [Float]
    /// Wo·attended.
    public let attentionOutput: [Float]
    /// x + Wo·attended.
    public let residual: [Float]
    /// mean of the residual's squares, and n′ = RMSNorm(residual)·w′.
    public let feedForwardMeanSquare: Float
    public let feedForwardNormed: [Float]
    /// Wgate·n′ (the SiLU's input), Wup·n′, and SiLU(gate) ⊙ up.
    public let gate: [Float]
    public let up: [Float]
    public let hidden: [Float]
    /// Wdown·hidden.
    public let down: [Float]
    /// The block's output, residual + down.
    public let output: [Float]
}

/// A position's whole forward pass: every block, the final norm and the logits.
public struct ForwardTrace: Sendable {
    public let position: Int
    public let blocks: [BlockTrace]
    /// mean of the last block output's squares, and the output norm's result.
    public let outputMeanSquare: Float
    public let outputNormed: [Float]
    /// The next-token logits (vocabulary order).
    public let logits: [Float]
}
