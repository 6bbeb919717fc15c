import Foundation
import LanguageModel

/// Every public range the encrypted model is built for, measured on plaintext traces of representative text
/// (`LlamaModel.trace`), block by block, with the bounds chained: block b's attention reads the stream at the
/// bound the previous block's feed-forward half wrote it with.
public struct TransformerCalibration: Sendable, Hashable {
    /// σ_0: the bound of the input embeddings.
    public let embeddingBound: Double
    public let attention: [AttentionCalibration]
    public let feedForward: [FeedForwardCalibration]
    /// The range of the last block output's mean square (the final norm's domain), widened 4× on both sides.
    public let outputMeanSquareRange: ClosedRange<Double>
    /// M: a power of two ≥ 2× the largest |logit| seen.
    public let logitBound: Double

    /// - Precondition: at least one trace.
    public static func measured(_ traces: [ForwardTrace]) -> TransformerCalibration {
        precondition(!traces.isEmpty, "calibration needs traces")
        let blocks = traces[0].blocks.count
        let embedding = Bounds.powerOfTwo(above: Double(traces.map { $0.blocks[0].input.map(abs).max()! }.max()!))
        let feedForward = (0..<blocks).map { FeedForwardCalibration.measured(traces, block: $0) }
        let attention = (0..<blocks).map { b in
            AttentionCalibration.measured(
                traces, block: b, inputBound: b == 0 ? embedding : feedForward[b - 1].residualBound,
                outputBound: feedForward[b].residualBound)
        }
        let squares = traces.map { Double($0.outputMeanSquare) }
        return TransformerCalibration(
            embeddingBound: embedding, attention: attention, feedForward: feedForward,
            outputMeanSquareRange: (squares.min()! / 4)...(squares.max()! * 4),
            logitBound: Bounds.powerOfTwo(above: Double(traces.map { $0.logits.map(abs).max()! }.max()!)))
    }

    /// What in a plaintext trace lies outside the ranges (empty: the encrypted model computes it within its
    /// stated precision). The server cannot check this — it sees only ciphertexts — so a client, or a plaintext
    /// simulation of a planned generation, calls it.
    public func violations(in trace: ForwardTrace) -> [String] {
        var found: [String] = []
        for (b, block) in trace.blocks.enumerated() {
            found += attention[b].violations(in: block).map { "block \(b): \($0)" }
            found += feedForward[b].violations(in: block).map { "block \(b): \($0)" }
        }
        let ms = Double(trace.outputMeanSquare)
        if !outputMeanSquareRange.contains(ms) { found.append("output mean square \(ms) outside \(outputMeanSquareRange)") }
        let logit = Double(trace.logits.map(abs).max() ?? 0)
        if logit > logitBound { found.append("|logit| \(logit) > M = \(logitBound)") }
        return found
    }
}

extension FeedForwardCalibration {
    /// What in one block's trace lies outside these ranges.
    public func violations(in trace: BlockTrace) -> [String] {
        var found: [String] = []
        let x = Double(max(trace.residual.map(abs).max() ?? 0, trace.output.map(abs).max() ?? 0))
        if x > residualBound { found.append("residual stream \(x) > σ_x \(residualBound)") }
        let ms = Double(trace.feedForwardMeanSquare)
        if !meanSquareRange.contains(ms) { found.append("feed-forward mean square \(ms) outside \(meanSquareRange)") }
        let g = Double(trace.gate.map(abs).max() ?? 0), u = Double(trace.up.map(abs).max() ?? 0)
        if g > gateBound { found.append("gate \(g) > σ_g \(gateBound)") }
        if u > upBound { found.append("up \(u) > σ_u \(upBound)") }
        return found
    }
}
