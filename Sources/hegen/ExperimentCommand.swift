// `hegen experiment onehot|collapse`: the sampling spec's experiments (§4) on a real model.
import Foundation
import LanguageModel
import SamplingExperiments
import TokenOrdering

/// `hegen experiment onehot --prompt TEXT [--draws N] [--model PATH] [--ordering ORDER.json]... [--seed S]
///  [--temperature T] [--fp16-probabilities | --encrypted [--insecure-test-preset]] [--out PREFIX]` and
/// `hegen experiment collapse [--prompt TEXT]... [--texts N] [--tokens L] [--model PATH] [--ordering ORDER.json]...
///  [--precision float64|fp16|ckks-noise] [--noise-scale X] [--batch B] [--seed S] [--temperature T]
///  [--threshold X] [--out PREFIX]`, and `hegen experiment noise` (NoiseCommand.swift).
/// Both print a table and write PREFIX.csv and PREFIX.svg (default prefix: `experiment-<kind>`); collapse also
/// writes PREFIX-texts.csv (one row per text).
func runExperiment(_ arguments: [String]) throws {
    guard let kind = arguments.first, ["onehot", "collapse", "noise"].contains(kind) else {
        throw CommandLineError.unknownExperiment(arguments.first)
    }
    var options = CommandArguments(Array(arguments.dropFirst()))
    var prompts: [String] = []
    while let prompt = try options.value("--prompt") { prompts.append(prompt) }
    let modelPath = try options.value("--model")
    var orderingPaths: [String] = []
    while let path = try options.value("--ordering") { orderingPaths.append(path) }
    let seed: UInt64 = try options.value("--seed", default: 1)
    let temperature: Double = try options.value("--temperature", default: 1.0)
    let prefix = try options.value("--out") ?? "experiment-\(kind)"
    guard temperature > 0 else { throw CommandLineError.invalidValue(option: "--temperature", value: String(temperature)) }
    if kind == "noise" {
        guard prompts.isEmpty, modelPath == nil else {
            throw CommandLineError.invalidValue(option: "--prompt/--model", value: "noise runs the embedded model's calibration texts")
        }
        try runNoiseExperiment(&options, orderingPaths: orderingPaths, seed: seed, temperature: temperature)
    } else if kind == "onehot" {
        guard let prompt = prompts.first else { throw CommandLineError.missingOption("--prompt") }
        guard prompts.count == 1 else { throw CommandLineError.invalidValue(option: "--prompt", value: "one prompt for onehot") }
        let encrypted = options.flag("--encrypted")
        let insecure = options.flag("--insecure-test-preset")
        let fp16 = options.flag("--fp16-probabilities")
        let draws: Int = try options.value("--draws", default: encrypted ? 100 : 10_000)
        try options.finish()
        guard draws > 0 else { throw CommandLineError.invalidValue(option: "--draws", value: String(draws)) }
        guard encrypted || !insecure else {
            throw CommandLineError.invalidValue(option: "--insecure-test-preset", value: "without --encrypted")
        }
        guard !(encrypted && fp16) else {
            throw CommandLineError.invalidValue(option: "--fp16-probabilities", value: "not with --encrypted")
        }
        let (bundle, orderings) = try loadExperimentModel(modelPath, orderingPaths, prompts: [prompt])
        if encrypted {
            try runEncryptedOneHot(
                bundle: bundle, prompt: prompt, orderings: orderings, draws: draws, seed: seed, temperature: temperature,
                preset: insecure ? .insecureTest : .secure, prefix: prefix)
        } else {
            try runOneHot(bundle: bundle, prompt: prompt, orderings: orderings, draws: draws, seed: seed,
                          temperature: temperature, fp16: fp16, prefix: prefix)
        }
    } else {
        let texts: Int = try options.value("--texts", default: 20)
        let tokens: Int = try options.value("--tokens", default: 200)
        let threshold: Double = try options.value("--threshold", default: 0.5)
        let batch: Int = try options.value("--batch", default: 32)
        let precisionName = try options.value("--precision") ?? "float64"
        let noiseScaleText = try options.value("--noise-scale")
        let noiseScale: Double = try noiseScaleText.map {
            guard let value = Double($0), value >= 0, value.isFinite else {
                throw CommandLineError.invalidValue(option: "--noise-scale", value: $0)
            }
            return value
        } ?? 1
        try options.finish()
        guard texts > 0, tokens >= 8, threshold > 0, threshold <= 1 else {
            throw CommandLineError.invalidValue(option: "--texts/--tokens/--threshold", value: "\(texts)/\(tokens)/\(threshold)")
        }
        guard batch > 0 else { throw CommandLineError.invalidValue(option: "--batch", value: String(batch)) }
        let precision: SimulationPrecision
        switch precisionName {
        case "float64": precision = .float64
        case "fp16": precision = .fp16Probabilities
        case "ckks-noise": precision = .ckksNoise(CKKSNoiseModel.encryptedSamplerN16.scaled(by: noiseScale))
        default: throw CommandLineError.invalidValue(option: "--precision", value: precisionName)
        }
        guard noiseScaleText == nil || precisionName == "ckks-noise" else {
            throw CommandLineError.invalidValue(option: "--noise-scale", value: "only with --precision ckks-noise")
        }
        let studyPrompts = prompts.isEmpty ? CollapseExperiment.studyPrompts : prompts
        let (bundle, orderings) = try loadExperimentModel(modelPath, orderingPaths, prompts: studyPrompts)
        try runCollapse(bundle: bundle, prompts: studyPrompts, orderings: orderings, texts: texts, tokens: tokens,
                        seed: seed, temperature: temperature, threshold: threshold, batch: batch, precision: precision,
                        prefix: prefix)
    }
}

