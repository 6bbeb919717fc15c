import Bootstrapping
import CKKS
import Circuits
import Foundation
import LanguageModel

/// The first half of a Llama block on an encrypted residual stream, one decode step at the public position t:
/// x + W_o·attention(RoPE_t(W_q·n), cache + RoPE_t(W_k·n), cache + W_v·n) with n = RMSNorm(x)·w, held against
/// `BlockTrace` (its `input` in, its `residual` out).
///
/// RoPE at a public position is a public rotation, so it is folded into the query and key projections, which are
/// encoded for each position (as is the 0/1 slot mask of the new key and value). The rounds, each of at most
/// L levels (L ≥ 9) and each ending in a bootstrap of one ciphertext:
/// 1. RMSNorm (9 levels), masked and replicated with period d — every linear layer then reads it with d
///    diagonals, whatever its output layout. Bootstrap n/√d.
/// 2. q expanded over the positions, this position's k and v (one level, side by side); k and v join the cache;
///    q ⊙ K and the cyclic sum over the head dimension give the scores s/σ_s in every slot of their row.
///    Bootstrap the *scores*: their bootstrap error is an absolute error in the exponent, a relative one of
///    ≈ 2^-21·σ_s in every weight, where bootstrapping a = exp(…) itself would lose the rows whose weights are all
///    small (the calibrated Σa reaches 6·10^-4).
/// 3. a = exp((s − B)/2) (7 levels), masked to the positions ≤ t and divided by S; Σa per row (block sums).
///    Bootstrap Σa/S.
/// 4. c ≈ ½S/Σa (degree 127, 8 levels); w = (a/S)·c ≈ ½·softmax(s/2). Bootstrap w.
/// 5. e = w² ∝ exp(s − B); Σe per row; ŝ ≈ ψ/Σe (degree 63 on Σe's range at position t). Bootstrap ŝ.
/// 6. e ⊙ V, summed per row, times ŝ — the heads' attended values, ψ/σ_v times, in every slot of their run;
///    W_o (reading each run, ≈ d + d/T diagonals) and the residual sum. 5 levels.
public struct EncryptedAttention: Sendable {
    public let layout: AttentionLayout
    public let calibration: AttentionCalibration
    public let polynomials: AttentionPolynomials
    public let norm: EncryptedRMSNorm
    /// L.
    public let levelsAfterBootstrap: Int
    let embeddingLength: Int
    /// R_t-free projections with the norm weights folded: rows of W·diag(w), as Double.
    let query: [[Double]]
    let key: [[Double]]
    let value: [[Double]]
    let output: EncodedLinearTransform
    /// Each softmax row's total (the T positions of a run) in every slot of the row.
    let rowSums: BlockSums
    let model: LlamaModel
    let encoder: CKKSEncoder

    /// - Parameters:
    ///   - layer: the block's index in `model`.
    ///   - model: the plaintext model (weights and RoPE).
    ///   - calibration: the block's ranges.
    ///   - layout: the slots (its slot count is the bootstrapper's).
    ///   - context: the CKKS context.
    ///   - levelsAfterBootstrap: L ≥ 9.
    ///   - cachesPlaintexts: keep W_o's encoded diagonals (default) or encode them at every use (the per-position
    ///     projections are encoded at every step in any case: RoPE makes them depend on the position).
    /// - Throws: `TransformerError.invalidConfiguration` for L < 9, a layout that does not match the model or is
    ///   too small for d; encoding errors.
    public init(
        layer: Int, model: LlamaModel, calibration: AttentionCalibration, layout: AttentionLayout, context: CKKSContext,
        levelsAfterBootstrap: Int, cachesPlaintexts: Bool = true
    ) throws {
        let c = model.configuration
        let d = c.embeddingLength
        guard levelsAfterBootstrap >= 9 else {
            throw TransformerError.invalidConfiguration("the attention half needs L ≥ 9 (got \(levelsAfterBootstrap))")
        }
        guard layout.headCount == c.headCount, layout.keyValueHeadCount == c.headCountKV,
              layout.headDimension == c.headDimension, d & (d - 1) == 0, layout.slotCount >= d,
              layout.slotCount <= context.parameters.maximumSlotCount
        else {
            throw TransformerError.invalidConfiguration("the layout does not match the model's heads or the context")
        }
        self.layout = layout
        self.calibration = calibration
        self.levelsAfterBootstrap = levelsAfterBootstrap
        embeddingLength = d
        polynomials = try AttentionPolynomials(calibration: calibration, capacity: layout.capacity)
        norm = EncryptedRMSNorm(
            dimension: d, epsilon: Double(c.rmsNormEpsilon), inputBound: calibration.inputBound,
            meanSquareRange: calibration.meanSquareRange)
        let weights = model.weights.layers[layer]
        let w = weights.attentionNorm.map(Double.init)
        query = weights.query.rows(scalingColumnsBy: w)
        key = weights.key.rows(scalingColumnsBy: w)
        value = weights.value.rows(scalingColumnsBy: w)
        self.model = model
        encoder = CKKSEncoder(context: context)
        rowSums = try BlockSums(blockSize: layout.capacity, valueCount: layout.capacity, slotCount: layout.slotCount)
        // W_o reads attended entry c from run ρ(c) at the in-run slot r mod T, so the diagonals are
        // T·(ρ − ⌊r/T⌋): about d + d/T of them.
        let wo = weights.attentionOutput
        let factor = calibration.valueBound / (polynomials.concentrationScale * calibration.outputBound)
        var entries: [LinearTransform.Entry] = []
        for r in 0..<wo.rows {
            for (column, weight) in wo.row(r).enumerated() {
                let input = layout.slot(run: layout.run(ofQueryIndex: column), position: r % layout.capacity)
                entries.append(.init(output: r, input: input, value: Double(weight) * factor))
            }
        }
        output = try EncodedLinearTransform(
            LinearTransform(slotCount: layout.slotCount, entries: entries), encoder: encoder,
            level: levelsAfterBootstrap - 4, cachesPlaintexts: cachesPlaintexts, keys: .powersOfTwo)
    }

