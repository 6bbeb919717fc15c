import Bootstrapping
import CKKS
import EncryptedTransformer
import Foundation
import LanguageModel
import PrivateGeneration
import RingArithmetic

/// `hegen-bench transformer [--json] [--logN 16|12] [--positions P] [--prompt TEXT] [--cache-diagonals yes|no]`
///
/// The embedded tiny model on encrypted embeddings, the way a private generation runs it: key generation
/// (bootstrapping keys plus the model's), then one encrypted forward step per prompt position (all three blocks
/// over the encrypted KV cache, the final norm and the head, with real bootstrapping), each decrypted and compared
/// with the plaintext forward pass. logN 16: `GenerationPreset.secure` (128-bit, 2048 slots, 9 levels after each
/// bootstrap, capacity 16); logN 12: the INSECURE test preset. One JSON line per position
/// (`transformer.step`) and a summary (`transformer.summary`). `--cache-diagonals` overrides the model's default
/// (cache the fixed matrices' encoded diagonals up to N = 2^13). Run with `taskset -c 0` for one thread.
func runTransformerBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    func value(_ name: String) -> String? { optionValue(name, in: options) }
    let preset: GenerationPreset = (value("--logN") ?? "16") == "12" ? .insecureTest : .secure
    let positions = max(1, Int(value("--positions") ?? "2") ?? 2)
    let prompt = value("--prompt") ?? "Emma Woodhouse, handsome, clever, and rich"
    let caching: Bool? = value("--cache-diagonals").map { $0 == "yes" }
    let bundle = try LanguageModelBundle.embedded()
    let model = bundle.model
    let tokens = Array(try bundle.tokenizer.encode(prompt).prefix(positions))
    guard tokens.count == positions else {
        throw TransformerError.invalidConfiguration("the prompt has \(tokens.count) tokens, fewer than --positions \(positions)")
    }

    // Public calibration, as the service does (GenerationSetup.defaultCalibrationTexts).
    let calibration = TransformerCalibration.measured(
        try TransformerCalibration.traces(of: GenerationSetup.defaultCalibrationTexts, model: model, tokenizer: bundle.tokenizer))
    var plainCache = model.makeCache()
    let reference = try tokens.map { try model.trace(embedding: model.embedding(of: $0), cache: &plainCache) }
    let outside = reference.enumerated().flatMap { position, trace in calibration.violations(in: trace).map { "position \(position): \($0)" } }
    reporter.note("# \(preset.label); prompt \(tokens.count) tokens; outside the calibrated ranges: \(outside.isEmpty ? "none" : outside.joined(separator: "; "))")

    let parameters = try preset.parameters()
    let context = try CKKSContext(parameters: parameters.scheme)
    let setupStart = DispatchTime.now().uptimeNanoseconds
    let encrypted = try EncryptedTransformerModel(
        model: model, calibration: calibration, capacity: GenerationPreset.capacity, context: context,
        levelsAfterBootstrap: parameters.levelsLeft, cachesPlaintexts: caching)
    let setupNanoseconds = Double(DispatchTime.now().uptimeNanoseconds - setupStart)
    let generator = KeyGenerator(context: context)
    let keygenStart = DispatchTime.now().uptimeNanoseconds
    let secretKey = try generator.secretKey()
    let keys = try generator.bootstrappingKeys(
        for: secretKey, parameters: parameters, applicationRequirements: encrypted.keyRequirements)
    let keygenNanoseconds = Double(DispatchTime.now().uptimeNanoseconds - keygenStart)
    reporter.note("# \(parameters.scheme)")
    reporter.note("# model encoded in \(BenchmarkReporter.humanTime(setupNanoseconds)); keys in \(BenchmarkReporter.humanTime(keygenNanoseconds)): "
                  + "\(keys.galoisKeys.elements.count) Galois keys, \(keys.byteCount / 1_000_000) MB in memory, "
                  + "\(keys.serializedByteCount / 1_000_000) MB sent (seeded)")
    let bootstrapper = CountingBootstrapper(try Bootstrapper(parameters: parameters, context: context, keys: keys))
    let encoder = CKKSEncoder(context: context)
    let encryptor = Encryptor(secretKey: secretKey)
    let decryptor = Decryptor(secretKey: secretKey)

    var cache = encrypted.makeCache()
    var times: [Double] = []
    var worst = 0.0, sumOfSquares = 0.0, valueCount = 0
    var topAgrees = true
    for (position, token) in tokens.enumerated() {
        var slots = [Double](repeating: 0, count: encrypted.layout.slotCount)
        for (i, x) in try model.embedding(of: token).enumerated() { slots[i] = Double(x) / calibration.embeddingBound }
        let input = EncryptedVector(
            ciphertext: try encryptor.encrypt(encoder.encode(slots, level: parameters.levelsLeft)),
            count: model.configuration.embeddingLength, bound: calibration.embeddingBound)
        let before = bootstrapper.count
        let cpuStart = processCPUNanoseconds()
        let start = DispatchTime.now().uptimeNanoseconds
        let hidden = try encrypted.step(input, cache: &cache, bootstrapper: bootstrapper)
        let logits = try encrypted.logits(hidden, evaluator: bootstrapper.evaluator)
        let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start)
        let cpuSeconds = (processCPUNanoseconds() - cpuStart) / 1e9
        times.append(nanoseconds)
        let decrypted = encoder.decodeReal(try decryptor.decrypt(logits.ciphertext)).prefix(logits.count).map { $0 * logits.bound }
        let expected = reference[position].logits.map(Double.init)
        let error = zip(decrypted, expected).map { abs($0 - $1) }.max() ?? .infinity
        // The root-mean-square error: the logits' deviation of the CKKS noise model (SimulationPrecision).
        let squares = zip(decrypted, expected).map { ($0 - $1) * ($0 - $1) }
        let rms = (squares.reduce(0, +) / Double(max(squares.count, 1))).squareRoot()
        sumOfSquares += squares.reduce(0, +)
        valueCount += squares.count
        let agrees = decrypted.indices.max { decrypted[$0] < decrypted[$1] } == expected.indices.max { expected[$0] < expected[$1] }
        worst = max(worst, error)
        topAgrees = topAgrees && agrees
        reporter.report("transformer.step", fields: [
            "logN": context.parameters.logN, "secure": preset == .secure, "position": position,
            "bootstraps": bootstrapper.count - before, "logits_max_error": error, "logits_rms_error": rms,
            "top1_agrees": agrees, "cpu_s": cpuSeconds,
        ], medianNanoseconds: nanoseconds)
    }
    let median = times.sorted()[times.count / 2]
    reporter.report("transformer.summary", fields: [
        "logN": context.parameters.logN, "secure": preset == .secure, "positions": positions,
        "cached_diagonals": caching ?? (context.degree <= 1 << 13),
        "bootstraps": bootstrapper.count, "logits_max_error": worst,
        "logits_rms_error": (sumOfSquares / Double(max(valueCount, 1))).squareRoot(), "top1_agrees": topAgrees,
        "keygen_ns": Int(keygenNanoseconds), "model_setup_ns": Int(setupNanoseconds),
        "key_bytes_sent": keys.serializedByteCount, "peak_rss_bytes": peakResidentBytes(),
        "threads": Parallel.maximumThreads == 1 ? 1 : ProcessInfo.processInfo.activeProcessorCount,
    ], medianNanoseconds: median)
}
