import Bootstrapping
import CKKS
import Circuits
import Foundation

/// One run of the encrypted sampler: the stages of `EncryptedSampler`, in order, with the bootstrapper that
/// refreshes between them and the bookkeeping of what each stage cost. Level comments give each value's level
/// with L = `levelsAfterBootstrap`.
struct SamplerRun<Refresher: CiphertextBootstrapper> {
    let sampler: EncryptedSampler
    let bootstrapper: Refresher
    let evaluator: Evaluator
    var bootstraps = 0
    var timings: [EncryptedSample.StageTiming] = []

    init(sampler: EncryptedSampler, bootstrapper: Refresher) {
        self.sampler = sampler
        self.bootstrapper = bootstrapper
        evaluator = bootstrapper.evaluator
    }

    var layout: SamplerLayout { sampler.layout }
    var polynomials: SamplerPolynomials { sampler.polynomials }
    var polynomialEvaluator: PolynomialEvaluator { PolynomialEvaluator(evaluator: evaluator) }

    /// Runs a stage and records its time and bootstraps.
    mutating func stage<T>(_ name: String, _ body: (inout Self) throws -> T) rethrows -> T {
        let (start, before) = (Date(), bootstraps)
        let result = try body(&self)
        timings.append(.init(name: name, seconds: Date().timeIntervalSince(start), bootstraps: bootstraps - before))
        return result
    }

    mutating func refresh(_ x: Ciphertext) throws -> Ciphertext {
        bootstraps += 1
        return try bootstrapper.bootstrap(x)
    }

    /// x ⊙ mask, with the mask encoded at scale q_ℓ so that the rescaled product keeps x's scale exactly.
    func masked(_ x: Ciphertext, _ mask: [Double]) throws -> Ciphertext {
        let q = evaluator.rescalingPrime(atLevel: x.level)
        return try evaluator.rescale(evaluator.multiply(x, sampler.encoder.encode(mask, scale: q, level: x.level)))
    }

    // MARK: Rounds 1–2: the weights

    /// Round 1: u = exp((l/T − B)/2)/S on the vocabulary slots, and σ = Σu per block.
    mutating func normalizerSum(_ logits: Ciphertext) throws -> (units: Ciphertext, sum: Ciphertext) {
        let z = logits.level >= sampler.logitsLevel ? logits : try refresh(logits)
        let a = try polynomialEvaluator.evaluate(polynomials.exponential, at: z)
        let vocabulary = layout.mask(positions: 0..<layout.vocabularySize).map { $0 / polynomials.normalizerScale }
        let u = try masked(a, vocabulary)
        return (u, try sampler.blockSums.apply(u, evaluator: evaluator))
    }

    /// Round 2: w = u·(0.99/σ) ≈ 0.99·a/Σa, bootstrapped (level L).
    mutating func weights(units: Ciphertext, sum: Ciphertext) throws -> Ciphertext {
        let inverse = try polynomialEvaluator.evaluate(polynomials.normalizerInverse, at: refresh(sum))
        return try refresh(evaluator.rescale(evaluator.multiplyAtCommonLevel(units, inverse)))
    }

    // MARK: Rounds 3–5: the step function's input

    /// Round 3: e = w² (L − 1); its zero-padded prefix sums c at a raised scale (L − 2); the threshold r·Σe from
    /// the same e, never bootstrapped (L − 2); and Σe per block for ŝ, bootstrapped (L).
    ///
    /// The window sum of e puts each block's total Σe at in-block slot W (partial sums elsewhere); the draws
    /// sit in exactly those slots, zero elsewhere, so one product with them both masks and scales, and a
    /// replication spreads r·Σe over the block. The threshold thus carries only rotation noise, like c: a
    /// bootstrapped Σe here would move every CDF boundary by r·δ/Σe ≈ 1e−6 (measured), twice the step's resolution.
    mutating func prefixSums(
        _ w: Ciphertext, draws: SamplerDraws
    ) throws -> (squares: Ciphertext, prefix: Ciphertext, threshold: Ciphertext, total: Ciphertext) {
        let e = try evaluator.rescale(evaluator.multiply(w, w))
        // Tour positions run backwards through the slots, so the prefix sums are window sums over the slots ahead.
        let sums = SlotOperations(evaluator: evaluator)
        let prefix = try sums.innerSum(e, count: layout.width, raisingScale: true)
        let windows = try sums.innerSum(e, count: layout.width)
        let scaledDraws: Ciphertext
        switch draws {
        case .encrypted(let r):
            scaledDraws = try evaluator.multiply(windows, evaluator.dropLevels(r, to: windows.level))
        case .publicDraws(let rs):
            scaledDraws = try evaluator.multiply(windows, sampler.drawsPlaintext(rs))
        }
        let threshold = try replicated(evaluator.rescale(scaledDraws))
        let total = try refresh(sampler.blockSums.apply(e, evaluator: evaluator))
        return (e, prefix, threshold, total)
    }