    /// Every key besides bootstrapping's: relinearisation, the norm's inner sum, the replication, the
    /// projections' power-of-two steps, the cyclic sum over the head dimension, the per-row sums and W_o's steps.
    public var keyRequirements: EvaluationKeyRequirements {
        let n = layout.slotCount, d = embeddingLength
        let stride = layout.headCount * layout.capacity
        let headSum = (0..<layout.headDimension.trailingZeroBitCount).map { stride << $0 }
        return EncryptedRMSNorm.keyRequirements(slotCount: n)
            .union(EvaluationKeyRequirements(rotations: SlotOperations.replicateRotationSteps(period: d, slotCount: n)))
            .union(EvaluationKeyRequirements(rotations: (0..<d.trailingZeroBitCount).map { 1 << $0 } + headSum))
            .union(rowSums.keyRequirements).union(output.keyRequirements)
    }


    /// One decode step: x + attention at position `cache.count` (the cache gains this position's keys and values
    /// for `layer`; the caller advances it).
    /// - Parameters:
    ///   - x: the residual stream, d values in slots 0 ..< d, bound `calibration.inputBound`.
    ///   - layer: which of the cache's layers this block is.
    ///   - cache: the encrypted cache.
    ///   - bootstrapper: refreshes `layout.slotCount` slots, leaves L levels; its evaluator holds `keyRequirements`.
    /// - Returns: x + W_o·attention, bound `calibration.outputBound`, at level L − 5.
    /// - Throws: `TransformerError.cacheFull`, `.inputMismatch`; CKKS, circuit and bootstrapping errors.
    public func apply(
        _ x: EncryptedVector, layer: Int, cache: inout EncryptedKVCache, bootstrapper: some CiphertextBootstrapper
    ) throws -> EncryptedVector {
        let t = cache.count
        guard t < layout.capacity, t < cache.capacity else { throw TransformerError.cacheFull(capacity: layout.capacity) }
        guard x.count == embeddingLength, x.ciphertext.slotCount == layout.slotCount,
              abs(x.bound - calibration.inputBound) <= 1e-12 * x.bound
        else {
            throw TransformerError.inputMismatch(
                "the attention takes \(embeddingLength) values of bound \(calibration.inputBound) in \(layout.slotCount) slots")
        }
        let evaluator = bootstrapper.evaluator
        let slots = SlotOperations(evaluator: evaluator)
        // Round 1.
        let input = try bootstrapper.bootstrapIfNeeded(x.ciphertext, beforeDepth: norm.depth)
        let normed = try norm.apply(
            EncryptedVector(ciphertext: input, count: x.count, bound: x.bound), evaluator: evaluator, masked: true)
        let n = try bootstrapper.bootstrap(slots.replicate(normed.ciphertext, period: embeddingLength))
        // Round 2.
        let projections = try self.projections(at: t, level: n.level, inputScale: n.scale)
        let q = try projections.query.apply(n, evaluator: evaluator)
        try cache.insert(
            layer: layer, key: projections.key.apply(n, evaluator: evaluator),
            value: projections.value.apply(n, evaluator: evaluator), evaluator: evaluator)
        var scores = try evaluator.rescale(evaluator.multiplyAtCommonLevel(q, cache.keys[layer]!))
        let stride = layout.headCount * layout.capacity
        var step = stride
        while step < layout.slotCount {
            scores = try evaluator.add(scores, evaluator.rotate(scores, by: step))
            step *= 2
        }
        let z = try bootstrapper.bootstrap(scores)
        // Round 3.
        let polynomial = PolynomialEvaluator(evaluator: evaluator)
        let a = try polynomial.evaluate(polynomials.exponential, at: z)
        let mask = (0..<layout.slotCount).map { $0 % layout.capacity <= t ? 1 / polynomials.normalizerScale : 0 }
        let masked = try evaluator.rescale(evaluator.multiply(
            a, encoder.encode(mask, scale: evaluator.rescalingPrime(atLevel: a.level), level: a.level)))
        let sigma = try bootstrapper.bootstrap(rowSums.apply(masked, evaluator: evaluator))
        // Round 4.
        let c = try polynomial.evaluate(polynomials.crudeInverse, at: sigma)
        let w = try bootstrapper.bootstrap(evaluator.rescale(evaluator.multiplyAtCommonLevel(masked, c)))
        // Round 5.
        let e = try evaluator.rescale(evaluator.multiply(w, w))
        let inverse = try polynomial.evaluate(
            polynomials.accurateInverse(positions: t + 1), at: rowSums.apply(e, evaluator: evaluator))
        let s = try bootstrapper.bootstrap(inverse)
        // Round 6.
        let weighted = try evaluator.rescale(evaluator.multiplyAtCommonLevel(e, cache.values[layer]!))
        let attended = try evaluator.rescale(
            evaluator.multiplyAtCommonLevel(rowSums.apply(weighted, evaluator: evaluator), s))
        let delta = try output.apply(attended, evaluator: evaluator)
        let residual = try evaluator.aligned(
            input, toLevel: delta.level, scale: delta.scale, factor: x.bound / calibration.outputBound)
        return EncryptedVector(
            ciphertext: try evaluator.add(residual, delta), count: x.count, bound: calibration.outputBound)
    }

