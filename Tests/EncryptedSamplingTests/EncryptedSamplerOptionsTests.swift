@_spi(Testing) import Bootstrapping
import CKKS
import EncryptedSampling
import Foundation
import LanguageModel
import Testing
import TestSupport

/// The sampler's options and its refusals. The frequency test runs on the real bootstrapper; the options that only
/// change the circuit's tail run on the `SecretKeyBootstrapper` (a test tool that decrypts to refresh), so they
/// cost seconds instead of a minute — every other stage is the real encrypted computation.
@Suite("Encrypted sampler: frequencies, options, errors", .serialized)
struct EncryptedSamplerOptionsTests {
    /// Sampled-token frequencies against softmax(l/T) on V = 4: 128 instances of one distribution per run, two
    /// runs with fresh encrypted draws. χ² with 3 degrees of freedom, rejected above 16.27 (p = 0.001).
    @Test("token frequencies over 256 encrypted draws pass a χ² test against softmax(l/T)")
    func frequencies() throws {
        let fixture = try EncryptedSamplerFixture(
            vocabulary: 4, configuration: SamplerConfiguration(step: .lowDepth, postProcess: true), sharedLogits: [0.3, 1.4, -0.6, 0.9],
            seed: 21)
        var rng = SeededGenerator(seed: 22)
        let logits = try fixture.encryptLogits(rng: &rng)
        var counts = [Int](repeating: 0, count: 4)
        for _ in 0..<2 {
            let draws = (0..<fixture.layout.instanceCount).map { _ in Double.random(in: 0..<1, using: &rng) }
            let run = try fixture.sampler.sample(
                logits: logits, draws: .encrypted(fixture.encryptDraws(draws, rng: &rng)),
                bootstrapper: fixture.bootstrap.bootstrapper)
            for position in fixture.layout.decodedPositions(try fixture.bootstrap.scheme.decryptReal(run.oneHot)) {
                counts[position] += 1
            }
        }
        let total = Double(counts.reduce(0, +))
        let p = fixture.probabilities(0)
        let chiSquare = zip(counts, p).reduce(0) { $0 + pow(Double($1.0) - total * $1.1, 2) / (total * $1.1) }
        print("frequencies \(counts) for p = \(p.map { String(format: "%.3f", $0) }): χ² = \(chiSquare)")
        #expect(p.allSatisfy { $0 * total >= 5 })
        #expect(chiSquare < 16.27)
    }

