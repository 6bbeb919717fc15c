import Bootstrapping
import CKKS
import Circuits
import Foundation

/// The paper's sampler on CKKS ciphertexts: encrypted logits in (or an encrypted hidden state through
/// `EncryptedHead`), the encrypted (post-processed) one-hot vector PP(I) and the encrypted next input embedding
/// Σ PP(I)_i·E_π(i) out — with public evaluation keys only; nothing here decrypts (Rho, Seo, Sung, Min, Ryu,
/// arXiv 2510.12343; sampling spec §2; design notes §1).
///
/// The circuit, in rounds of L levels (L = the levels a bootstrap leaves, at least 9):
/// 1. a = exp((l/T − B)/2) from z = l/M (Chebyshev up to 2 nats above B); u = a/S on the vocabulary slots
///    (one masked product); σ = Σu per block. Bootstrap σ.
/// 2. c = 0.99/σ (Chebyshev reciprocal on σ's calibrated range); w = u·c ≈ 0.99·softmax(l/(2T)). Bootstrap w:
///    its error perturbs the weights consistently — the prefix sums stay the exact CDF of what is sampled.
/// 3. e = w² ∝ exp(l/T); the prefix sums c of e at a raised scale (window sums over the reversed positions, no
///    mask); the threshold r·Σe from the same e (never bootstrapped, so the CDF boundaries carry no bootstrap
///    error); Σe per block. Bootstrap Σe.
/// 4. ŝ/D ≈ 0.97/(D·Σe) (Chebyshev). Bootstrap it — a multiplicative error, which moves no zero crossing — and
///    mask it to the vocabulary.
/// 5. y = c − r·Σe, x = ŝ·y ∈ (−1, 1): the normalised CDF minus r (scaled by ŝ·Σe ≈ 0.97), never bootstrapped:
///    the step function's first stages amplify it (slope ≥ 16) before any bootstrap may touch it, so a bootstrap's
///    2^-21 error lands below the step's 5e−7 resolution (design notes §1.3). The other half of each block holds
///    −x, so the slots' mean — which a bootstrap turns into a systematic shift — is 0 (`SamplerRun.stepInput`).
/// 6. The step function T stage by stage, bootstrapping as late as possible; the trigger
///    I_i = (1 − t_{i−1})·t_i (or t_i − t_{i−1}) with t_{−1} = 0 (one masked rotation); post-processing
///    3I² − 2I³; the feedback product with the embedding table.
///
/// The matching plaintext computation, operation for operation, is `SamplerSimulation`.
public struct EncryptedSampler: Sendable {
    public let layout: SamplerLayout
    public let configuration: SamplerConfiguration
    public let softmax: SoftmaxParameters
    public let polynomials: SamplerPolynomials
    /// L: the level of a bootstrapped ciphertext.
    public let levelsAfterBootstrap: Int
    public let context: CKKSContext
    /// d: the embedding dimension of the feedback table, if any. The embedding comes out in slots 0 ..< d of
    /// every block.
    public let embeddingDimension: Int?
    /// The slope at 0 of the step stages applied to x before the first bootstrap (≥ 16).
    public let slopeBeforeFirstBootstrap: Double

    let encoder: CKKSEncoder
    let blockSums: BlockSums
    let tail: [TailStage]
    let stepPlan: LevelPlanner.Plan
    let feedback: EncodedLinearTransform?

    /// The stages after the step function.
    enum TailStage: Sendable, Equatable {
        case trigger, postProcessing, feedback
    }

    /// The smallest L the rounds fit in.
    public static let minimumLevelsAfterBootstrap = 9
    /// The smallest amplification of x before a bootstrap may touch it.
    public static let minimumSlopeBeforeBootstrap = 16.0

