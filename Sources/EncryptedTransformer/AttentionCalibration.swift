import Foundation
import LanguageModel

/// The public ranges one block's encrypted attention half is built for, measured on plaintext traces
/// (`LlamaModel.trace`) with margins: the bounds that keep every bootstrapped value in [−1, 1] and the domains
/// of the exponential and the two reciprocals.
///
/// **Outside them the result is wrong**, and the server cannot tell (it sees ciphertexts only): a score above
/// `shift + 1` leaves the exponential's interval, a row whose Σ exp((s − B)/2) falls outside `normalizerRange`
/// leaves the first reciprocal's. `TransformerCalibration.violations(in:)` checks a plaintext trace against the
/// ranges — what a client or a plaintext simulation runs to know whether a text stays inside them.
public struct AttentionCalibration: Sendable, Hashable {
    /// σ_in: the bound of the block's input x.
    public let inputBound: Double
    /// σ_out: the bound of x + attention (the feed-forward half's residual bound).
    public let outputBound: Double
    /// The range of mean(x²) the attention norm covers.
    public let meanSquareRange: ClosedRange<Double>
    /// σ_k, σ_v: the bounds of the keys (after RoPE) and values.
    public let keyBound: Double
    public let valueBound: Double
    /// σ_s: the bound of the scaled scores q·k/√D.
    public let scoreBound: Double
    /// B: the static shift of the exponential (the largest score seen plus one nat).
    public let shift: Double
    /// The range of Σ_j exp((s_j − B)/2) over the rows seen, widened 2× on both sides.
    public let normalizerRange: ClosedRange<Double>

    public init(
        inputBound: Double, outputBound: Double, meanSquareRange: ClosedRange<Double>, keyBound: Double,
        valueBound: Double, scoreBound: Double, shift: Double, normalizerRange: ClosedRange<Double>
    ) {
        self.inputBound = inputBound
        self.outputBound = outputBound
        self.meanSquareRange = meanSquareRange
        self.keyBound = keyBound
        self.valueBound = valueBound
        self.scoreBound = scoreBound
        self.shift = shift
        self.normalizerRange = normalizerRange
    }

    /// Measured on the traces of block `block`.
    /// - Precondition: at least one trace.
    public static func measured(
        _ traces: [ForwardTrace], block: Int, inputBound: Double, outputBound: Double
    ) -> AttentionCalibration {
        precondition(!traces.isEmpty, "calibration needs traces")
        let blocks = traces.map { $0.blocks[block] }
        func largest(_ values: (BlockTrace) -> [Float]) -> Double {
            Double(blocks.map { values($0).map(abs).max() ?? 0 }.max()!)
        }
        let squares = blocks.map { Double($0.attentionMeanSquare) }
        let rows = blocks.flatMap(\.scores)
        let shift = Double(rows.map { $0.max()! }.max()!) + 1
        let sums = rows.map { row in row.reduce(0.0) { $0 + Foundation.exp((Double($1) - shift) / 2) } }
        return AttentionCalibration(
            inputBound: inputBound, outputBound: outputBound,
            meanSquareRange: (squares.min()! / 4)...(squares.max()! * 4),
            keyBound: Bounds.powerOfTwo(above: largest(\.key)), valueBound: Bounds.powerOfTwo(above: largest(\.value)),
            scoreBound: Bounds.powerOfTwo(above: Double(rows.map { $0.map(abs).max()! }.max()!)), shift: shift,
            normalizerRange: (sums.min()! / 2)...(sums.max()! * 2))
    }

    /// What in one block's trace lies outside these ranges (empty: inside).
    public func violations(in trace: BlockTrace) -> [String] {
        var found: [String] = []
        let maxInput = Double(trace.input.map(abs).max() ?? 0)
        if maxInput > inputBound { found.append("attention input \(maxInput) > σ_in \(inputBound)") }
        let ms = Double(trace.attentionMeanSquare)
        if !meanSquareRange.contains(ms) { found.append("attention mean square \(ms) outside \(meanSquareRange)") }
        let maxKey = Double(trace.key.map(abs).max() ?? 0), maxValue = Double(trace.value.map(abs).max() ?? 0)
        if maxKey > keyBound { found.append("key \(maxKey) > σ_k \(keyBound)") }
        if maxValue > valueBound { found.append("value \(maxValue) > σ_v \(valueBound)") }
        for (head, row) in trace.scores.enumerated() {
            let top = Double(row.max() ?? 0), magnitude = Double(row.map(abs).max() ?? 0)
            if top > shift + 1 { found.append("head \(head): score \(top) above the exponential's range (B + 1 = \(shift + 1))") }
            if magnitude > scoreBound { found.append("head \(head): |score| \(magnitude) > σ_s \(scoreBound)") }
            let sum = row.reduce(0.0) { $0 + Foundation.exp((Double($1) - shift) / 2) }
            if !normalizerRange.contains(sum) { found.append("head \(head): Σ exp((s − B)/2) = \(sum) outside \(normalizerRange)") }
        }
        let maxResidual = Double(trace.residual.map(abs).max() ?? 0)
        if maxResidual > outputBound { found.append("attention residual \(maxResidual) > σ_out \(outputBound)") }
        return found
    }
}