    /// Public draws, the difference trigger, no post-processing, and the paper's 25-cubic step (which needs 11 or
    /// more levels per bootstrap: 4 cubics, slope 18.7, before its first one), against the simulation from the
    /// refreshed weights. Measured max |error| 6.1e−9 and 5.5e−9 (random draws); bound 1e−7.
    @Test("public draws, difference trigger, no post-processing, paper step: equal to the simulation",
          arguments: [
            SamplerConfiguration(step: .lowDepth, trigger: .difference, postProcess: false),
            SamplerConfiguration(step: .paper, trigger: .product, postProcess: true),
          ])
    func options(configuration: SamplerConfiguration) throws {
        let vocabulary = 16
        var rng = SeededGenerator(seed: 31)
        let parameters = try BootstrappingParameters.insecureTestN12(slotCount: 1024, levelsLeft: 12)
        let scheme = KeyedScheme(parameters: parameters.scheme, requirements: .none, seed: 32)
        let layout = try SamplerLayout(vocabularySize: vocabulary, slotCount: 1024)
        let logits: [[Float]] = (0..<layout.instanceCount).map { _ in (0..<vocabulary).map { _ in Float.random(in: -5...5, using: &rng) } }
        let softmax = try SoftmaxParameters.calibrated(logits: logits, temperature: 0.8, logitBound: 16)
        let sampler = try EncryptedSampler(
            layout: layout, configuration: configuration, softmax: softmax, context: scheme.context,
            levelsAfterBootstrap: parameters.levelsLeft)
        let keys = KeyGenerator(context: scheme.context).evaluationKeys(
            for: scheme.secretKey, requirements: sampler.keyRequirements, using: &rng)
        let refresher = SecretKeyBootstrapper(
            secretKey: scheme.secretKey, evaluator: Evaluator(context: scheme.context, keys: keys),
            slotCount: layout.slotCount, levelsLeft: parameters.levelsLeft, seed: 33)
        let z = layout.slots(logits.map { $0.map { Double($0) / softmax.logitBound } })
        let ciphertext = try scheme.encrypt(z.map { Complex($0) }, level: parameters.levelsLeft, rng: &rng)
        let draws = (0..<layout.instanceCount).map { _ in Double.random(in: 0..<1, using: &rng) }
        let run = try sampler.sample(logits: ciphertext, draws: .publicDraws(draws), bootstrapper: refresher, tracing: true)
        let weights = layout.instances(try scheme.decryptReal(run.trace!.weights))
        let output = layout.instances(try scheme.decryptReal(run.oneHot))
        let simulation = SamplerSimulation(sampler: sampler)
        var worst = 0.0
        for b in 0..<layout.instanceCount {
            let expected = simulation.sample(weights: weights[b], r: draws[b])
            worst = max(worst, maximumError(output[b], expected.output))
            #expect(Sampler.argmax(output[b]) == expected.decodedPosition)
            if configuration.trigger == .difference { #expect(output[b].reduce(0, +) <= 1 + 1e-6, "Σ I telescopes to ≤ 1") }
        }
        print("\(configuration): \(run.bootstraps) refreshes, max |PP(I) − simulation| \(worst)")
        #expect(worst <= 1e-7)
    }

    @Test("bad input throws typed errors")
    func refusals() throws {
        let context = try CKKSContext(parameters: BootstrappingParameters.insecureTestN12(slotCount: 1024, levelsLeft: 9).scheme)
        let softmax = try SoftmaxParameters(temperature: 1, logitBound: 16, shift: 5, normalizerRange: 0.05...2)
        let configuration = SamplerConfiguration(step: .lowDepth, postProcess: true)
        // A vocabulary larger than half the slots.
        #expect(throws: SamplerError.vocabularyTooLarge(vocabulary: 600, slotCount: 1024)) {
            try SamplerLayout(vocabularySize: 600, slotCount: 1024)
        }
        let layout = try SamplerLayout(vocabularySize: 16, slotCount: 1024)
        // Too few levels after a bootstrap for the rounds.
        #expect(throws: SamplerError.bootstrapperTooShallow(levelsLeft: 4, needed: 9)) {
            try EncryptedSampler(layout: layout, configuration: configuration, softmax: softmax, context: context,
                                 levelsAfterBootstrap: 4)
        }
        // An embedding table of the wrong shape.
        #expect(throws: SamplerError.self) {
            try EncryptedSampler(layout: layout, configuration: configuration, softmax: softmax, context: context,
                                 levelsAfterBootstrap: 9, embeddingTable: [[1, 2]])
        }
        #expect(throws: SamplerError.self) { try SoftmaxParameters(temperature: 0, logitBound: 1, shift: 0, normalizerRange: 1...2) }
        let sampler = try EncryptedSampler(
            layout: layout, configuration: configuration, softmax: softmax, context: context, levelsAfterBootstrap: 9)
        #expect(throws: SamplerError.drawCountMismatch(expected: 32, actual: 3)) { try sampler.drawsPlaintext([0.1, 0.2, 0.3]) }
        #expect(throws: SamplerError.drawOutOfRange(1.5)) {
            try sampler.drawsPlaintext([1.5] + Array(repeating: 0.5, count: 31))
        }

        // Run-time refusals, before any work: a secret-key refresher whose evaluator holds no keys.
        var rng = SeededGenerator(seed: 41)
        let generator = KeyGenerator(context: context)
        let secretKey = try generator.secretKey(using: &rng)
        let keyless = SecretKeyBootstrapper(
            secretKey: secretKey, evaluator: Evaluator(context: context), slotCount: 1024, levelsLeft: 9)
        let encoder = CKKSEncoder(context: context)
        let encryptor = Encryptor(secretKey: secretKey)
        let logits = try encryptor.encrypt(encoder.encode([Double](repeating: 0, count: 1024), level: 9), using: &rng)
        let draws = SamplerDraws.publicDraws(Array(repeating: 0.5, count: 32))
        #expect(throws: CKKSError.missingRelinearizationKey) { try sampler.sample(logits: logits, draws: draws, bootstrapper: keyless) }
        let keyed = SecretKeyBootstrapper(
            secretKey: secretKey,
            evaluator: Evaluator(context: context, keys: generator.evaluationKeys(
                for: secretKey, requirements: sampler.keyRequirements, using: &rng)),
            slotCount: 1024, levelsLeft: 9)
        // Logits of another slot count.
        let narrow = try encryptor.encrypt(encoder.encode([Double](repeating: 0, count: 512), level: 9), using: &rng)
        #expect(throws: SamplerError.slotCountMismatch(expected: 1024, actual: 512)) {
            try sampler.sample(logits: narrow, draws: draws, bootstrapper: keyed)
        }
        // Encrypted draws below L − 1, or at the wrong scale.
        let low = try encryptor.encrypt(encoder.encode([Double](repeating: 0, count: 1024), level: 3), using: &rng)
        #expect(throws: SamplerError.insufficientLevels(input: "the encrypted draws", needed: 8, available: 3)) {
            try sampler.sample(logits: logits, draws: .encrypted(low), bootstrapper: keyed)
        }
        #expect(throws: SamplerError.self) { try sampler.sample(logits: logits, draws: .encrypted(logits), bootstrapper: keyed) }
        // A refresher leaving other levels than the sampler was built for.
        let shallow = SecretKeyBootstrapper(secretKey: secretKey, evaluator: keyed.evaluator, slotCount: 1024, levelsLeft: 8)
        #expect(throws: SamplerError.bootstrapperTooShallow(levelsLeft: 8, needed: 9)) {
            try sampler.sample(logits: logits, draws: draws, bootstrapper: shallow)
        }
        #expect(throws: SamplerError.drawCountMismatch(expected: 32, actual: 1)) {
            try sampler.sample(logits: logits, draws: .publicDraws([0.5]), bootstrapper: keyed)
        }
    }
}