/// The model (the embedded one by default) and the orderings (identity first), announced on stdout.
private func loadExperimentModel(
    _ modelPath: String?, _ orderingPaths: [String], prompts: [String]
) throws -> (LanguageModelBundle, [VocabularyOrdering]) {
    let bundle = try modelPath.map { try LanguageModelBundle(contentsOf: URL(fileURLWithPath: $0)) } ?? LanguageModelBundle.embedded()
    let vocabulary = bundle.model.configuration.vocabularySize
    let orderings = try [VocabularyOrdering.identity(count: vocabulary)] + orderingPaths.map {
        try VocabularyOrdering.load(contentsOf: URL(fileURLWithPath: $0), vocabularySize: vocabulary)
    }
    let shown = prompts.count == 1 ? "prompt \(prompts[0].debugDescription)" : "\(prompts.count) prompts"
    print("model \(bundle.name), vocabulary \(vocabulary); \(shown); orderings: \(orderings.map(\.name).joined(separator: ", "))")
    return (bundle, orderings)
}

private func runOneHot(bundle: LanguageModelBundle, prompt: String, orderings: [VocabularyOrdering], draws: Int,
                       seed: UInt64, temperature: Double, fp16: Bool, prefix: String) throws {
    let start = Date()
    var cache = bundle.model.makeCache()
    let tokens = try bundle.tokenizer.encodeForGeneration(prompt)
    let logits = try bundle.model.logits(tokens: tokens, cache: &cache)
    let experiment = OneHotExperiment(logits: logits, temperature: temperature, table: bundle.model.weights.tokenEmbedding,
                                      fp16Probabilities: fp16)
    let results = experiment.run(orderings: orderings, draws: draws, seed: seed)
    let seconds = Date().timeIntervalSince(start)
    let header = ["ordering", "onehot_error", "onehot_error_pp", "cos_distance", "cos_distance_pp", "mass", "mass_pp", "decode_error_rate"]
    let rows = results.map { r in
        [r.ordering] + [r.oneHotError, r.oneHotErrorPostProcessed, r.cosineDistance, r.cosineDistancePostProcessed,
                        r.mass, r.massPostProcessed, r.decodingErrorRate].map { String(format: "%.4g", $0) }
    }
    print(ExperimentReport.table(header: header, rows: rows))
    print(String(format: "%d draws, %.1f%% of probabilities exactly zero%@, %.2f s (prompt forward pass included)",
                 draws, 100 * experiment.zeroFraction, fp16 ? " (rounded to fp16)" : "", seconds))
    try write(ExperimentReport.csv(header: header, rows: rows), to: prefix + ".csv")
    let chart = ExperimentReport.barChart(
        title: "Mean cosine distance of the fed-back embedding (\(draws) draws)",
        categories: results.map(\.ordering),
        series: [("no PP", results.map(\.cosineDistance)), ("PP", results.map(\.cosineDistancePostProcessed))],
        logarithmic: true)
    try write(chart, to: prefix + ".svg")
    print("wrote \(prefix).csv and \(prefix).svg")
}

