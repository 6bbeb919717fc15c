import Dispatch

/// `improved`: greedy-edge construction on k-nearest-neighbour candidate lists, then 2-opt and
/// Or-opt local search with neighbour lists and don't-look bits, until a local optimum or the
/// time limit, then segment-local double-bridge kicks until the time limit. Vocabularies of at most
/// 12 tokens are solved exactly instead (`ExactPath`). See Docs/TokenOrdering.md.
public enum ImprovedTour {
    /// Settings of the improved method.
    public struct Options: Sendable {
        /// Candidate neighbours per token used by construction and local search.
        public var neighbors: Int
        /// Wall-clock budget in seconds for the local search (construction always completes).
        public var timeLimit: Double
        /// Seed of the perturbation kicks.
        public var seed: UInt64
        /// Upper bound on perturbation kicks after the first local optimum (0: plain local search).
        /// The time limit may stop earlier; for bit-reproducible output set this and a generous limit.
        public var maximumKicks: Int

        public init(neighbors: Int = 10, timeLimit: Double = 60, seed: UInt64 = 1, maximumKicks: Int = .max) {
            self.neighbors = neighbors
            self.timeLimit = timeLimit
            self.seed = seed
            self.maximumKicks = maximumKicks
        }
    }

    /// What one run did, for reports.
    public struct Statistics: Sendable {
        public var constructionCost = 0.0
        public var movesApplied = 0
        public var reachedLocalOptimum = false
        public var localOptimumCost = 0.0
        public var kicksTried = 0
        public var kicksKept = 0
        public init() {}
    }

    /// An improved open path.
    /// - Parameters:
    ///   - matrix: the embeddings.
    ///   - candidates: candidate lists with at least `options.neighbors` entries (computed if `nil`).
    ///   - options: neighbours, time limit and seed.
    ///   - progress: called now and then with a phase name and the number of moves applied so far.
    /// - Returns: the permutation (position → token id) and statistics.
    public static func path(
        matrix: EmbeddingMatrix, candidates: CandidateLists? = nil, options: Options = Options(),
        progress: ((String, Int) -> Void)? = nil
    ) -> (permutation: [Int], statistics: Statistics) {
        if matrix.rowCount <= ExactPath.maximumRows {
            let exact = ExactPath.path(matrix: matrix)
            var statistics = Statistics()
            statistics.constructionCost = TourCost.cost(of: exact, in: matrix)
            statistics.localOptimumCost = statistics.constructionCost
            statistics.reachedLocalOptimum = true
            return (exact, statistics)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(max(0, options.timeLimit) * 1e9)
        let lists = candidates ?? CandidateLists(matrix: matrix, k: options.neighbors)
        var statistics = Statistics()
        progress?("construction", 0)
        let initial = GreedyEdgeConstruction.path(matrix: matrix, lists: lists, k: options.neighbors)
        statistics.constructionCost = TourCost.cost(of: initial, in: matrix)
        guard matrix.rowCount >= 4 else { return (initial, statistics) }
        var search = LocalSearch(matrix: matrix, lists: lists, k: options.neighbors, path: initial)
        search.activateAll()
        statistics.reachedLocalOptimum = search.run(deadline: deadline) { progress?("local search", $0) }
        statistics.localOptimumCost = statistics.constructionCost - search.totalGain
        if statistics.reachedLocalOptimum, options.maximumKicks > 0 {
            (statistics.kicksTried, statistics.kicksKept) = search.perturb(
                seed: options.seed, deadline: deadline, maximumKicks: options.maximumKicks
            ) { progress?("perturbation", $0) }
        }
        statistics.movesApplied = search.movesApplied
        return (search.tour.openPath(), statistics)
    }
}