/// The encrypted head: the tiny model's last hidden state (encrypted) → logits in tour order → the sampler.
@Suite("Encrypted head + sampler on the tiny model (real bootstrapping, insecure N = 2^12)", .serialized)
struct EncryptedHeadTests {
    /// One draw over the embedded model's real next-token distribution (V = 512, one instance per 1024 slots):
    /// the logits the head computes against the plaintext model's (measured max |Δz| 8.9e−8, bound 1e−6: the
    /// sampler's z = l/M, M = 32), and the decoded token against the exact sample of softmax(l) with the same r.
    /// The head leaves z at level 8, enough for the exponential: no extra bootstrap.
    @Test("the head's logits are the model's; the sampled token is the exact sample's")
    func headAndSampler() throws {
        let bundle = try LanguageModelBundle.embedded()
        let model = bundle.model
        var cache = model.makeCache()
        var trace: ForwardTrace?
        for token in try bundle.tokenizer.encode("It is a truth universally acknowledged") {
            trace = try model.trace(embedding: model.embedding(of: token), cache: &cache)
        }
        let hidden = try #require(trace).outputNormed
        let logits = try #require(trace).logits
        let vocabulary = model.configuration.vocabularySize
        let ordering = Array((0..<vocabulary).reversed())  // any permutation: the head absorbs it
        let head = (0..<vocabulary).map { model.weights.head.row($0).map(Double.init) }
        let parameters = try BootstrappingParameters.insecureTestN12(slotCount: 1024, levelsLeft: 9)
        let layout = try SamplerLayout(vocabularySize: vocabulary, slotCount: 1024)
        let softmax = try SoftmaxParameters.calibrated(logits: [logits], temperature: 1, logitBound: 32)
        var built: (EncryptedSampler, EncryptedHead)?
        let fixture = try BootstrapFixture(parameters: parameters, seed: 51) { context in
            let sampler = try EncryptedSampler(
                layout: layout, configuration: SamplerConfiguration(step: .lowDepth, postProcess: true),
                softmax: softmax, context: context, levelsAfterBootstrap: 9)
            let encryptedHead = try EncryptedHead(weights: head, ordering: ordering, sampler: sampler, level: 9)
            built = (sampler, encryptedHead)
            return sampler.keyRequirements.union(encryptedHead.keyRequirements)
        }
        let (sampler, encryptedHead) = try #require(built)
        var rng = SeededGenerator(seed: 52)
        var slots = [Double](repeating: 0, count: 1024)
        for (j, value) in hidden.enumerated() { slots[j] = Double(value) }
        let state = try fixture.scheme.encrypt(slots.map { Complex($0) }, level: 9, rng: &rng)
        let z = try encryptedHead.logits(state, evaluator: fixture.bootstrapper.evaluator)
        let expected = ordering.map { Double(logits[$0]) / softmax.logitBound }
        let zError = maximumError(layout.instances(try fixture.scheme.decryptReal(z))[0], expected)
        let r = 0.6180339887
        let run = try sampler.sample(
            logits: z, draws: .encrypted(Encryptor(publicKey: fixture.scheme.publicKey!).encrypt(sampler.drawsPlaintext([r]), using: &rng)),
            bootstrapper: fixture.bootstrapper)
        let output = layout.instances(try fixture.scheme.decryptReal(run.oneHot))[0]
        let exact = Sampler.inverseCDF(prefix: Sampler.prefixSums(Sampler.softmax(ordering.map { logits[$0] })), r: r)
        print("encrypted head: max |Δz| \(zError); token \(ordering[Sampler.argmax(output)]) (exact \(ordering[exact])), \(run.bootstraps) bootstraps")
        #expect(zError <= 1e-6)
        #expect(Sampler.argmax(output) == exact)
        #expect(run.bootstraps == 8)
    }
}