private func runEncryptedOneHot(
    bundle: LanguageModelBundle, prompt: String, orderings: [VocabularyOrdering], draws: Int, seed: UInt64,
    temperature: Double, preset: EncryptedOneHotExperiment.Preset, prefix: String
) throws {
    let start = Date()
    var cache = bundle.model.makeCache()
    let logits = try bundle.model.logits(tokens: bundle.tokenizer.encodeForGeneration(prompt), cache: &cache)
    print(preset == .secure
        ? "encrypted one-hot experiment: 128-bit secure N = 2^16, 32 draws per run (each run: 8 bootstraps, minutes)"
        : "encrypted one-hot experiment: INSECURE N = 2^12 test preset (not secure; for a quick look only)")
    let experiment = EncryptedOneHotExperiment(
        logits: logits, temperature: temperature, table: bundle.model.weights.tokenEmbedding)
    let results = try experiment.run(orderings: orderings, draws: draws, preset: preset, seed: seed) { done, total in
        print(String(format: "  %d / %d draws, %.0f s", done, total, Date().timeIntervalSince(start)))
    }
    let header = ["ordering", "draws", "onehot_error", "onehot_error_pp", "cos_distance", "cos_distance_pp",
                  "plain_onehot_error", "plain_onehot_error_pp", "plain_cos_distance", "plain_cos_distance_pp",
                  "decode_error_rate"]
    let rows = results.map { r in
        [r.ordering, String(r.draws)] + [
            r.oneHotError, r.oneHotErrorPostProcessed, r.cosineDistance, r.cosineDistancePostProcessed,
            r.plaintextOneHotError, r.plaintextOneHotErrorPostProcessed, r.plaintextCosineDistance,
            r.plaintextCosineDistancePostProcessed, r.decodingErrorRate,
        ].map { String(format: "%.4g", $0) }
    }
    print(ExperimentReport.table(header: header, rows: rows))
    print(String(format: "%.0f s in all", Date().timeIntervalSince(start)))
    try write(ExperimentReport.csv(header: header, rows: rows), to: prefix + ".csv")
    print("wrote \(prefix).csv")
}