    /// The query (expanded over every position), key and value (at position t only) projections at position t,
    /// for an input replicated with period d at `level`: d diagonals each. The diagonals' scale puts every
    /// output on the parameters' default scale whatever the input's (a bootstrap keeps its input's scale ratio,
    /// and the cache can only add positions of one scale).
    func projections(at t: Int, level: Int, inputScale: Double) throws -> (query: EncodedLinearTransform, key: EncodedLinearTransform, value: EncodedLinearTransform) {
        let c = model.configuration
        let d = embeddingLength, n = layout.slotCount
        let sqrtD = Double(d).squareRoot()
        // Slots hold n/√d, q·α, k/σ_k, v/σ_v with α = σ_k/(√D·σ_s): then Σ_i (q·α)(k/σ_k) = s/σ_s.
        let alpha = calibration.keyBound / (Double(c.headDimension).squareRoot() * calibration.scoreBound)
        func rotated(_ rows: [[Double]], heads: Int) -> [[Double]] {
            var result = rows
            for column in 0..<d {
                var vector = rows.map { Float($0[column]) }
                model.applyRotaryEmbedding(to: &vector, heads: heads, position: t)
                for r in rows.indices { result[r][column] = Double(vector[r]) }
            }
            return result
        }
        let rq = rotated(query, heads: c.headCount), rk = rotated(key, heads: c.headCountKV)
        func transform(_ rows: [[Double]], factor: Double, slots: [Int], row: (Int) -> Int) throws -> EncodedLinearTransform {
            var entries: [LinearTransform.Entry] = []
            entries.reserveCapacity(slots.count * d)
            for s in slots {
                let r = row(s)
                for column in 0..<d {
                    let input = (s + ((column - s) % d + d) % d) % n
                    entries.append(.init(output: s, input: input, value: rows[r][column] * factor * sqrtD))
                }
            }
            let scale = encoder.context.parameters.defaultScale * Double(encoder.context.ciphertextModuli[level]) / inputScale
            return try EncodedLinearTransform(
                LinearTransform(slotCount: n, entries: entries), encoder: encoder, level: level, scale: scale,
                keys: .powersOfTwo)
        }
        let runs = 0..<(layout.headCount * layout.headDimension)
        let here = runs.map { layout.slot(run: $0, position: t) }
        return (
            try transform(rq, factor: alpha, slots: Array(0..<n)) { layout.queryIndex(ofRun: $0 / layout.capacity) },
            try transform(rk, factor: 1 / calibration.keyBound, slots: here) { layout.keyValueIndex(ofRun: $0 / layout.capacity) },
            try transform(value, factor: 1 / calibration.valueBound, slots: here) { layout.keyValueIndex(ofRun: $0 / layout.capacity) })
    }
}
