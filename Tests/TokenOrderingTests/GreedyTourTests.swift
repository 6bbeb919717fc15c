import Testing
@testable import TokenOrdering

@Suite("greedy baseline")
struct GreedyTourTests {
    @Test(arguments: [(UInt64(1), 2), (2, 16), (3, 1)])
    func reproducesTheDefinitionOnRandomMatrices(seed: UInt64, k: Int) {
        let matrix = TestMatrices.random(rows: 300, dimension: 20, seed: seed)
        let reference = bruteForceGreedy(matrix)
        for workers in [1, 2] {
            let lists = CandidateLists(matrix: matrix, k: k, workers: workers)
            let (path, statistics) = GreedyTour.path(matrix: matrix, candidates: lists, workers: workers)
            #expect(path == reference)
            #expect(statistics.listHits + statistics.scans == 299)
        }
    }

    @Test func reproducesTheDefinitionWithTies() {
        let matrix = TestMatrices.duplicated(rows: 400, distinct: 23, dimension: 9, seed: 7)
        let (path, statistics) = GreedyTour.path(matrix: matrix, candidates: CandidateLists(matrix: matrix, k: 4))
        #expect(path == bruteForceGreedy(matrix))
        #expect(statistics.scans > 0, "ties exhaust short lists, so scans must run too")
    }

    @Test func identicalRowsAreVisitedInIndexOrder() throws {
        let matrix = try EmbeddingMatrix(rowCount: 50, dimension: 3, values: [Float](repeating: 0.5, count: 150))
        #expect(GreedyTour.path(matrix: matrix).permutation == Array(0..<50))
    }

    @Test func parallelScanOfLargeUnvisitedSetsMatches() {
        // > 4096 unvisited tokens and k = 1 force multi-threaded scans.
        let matrix = TestMatrices.random(rows: 4600, dimension: 8, seed: 11)
        let (path, statistics) = GreedyTour.path(matrix: matrix, candidates: CandidateLists(matrix: matrix, k: 1), workers: 2)
        #expect(statistics.scans > 100)
        #expect(path == bruteForceGreedy(matrix))
    }

    @Test func startsAtTokenZeroAndIsAPermutation() {
        let matrix = TestMatrices.clustered(clusters: 7, size: 20, dimension: 12, seed: 5)
        let path = GreedyTour.path(matrix: matrix).permutation
        #expect(path.first == 0)
        #expect(TourCost.isPermutation(path, count: 140))
    }
}

@Suite("candidate lists")
struct CandidateListTests {
    @Test func areTheExactNearestNeighboursInTheTieOrder() {
        for matrix in [TestMatrices.random(rows: 203, dimension: 37, seed: 3),
                       TestMatrices.duplicated(rows: 150, distinct: 10, dimension: 5, seed: 4)] {
            let k = 6
            let lists = CandidateLists(matrix: matrix, k: k, workers: 2)
            for i in 0..<matrix.rowCount {
                let expected = (0..<matrix.rowCount).filter { $0 != i }
                    .map { (matrix.cosine(i, $0), $0) }
                    .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
                    .prefix(k)
                #expect((0..<k).map { lists.neighbor(i, $0) } == expected.map(\.1), "row \(i)")
                #expect((0..<k).map { lists.cosines[i * k + $0] } == expected.map(\.0))
            }
        }
    }

    @Test func clampKToTheVocabulary() {
        let matrix = TestMatrices.random(rows: 5, dimension: 4, seed: 9)
        let lists = CandidateLists(matrix: matrix, k: 10)
        #expect(lists.k == 4)
        for i in 0..<5 { #expect(Set((0..<4).map { lists.neighbor(i, $0) }) == Set((0..<5).filter { $0 != i })) }
    }

    @Test func lowerBoundIsBelowEveryTour() {
        let matrix = TestMatrices.random(rows: 8, dimension: 6, seed: 21)
        let bound = TourCost.lowerBound(CandidateLists(matrix: matrix, k: 2))
        #expect(bound > 0)
        #expect(bound <= bruteForceOptimalCost(matrix) + 1e-9)
    }
}