    /// - Parameters:
    ///   - layout: where the vocabulary lives in the slots (its slot count is the bootstrapper's).
    ///   - configuration: step function, trigger and post-processing (the same ones the reference uses).
    ///   - softmax: temperature, logit bound, shift and the calibrated normaliser range.
    ///   - context: the CKKS context.
    ///   - levelsAfterBootstrap: L, the level a bootstrap leaves (`CiphertextBootstrapper.levelsLeft`).
    ///   - embeddingTable: V rows of d values, row i the embedding of the token at tour position i (i.e. E_π(i));
    ///     `nil`: no feedback product.
    /// - Throws: `SamplerError.bootstrapperTooShallow` for L < 9; `.embeddingTableMismatch`;
    ///   `.invalidConfiguration` (polynomials that cannot reach their accuracy, a step too shallow before its
    ///   first bootstrap); encoding errors.
    public init(
        layout: SamplerLayout, configuration: SamplerConfiguration, softmax: SoftmaxParameters, context: CKKSContext,
        levelsAfterBootstrap: Int, embeddingTable: [[Double]]? = nil
    ) throws {
        let l = levelsAfterBootstrap
        guard l >= Self.minimumLevelsAfterBootstrap else {
            throw SamplerError.bootstrapperTooShallow(levelsLeft: l, needed: Self.minimumLevelsAfterBootstrap)
        }
        guard l <= context.maximumLevel, layout.slotCount <= context.parameters.maximumSlotCount else {
            throw SamplerError.invalidConfiguration("L = \(l) or \(layout.slotCount) slots do not fit the context")
        }
        self.layout = layout
        self.configuration = configuration
        self.softmax = softmax
        self.context = context
        self.levelsAfterBootstrap = l
        encoder = CKKSEncoder(context: context)
        polynomials = try SamplerPolynomials(softmax: softmax, layout: layout, configuration: configuration)
        blockSums = try BlockSums(
            blockSize: layout.blockSize, valueCount: layout.width, slotCount: layout.slotCount, valuesAtEnd: true)
        guard polynomials.normalizerInverse.depth <= l - 1, polynomials.concentrationInverse.depth <= l,
              polynomials.exponential.depth + 1 + blockSums.depth <= l
        else { throw SamplerError.invalidConfiguration("the softmax polynomials do not fit in \(l) levels") }

        var tail: [TailStage] = [.trigger]
        if configuration.postProcess { tail.append(.postProcessing) }
        if embeddingTable != nil { tail.append(.feedback) }
        self.tail = tail
        let stages = LevelPlanner.stages(of: configuration.step.polynomial, name: "T")
            + tail.map { LevelPlanner.Stage("\($0)", depth: Self.depth(of: $0, trigger: configuration.trigger)) }
        // Rounds 1–5 leave x at L − 3.
        stepPlan = try LevelPlanner(startLevel: l - 3, levelAfterBootstrap: l).plan(stages)
        let firstRefresh = stepPlan.bootstrapsBefore.first ?? stages.count
        slopeBeforeFirstBootstrap = configuration.step.polynomial.homomorphicStages.prefix(firstRefresh)
            .reduce(1.0) { $0 * $1.coefficients[1] }
        guard slopeBeforeFirstBootstrap >= Self.minimumSlopeBeforeBootstrap else {
            throw SamplerError.invalidConfiguration(
                "the step amplifies x only \(slopeBeforeFirstBootstrap)× before its first bootstrap (needs ≥ "
                    + "\(Self.minimumSlopeBeforeBootstrap)); use a bootstrapper with more levels left or the low-depth step")
        }

        if let table = embeddingTable {
            guard table.count == layout.vocabularySize, let d = table.first?.count, d >= 1,
                  table.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) })
            else {
                throw SamplerError.embeddingTableMismatch(
                    "need \(layout.vocabularySize) finite rows of one length, got \(table.count) rows")
            }
            guard d <= layout.blockSize else {
                throw SamplerError.embeddingTableMismatch("dimension \(d) exceeds the block of \(layout.blockSize) slots")
            }
            embeddingDimension = d
            // Row j of the feedback matrix is embedding coordinate j over the tour positions: E_π(·)[j].
            let matrix = (0..<d).map { j in table.map { $0[j] } }
            let level = stepPlan.levelsAfter[stepPlan.levelsAfter.count - 1] + 1  // the feedback's input
            // Coordinate j lands at in-block slot j: every offset 2W − 1 − i − j is non-negative, as the
            // power-of-two evaluation (Horner's giant steps by +g) wants.
            feedback = try EncodedLinearTransform(
                LinearTransform(
                    blockDiagonal: matrix, blockSize: layout.blockSize, slotCount: layout.slotCount,
                    inputSlot: layout.inBlockSlot(position:), outputSlot: { $0 }),
                encoder: encoder, level: level, keys: .powersOfTwo)
        } else {
            embeddingDimension = nil
            feedback = nil
        }
    }

    /// Levels of a tail stage.
    static func depth(of stage: TailStage, trigger: SamplerConfiguration.Trigger) -> Int {
        switch stage {
        case .trigger: trigger == .product ? 2 : 1
        case .postProcessing: StepFunctions.smoothstep.depth
        case .feedback: 1
        }
    }

    /// Every evaluation key the sampler needs besides bootstrapping's: relinearisation, conjugation (the real
    /// part of x after each bootstrap in the step) and rotations — the
    /// per-block sums, the prefix sums (window sums by +1 … +W/2), the threshold's replication, the trigger's +1
    /// and the feedback product's power-of-two steps. With one instance per ciphertext (the tiny model's layout)
    /// these are the powers of two 1 … n/2 only, most of which bootstrapping holds already.
    public var keyRequirements: EvaluationKeyRequirements {
        var requirements = EvaluationKeyRequirements(rotations: [1, layout.width], conjugation: true, relinearization: true)
        requirements.formUnion(blockSums.keyRequirements)
        requirements.formUnion(SlotOperations.innerSumKeyRequirements(count: layout.width))
        requirements.formUnion(
            layout.instanceCount == 1
                ? SlotOperations.innerSumKeyRequirements(count: layout.slotCount)
                : SlotOperations.replicateKeyRequirements(period: 1, slotCount: layout.width))
        if let feedback { requirements.formUnion(feedback.keyRequirements) }
        return requirements
    }

    /// The scale the draws are encoded at: q_{L−1}, the prime their product with Σe rescales by, so the threshold
    /// r·Σe lands exactly on the prefix sums' scale.
    public var drawsScale: Double { Double(context.ciphertextModuli[levelsAfterBootstrap - 1]) }

    /// The client's draws as the sampler consumes them: r_b at in-block slot W of block b, zero elsewhere, at
    /// level L − 1 and scale `drawsScale`. The client encrypts this plaintext (`SamplerDraws.encrypted`); with
    /// public draws the server uses it directly.
    /// - Throws: `SamplerError.drawCountMismatch`, `.drawOutOfRange`; encoding errors.
    public func drawsPlaintext(_ rs: [Double]) throws -> Plaintext {
        guard rs.count == layout.instanceCount else {
            throw SamplerError.drawCountMismatch(expected: layout.instanceCount, actual: rs.count)
        }
        if let bad = rs.first(where: { !($0 >= 0 && $0 < 1) }) { throw SamplerError.drawOutOfRange(bad) }
        var slots = [Double](repeating: 0, count: layout.slotCount)
        for (b, r) in rs.enumerated() { slots[b * layout.blockSize + layout.width] = r }
        return try encoder.encode(slots, scale: drawsScale, level: levelsAfterBootstrap - 1)
    }

    /// The level the logits must have to skip the preliminary bootstrap (lower ones are bootstrapped first).
    public var logitsLevel: Int { polynomials.exponential.depth + 1 + max(1, blockSums.depth) }

    /// One encrypted draw per instance.
    /// - Parameters:
    ///   - logits: l/M in positions 0 ..< V of every block (tour order; other slots are ignored), any level
    ///     (below `logitsLevel` it is bootstrapped first).
    ///   - draws: the instances' r, encrypted (default) or public.
    ///   - bootstrapper: refreshes ciphertexts of the layout's slot count; leaves `levelsAfterBootstrap` levels
    ///     and holds (in its evaluator) every key of `keyRequirements`.
    ///   - tracing: keep the intermediate ciphertexts in the result.
    /// - Returns: PP(I), the feedback embedding, and the cost.
    /// - Throws: `SamplerError.slotCountMismatch`, `.insufficientLevels` (an encrypted r below L − 1),
    ///   `.drawCountMismatch`, `.drawOutOfRange`, `.bootstrapperTooShallow`; `CKKSError.missingGaloisKey`/
    ///   `.missingRelinearizationKey` before any work when the bootstrapper's evaluator lacks a key;
    ///   `CKKSError.contextMismatch`; bootstrapping errors.
    public func sample(
        logits: Ciphertext, draws: SamplerDraws, bootstrapper: some CiphertextBootstrapper, tracing: Bool = false
    ) throws -> EncryptedSample {
        try validate(logits: logits, draws: draws, bootstrapper: bootstrapper)
        var run = SamplerRun(sampler: self, bootstrapper: bootstrapper)
        let (units, sum) = try run.stage("exponential and normaliser") { try $0.normalizerSum(logits) }
        let weights = try run.stage("weights") { try $0.weights(units: units, sum: sum) }
        let (squares, prefix, threshold, total) = try run.stage("prefix sums and threshold") {
            try $0.prefixSums(weights, draws: draws)
        }
        let normalization = try run.stage("normalisation") { try $0.normalization(total) }
        let x = try run.stage("step input") {
            try $0.stepInput(prefix: prefix, threshold: threshold, normalization: normalization)
        }
        let t = try run.stage("step function") { try $0.step(x) }
        let (oneHot, processed, embedding) = try run.stage("trigger, post-processing, feedback") { try $0.tail(t) }
        let trace = tracing
            ? SamplerTrace(weights: weights, squares: squares, prefixSums: prefix, total: total,
                           normalization: normalization, stepInput: x, oneHotBeforePostProcessing: oneHot)
            : nil
        return EncryptedSample(
            oneHot: processed, embedding: embedding, bootstraps: run.bootstraps, stages: run.timings, trace: trace)
    }

    private func validate(logits: Ciphertext, draws: SamplerDraws, bootstrapper: some CiphertextBootstrapper) throws {
        guard logits.context === context, bootstrapper.context === context else { throw CKKSError.contextMismatch }
        guard logits.slotCount == layout.slotCount else {
            throw SamplerError.slotCountMismatch(expected: layout.slotCount, actual: logits.slotCount)
        }
        guard bootstrapper.slotCount == layout.slotCount else {
            throw SamplerError.slotCountMismatch(expected: layout.slotCount, actual: bootstrapper.slotCount)
        }
        guard bootstrapper.levelsLeft == levelsAfterBootstrap else {
            throw SamplerError.bootstrapperTooShallow(levelsLeft: bootstrapper.levelsLeft, needed: levelsAfterBootstrap)
        }
        switch draws {
        case .encrypted(let r):
            guard r.context === context else { throw CKKSError.contextMismatch }
            guard r.slotCount == layout.slotCount else {
                throw SamplerError.slotCountMismatch(expected: layout.slotCount, actual: r.slotCount)
            }
            guard r.level >= levelsAfterBootstrap - 1 else {
                throw SamplerError.insufficientLevels(
                    input: "the encrypted draws", needed: levelsAfterBootstrap - 1, available: r.level)
            }
            guard abs(r.scale / drawsScale - 1) <= 0x1p-40 else {
                throw SamplerError.drawScaleMismatch(expected: drawsScale, actual: r.scale)
            }
        case .publicDraws(let rs):
            guard rs.count == layout.instanceCount else {
                throw SamplerError.drawCountMismatch(expected: layout.instanceCount, actual: rs.count)
            }
            if let bad = rs.first(where: { !($0 >= 0 && $0 < 1) }) { throw SamplerError.drawOutOfRange(bad) }
        }
        try bootstrapper.evaluator.checkKeys(for: keyRequirements)
    }
}
