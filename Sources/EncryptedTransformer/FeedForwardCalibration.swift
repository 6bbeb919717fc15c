import Foundation
import LanguageModel

/// The public ranges one block's encrypted feed-forward half is built for, measured on plaintext traces of
/// representative text (`LlamaModel.trace`), with margins: the bounds that keep every bootstrapped value in
/// [−1, 1] and the domains of the polynomial approximations.
///
/// **Outside them the result is wrong**: an input above its bound breaks the bootstrap that refreshes it, and a
/// mean square or a SiLU input outside its domain leaves the polynomial's interval. Calibrate on text like the
/// text that will be generated; the margins (2× on magnitudes, 4× on mean squares) are the slack.
public struct FeedForwardCalibration: Sendable, Hashable {
    /// σ_x: the residual stream's bound (input and output of the half).
    public let residualBound: Double
    /// The range of mean(x²) the norm's inverse square root covers.
    public let meanSquareRange: ClosedRange<Double>
    /// σ_g: the bound of the gate (SiLU's input).
    public let gateBound: Double
    /// σ_u: the bound of the up projection.
    public let upBound: Double
    /// σ_s: the bound of SiLU(gate).
    public let siluBound: Double

    public init(residualBound: Double, meanSquareRange: ClosedRange<Double>, gateBound: Double, upBound: Double,
                siluBound: Double) {
        self.residualBound = residualBound
        self.meanSquareRange = meanSquareRange
        self.gateBound = gateBound
        self.upBound = upBound
        self.siluBound = siluBound
    }

    /// Measured on the traces of block `block` (one per position).
    /// - Precondition: at least one trace.
    public static func measured(_ traces: [ForwardTrace], block: Int) -> FeedForwardCalibration {
        precondition(!traces.isEmpty, "calibration needs traces")
        let blocks = traces.map { $0.blocks[block] }
        func largest(_ values: (BlockTrace) -> [Float]) -> Double {
            Double(blocks.map { values($0).map(abs).max() ?? 0 }.max()!)
        }
        let squares = blocks.map { Double($0.feedForwardMeanSquare) }
        let silu = blocks.flatMap { $0.gate.map { Double($0) / (1 + Foundation.exp(-Double($0))) } }.map(abs).max()!
        return FeedForwardCalibration(
            residualBound: Bounds.powerOfTwo(above: max(largest(\.residual), largest(\.output))),
            meanSquareRange: (squares.min()! / 4)...(squares.max()! * 4),
            gateBound: Bounds.powerOfTwo(above: largest(\.gate)),
            upBound: Bounds.powerOfTwo(above: largest(\.up)),
            siluBound: Bounds.powerOfTwo(above: silu))
    }
}
