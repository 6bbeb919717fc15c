// `hegen experiment noise`: the encrypted sampler's noise per stage, the figures of the CKKS noise model.
import Foundation
import LanguageModel
import PrivateGeneration
import SamplingExperiments
import TokenOrdering

/// `hegen experiment noise [--insecure-test-preset] [--slots S] [--runs R] [--ordering ORDER.json] [--seed S]
///  [--temperature T] [--logits-noise X]`: encrypted sampler runs on the embedded tiny model's next-token distributions along the
/// default calibration texts, with a private generation's softmax calibration; prints each stage's measured
/// deviation and the `CKKSNoiseModel` they make (`--logits-noise`: the logits' deviation, from `hegen-bench
/// transformer`; default 0).
func runNoiseExperiment(_ options: inout CommandArguments, orderingPaths: [String], seed: UInt64, temperature: Double) throws {
    let insecure = options.flag("--insecure-test-preset")
    let runs: Int = try options.value("--runs", default: 1)
    let slots: Int = try options.value("--slots", default: GenerationPreset.slotCount)
    let logitsNoise: Double = try options.value("--logits-noise", default: 0)
    try options.finish()
    guard runs > 0 else { throw CommandLineError.invalidValue(option: "--runs", value: String(runs)) }
    let maximumSlots = insecure ? 1 << 11 : 1 << 15
    guard slots >= 1024, slots <= maximumSlots, slots & (slots - 1) == 0 else {
        throw CommandLineError.invalidValue(option: "--slots", value: String(slots))
    }
    guard logitsNoise >= 0, logitsNoise.isFinite else {
        throw CommandLineError.invalidValue(option: "--logits-noise", value: String(logitsNoise))
    }
    guard orderingPaths.count <= 1 else {
        throw CommandLineError.invalidValue(option: "--ordering", value: "at most one for noise")
    }
    let bundle = try LanguageModelBundle.embedded()
    let model = bundle.model
    let vocabulary = model.configuration.vocabularySize
    let ordering = try orderingPaths.first.map {
        try VocabularyOrdering.load(contentsOf: URL(fileURLWithPath: $0), vocabularySize: vocabulary)
    } ?? .identity(count: vocabulary)
    let texts = GenerationSetup.defaultCalibrationTexts
    let setup = try GenerationSetup.calibrated(
        model: model, tokenizer: bundle.tokenizer, texts: texts, ordering: ordering.permutation, temperature: temperature)
    let distributions = try texts.flatMap { try model.logitsForEveryPosition(of: bundle.tokenizer.encodeForGeneration($0)) }
    print(insecure
        ? "sampler noise: INSECURE N = 2^12 test preset (not secure; its bootstraps are more precise than the secure preset's)"
        : "sampler noise: 128-bit secure N = 2^16 preset (each run: 8 bootstraps, minutes)")
    print("\(slots) slots (\(slots / 1024) instances of V = 512 a run; a private generation uses \(GenerationPreset.slotCount))")
    print("tiny model, \(distributions.count) next-token distributions from \(texts.count) calibration texts, ordering \(ordering.name)")
    let start = Date()
    let measurement = SamplerNoiseMeasurement(
        distributions: distributions, table: model.weights.tokenEmbedding, ordering: ordering, softmax: setup.softmax)
    let statistics = try measurement.run(
        preset: insecure ? .insecureTest : .secure, slotCount: slots, runs: runs, seed: seed
    ) { done in
        print(String(format: "  run %d / %d, %.0f s", done, runs, Date().timeIntervalSince(start)))
    }
    print(ExperimentReport.table(
        header: ["stage", "rms", "max", "values"],
        rows: statistics.map { [$0.stage, String(format: "%.3g", $0.rootMeanSquare), String(format: "%.3g", $0.maximum), String($0.count)] }))
    let noise = SamplerNoiseMeasurement.noiseModel(from: statistics, logits: logitsNoise)
    print(String(format: "CKKSNoiseModel(logits: %.3g, probabilities: %.3g, prefixSums: %.3g, embedding: %.3g)  %.0f s",
                 noise.logits, noise.probabilities, noise.prefixSums, noise.embedding, Date().timeIntervalSince(start)))
}
