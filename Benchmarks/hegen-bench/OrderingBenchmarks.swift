// Token-ordering benchmarks (issue 5): kNN lists, greedy baseline and improved tour on SmolLM2's
// 49152 × 576 embedding when present (Models/ or $SMOLLM2_GGUF or --embeddings FILE), else on a
// seeded synthetic matrix. Each phase runs once (they take seconds to minutes); `median_ns` is that run.
//   swift run -c release -Xswiftc -target-cpu -Xswiftc native --scratch-path .build-native \
//       hegen-bench ordering [--json] [--embeddings FILE] [--time-limit S]
import Foundation
import TokenOrdering

func runOrderingBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    var embeddingsPath: String? = nil
    var timeLimit = 60.0
    var index = 0
    while index < options.count {
        switch options[index] {
        case "--embeddings" where index + 1 < options.count: embeddingsPath = options[index + 1]; index += 2
        case "--time-limit" where index + 1 < options.count:
            guard let value = Double(options[index + 1]) else { throw OrderingBenchmarkError.badOption(options[index + 1]) }
            timeLimit = value; index += 2
        default: throw OrderingBenchmarkError.badOption(options[index])
        }
    }
    let source = embeddingsPath ?? smolLM2Path()
    let matrix: EmbeddingMatrix
    let name: String
    if let source {
        matrix = try EmbeddingMatrix.load(contentsOf: URL(fileURLWithPath: source)).matrix
        name = URL(fileURLWithPath: source).lastPathComponent
    } else {
        reporter.note("SmolLM2 absent (Scripts/fetch-smollm2.sh); using a synthetic 8192 × 128 matrix")
        matrix = syntheticMatrix(rows: 8192, dimension: 128)
        name = "synthetic"
    }
    reporter.note("ordering \(name): \(matrix.rowCount) × \(matrix.dimension), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    let shape: (Int, Int) = (matrix.rowCount, matrix.dimension)

    let identity = TourCost.cost(of: Array(0..<matrix.rowCount), in: matrix)
    reporter.report("ordering.identity", fields: ["rows": shape.0, "dimension": shape.1, "cost": identity], medianNanoseconds: 0)

    var lists: CandidateLists? = nil
    let listTime = timed { lists = CandidateLists(matrix: matrix, k: 64) }
    reporter.report("ordering.knn_lists", fields: ["rows": shape.0, "k": 64, "seconds": listTime / 1e9,
                                                   "lower_bound": TourCost.lowerBound(lists!)], medianNanoseconds: listTime)

    var greedy: [Int] = []
    var statistics = GreedyTour.Statistics()
    let greedyTime = timed { (greedy, statistics) = GreedyTour.path(matrix: matrix, candidates: lists!) }
    let greedyCost = TourCost.cost(of: greedy, in: matrix)
    reporter.report("ordering.greedy", fields: [
        "rows": shape.0, "cost": greedyCost, "seconds": greedyTime / 1e9,
        "seconds_with_lists": (greedyTime + listTime) / 1e9, "scans": statistics.scans,
    ], medianNanoseconds: greedyTime)

    var improved: [Int] = []
    var improvedStatistics = ImprovedTour.Statistics()
    let improvedTime = timed {
        (improved, improvedStatistics) = ImprovedTour.path(matrix: matrix, candidates: lists!, options: .init(timeLimit: timeLimit))
    }
    let improvedCost = TourCost.cost(of: improved, in: matrix)
    reporter.report("ordering.improved", fields: [
        "rows": shape.0, "cost": improvedCost, "ratio_to_greedy": improvedCost / greedyCost,
        "seconds": improvedTime / 1e9, "seconds_with_lists": (improvedTime + listTime) / 1e9,
        "construction_cost": improvedStatistics.constructionCost, "local_optimum_cost": improvedStatistics.localOptimumCost,
    ], medianNanoseconds: improvedTime)
}

private enum OrderingBenchmarkError: Error, CustomStringConvertible {
    case badOption(String)
    var description: String { "ordering: unexpected option '\(badOptionText)' (use --embeddings FILE, --time-limit S)" }
    private var badOptionText: String { if case .badOption(let text) = self { text } else { "" } }
}

private func timed(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start)
}

private func smolLM2Path() -> String? {
    let candidates = [ProcessInfo.processInfo.environment["SMOLLM2_GGUF"], "Models/SmolLM2-135M-Instruct.Q4_1.gguf"]
    return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
}

/// Seeded clustered vectors (an LCG, so the benchmark needs nothing from the library's internals).
private func syntheticMatrix(rows: Int, dimension: Int) -> EmbeddingMatrix {
    var state: UInt64 = 0x1234_5678
    func uniform() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24) * 2 - 1
    }
    let centres = (0..<256).map { _ in (0..<dimension).map { _ in uniform() } }
    var values: [Float] = []
    values.reserveCapacity(rows * dimension)
    for row in 0..<rows {
        let centre = centres[(row &* 7919) % centres.count]
        values += centre.map { $0 + 0.3 * uniform() }
    }
    return try! EmbeddingMatrix(rowCount: rows, dimension: dimension, values: values)
}