    /// A value at in-block slot W of every block (zero elsewhere) spread over the block's vocabulary half
    /// [W, 2W): log2 n rotations by +1 … +n/2 when the block is the whole ciphertext (the inner sum of a single
    /// non-zero slot: everywhere), by −1 … −W/2 otherwise (upwards, never into the next block).
    func replicated(_ x: Ciphertext) throws -> Ciphertext {
        if layout.instanceCount == 1 { return try SlotOperations(evaluator: evaluator).innerSum(x, count: layout.slotCount) }
        var result = x
        for step in SlotOperations.replicateRotationSteps(period: 1, slotCount: layout.width) {
            try evaluator.add(evaluator.rotate(result, by: step), to: &result)
        }
        return result
    }

    /// Round 4: ŝ = D·(0.97/(D·Σe)), the polynomial's output bootstrapped, D·(·) an exact integer product, then
    /// masked to the vocabulary slots (level L − 1). The mask comes after the bootstrap: a bootstrapped zero is
    /// zero only to 2^-21, which x − rot(x, W) would add to every x.
    mutating func normalization(_ total: Ciphertext) throws -> Ciphertext {
        let refreshed = try refresh(polynomialEvaluator.evaluate(polynomials.concentrationInverse, at: total))
        let scaled = try evaluator.multiply(refreshed, constant: Complex(polynomials.concentrationScale), scale: 1)
        return try masked(scaled, layout.mask(positions: 0..<layout.vocabularySize))
    }

    /// Round 5: x = ŝ·(c − r·Σe) on the vocabulary slots and −x, its mirror image, on the other half of every
    /// block (level L − 3).
    ///
    /// The mirror is what keeps the step function's bootstraps unbiased. A bootstrap's sine approximation errs by
    /// ≈ (2π·2^-ρ·m̄)²/6 relative, where m̄ is the slots' mean (the constant coefficient of the message): with
    /// every x of one sign (a draw r near 0 or 1, or a half of saturated values) that is a *systematic* shift of
    /// ≈ 1e−5 — measured, and enough to move every CDF boundary. The odd stages of the step keep x and −x
    /// opposite, so the mean stays 0 through every bootstrap. The masked ŝ makes x zero outside the vocabulary,
    /// and x − rot(x, W) puts −x there without another level.
    func stepInput(prefix: Ciphertext, threshold: Ciphertext, normalization: Ciphertext) throws -> Ciphertext {
        let difference = try evaluator.subtract(prefix, threshold)
        let x = try evaluator.rescale(evaluator.multiplyAtCommonLevel(normalization, difference))
        return try evaluator.realPart(evaluator.subtract(x, evaluator.rotate(x, by: layout.width)))
    }

    // MARK: Round 6 on: the step function and the tail

    /// The step function's stages, bootstrapping where the plan says. Each bootstrap's imaginary noise is
    /// projected away at once (`Evaluator.realPart`): the stages that follow amplify it as steeply as the signal,
    /// and at a near-tie it would otherwise push the values off the real line, where the polynomials diverge
    /// (measured: outputs of −69 and 70 at an exact tie).
    mutating func step(_ x: Ciphertext) throws -> Ciphertext {
        var value = x
        for (index, stage) in sampler.configuration.step.polynomial.homomorphicStages.enumerated() {
            if sampler.stepPlan.bootstrapsBefore.contains(index) { value = try evaluator.realPart(refresh(value)) }
            value = try polynomialEvaluator.evaluate(stage, at: value)
        }
        return value
    }

    /// The trigger, post-processing and feedback, each preceded by a bootstrap where the plan puts one.
    /// - Returns: I, PP(I) (I itself without post-processing) and the feedback embedding.
    mutating func tail(_ t: Ciphertext) throws -> (oneHot: Ciphertext, output: Ciphertext, embedding: Ciphertext?) {
        let offset = sampler.configuration.step.polynomial.stages.count
        var value = t
        var oneHot = t
        var embedding: Ciphertext?
        for (index, stage) in sampler.tail.enumerated() {
            if sampler.stepPlan.bootstrapsBefore.contains(offset + index) { value = try refresh(value) }
            switch stage {
            case .trigger:
                value = try trigger(value)
                oneHot = value
            case .postProcessing:
                value = try polynomialEvaluator.evaluate(StepFunctions.smoothstep, at: value)
            case .feedback:
                embedding = try sampler.feedback!.apply(value, evaluator: evaluator)
            }
        }
        return (oneHot, value, embedding)
    }

    /// I_i = (1 − t_{i−1})·t_i or t_i − t_{i−1} on positions 0 ..< V, with t_{−1} = 0 and zero elsewhere.
    func trigger(_ t: Ciphertext) throws -> Ciphertext {
        let current = try masked(t, layout.mask(positions: 0..<layout.vocabularySize))
        let previous = try masked(evaluator.rotate(t, by: 1), layout.mask(positions: 1..<layout.vocabularySize))
        switch sampler.configuration.trigger {
        case .difference:
            return try evaluator.subtract(current, previous)
        case .product:
            let complement = try evaluator.add(evaluator.negate(previous), constant: Complex(1))
            return try evaluator.rescale(evaluator.multiply(current, complement))
        }
    }
}
