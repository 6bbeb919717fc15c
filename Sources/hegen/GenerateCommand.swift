import Foundation
import LanguageModel
import SamplingExperiments
import TokenOrdering

// `hegen generate --prompt TEXT [--model PATH] [--max-tokens N] [--seed S] [--temperature T] [--precision f32|bf16]
//                 [--sampler exact|polynomial] [--ordering ORDER.json] [--post-process]
//                 [--encrypted [--insecure-test-preset] [--server HOST:PORT | --server-command CMD] [--json]]`:
// streams generated text to stdout; the model name, prompt size and speed go to stderr. With
// `--sampler polynomial` the next input is the polynomial sampler's embedding mixture (the plaintext
// simulation of the encrypted loop), in the vocabulary order of `--ordering` (identity without it). With
// `--encrypted` the generation runs under real CKKS (EncryptedGenerateCommand.swift), at temperature 1 unless
// given (the encrypted sampler's calibrated ranges are narrowest there).
func runGenerate(_ arguments: [String]) throws {
    var options = CommandArguments(arguments)
    guard let prompt = try options.value("--prompt") else { throw CommandLineError.missingOption("--prompt") }
    let modelPath = try options.value("--model")
    let maxTokens: Int = try options.value("--max-tokens", default: 64)
    let seed: UInt64 = try options.value("--seed", default: 1)
    let temperatureText = try options.value("--temperature")
    guard let temperature = Float(temperatureText ?? "0.8") else {
        throw CommandLineError.invalidValue(option: "--temperature", value: temperatureText ?? "")
    }
    let samplerName = try options.value("--sampler") ?? "exact"
    let orderingPath = try options.value("--ordering")
    let postProcess = options.flag("--post-process")
    let encrypted = options.flag("--encrypted")
    let insecure = options.flag("--insecure-test-preset")
    let serverAddress = try options.value("--server")
    let serverCommand = try options.value("--server-command")
    let json = options.flag("--json")
    let precisionName = try options.value("--precision") ?? "f32"
    guard let precision = WeightPrecision(rawValue: precisionName) else {
        throw CommandLineError.invalidValue(option: "--precision", value: precisionName)
    }
    try options.finish()
    guard samplerName == "exact" || samplerName == "polynomial" else {
        throw CommandLineError.invalidValue(option: "--sampler", value: samplerName)
    }
    guard encrypted || (!insecure && serverAddress == nil && serverCommand == nil && !json) else {
        throw CommandLineError.invalidValue(option: "--insecure-test-preset/--server/--server-command/--json", value: "only with --encrypted")
    }
    guard serverAddress == nil || serverCommand == nil else {
        throw CommandLineError.invalidValue(option: "--server-command", value: "not together with --server")
    }
    let server = try serverAddress.map(parseAddress)  // parsed here: a bad address fails before the model and keys
    guard samplerName == "polynomial" || encrypted || (orderingPath == nil && !postProcess) else {
        throw CommandLineError.invalidValue(option: "--ordering/--post-process", value: "only with --sampler polynomial")
    }
    guard maxTokens > 0 else { throw CommandLineError.invalidValue(option: "--max-tokens", value: String(maxTokens)) }
    guard temperature >= 0, temperature.isFinite else {
        throw CommandLineError.invalidValue(option: "--temperature", value: String(temperature))
    }

    let loadStart = Date()
    let bundle = try modelPath.map { try LanguageModelBundle(contentsOf: URL(fileURLWithPath: $0), precision: precision) }
        ?? LanguageModelBundle.embedded(precision: precision)
    let c = bundle.model.configuration
    writeError(String(format: "hegen: %@ (%d layers, d=%d, vocabulary %d, %@ weights) loaded in %.2f s\n",
                      bundle.name, c.blockCount, c.embeddingLength, c.vocabularySize, precision.rawValue,
                      Date().timeIntervalSince(loadStart)))

    if encrypted {
        guard modelPath == nil else {
            throw CommandLineError.invalidValue(option: "--model", value: "the encrypted layers are built for the embedded tiny model")
        }
        try runEncryptedGenerate(bundle: bundle, prompt: prompt, maxTokens: maxTokens, seed: seed,
                                 temperature: temperatureText.map { _ in Double(temperature) } ?? 1,
                                 orderingPath: orderingPath, insecure: insecure, server: server,
                                 serverCommand: serverCommand, json: json)
        return
    }
    if samplerName == "polynomial" {
        let vocabulary = bundle.model.configuration.vocabularySize
        let ordering = try orderingPath.map { try VocabularyOrdering.load(contentsOf: URL(fileURLWithPath: $0), vocabularySize: vocabulary) }
            ?? VocabularyOrdering.identity(count: vocabulary)
        try generateWithFeedback(bundle: bundle, prompt: prompt, maxTokens: maxTokens, seed: seed, temperature: Double(temperature),
                                 sampler: .polynomial(ordering: ordering, postProcess: postProcess))
        return
    }
    let generator = TextGenerator(model: bundle.model, tokenizer: bundle.tokenizer)
    var sampler = try Sampler(temperature: temperature, seed: seed)
    let stdout = FileHandle.standardOutput
    stdout.write(Data(prompt.utf8))
    let (_, statistics) = try generator.generate(prompt: prompt, maxTokens: maxTokens, sampler: &sampler) { _, text in
        stdout.write(Data(text.utf8))
    }
    stdout.write(Data("\n".utf8))
    writeError(String(format: "hegen: prompt %d tokens in %.3f s; generated %d tokens in %.3f s (%.1f tokens/s)\n",
                      statistics.promptTokens, statistics.promptSeconds, statistics.generatedTokens,
                      statistics.generationSeconds, statistics.tokensPerSecond))
}

/// Generation that feeds the polynomial sampler's embedding mixture back into the model.
private func generateWithFeedback(
    bundle: LanguageModelBundle, prompt: String, maxTokens: Int, seed: UInt64, temperature: Double, sampler: FeedbackSampler
) throws {
    let generator = try PolynomialSamplingGenerator(model: bundle.model, sampler: sampler, temperature: temperature)
    let promptTokens = try bundle.tokenizer.encodeForGeneration(prompt)
    var random = SplitMix64(seed: seed)
    var decoder = StreamingTextDecoder(tokenizer: bundle.tokenizer)
    let stdout = FileHandle.standardOutput
    stdout.write(Data(prompt.utf8))
    let start = Date()
    let steps = try generator.generate(promptTokens: promptTokens, count: maxTokens, using: &random) { step in
        if let text = try? decoder.append(step.token) { stdout.write(Data(text.utf8)) }
    }
    stdout.write(Data((decoder.flush() + "\n").utf8))
    let seconds = Date().timeIntervalSince(start)
    let meanMass = steps.reduce(0) { $0 + $1.mass } / Double(max(steps.count, 1))
    writeError(String(format: "hegen: sampler %@ (plaintext simulation of the encrypted loop): %d tokens in %.3f s (%.1f tokens/s), mean Σ I' = %.4f\n",
                      sampler.label, steps.count, seconds, Double(steps.count) / max(seconds, 1e-9), meanMass))
}

private func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
