import Foundation
import LanguageModel
import Testing
import TokenOrdering
@testable import SamplingExperiments

/// The method's own claim (issue 17, item 6): ordering the vocabulary along a TSP tour of the token embeddings
/// makes the fed-back mixture `Σ I_i E_π(i)` closer to the sampled token's embedding than the identity order does,
/// because the tokens that share the weight of a draw near a CDF boundary are neighbours in the tour.
@Suite("Sampling experiments: a TSP ordering lowers the one-hot experiment's cosine distance")
struct TourOrderingEffectTests {
    /// Docs/results.md's six prompts: one prompt's mean rests on the few draws near a CDF boundary and swings
    /// either way (at 100,000 draws a TSP order is worse than identity on some), their mean does not.
    static let prompts = ["The capital of U.S. is ", "My name is ", "My favorite food is ",
                          "It is a truth universally acknowledged", "She walked into the garden and", "The weather today is"]

    @Test("greedy and improved tours against identity: mean cosine distance over six prompts, 400,000 draws each, seed 1")
    func tourBeatsIdentity() throws {
        let bundle = SamplingExperimentsTests.bundle
        let model = bundle.model
        let table = model.weights.tokenEmbedding
        let matrix = try EmbeddingMatrix(rowCount: table.rows, dimension: table.columns, values: table.values)
        let greedy = try VocabularyOrdering(permutation: GreedyTour.path(matrix: matrix).permutation, name: "greedy")
        // A kick budget, not the clock, bounds the search (it finishes in about 0.05 s, far from the limit):
        // the tour is the same on every machine.
        let improved = try VocabularyOrdering(
            permutation: ImprovedTour.path(
                matrix: matrix, options: .init(neighbors: 10, timeLimit: 600, seed: 1, maximumKicks: 2000)).permutation,
            name: "improved")
        let orderings = [VocabularyOrdering.identity(count: table.rows), greedy, improved]

        var plain = [Double](repeating: 0, count: 3), processed = plain
        for prompt in Self.prompts {
            var cache = model.makeCache()
            let logits = try model.logits(tokens: bundle.tokenizer.encodeForGeneration(prompt), cache: &cache)
            let results = OneHotExperiment(logits: logits, temperature: 1, table: table)
                .run(orderings: orderings, draws: 400_000, seed: 1)
            for (index, result) in results.enumerated() {
                plain[index] += result.cosineDistance / Double(Self.prompts.count)
                processed[index] += result.cosineDistancePostProcessed / Double(Self.prompts.count)
            }
        }
        print(String(format: "mean cosine distance: identity %.3e (PP %.3e), greedy %.3e (PP %.3e), improved %.3e (PP %.3e)",
                     plain[0], processed[0], plain[1], processed[1], plain[2], processed[2]))
        // Measured (seed 1): identity 9.77e-6, PP 6.80e-6; greedy 6.23e-6 (ratio 0.64), PP 4.26e-6 (0.63);
        // improved 6.54e-6 (0.67), PP 4.21e-6 (0.62). Seeds 2 and 3 give ratios 0.52–0.73. Bound: 0.75.
        #expect(plain[0] > 0 && processed[0] > 0)  // identity's distance is not zero: there is something to lower
        for tour in 1...2 {
            #expect(plain[tour] < 0.75 * plain[0], "\(orderings[tour].name): \(plain[tour]) against identity's \(plain[0])")
            #expect(processed[tour] < 0.75 * processed[0],
                    "\(orderings[tour].name) + PP: \(processed[tour]) against identity's \(processed[0])")
        }
    }
}
