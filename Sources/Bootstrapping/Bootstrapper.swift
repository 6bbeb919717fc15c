@_spi(RawCiphertext) import CKKS
import Circuits
import Foundation

/// CKKS bootstrapping: refreshes a level-exhausted ciphertext to `levelsLeft` levels, homomorphically,
/// with public evaluation keys only (Cheon, Han, Kim, Kim, Song, EUROCRYPT 2018; Chen, Chillotti, Song,
/// EUROCRYPT 2019; Han and Ki, CT-RSA 2020; Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux, EUROCRYPT 2021).
///
/// The pipeline, for a ciphertext of t = Δ_in·m at level 0:
/// 1. **ModRaise**: read the residues mod q_0 as integers mod Q_L: now it encrypts t + q_0·I. With
///    sparse-secret encapsulation the ciphertext is first switched to a sparse secret (I is then small) and
///    switched back to the dense secret right after.
/// 2. **Trace** (sparse packing, n < N/2): Σ rot(·, n·2^i) keeps only the subring coefficients.
/// 3. **CoeffsToSlots**: the inverse special FFT, factored into `coeffsToSlotsLevels` sparse matrices,
///    puts the coefficients x_k = t_k/q_0 + I_k (divided by K) into the slots, in bit-reversed order.
///    Conjugation splits real and imaginary parts (coefficients k and k + n) into two real ciphertexts.
///    (Sparse packing puts both parts side by side on 2n slots instead, and EvalMod runs once.)
/// 4. **EvalMod** on both: sin(2πx)/(2π) ≈ x mod 1 = t/q_0.
/// 5. **SlotsToCoeffs**: the forward special FFT, scaled by q_0/(2π·Δ_in), recombines real and imaginary
///    parts and returns the slots to the message: the result encrypts m again, at level `levelsLeft`.
///
/// Immutable and `Sendable`; one bootstrapper serves many tasks.
public struct Bootstrapper: Sendable {
    public let parameters: BootstrappingParameters
    public let context: CKKSContext
    /// The evaluator holding the bootstrapping keys (usable for the application's own operations too).
    public let evaluator: Evaluator
    /// Sparse-secret encapsulation keys, when the parameters use it.
    let encapsulation: BootstrappingKeys.EncapsulationKeys?
    let coeffsToSlots: [Stage]
    let slotsToCoeffs: [Stage]
    /// Sparse packing: the first SlotsToCoeffs matrix's part applied to rot(y, n).
    let slotsToCoeffsRotated: Stage?
    /// EvalMod input level and scale, polynomial output scale.
    let evalModScale: Double
    let polynomialScale: Double
    /// The scale of the output before the input-scale correction (the default scale).
    let outputScale: Double

    /// One linear-transform level of the pipeline: Circuits' `EncodedLinearTransform` (Horner-accumulated giant
    /// steps, diagonals encoded now or at every application) and the number of primes it drops.
    struct Stage: Sendable {
        let transform: EncodedLinearTransform
        let rescales: Int

        /// The level of the input.
        var level: Int { transform.level }
        /// The diagonals' scale σ.
        var scale: Double { transform.scale }

        /// Prepares `transform` for `level` with diagonal scale σ.
        /// - Parameters:
        ///   - transform: one of `BootstrappingParameters.transforms()`.
        ///   - parameters: the bootstrapping parameters (they choose the giant step).
        ///   - encoder: an encoder of the context.
        ///   - level: the input's level.
        ///   - scale: σ.
        ///   - rescales: the primes the stage drops (1, or 2 for the first CoeffsToSlots matrix).
        ///   - cached: encode the diagonals now (true) or at every application (false).
        /// - Throws: encoding errors.
        init(
            _ transform: LinearTransform, parameters: BootstrappingParameters, encoder: CKKSEncoder, level: Int,
            scale: Double, rescales: Int = 1, cached: Bool
        ) throws {
            self.transform = try EncodedLinearTransform(
                transform, encoder: encoder, level: level, scale: scale, giantStep: parameters.giantStep(for: transform),
                accumulation: .nested, cachesPlaintexts: cached)
            self.rescales = rescales
        }

        /// M·x, rescaled `rescales` times.
        /// - Parameters:
        ///   - ciphertext: x at `level`.
        ///   - evaluator: holds the rotation keys.
        /// - Throws: CKKS and `CircuitError`s (missing keys, level mismatch).
        func apply(_ ciphertext: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
            try transform.apply(ciphertext, evaluator: evaluator, rescales: rescales)
        }
    }

