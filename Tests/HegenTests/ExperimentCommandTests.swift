import Foundation
import LanguageModel
import SamplingExperiments
import Testing
import TokenOrdering

/// `hegen experiment onehot|collapse` on the embedded model: their report files, held against the experiments
/// run by the library in-process with the same seed.
@Suite("hegen: experiment")
struct ExperimentCommandTests {
    static let prompt = "My name is "

    /// The rows of a CSV without quoted fields (the experiments' values and names need none).
    static func csvRows(at path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    }

    /// The report files PREFIX.csv and PREFIX.svg under a fresh folder: the CSV's rows and whether the SVG is a chart.
    static func reports(_ arguments: [String], timeout: Double = 60) throws -> (HegenRun, [[String]], Bool) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let prefix = folder.path("report")
        let run = try Hegen.run(arguments + ["--out", prefix], timeout: timeout, in: folder.url)
        try #require(run.exited(0), "\(run)")
        let svg = try String(contentsOfFile: prefix + ".svg", encoding: .utf8)
        return (run, try csvRows(at: prefix + ".csv"), svg.hasPrefix("<svg") && svg.contains("<rect"))
    }

    @Test("onehot, 200 draws, identity and a greedy TSP order: the CSV holds OneHotExperiment's means for seed 1")
    func oneHot() throws {
        let bundle = try LanguageModelBundle.embedded()
        let table = bundle.model.weights.tokenEmbedding
        let matrix = try EmbeddingMatrix(rowCount: table.rows, dimension: table.columns, values: table.values)
        let tour = GreedyTour.path(matrix: matrix).permutation
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let orderPath = folder.path("ORDER.json")
        let cost = TourCost.cost(of: tour, in: matrix)
        try TokenOrderFile(model: "tiny", sha256: "", tensor: "token_embd.weight", method: "greedy", cost: cost,
                           embeddingLoss: TourCost.embeddingLoss(cost: cost, rowCount: table.rows), permutation: tour)
            .jsonData().write(to: URL(fileURLWithPath: orderPath))

        let (run, rows, chart) = try Self.reports(["experiment", "onehot", "--prompt", Self.prompt, "--draws", "200",
                                                   "--ordering", orderPath])
        var cache = bundle.model.makeCache()
        let logits = try bundle.model.logits(tokens: bundle.tokenizer.encodeForGeneration(Self.prompt), cache: &cache)
        let results = OneHotExperiment(logits: logits, temperature: 1, table: table).run(
            orderings: [.identity(count: table.rows), try VocabularyOrdering(permutation: tour, name: "greedy")],
            draws: 200, seed: 1)
        let expected = results.map { r in
            [r.ordering] + [r.oneHotError, r.oneHotErrorPostProcessed, r.cosineDistance, r.cosineDistancePostProcessed,
                            r.mass, r.massPostProcessed, r.decodingErrorRate].map { String(format: "%.4g", $0) }
        }
        #expect(rows.first == ["ordering", "onehot_error", "onehot_error_pp", "cos_distance", "cos_distance_pp", "mass",
                               "mass_pp", "decode_error_rate"])
        #expect(Array(rows.dropFirst()) == expected, "\(run)")
        #expect(rows.dropFirst().allSatisfy { $0.dropFirst().allSatisfy { Double($0)?.isFinite == true } })
        #expect(chart)
        #expect(run.stdout.contains("orderings: identity, greedy") && run.stdout.contains("200 draws"), "\(run)")
    }

    @Test("collapse, 4 texts of 20 tokens over two prompts in batches of 3: the CSV holds CollapseExperiment's figures")
    func collapse() throws {
        let prompts = [Self.prompt, "The weather today is"]
        let (run, rows, chart) = try Self.reports(
            ["experiment", "collapse", "--prompt", prompts[0], "--prompt", prompts[1], "--texts", "4", "--tokens", "20",
             "--batch", "3"])
        let bundle = try LanguageModelBundle.embedded()
        let vocabulary = bundle.model.configuration.vocabularySize
        let experiment = CollapseExperiment(model: bundle.model, tokenizer: bundle.tokenizer,
                                            detector: CollapseDetector(threshold: 0.5), temperature: 1)
        let samplers: [FeedbackSampler] = [.exact, .polynomial(ordering: .identity(count: vocabulary), postProcess: false),
                                           .polynomial(ordering: .identity(count: vocabulary), postProcess: true)]
        // Batches of one: each text alone, so the CLI's batched run must agree with unbatched generation.
        let results = try samplers.map {
            try experiment.run(sampler: $0, prompts: prompts, texts: 4, tokens: 20, seed: 1, batch: 1)
        }
        #expect(rows.first == ["configuration", "precision", "texts", "collapsed", "collapsed_fraction", "collapsed_ci95_low",
                               "collapsed_ci95_high", "marker_corrupted", "marker_fraction", "distinct4_min",
                               "distinct4_mean", "mean_loglik", "perplexity", "mean_mass", "seconds"])
        let body = Array(rows.dropFirst())
        #expect(body.map(\.first) == ["exact", "identity", "identity+PP"])
        for (row, result) in zip(body, results) {
            let columns = Dictionary(uniqueKeysWithValues: zip(rows[0], row))
            #expect(columns["precision"] == "float64" && columns["texts"] == "4")
            #expect(columns["collapsed"] == String(result.collapsed))
            #expect(columns["mean_loglik"] == String(format: "%.3f", result.meanLogLikelihood), "\(run)")
            #expect(columns["perplexity"] == String(format: "%.2f", result.perplexity))
            #expect(columns["mean_mass"] == String(format: "%.3f", result.meanMass))
            let low = Double(columns["collapsed_ci95_low"] ?? "") ?? -1, high = Double(columns["collapsed_ci95_high"] ?? "") ?? -1
            #expect(low >= 0 && low <= result.collapsedFraction && result.collapsedFraction <= high && high <= 1)
        }
        #expect(chart)
        #expect(run.stdout.contains("[exact] \(results[0].example.prefix(300))"), "\(run)")
        #expect(run.stdout.contains("marker (the paper's"))
    }

    @Test("collapse refuses a bad precision, a noise scale without the noise model, and a zero batch")
    func collapseArguments() throws {
        for (arguments, message) in [
            (["--precision", "fp8"], "invalid value 'fp8' for --precision"),
            (["--noise-scale", "2"], "only with --precision ckks-noise"),
            (["--batch", "0"], "invalid value '0' for --batch"),
        ] {
            let run = try Hegen.run(["experiment", "collapse", "--texts", "1", "--tokens", "8"] + arguments, timeout: 60)
            #expect(run.exited(1) && run.stderr.contains(message), "\(arguments): \(run)")
        }
    }
}
