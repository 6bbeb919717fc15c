import Foundation
import LanguageModel
import ModelFiles
import SamplingExperiments
import Testing
import TokenOrdering

/// `hegen generate` on the embedded tiny model, held against the same generation run by the library in-process.
@Suite("hegen: generate")
struct GenerateCommandTests {
    static let prompt = "It is a truth universally acknowledged"

    /// What `hegen generate` prints for the exact sampler: the prompt, each piece the generator streams, a newline.
    static func exactText(precision: WeightPrecision, temperature: Float, seed: UInt64, maxTokens: Int) throws -> (String, Int) {
        let bundle = try LanguageModelBundle.embedded(precision: precision)
        var sampler = try Sampler(temperature: temperature, seed: seed)
        var text = prompt
        let (tokens, _) = try TextGenerator(model: bundle.model, tokenizer: bundle.tokenizer)
            .generate(prompt: prompt, maxTokens: maxTokens, sampler: &sampler) { _, piece in text += piece }
        return (text + "\n", tokens.count)
    }

    @Test("greedy (temperature 0): the library's greedy text, from the embedded model or the same file via --model",
          arguments: [false, true])
    func greedy(viaModelOption: Bool) throws {
        let model = viaModelOption ? ["--model", try LanguageModelBundle.embeddedModelURL().path] : []
        let run = try Hegen.run(["generate", "--prompt", Self.prompt, "--temperature", "0", "--max-tokens", "8"] + model)
        let (expected, count) = try Self.exactText(precision: .float32, temperature: 0, seed: 1, maxTokens: 8)
        #expect(run.exited(0), "\(run)")
        #expect(run.stdout == expected, "\(run)")
        #expect(run.stderr.contains("f32 weights") && run.stderr.contains("generated \(count) tokens"), "\(run)")
    }

    @Test("sampling at temperature 0.7 with bfloat16 weights: the library's text for the same seed")
    func sampledBFloat16() throws {
        let run = try Hegen.run(["generate", "--prompt", Self.prompt, "--temperature", "0.7", "--seed", "5",
                                 "--max-tokens", "8", "--precision", "bf16"])
        let (expected, _) = try Self.exactText(precision: .bfloat16, temperature: 0.7, seed: 5, maxTokens: 8)
        #expect(run.exited(0), "\(run)")
        #expect(run.stdout == expected, "\(run)")
        #expect(run.stderr.contains("bf16 weights"), "\(run)")
    }

    /// What `hegen generate --sampler polynomial` prints, and the mean Σ I' it reports on stderr.
    static func polynomialText(ordering: VocabularyOrdering, seed: UInt64, maxTokens: Int) throws -> (String, String) {
        let bundle = try LanguageModelBundle.embedded()
        // The command parses --temperature as a Float (default 0.8) and widens it.
        let generator = try PolynomialSamplingGenerator(
            model: bundle.model, sampler: .polynomial(ordering: ordering, postProcess: true), temperature: Double(Float(0.8)))
        var random = SplitMix64(seed: seed)
        var decoder = StreamingTextDecoder(tokenizer: bundle.tokenizer)
        var text = prompt
        let steps = try generator.generate(
            promptTokens: bundle.tokenizer.encodeForGeneration(prompt), count: maxTokens, using: &random
        ) { step in
            if let piece = try? decoder.append(step.token) { text += piece }
        }
        let meanMass = steps.reduce(0) { $0 + $1.mass } / Double(steps.count)
        return (text + decoder.flush() + "\n", String(format: "mean Σ I' = %.4f", meanMass))
    }

    @Test("polynomial sampler with post-processing in identity order: PolynomialSamplingGenerator's text")
    func polynomialIdentity() throws {
        let run = try Hegen.run(["generate", "--prompt", Self.prompt, "--sampler", "polynomial", "--post-process",
                                 "--seed", "3", "--max-tokens", "8"])
        let vocabulary = try LanguageModelBundle.embedded().model.configuration.vocabularySize
        let (expected, mass) = try Self.polynomialText(ordering: .identity(count: vocabulary), seed: 3, maxTokens: 8)
        #expect(run.exited(0), "\(run)")
        #expect(run.stdout == expected, "\(run)")
        #expect(run.stderr.contains("sampler identity+PP") && run.stderr.contains(mass), "\(run)")
    }

    @Test("polynomial sampler in a greedy TSP order read from --ordering: PolynomialSamplingGenerator's text in that order")
    func polynomialOrdering() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let table = try LanguageModelBundle.embedded().model.weights.tokenEmbedding
        let matrix = try EmbeddingMatrix(rowCount: table.rows, dimension: table.columns, values: table.values)
        let tour = GreedyTour.path(matrix: matrix).permutation
        let cost = TourCost.cost(of: tour, in: matrix)
        let file = TokenOrderFile(model: "tiny", sha256: "", tensor: "token_embd.weight", method: "greedy", cost: cost,
                                  embeddingLoss: TourCost.embeddingLoss(cost: cost, rowCount: table.rows), permutation: tour)
        let path = folder.path("ORDER.json")
        try file.jsonData().write(to: URL(fileURLWithPath: path))
        #expect(tour != Array(0..<table.rows))

        let run = try Hegen.run(["generate", "--prompt", Self.prompt, "--sampler", "polynomial", "--post-process",
                                 "--seed", "3", "--max-tokens", "8", "--ordering", path])
        let (expected, mass) = try Self.polynomialText(
            ordering: try VocabularyOrdering(permutation: tour, name: "greedy"), seed: 3, maxTokens: 8)
        #expect(run.exited(0), "\(run)")
        #expect(run.stdout == expected, "\(run)")
        #expect(run.stderr.contains("sampler greedy+PP") && run.stderr.contains(mass), "\(run)")
    }
}