    /// Which encoded diagonals a bootstrapper keeps in memory. Encoding on the fly costs one special FFT and
    /// ℓ + 1 NTTs per diagonal and bootstrap; caching costs (ℓ + 1)·N·8 bytes per diagonal (≈ 15 MB for a
    /// CoeffsToSlots diagonal at N = 2^16).
    public enum DiagonalCaching: Sendable {
        /// Keep every diagonal (fastest).
        case all
        /// Keep the SlotsToCoeffs diagonals (low levels, small); encode CoeffsToSlots on the fly.
        case slotsToCoeffsOnly
        /// Encode every diagonal on the fly (least memory).
        case encodeOnTheFly
    }

    /// Prepares the transforms (and, by default, encodes their diagonals once).
    /// - Parameters:
    ///   - parameters: the bootstrapping parameters.
    ///   - context: a context built from `parameters.scheme`.
    ///   - keys: keys from `KeyGenerator.bootstrappingKeys(for:parameters:)`.
    ///   - caching: which encoded diagonals to keep in memory (see `DiagonalCaching`; default `.all`: with
    ///     the secure preset the cache takes ≈ 3 GB beside 4.0 GB of keys, a 7.7 GB peak; encoding on the fly
    ///     saves that memory at ≈ 10 s per bootstrap).
    /// - Throws: `BootstrappingError.contextMismatch` when the context was built from other parameters,
    ///   `.encapsulationKeysMismatch` when the keys do not match the parameters' encapsulation; encoding errors.
    public init(
        parameters: BootstrappingParameters, context: CKKSContext, keys: BootstrappingKeys, caching: DiagonalCaching = .all
    ) throws {
        guard context.parameters == parameters.scheme, keys.galoisKeys.context === context,
              keys.relinearizationKey.context === context
        else { throw BootstrappingError.contextMismatch }
        guard (keys.encapsulation != nil) == (parameters.ephemeralSecretWeight != nil) else {
            throw BootstrappingError.encapsulationKeysMismatch
        }
        if let keys = keys.encapsulation {
            guard keys.toSparse.context === context, keys.toDense.context === context,
                  keys.toDense.maximumLevel == context.maximumLevel
            else { throw BootstrappingError.contextMismatch }
        }
        encapsulation = keys.encapsulation
        self.parameters = parameters
        self.context = context
        evaluator = Evaluator(context: context, relinearizationKey: keys.relinearizationKey, galoisKeys: keys.galoisKeys)
        let encoder = CKKSEncoder(context: context)
        let q = context.ciphertextModuli.map { Double($0) }
        let (cts, stc, stcRotated) = parameters.transforms()
        // Scale schedule, with the same floating-point operations as the evaluator (product, then division).
        var level = context.maximumLevel
        var scale = parameters.raiseScale(q0: context.ciphertextModuli[0])
        var stages: [Stage] = []
        for (index, transform) in cts.enumerated() {
            let rescales = index == 0 && parameters.doublePrecisionFirstLevel ? 2 : 1
            // Every CoeffsToSlots output is brought to the scale of EvalMod's first prime (the largest ones):
            // the output holds y ≈ x/K, whose errors EvalMod multiplies by 2πK.
            let target = q[context.maximumLevel - parameters.coeffsToSlotsLevels - (parameters.doublePrecisionFirstLevel ? 1 : 0)]
            let dropped = (0..<rescales).reduce(1.0) { $0 * q[level - $1] }
            let sigma = target * dropped / scale
            stages.append(try Stage(
                transform, parameters: parameters, encoder: encoder, level: level, scale: sigma, rescales: rescales,
                cached: caching == .all))
            scale = scale * sigma
            for r in 0..<rescales { scale = scale / q[level - r] }
            level -= rescales
        }
        coeffsToSlots = stages
        evalModScale = scale
        let polynomialLevel = level - parameters.evalMod.series.depth
        polynomialScale = q[polynomialLevel]
        scale = parameters.evalMod.outputScale(
            polynomialScale: polynomialScale, polynomialLevel: polynomialLevel, moduli: context.ciphertextModuli)
        level = polynomialLevel - parameters.evalMod.doubleAngleCount
        stages = []
        for (index, transform) in stc.enumerated() {
            let target = index == stc.count - 1 ? context.parameters.defaultScale : q[level - 1]
            let sigma = target * q[level] / scale
            stages.append(try Stage(
                transform, parameters: parameters, encoder: encoder, level: level, scale: sigma,
                cached: caching != .encodeOnTheFly))
            scale = scale * sigma / q[level]
            level -= 1
        }
        slotsToCoeffs = stages
        if let transform = stcRotated {
            let first = stages[0]
            slotsToCoeffsRotated = try Stage(
                transform, parameters: parameters, encoder: encoder, level: first.level, scale: first.scale,
                cached: caching != .encodeOnTheFly)
        } else {
            slotsToCoeffsRotated = nil
        }
        outputScale = scale
        precondition(level == parameters.levelsLeft, "level bookkeeping: \(level) ≠ \(parameters.levelsLeft)")
    }

