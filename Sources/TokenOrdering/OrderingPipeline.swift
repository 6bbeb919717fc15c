import Foundation
import ModelFiles

/// The ordering computation `hegen order` runs, as a library call: exact nearest-neighbour lists, then the
/// paper's greedy path (the baseline), then, for `.improved`, the improved tour; the better of what was computed
/// is the result (Docs/TokenOrdering.md).
public enum OrderingPipeline {
    /// What to compute.
    public struct Options: Sendable {
        /// `.greedy` (the paper's baseline) or `.improved`.
        public var method: OrderingMethod
        /// Skip the greedy baseline when `.improved` is asked for.
        public var skipsBaseline: Bool
        /// The improved tour's options (neighbours, time limit, seed, kicks).
        public var improved: ImprovedTour.Options

        public init(method: OrderingMethod, skipsBaseline: Bool = false, improved: ImprovedTour.Options = .init()) {
            self.method = method
            self.skipsBaseline = skipsBaseline
            self.improved = improved
        }
    }

    /// One finished stage, for progress output.
    public enum Event: Sendable {
        case lists(CandidateLists)
        case greedy(permutation: [Int], cost: Double, statistics: GreedyTour.Statistics)
        case improved(permutation: [Int], cost: Double, statistics: ImprovedTour.Statistics)
    }

    /// The chosen ordering.
    public struct Outcome: Sendable {
        public let permutation: [Int]
        /// Σ (1 − cos) over consecutive positions.
        public let cost: Double
        /// The method that produced it.
        public let method: OrderingMethod
    }

    /// Runs the pipeline.
    /// - Parameters:
    ///   - matrix: the token embeddings.
    ///   - options: what to compute.
    ///   - progress: called with a stage label and a completed fraction (when known) while a stage runs.
    ///   - finished: called after each stage.
    /// - Returns: the ordering of the last stage run.
    /// - Throws: `TokenOrderingError.invalidOrdering` for `.identity` or a skipped baseline without `.improved`.
    public static func run(
        matrix: EmbeddingMatrix, options: Options, progress: @escaping @Sendable (String, Double?) -> Void = { _, _ in },
        finished: (Event) -> Void = { _ in }
    ) throws -> Outcome {
        guard options.method != .identity, options.method == .improved || !options.skipsBaseline else {
            throw TokenOrderingError.invalidOrdering("the pipeline computes greedy or improved orderings")
        }
        let lists = CandidateLists(matrix: matrix, k: max(64, options.improved.neighbors)) {
            progress("nearest-neighbour lists", $0)
        }
        finished(.lists(lists))
        var outcome: Outcome?
        if !options.skipsBaseline {
            let (greedy, statistics) = GreedyTour.path(matrix: matrix, candidates: lists) { progress("greedy", $0) }
            let cost = TourCost.cost(of: greedy, in: matrix)
            finished(.greedy(permutation: greedy, cost: cost, statistics: statistics))
            outcome = Outcome(permutation: greedy, cost: cost, method: .greedy)
        }
        if options.method == .improved {
            let (improved, statistics) = ImprovedTour.path(matrix: matrix, candidates: lists, options: options.improved) {
                progress("\($0) (\($1))", nil)
            }
            let cost = TourCost.cost(of: improved, in: matrix)
            finished(.improved(permutation: improved, cost: cost, statistics: statistics))
            outcome = Outcome(permutation: improved, cost: cost, method: .improved)
        }
        return outcome!
    }
}

extension TokenOrderFile {
    /// The ORDER.json record of an ordering with its provenance: the model's name (GGUF `general.name`, else the
    /// file name), the SHA-256 of the embedding file and the tensor.
    /// - Throws: file-reading errors from hashing.
    public init(ordering outcome: OrderingPipeline.Outcome, embeddingsAt url: URL, tensor: String, rowCount: Int) throws {
        let name: String
        if let file = try? GGUFFile(contentsOf: url), let recorded = file.string("general.name") {
            name = recorded
        } else {
            name = url.deletingPathExtension().lastPathComponent
        }
        self.init(
            model: name, sha256: try SHA256.hexDigest(ofFileAt: url), tensor: tensor, method: outcome.method.rawValue,
            cost: outcome.cost, embeddingLoss: TourCost.embeddingLoss(cost: outcome.cost, rowCount: rowCount),
            permutation: outcome.permutation)
    }
}
