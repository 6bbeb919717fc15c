import Foundation
import ModelFiles
import Testing
import TokenOrdering

/// `hegen order` on a small seeded embedding matrix the test writes as a `.npy`, held against the library's tours.
@Suite("hegen: order")
struct OrderCommandTests {
    static let rows = 64, dimension = 8

    /// A 64 × 8 float32 matrix, uniform in [−1, 1] from SplitMix64(seed: 11).
    static let values: [Float] = {
        var random = SplitMix64(seed: 11)
        return (0..<rows * dimension).map { _ in Float.random(in: -1...1, using: &random) }
    }()

    /// `values` as a version-1 `.npy` (`<f4`, C order), the header padded to 64 bytes as NumPy writes it.
    static var npyBytes: Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(dimension)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes = [0x93] + Array("NUMPY".utf8) + [1, 0]
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { bytes += $0 }
        bytes += Array(header.utf8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return Data(bytes)
    }

    /// Runs `hegen order` on the matrix and reads back ORDER.json, both as the loader sees it and as written.
    static func order(_ options: [String], vocabulary: Int = rows) throws -> (HegenRun, VocabularyOrdering, TokenOrderFile, String) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let embeddings = folder.path("e.npy"), out = folder.path("ORDER.json")
        try npyBytes.write(to: URL(fileURLWithPath: embeddings))
        let run = try Hegen.run(["order", "--embeddings", embeddings, "--out", out] + options, timeout: 60)
        try #require(run.exited(0), "\(run)")
        let url = URL(fileURLWithPath: out)
        let ordering = try VocabularyOrdering.load(contentsOf: url, vocabularySize: vocabulary)
        let file = try JSONDecoder().decode(TokenOrderFile.self, from: Data(contentsOf: url))
        return (run, ordering, file, try SHA256.hexDigest(ofFileAt: URL(fileURLWithPath: embeddings)))
    }

    static func matrix(rows: Int = rows) throws -> EmbeddingMatrix {
        try EmbeddingMatrix(rowCount: rows, dimension: dimension, values: Array(values.prefix(rows * dimension)))
    }

    @Test("--method greedy: ORDER.json holds the library's greedy path of the 64 tokens and its cost")
    func greedy() throws {
        let (run, ordering, file, digest) = try Self.order(["--method", "greedy"])
        let matrix = try Self.matrix()
        let expected = GreedyTour.path(matrix: matrix).permutation
        #expect(TourCost.isPermutation(ordering.permutation, count: Self.rows))
        #expect(ordering.permutation == expected && ordering.name == "greedy")
        #expect(file.cost == TourCost.cost(of: expected, in: matrix))
        #expect(file.embeddingLoss == TourCost.embeddingLoss(cost: file.cost, rowCount: Self.rows))
        #expect(file.model == "e" && file.tensor == "array" && file.sha256 == digest)
        #expect(file.cost < TourCost.cost(of: Array(0..<Self.rows), in: matrix))  // shorter than the identity
        #expect(run.stdout.contains("embeddings   e.npy [array]: 64 tokens × 8") && !run.stdout.contains("improved "), "\(run)")
    }

    @Test("--method improved with a kick budget (deterministic): the library's improved tour, shorter than greedy")
    func improved() throws {
        let (run, ordering, file, _) = try Self.order(
            ["--method", "improved", "--kicks", "200", "--time-limit", "600", "--seed", "5", "--neighbors", "8"])
        let matrix = try Self.matrix()
        // The pipeline's candidate lists: k = max(64, neighbours), clamped to rows − 1.
        let lists = CandidateLists(matrix: matrix, k: 64)
        let expected = ImprovedTour.path(
            matrix: matrix, candidates: lists,
            options: .init(neighbors: 8, timeLimit: 600, seed: 5, maximumKicks: 200)).permutation
        #expect(ordering.permutation == expected && ordering.name == "improved")
        #expect(file.cost == TourCost.cost(of: expected, in: matrix))
        #expect(file.cost < TourCost.cost(of: GreedyTour.path(matrix: matrix).permutation, in: matrix))
        #expect(run.stdout.contains("greedy ") && run.stdout.contains("improved "), "\(run)")
    }

    @Test("--rows 40: an ordering of the first 40 tokens only, the library's greedy path of that prefix")
    func rowPrefix() throws {
        let (_, ordering, file, _) = try Self.order(["--method", "greedy", "--rows", "40"], vocabulary: 40)
        let expected = GreedyTour.path(matrix: try Self.matrix(rows: 40)).permutation
        #expect(ordering.permutation == expected)
        #expect(file.cost == TourCost.cost(of: expected, in: try Self.matrix(rows: 40)))
    }

    @Test("--rows 0 on a real file: refused with exit status 1")
    func zeroRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let embeddings = folder.path("e.npy")
        try Self.npyBytes.write(to: URL(fileURLWithPath: embeddings))
        let run = try Hegen.run(["order", "--embeddings", embeddings, "--rows", "0"], timeout: 30)
        #expect(run.exited(1), "\(run)")
        #expect(run.stderrLines.last == "hegen: error: invalid value '0' for --rows", "\(run)")
    }
}
