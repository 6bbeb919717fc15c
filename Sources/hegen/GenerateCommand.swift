import Foundation
import LanguageModel

// `hegen generate --prompt TEXT [--model PATH] [--max-tokens N] [--seed S] [--temperature T] [--precision f32|bf16]`:
// streams generated text to stdout; the model name, prompt size and speed go to stderr.
func runGenerate(_ arguments: [String]) throws {
    var options = CommandArguments(arguments)
    guard let prompt = try options.value("--prompt") else { throw CommandLineError.missingOption("--prompt") }
    let modelPath = try options.value("--model")
    let maxTokens: Int = try options.value("--max-tokens", default: 64)
    let seed: UInt64 = try options.value("--seed", default: 1)
    let temperature: Float = try options.value("--temperature", default: 0.8)
    let precisionName = try options.value("--precision") ?? "f32"
    guard let precision = WeightPrecision(rawValue: precisionName) else {
        throw CommandLineError.invalidValue(option: "--precision", value: precisionName)
    }
    try options.finish()
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

private func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
