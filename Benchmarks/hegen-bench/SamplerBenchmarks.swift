import Bootstrapping
import CKKS
import EncryptedSampling
import Foundation
import LanguageModel
import TokenOrdering

/// `hegen-bench sampler [--json] [--vocab 512] [--logN 16|12] [--levels-left L] [--draws k] [--step low|paper]`
///
/// The encrypted sampler on real next-token distributions of the embedded tiny model (V = 512, greedy TSP order,
/// calibrated on 256 plaintext decoding steps): key generation (bootstrapping keys plus the sampler's), then `k`
/// encrypted draws (client-encrypted r, one instance per ciphertext of 1024 slots) on the logits of `k` steps of a
/// prompt, each against the plaintext simulation of the same circuit and against the paper's exact reference
/// (`PolynomialSampler`). logN 16: the 128-bit preset `secureN16(slotCount: 1024, levelsLeft: L)`; logN 12: the
/// insecure test preset. Run with `taskset -c 0` for one thread.
func runSamplerBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    func value(_ name: String) -> String? { optionValue(name, in: options) }
    let logN = Int(value("--logN") ?? "16") ?? 16
    let draws = max(1, Int(value("--draws") ?? "1") ?? 1)
    let levelsLeft = Int(value("--levels-left") ?? "9") ?? 9
    let vocabulary = Int(value("--vocab") ?? "512") ?? 512
    guard vocabulary == 512 else {
        throw SamplerError.invalidConfiguration(
            "this build measures V = 512 (the tiny model); V = 49,152 (SmolLM2, two full ciphertexts) is not built yet")
    }
    let step: SamplerConfiguration.Step = value("--step") == "paper" ? .paper : .lowDepth
    let configuration = SamplerConfiguration(step: step, postProcess: true)
    let bundle = try LanguageModelBundle.embedded()
    let model = bundle.model

    // The tour and the logits: 256 calibration steps, then the measured ones (a different prompt).
    let embeddings = try EmbeddingMatrix(
        rowCount: vocabulary, dimension: model.configuration.embeddingLength,
        values: (0..<vocabulary).flatMap { model.weights.tokenEmbedding.row($0) })
    let (tour, _) = GreedyTour.path(matrix: embeddings, candidates: CandidateLists(matrix: embeddings, k: 64))
    let ordering = try VocabularyOrdering(permutation: tour, name: "greedy")
    let calibration = try decodingLogits(bundle, prompt: "It is a truth universally acknowledged", steps: 256)
    let measured = try decodingLogits(bundle, prompt: "Emma was", steps: draws)
    let softmax = try SoftmaxParameters.calibrated(logits: calibration, temperature: 1)
    let table = tour.map { model.weights.tokenEmbedding.row($0).map(Double.init) }

    let parameters: BootstrappingParameters = logN == 16
        ? try .secureN16(slotCount: 1024, levelsLeft: levelsLeft)
        : try .insecureTestN12(slotCount: 1024, levelsLeft: levelsLeft)
    reporter.note("# \(parameters.scheme)")
    reporter.note("# softmax \(softmax); \(configuration)")
    reporter.note("# bootstrapping rotations \(parameters.rotationSteps)")
    let context = try CKKSContext(parameters: parameters.scheme)
    let layout = try SamplerLayout(vocabularySize: vocabulary, slotCount: 1024)
    let sampler = try EncryptedSampler(
        layout: layout, configuration: configuration, softmax: softmax, context: context,
        levelsAfterBootstrap: parameters.levelsLeft, embeddingTable: table)
    reporter.note("# polynomials: exp \(sampler.polynomials.exponential.degree), 1/Σa \(sampler.polynomials.normalizerInverse.degree), "
                  + "1/Σe \(sampler.polynomials.concentrationInverse.degree); slope before the first bootstrap \(sampler.slopeBeforeFirstBootstrap)")

    reporter.note("# sampler rotations \(sampler.keyRequirements.rotations.sorted())")
    // The client: keys, encrypted logits (in tour order) and encrypted draws.
    let generator = KeyGenerator(context: context)
    let keygenStart = DispatchTime.now().uptimeNanoseconds
    let secretKey = try generator.secretKey()
    let keys = try generator.bootstrappingKeys(
        for: secretKey, parameters: parameters, applicationRequirements: sampler.keyRequirements)
    let keygenNanoseconds = Double(DispatchTime.now().uptimeNanoseconds - keygenStart)
    let keyBytes = keys.byteCount
    reporter.note("# key generation \(BenchmarkReporter.humanTime(keygenNanoseconds)): \(keys.galoisKeys.elements.count) Galois keys, "
                  + "\(keyBytes / 1_000_000) MB in memory, \(keys.serializedByteCount / 1_000_000) MB sent (seeded)")
    let bootstrapper = try Bootstrapper(parameters: parameters, context: context, keys: keys)
    let encoder = CKKSEncoder(context: context)
    let encryptor = Encryptor(secretKey: secretKey)
    let decryptor = Decryptor(secretKey: secretKey)
    let simulation = SamplerSimulation(sampler: sampler)
    let reference = PolynomialSampler(configuration: configuration)
    var random = SplitMix64(seed: 2026)

    var times: [Double] = []
    var worst = 0.0
    var agrees = true
    var bootstraps = 0
    var stages: [String: Double] = [:]
    for logits in measured {
        let z = ordering.reordered(logits).map { Double($0) / softmax.logitBound }
        let ciphertext = try encryptor.encrypt(encoder.encode(layout.slots([z]), level: parameters.levelsLeft))
        let r = Sampler.uniform(using: &random)
        let encryptedDraws = try encryptor.encrypt(sampler.drawsPlaintext([r]))
        let start = DispatchTime.now().uptimeNanoseconds
        let run = try sampler.sample(logits: ciphertext, draws: .encrypted(encryptedDraws), bootstrapper: bootstrapper)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start))
        bootstraps = run.bootstraps
        for stage in run.stages { stages[stage.name, default: 0] += stage.seconds / Double(measured.count) }
        let output = layout.instances(encoder.decodeReal(try decryptor.decrypt(run.oneHot)))[0]
        let expected = simulation.sample(scaledLogits: z, r: r)
        let paper = reference.sample(ordering.reordered(Sampler.softmax(logits)), r: r)
        let error = zip(output, expected.output).map { abs($0 - $1) }.max()!
        worst = max(worst, error)
        let decoded = Sampler.argmax(output)
        agrees = agrees && decoded == expected.decodedPosition && decoded == paper.decodedPosition
        reporter.note(String(format: "# draw r = %.6f: %@, token %d (simulation %d, paper's reference %d), max |PP(I) − simulation| %.2e",
                             r, BenchmarkReporter.humanTime(times.last!), ordering.permutation[decoded],
                             ordering.permutation[expected.decodedPosition], ordering.permutation[paper.decodedPosition], error))
    }
    for (name, seconds) in stages.sorted(by: { $0.value > $1.value }) { reporter.note(String(format: "#   %-36@ %7.2f s", name, seconds)) }
    times.sort()
    reporter.report(
        "sampler.encrypted",
        fields: [
            "vocab": vocabulary, "logN": parameters.scheme.logN,
            "secure": parameters.scheme.securityLevel == .bits128 ? "128-bit" : "INSECURE-test",
            "levels_left": parameters.levelsLeft, "step": step.rawValue, "draws": measured.count, "bootstraps": bootstraps,
            "onehot_max_error": worst, "argmax_agrees": agrees, "key_bytes_sent": keys.serializedByteCount,
            "key_bytes_resident": keyBytes,
            "keygen_ns": Int(keygenNanoseconds), "peak_rss_bytes": peakResidentBytes(),
        ],
        medianNanoseconds: times[times.count / 2])
}

/// The logits of `steps` greedy decoding steps after `prompt`.
private func decodingLogits(_ bundle: LanguageModelBundle, prompt: String, steps: Int) throws -> [[Float]] {
    var cache = bundle.model.makeCache()
    var logits = try bundle.model.logits(tokens: bundle.tokenizer.encodeForGeneration(prompt), cache: &cache)
    var all: [[Float]] = []
    for _ in 0..<steps {
        all.append(logits)
        if cache.count == cache.capacity { cache.reset() }
        logits = try bundle.model.logits(token: Sampler.argmax(logits), cache: &cache)
    }
    return all
}