    /// Δ_ref = q_0 / 2^ratio, the input scale SlotsToCoeffs is built for.
    var referenceScale: Double {
        Double(context.ciphertextModuli[0]) / Double(sign: .plus, exponent: parameters.logMessageRatio, significand: 1)
    }

    /// Bootstraps `ciphertext`: the result encrypts the same slots (up to the bootstrapping error) at level
    /// `parameters.levelsLeft`.
    ///
    /// The slots must satisfy |m| ≤ 1 (real or complex). Any level is accepted (higher levels are dropped
    /// first); the scale Δ must be at most 2·q_0/2^ratio. The output scale is the default scale times
    /// Δ_in/Δ_ref, where Δ_in = Δ·⌊Δ_ref/Δ⌋ is the input scale after an exact integer scaling (equal to the
    /// default scale whenever Δ divides Δ_ref, e.g. Δ = 2^40); it is tracked exactly either way.
    /// - Parameter ciphertext: a size-2 ciphertext of this bootstrapper's context and slot count.
    /// - Returns: the refreshed ciphertext.
    /// - Throws: `BootstrappingError.contextMismatch`, `.slotCountMismatch`, `.notRelinearized`,
    ///   `.scaleTooLarge`; CKKS errors.
    public func bootstrap(_ ciphertext: Ciphertext) throws -> Ciphertext {
        guard ciphertext.context === context else { throw BootstrappingError.contextMismatch }
        guard ciphertext.slotCount == parameters.slotCount else {
            throw BootstrappingError.slotCountMismatch(expected: parameters.slotCount, actual: ciphertext.slotCount)
        }
        guard ciphertext.size == 2 else { throw BootstrappingError.notRelinearized }
        var ct = try evaluator.dropLevels(ciphertext, to: 0)
        let reference = referenceScale
        guard ct.scale <= 2 * reference else { throw BootstrappingError.scaleTooLarge(scale: ct.scale, maximum: 2 * reference) }
        let factor = max(1, (reference / ct.scale).rounded(.down))
        if factor > 1 { ct = try evaluator.multiply(ct, constant: .one, scale: factor) }
        let inputScale = ct.scale

        // 1–2. ModRaise (inside the sparse-secret encapsulation, if any), trace.
        if let encapsulation { ct = try evaluator.switchKey(ct, using: encapsulation.toSparse) }
        ct = try ModRaise.raise(ct, scale: parameters.raiseScale(q0: context.ciphertextModuli[0]))
        if let encapsulation { ct = try evaluator.switchKey(ct, using: encapsulation.toDense) }
        for step in parameters.traceSteps { ct = try evaluator.add(ct, evaluator.rotate(ct, by: step)) }
        // 3. CoeffsToSlots, then split into real and imaginary parts.
        for stage in coeffsToSlots { ct = try stage.apply(ct, evaluator: evaluator) }
        let conjugate = try evaluator.conjugate(ct)
        let evalMod = parameters.evalMod
        if let rotatedStage = slotsToCoeffsRotated {
            // Sparse: u + ū holds [Re w, Im w] on 2n slots; one EvalMod; the first SlotsToCoeffs matrix recombines.
            let sine = try evalMod.apply(evaluator.add(ct, conjugate), evaluator: evaluator, outputScaleOfPolynomial: polynomialScale)
            let direct = try slotsToCoeffs[0].apply(sine, evaluator: evaluator)
            let rotated = try rotatedStage.apply(
                evaluator.rotate(sine, by: parameters.slotCount), evaluator: evaluator)
            ct = try evaluator.add(direct, rotated)
        } else {
            let real = try evaluator.add(ct, conjugate)
            let imaginary = try evaluator.multiplyByI(evaluator.subtract(conjugate, ct))
            // 4. EvalMod.
            let sineReal = try evalMod.apply(real, evaluator: evaluator, outputScaleOfPolynomial: polynomialScale)
            let sineImaginary = try evalMod.apply(imaginary, evaluator: evaluator, outputScaleOfPolynomial: polynomialScale)
            ct = try evaluator.add(sineReal, evaluator.multiplyByI(sineImaginary))
            ct = try slotsToCoeffs[0].apply(ct, evaluator: evaluator)
        }
        // 5. SlotsToCoeffs (the remaining matrices).
        for stage in slotsToCoeffs.dropFirst() { ct = try stage.apply(ct, evaluator: evaluator) }
        // The output decodes to m·Δ_in/Δ_ref at the transforms' scale: record the exact scale of m.
        return try Ciphertext(
            context: ct.context, components: ct.components, scale: ct.scale * inputScale / reference, slotCount: ct.slotCount)
    }
}