private func runCollapse(
    bundle: LanguageModelBundle, prompts: [String], orderings: [VocabularyOrdering], texts: Int, tokens: Int,
    seed: UInt64, temperature: Double, threshold: Double, batch: Int, precision: SimulationPrecision, prefix: String
) throws {
    let experiment = CollapseExperiment(model: bundle.model, tokenizer: bundle.tokenizer,
                                        detector: CollapseDetector(threshold: threshold), temperature: temperature)
    var samplers: [FeedbackSampler] = [.exact]
    for ordering in orderings {
        samplers.append(.polynomial(ordering: ordering, postProcess: false))
        samplers.append(.polynomial(ordering: ordering, postProcess: true))
    }
    if case .ckksNoise(let model) = precision {
        print(String(format: "CKKS noise model (simulated, not encrypted): σ logits %.3g, probabilities %.3g, prefix sums %.3g, embedding %.3g",
                     model.logits, model.probabilities, model.prefixSums, model.embedding))
    }
    var results: [CollapseExperiment.Result] = []
    for sampler in samplers {
        let label = sampler.label
        let result = try experiment.run(sampler: sampler, precision: precision, prompts: prompts, texts: texts,
                                        tokens: tokens, seed: seed, batch: batch) { done in
            FileHandle.standardError.write(Data("\r\(label): \(done)/\(texts) texts".utf8))
        }
        FileHandle.standardError.write(Data(String(format: "\r%@: %d texts in %.1f s\n", label, texts, result.seconds).utf8))
        results.append(result)
    }
    let marker = MarkerTokenMeasure(results: results)
    let header = ["configuration", "precision", "texts", "collapsed", "collapsed_fraction", "collapsed_ci95_low",
                  "collapsed_ci95_high", "marker_corrupted", "marker_fraction", "distinct4_min", "distinct4_mean",
                  "mean_loglik", "perplexity", "mean_mass", "seconds"]
    let rows = results.map { r in
        let interval = ProportionInterval.wilson(successes: r.collapsed, trials: r.textCount)
        let corrupted = marker.corruptedCount(r)
        return [r.configuration, r.precision, String(r.textCount), String(r.collapsed),
                String(format: "%.3f", r.collapsedFraction), String(format: "%.3f", interval.lowerBound),
                String(format: "%.3f", interval.upperBound), String(corrupted),
                String(format: "%.3f", Double(corrupted) / Double(r.textCount)),
                String(format: "%.3f", r.distinctRatios.min() ?? 0),
                String(format: "%.3f", r.distinctRatios.reduce(0, +) / Double(max(r.distinctRatios.count, 1))),
                String(format: "%.3f", r.meanLogLikelihood), String(format: "%.2f", r.perplexity),
                String(format: "%.3f", r.meanMass), String(format: "%.0f", r.seconds)]
    }
    print(ExperimentReport.table(header: header, rows: rows))
    print("collapse = distinct-4-gram ratio of the second half below \(threshold) (exact sampling's minimum is printed above as its margin); 95 % Wilson intervals")
    let markerText = marker.marker.map { "token \($0) \(((try? bundle.tokenizer.decode([$0])) ?? "?").debugDescription)" } ?? "none"
    print("marker (the paper's \"MS ≥ 3 times\", chosen from these texts): \(markerText)")
    print("perplexity = exp(−mean log-likelihood) of each configuration's texts under the exact model")
    for r in results { print("\n[\(r.configuration)] \(r.example.prefix(300))") }
    try write(ExperimentReport.csv(header: header, rows: rows), to: prefix + ".csv")
    let textRows = results.flatMap { r in
        zip(r.texts, r.distinctRatios).map { text, ratio in
            [r.configuration, r.precision, String(text.prompt), String(text.seed), String(format: "%.4f", ratio),
             marker.isCorrupted(text.tokens) ? "1" : "0", String(format: "%.4f", text.meanLogLikelihood),
             String(format: "%.4f", text.meanMass)]
        }
    }
    try write(ExperimentReport.csv(
        header: ["configuration", "precision", "prompt", "seed", "distinct4", "marker_corrupted", "mean_loglik", "mean_mass"],
        rows: textRows), to: prefix + "-texts.csv")
    let chart = ExperimentReport.barChart(
        title: "Collapsed generations (\(texts) texts × \(tokens) tokens, \(precision.label))",
        categories: results.map(\.configuration),
        series: [("collapsed fraction", results.map(\.collapsedFraction)),
                 ("marker-corrupted fraction", results.map { Double(marker.corruptedCount($0)) / Double($0.textCount) })])
    try write(chart, to: prefix + ".svg")
    print("\nwrote \(prefix).csv, \(prefix)-texts.csv and \(prefix).svg")
}

private func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}
