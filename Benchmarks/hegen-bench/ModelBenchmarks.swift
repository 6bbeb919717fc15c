import Foundation
import LanguageModel
import SamplingExperiments
import TokenOrdering

// Language-model benchmarks: decoding speed (one token through the whole model, KV cache warm) of the
// embedded tiny model and, when present, SmolLM2-135M-Instruct (Models/ or $SMOLLM2_GGUF).
//   swift run -c release hegen-bench model [--json] [--model PATH] [--f32-only] [--batch B[,B…] [--steps S]]
// Each model runs with Float32 weights and with bfloat16 weights (half the memory traffic). With `--batch`,
// generation with the polynomial sampler's feedback (identity order, post-processed: the collapse study's
// workload) runs B sequences in lockstep for S steps (default 16) and reports tokens a second over all of them.
func runModelBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    let batches = try optionValue("--batch", in: options).map { text in
        try text.split(separator: ",").map { item in
            guard let b = Int(item), b > 0 else { throw BenchmarkError.invalidOption("--batch \(text)") }
            return b
        }
    }
    let steps = try optionValue("--steps", in: options).map {
        guard let s = Int($0), s > 0 else { throw BenchmarkError.invalidOption("--steps \($0)") }
        return s
    } ?? 16
    var models: [(label: String, url: URL)] = [("tiny", try LanguageModelBundle.embeddedModelURL())]
    let precisions: [WeightPrecision] = options.contains("--f32-only") ? [.float32] : [.float32, .bfloat16]
    if let index = options.firstIndex(of: "--model"), index + 1 < options.count {
        models.append(("custom", URL(fileURLWithPath: options[index + 1])))
    } else if let smol = smolLM2URL() {
        models.append(("smollm2-135m", smol))
    } else {
        reporter.note("SmolLM2 GGUF absent (Scripts/fetch-smollm2.sh or SMOLLM2_GGUF): benchmarking the tiny model only")
    }
    for (label, url) in models {
        for precision in precisions {
            let bundle = try LanguageModelBundle(contentsOf: url, precision: precision)
            if let batches {
                for batch in batches {
                    try benchmarkBatchedGeneration(label, precision, bundle, batch: batch, steps: steps, reporter)
                }
            } else {
                try benchmarkDecoding(label, precision, bundle.model, reporter)
            }
        }
    }
}

/// Median time of one decoding step: tokens are fed one at a time after a short prompt; the cache is reset
/// before it fills so every step attends to between 8 and `window` positions.
private func benchmarkDecoding(
    _ label: String, _ precision: WeightPrecision, _ model: LlamaModel, _ reporter: BenchmarkReporter
) throws {
    let c = model.configuration
    let prompt = (0..<8).map { ($0 * 37 + 11) % c.vocabularySize }
    let window = min(c.contextLength, 64)
    var cache = model.makeCache()
    var token = 0
    var failure: (any Error)?
    func step() {
        do {
            if cache.count >= window {
                cache.reset()
                _ = try model.logits(tokens: prompt, cache: &cache)
            }
            let logits = try model.logits(token: token, cache: &cache)
            token = Sampler.argmax(logits)
        } catch { failure = error }
    }
    var estimate = 0.0
    let start = DispatchTime.now().uptimeNanoseconds
    step()
    estimate = Double(DispatchTime.now().uptimeNanoseconds - start)
    let iterations = iterationCount(forEstimatedNanoseconds: estimate, budgetSeconds: label == "tiny" ? 1 : 4)
    let cpuStart = processCPUNanoseconds()
    let median = medianNanoseconds(iterations: iterations, step)
    // CPU time of all threads a token: unlike wall time it barely moves when other processes share the cores,
    // so it tells what the step would take on idle cores (about cpu / cores when the products split evenly).
    let cpuPerToken = (processCPUNanoseconds() - cpuStart) / Double(iterations + 1)
    if let failure { throw failure }
    reporter.report(
        "model.decode", fields: ["model": label, "weights": precision.rawValue, "layers": c.blockCount, "d_model": c.embeddingLength,
                                 "vocabulary": c.vocabularySize, "tokens_per_s": 1e9 / median,
                                 "cpu_ns_per_token": cpuPerToken.rounded()],
        medianNanoseconds: median)
}

/// Tokens a second of batched generation with the polynomial sampler's embedding-mixture feedback: `batch`
/// sequences (prompts drawn from a fixed list, seeds 1…batch) generate `steps` tokens each; prompt processing
/// is excluded. CPU time per token is reported beside it.
private func benchmarkBatchedGeneration(
    _ label: String, _ precision: WeightPrecision, _ bundle: LanguageModelBundle, batch: Int, steps: Int,
    _ reporter: BenchmarkReporter
) throws {
    let model = bundle.model
    let texts = ["The capital of U.S. is ", "My name is ", "My favorite food is ", "It is a truth universally acknowledged",
                 "She walked into the garden and", "The weather today is"]
    let prompts = try (0..<batch).map { try bundle.tokenizer.encode(texts[$0 % texts.count]) }
    let ordering = VocabularyOrdering.identity(count: model.configuration.vocabularySize)
    let generator = try PolynomialSamplingGenerator(
        model: model, sampler: .polynomial(ordering: ordering, postProcess: true), temperature: 1)
    let cpuStart = processCPUNanoseconds()
    let result = try generator.generate(batchOf: prompts, count: steps, seeds: (1...batch).map(UInt64.init))
    let cpu = processCPUNanoseconds() - cpuStart
    let tokens = result.statistics.generatedTokens
    let perToken = result.statistics.generationSeconds * 1e9 / Double(tokens)
    reporter.report(
        "model.batch", fields: ["model": label, "weights": precision.rawValue, "batch": batch, "steps": steps,
                                "tokens_per_second": result.statistics.tokensPerSecond,
                                "prompt_seconds": result.statistics.promptSeconds,
                                "cpu_ns_per_token": (cpu / Double(tokens)).rounded(),
                                "threads": ProcessInfo.processInfo.activeProcessorCount],
        medianNanoseconds: perToken)
}

private func smolLM2URL() -> URL? {
    if let path = ProcessInfo.processInfo.environment["SMOLLM2_GGUF"], FileManager.default.fileExists(atPath: path) {
        return URL(fileURLWithPath: path)
    }
    let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}
