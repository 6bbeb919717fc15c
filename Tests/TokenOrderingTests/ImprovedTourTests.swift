import Testing
import ModelFiles
@testable import TokenOrdering

@Suite("improved ordering")
struct ImprovedTourTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func tinyInstancesAreOptimal(seed: UInt64) {
        let rows = 4 + Int(seed % 6)  // 5 ... 9
        let matrix = TestMatrices.random(rows: rows, dimension: 5, seed: seed)
        let path = ImprovedTour.path(matrix: matrix).permutation
        #expect(TourCost.isPermutation(path, count: rows))
        #expect(abs(TourCost.cost(of: path, in: matrix) - bruteForceOptimalCost(matrix)) < 1e-5)
    }

    @Test func localSearchGainsMatchTheCostItRemoves() {
        // The book-keeping of every 2-opt / Or-opt move (gains, undo) is checked against recomputed costs.
        let matrix = TestMatrices.random(rows: 400, dimension: 16, seed: 8)
        let lists = CandidateLists(matrix: matrix, k: 8)
        let start = GreedyTour.path(matrix: matrix, candidates: lists).permutation
        let startCost = TourCost.cost(of: start, in: matrix)
        var search = LocalSearch(matrix: matrix, lists: lists, k: 8, path: start)
        search.activateAll()
        let converged = search.run(deadline: .max)
        #expect(converged)
        #expect(search.movesApplied > 10)
        let optimum = search.tour.openPath()
        #expect(TourCost.isPermutation(optimum, count: 400))
        let optimumCost = TourCost.cost(of: optimum, in: matrix)
        #expect(abs(startCost - search.totalGain - optimumCost) < 1e-3)
        #expect(optimumCost < startCost)

        let (tried, kept) = search.perturb(seed: 3, deadline: .max, maximumKicks: 300)
        #expect(tried == 300)
        #expect(kept > 0)
        let kicked = search.tour.openPath()
        #expect(TourCost.isPermutation(kicked, count: 400))
        #expect(abs(startCost - search.totalGain - TourCost.cost(of: kicked, in: matrix)) < 1e-3)
        #expect(TourCost.cost(of: kicked, in: matrix) < optimumCost)
    }

    @Test func beatsGreedyAndIdentityOnClusteredEmbeddings() {
        let matrix = TestMatrices.clustered(clusters: 40, size: 25, dimension: 24, seed: 12)
        let identity = TourCost.cost(of: Array(0..<matrix.rowCount), in: matrix)
        let lists = CandidateLists(matrix: matrix, k: 16)
        let greedy = TourCost.cost(of: GreedyTour.path(matrix: matrix, candidates: lists).permutation, in: matrix)
        let (path, statistics) = ImprovedTour.path(matrix: matrix, candidates: lists,
                                                   options: .init(timeLimit: 30, maximumKicks: 3000))
        let improved = TourCost.cost(of: path, in: matrix)
        #expect(TourCost.isPermutation(path, count: matrix.rowCount))
        #expect(statistics.kicksTried == 3000)
        #expect(improved < 0.2 * identity)
        #expect(improved <= greedy)
    }

    @Test func isDeterministicForASeedAndKickCount() {
        let matrix = TestMatrices.random(rows: 300, dimension: 12, seed: 30)
        let options = ImprovedTour.Options(timeLimit: 60, seed: 9, maximumKicks: 500)
        let first = ImprovedTour.path(matrix: matrix, options: options).permutation
        let second = ImprovedTour.path(matrix: matrix, options: options).permutation
        #expect(first == second)
        var other = options
        other.seed = 10
        #expect(TourCost.isPermutation(ImprovedTour.path(matrix: matrix, options: other).permutation, count: 300))
    }

    @Test func arrayTourMovesMatchANaiveReversal() {
        var generator = SplitMix64(seed: 2)
        var tour = ArrayTour(Array(0..<11))
        for _ in 0..<200 {
            let a = Int(generator.next() % 11)
            let c = Int(generator.next() % 11)
            let forward = generator.next() % 2 == 0
            let b = forward ? tour.next(a) : tour.previous(a)
            let d = forward ? tour.next(c) : tour.previous(c)
            guard a != c, b != c, d != a else { continue }
            var edges = undirectedEdges(tour)
            tour.move2(a, b, c, d)
            edges.remove(Edge(a, b)); edges.remove(Edge(c, d))
            edges.insert(Edge(a, c)); edges.insert(Edge(b, d))
            #expect(undirectedEdges(tour) == edges)
        }
    }

    private struct Edge: Hashable {
        let low: Int, high: Int
        init(_ a: Int, _ b: Int) { low = min(a, b); high = max(a, b) }
    }

    private func undirectedEdges(_ tour: ArrayTour) -> Set<Edge> {
        Set((0..<tour.count).map { Edge(Int(tour.order[$0]), Int(tour.order[($0 + 1) % tour.count])) })
    }
}
