import Foundation
import LanguageModel
import Testing
import TokenOrdering
@testable import SamplingExperiments

@Suite("Sampling experiments")
struct SamplingExperimentsTests {
    static let bundle = try! LanguageModelBundle.embedded()

    @Test("collapse detector: loops collapse, varied text does not")
    func detector() {
        let detector = CollapseDetector()
        let loop = (0..<200).map { [5, 6, 7][$0 % 3] }
        #expect(detector.distinctRatio(loop) < 0.05)
        #expect(detector.isCollapsed(loop))
        let varied = (0..<200).map { ($0 * 7919) % 101 }
        #expect(detector.distinctRatio(varied) == 1)
        #expect(!detector.isCollapsed(varied))
        // A loop starting half way collapses; one confined to the first half does not count.
        #expect(detector.isCollapsed(Array(varied[0..<100]) + Array(loop[0..<100])))
        #expect(!detector.isCollapsed(Array(loop[0..<100]) + Array(varied[0..<100])))
    }

    @Test("one-hot error over a window, with the exact position outside it")
    func windowError() {
        #expect(OneHotExperiment.oneHotError([0.25, 0.75], start: 4, exact: 5) == 0.25)
        #expect(OneHotExperiment.oneHotError([0.25, 0.75], start: 4, exact: 9) == 1)
    }

    @Test("exact greedy feedback reproduces the language model's own greedy decoding")
    func greedyMatches() throws {
        let model = Self.bundle.model
        let prompt = try Self.bundle.tokenizer.encode("It was a")
        var generator = SplitMix64(seed: 1)
        let ours = try PolynomialSamplingGenerator(model: model, sampler: .exact, temperature: 0)
            .generate(promptTokens: prompt, count: 24, using: &generator).map(\.token)
        var sampler = try Sampler(temperature: 0, seed: 1)
        let theirs = try TextGenerator(model: model, tokenizer: Self.bundle.tokenizer)
            .generate(prompt: "It was a", maxTokens: 24, sampler: &sampler).tokens
        #expect(Array(ours.prefix(theirs.count)) == theirs)
    }

    @Test("polynomial feedback in identity order follows exact sampling while I is exactly one-hot")
    func polynomialFollowsExact() throws {
        let model = Self.bundle.model
        let prompt = try Self.bundle.tokenizer.encode("She said")
        let vocabulary = model.configuration.vocabularySize
        var exactRandom = SplitMix64(seed: 9)
        let exact = try PolynomialSamplingGenerator(model: model, sampler: .exact, temperature: 1)
            .generate(promptTokens: prompt, count: 40, using: &exactRandom)
        var polynomialRandom = SplitMix64(seed: 9)
        let polynomial = try PolynomialSamplingGenerator(
            model: model, sampler: .polynomial(ordering: .identity(count: vocabulary), postProcess: true), temperature: 1)
            .generate(promptTokens: prompt, count: 40, using: &polynomialRandom)
        // With the same r, T saturates unless r is within 1e-5 of a prefix sum; then I is exactly the one-hot
        // vector of the exact sample, its mixture exactly that token's embedding, and the runs coincide.
        let agreeing = zip(exact, polynomial).prefix { $0.token == $1.token }.count
        #expect(agreeing >= 30)
        #expect(polynomial.prefix(agreeing).allSatisfy { $0.mass == 1 })
    }

    @Test("the one-hot experiment is deterministic and its metrics are in range")
    func oneHotExperiment() throws {
        let model = Self.bundle.model
        var cache = model.makeCache()
        let logits = try model.logits(tokens: Self.bundle.tokenizer.encode("The"), cache: &cache)
        let experiment = OneHotExperiment(logits: logits, temperature: 1, table: model.weights.tokenEmbedding)
        let reversed = try VocabularyOrdering(permutation: Array((0..<logits.count).reversed()), name: "reversed")
        let first = experiment.run(orderings: [.identity(count: logits.count), reversed], draws: 2000, seed: 3)
        let second = experiment.run(orderings: [.identity(count: logits.count), reversed], draws: 2000, seed: 3)
        #expect(first.map(\.oneHotError) == second.map(\.oneHotError))
        for result in first {
            #expect(result.oneHotError >= 0 && result.oneHotError < 0.05)
            #expect(result.oneHotErrorPostProcessed <= result.oneHotError)
            #expect(abs(result.mass - 1) < 0.01)
            #expect(result.cosineDistance >= 0 && result.cosineDistance < 0.05)
        }
    }

    @Test("CSV quoting and chart output")
    func report() {
        #expect(ExperimentReport.csv(header: ["a", "b"], rows: [["x,y", "z\"w"]]) == "a,b\n\"x,y\",\"z\"\"w\"\n")
        let svg = ExperimentReport.barChart(title: "t<1>", categories: ["c"], series: [("s", [0.5])])
        #expect(svg.hasPrefix("<svg") && svg.contains("t&lt;1&gt;") && svg.contains("<rect"))
    }
}

@Suite("Encrypted one-hot experiment (INSECURE N = 2^12 test preset)")
struct EncryptedOneHotExperimentTests {
    /// One run of two instances (identity and reversed order) through the real encrypted sampler: its figures
    /// are the decrypted I and PP(I)'s, next to the plaintext reference's for the same draws. A random draw is
    /// far from every CDF boundary, so both must be (near-)exact one-hot vectors: measured one-hot errors
    /// 9e−8 and 1.3e−7 (I), 8e−10 and 1.4e−9 (PP(I)) encrypted, 0 in plaintext; bounds 1e−6 and 1e−7.
    @Test("one run of the encrypted one-hot experiment decodes the exact token, next to the plaintext figures")
    func oneRun() throws {
        let bundle = SamplingExperimentsTests.bundle
        var cache = bundle.model.makeCache()
        let logits = try bundle.model.logits(tokens: bundle.tokenizer.encode("My name is "), cache: &cache)
        let vocabulary = bundle.model.configuration.vocabularySize
        let orderings = [
            VocabularyOrdering.identity(count: vocabulary),
            try VocabularyOrdering(permutation: Array((0..<vocabulary).reversed()), name: "reversed"),
        ]
        let experiment = EncryptedOneHotExperiment(logits: logits, temperature: 1, table: bundle.model.weights.tokenEmbedding)
        let results = try experiment.run(orderings: orderings, draws: 1, preset: .insecureTest, seed: 3)
        #expect(results.map(\.ordering) == ["identity", "reversed"])
        for result in results {
            print("encrypted one-hot experiment, \(result.ordering): one-hot error \(result.oneHotError) / PP "
                  + "\(result.oneHotErrorPostProcessed), plaintext \(result.plaintextOneHotError)")
            #expect(result.draws == 1 && result.decodingErrorRate == 0)
            #expect(result.oneHotError <= 1e-6 && result.oneHotErrorPostProcessed <= 1e-7)
            #expect(result.plaintextOneHotError <= 1e-6 && result.cosineDistancePostProcessed <= 1e-6)
        }
    }
}
