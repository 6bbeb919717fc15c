import Bootstrapping
import CKKS
import Circuits
import Foundation
import LanguageModel

/// The second half of a Llama block on an encrypted residual stream: x + W_down·(SiLU(W_gate·n) ⊙ W_up·n) with
/// n = RMSNorm(x)·w (the norm's weights folded into W_gate and W_up). Held against `BlockTrace`: its
/// `residual` in, its `output` out.
///
/// Two rounds of L levels (L ≥ 9), a bootstrap before each when the input is too low:
/// 1. x², the inverse square root (degree 63 over the calibrated mean square), n/√d = x·inv — 9 levels;
///    bootstrap n/√d;
/// 2. gate and up (one level each, side by side), SiLU of the gate (degree 63 over the calibrated bound), the
///    product, down, and the residual sum with x brought to the result's level and scale — 9 levels.
public struct EncryptedFeedForward: Sendable {
    public let calibration: FeedForwardCalibration
    public let norm: EncryptedRMSNorm
    public let gate: EncryptedLinear
    public let up: EncryptedLinear
    public let down: EncryptedLinear
    /// z ↦ SiLU(σ_g·z)/σ_s on [−1, 1].
    public let silu: Polynomial
    /// L: the level of a bootstrapped ciphertext.
    public let levelsAfterBootstrap: Int

    /// - Parameters:
    ///   - layer: the block's weights.
    ///   - configuration: the model's hyper-parameters.
    ///   - calibration: the ranges (`FeedForwardCalibration.measured`).
    ///   - context: the CKKS context.
    ///   - slotCount: n, the bootstrapper's slot count (≥ the feed-forward length).
    ///   - levelsAfterBootstrap: L ≥ 9.
    ///   - cachesPlaintexts: keep the three matrices' encoded diagonals (default) or encode them at every use.
    /// - Throws: `CircuitError.invalidArgument` for L < 9 or n too small; encoding errors.
    public init(
        layer: LlamaLayerWeights, configuration: LlamaConfiguration, calibration: FeedForwardCalibration,
        context: CKKSContext, slotCount: Int, levelsAfterBootstrap: Int, cachesPlaintexts: Bool = true
    ) throws {
        let d = configuration.embeddingLength, hidden = configuration.feedForwardLength
        let l = levelsAfterBootstrap
        guard l >= 9, slotCount >= max(d, hidden) else {
            throw CircuitError.invalidArgument("the feed-forward half needs L ≥ 9 and n ≥ \(max(d, hidden)) slots")
        }
        self.calibration = calibration
        self.levelsAfterBootstrap = l
        let encoder = CKKSEncoder(context: context)
        norm = EncryptedRMSNorm(
            dimension: d, epsilon: Double(configuration.rmsNormEpsilon), inputBound: calibration.residualBound,
            meanSquareRange: calibration.meanSquareRange)
        let weights = layer.feedForwardNorm.map(Double.init)
        let normBound = Double(d).squareRoot()
        gate = try EncryptedLinear(
            matrix: layer.gate.rows(scalingColumnsBy: weights), inputBound: normBound, outputBound: calibration.gateBound,
            slotCount: slotCount, encoder: encoder, level: l, cachesPlaintexts: cachesPlaintexts)
        up = try EncryptedLinear(
            matrix: layer.up.rows(scalingColumnsBy: weights), inputBound: normBound, outputBound: calibration.upBound,
            slotCount: slotCount, encoder: encoder, level: l, cachesPlaintexts: cachesPlaintexts)
        let (sigmaG, sigmaS) = (calibration.gateBound, calibration.siluBound)
        silu = Polynomial.chebyshevInterpolant(
            of: { z in sigmaG * z / (1 + Foundation.exp(-sigmaG * z)) / sigmaS }, degree: 63, on: -1...1)
        // h = S(z)·(u/σ_u) holds SiLU(g)·u/(σ_s·σ_u).
        down = try EncryptedLinear(
            matrix: layer.down.rows(scalingColumnsBy: Array(repeating: 1, count: layer.down.columns)), inputBound: sigmaS * calibration.upBound, outputBound: calibration.residualBound,
            slotCount: slotCount, encoder: encoder, level: l - 1 - silu.depth - 1, cachesPlaintexts: cachesPlaintexts)
    }

    /// The keys of both rounds besides bootstrapping's.
    public var keyRequirements: EvaluationKeyRequirements {
        EncryptedRMSNorm.keyRequirements(slotCount: gate.transform.slotCount)
            .union(gate.keyRequirements).union(up.keyRequirements).union(down.keyRequirements)
    }

    /// x + FFN(RMSNorm(x)), bootstrapping where a round would not fit.
    /// - Parameters:
    ///   - x: the residual stream (bound `calibration.residualBound`).
    ///   - bootstrapper: leaves L levels; its evaluator holds `keyRequirements`.
    /// - Returns: the block's output, bound σ_x, at level L − 9.
    /// - Throws: CKKS, circuit and bootstrapping errors.
    public func apply(_ x: EncryptedVector, bootstrapper: some CiphertextBootstrapper) throws -> EncryptedVector {
        let evaluator = bootstrapper.evaluator
        let input = EncryptedVector(
            ciphertext: try bootstrapper.bootstrapIfNeeded(x.ciphertext, beforeDepth: norm.depth), count: x.count,
            bound: x.bound)
        let normed = try norm.apply(input, evaluator: evaluator)
        let refreshed = EncryptedVector(
            ciphertext: try bootstrapper.bootstrap(normed.ciphertext), count: normed.count, bound: normed.bound)
        let g = try gate.apply(refreshed, evaluator: evaluator)
        let u = try up.apply(refreshed, evaluator: evaluator)
        let s = try PolynomialEvaluator(evaluator: evaluator).evaluate(silu, at: g.ciphertext)
        let h = try evaluator.rescale(evaluator.multiplyAtCommonLevel(s, u.ciphertext))
        let delta = try down.apply(EncryptedVector(ciphertext: h, count: up.rows, bound: 1), evaluator: evaluator)
        let residual = try evaluator.aligned(input.ciphertext, toLevel: delta.ciphertext.level, scale: delta.ciphertext.scale)
        return EncryptedVector(
            ciphertext: try evaluator.add(residual, delta.ciphertext), count: x.count, bound: calibration.residualBound)
    }
}
