import Foundation
@_spi(Testing) import ModelFiles
import Testing
@testable import TokenOrdering

/// The embedding loaders and ORDER.json on corrupted input (fixed seeds, bounded counts): each case loads or
/// throws a typed error; nothing traps or hangs.
@Suite("embedding and ordering loader fuzzing")
struct EmbeddingLoaderFuzzTests {
    static let errorTypes: Set<String> = ["ModelFileError", "EmbeddingMatrixError", "TokenOrderingError"]

    static func cases(of valid: [UInt8], seed: UInt64, count: Int) -> [[UInt8]] {
        var fuzz = FuzzCases(seed: seed)
        return (0..<count).map { _ in fuzz.mutate(valid) } + (0..<valid.count).map { Array(valid[0..<$0]) }
    }

    static func expectSafe(_ summary: FuzzCases.Summary, total: Int) {
        #expect(summary.accepted + summary.refused == total)
        #expect(summary.accepted > 0 && summary.refused > 0, "\(summary)")
        #expect(Set(summary.errorTypes.keys).isSubset(of: errorTypes), "\(summary.errorTypes)")
        #expect(summary.slowestSeconds < 2, "slowest case #\(summary.slowestCase): \(summary.slowestSeconds) s")
    }

    @Test func embeddingFilesThrowOrLoad() throws {
        let loaders: [([UInt8], UInt64, ([UInt8]) throws -> Void)] = [
            (LoadingAndOutputTests.ggufBytes, 0x4747, { _ = try EmbeddingMatrix(gguf: GGUFFile(data: Data($0))) }),
            (LoadingAndOutputTests.safetensorsBytes, 0x5354, { _ = try EmbeddingMatrix(safetensors: SafetensorsFile(data: Data($0))) }),
            (LoadingAndOutputTests.npyBytes, 0x4E50, { _ = try EmbeddingMatrix(numpy: NumpyFile(data: Data($0))) }),
        ]
        for (valid, seed, load) in loaders {
            try load(valid)
            let cases = Self.cases(of: valid, seed: seed, count: 1000)
            Self.expectSafe(FuzzCases.run(cases, load), total: cases.count)
        }
    }

    /// Through files and `EmbeddingMatrix.load`, which picks the reader from the first bytes.
    @Test func loadPicksAReaderAndThrowsOrLoads() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-embedding-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        var cases: [[UInt8]] = []
        for (index, valid) in [LoadingAndOutputTests.ggufBytes, LoadingAndOutputTests.safetensorsBytes,
                               LoadingAndOutputTests.npyBytes].enumerated() {
            var fuzz = FuzzCases(seed: 0x4C4F_4144 + UInt64(index))
            cases += (0..<60).map { _ in fuzz.mutate(valid) }
        }
        let summary = FuzzCases.run(cases) { bytes in
            try Data(bytes).write(to: url)
            _ = try EmbeddingMatrix.load(contentsOf: url)
        }
        Self.expectSafe(summary, total: cases.count)
    }

    static let validOrder = Array(#"{"model": "m", "sha256": "00", "tensor": "t", "method": "greedy", "cost": 1.5, "#.utf8)
        + Array(#""embedding_loss": 0.25, "permutation": [3, 0, 7, 1, 6, 2, 5, 4]}"#.utf8)

    static func loadOrdering(_ bytes: [UInt8], at url: URL, vocabularySize: Int = 8) throws -> VocabularyOrdering {
        try Data(bytes).write(to: url)
        return try VocabularyOrdering.load(contentsOf: url, vocabularySize: vocabularySize)
    }

    @Test func orderingFilesThrowOrLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-order-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.loadOrdering(Self.validOrder, at: url).permutation == [3, 0, 7, 1, 6, 2, 5, 4])
        var cases = Self.cases(of: Self.validOrder, seed: 0x4F52_4445, count: 300)
        // Hostile numbers in the permutation: huge, negative, fractional, NaN-like, repeated.
        for entry in ["9223372036854775807", "-1", "1e300", "0.5", "NaN", "3", "18446744073709551616", "true"] {
            cases.append(Array(String(decoding: Self.validOrder, as: UTF8.self).replacingOccurrences(of: "[3,", with: "[\(entry),").utf8))
        }
        Self.expectSafe(FuzzCases.run(cases) { _ = try Self.loadOrdering($0, at: url) }, total: cases.count)
    }

    @Test func orderingFilesMustBeUnambiguousAndSmall() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = String(decoding: Self.validOrder, as: UTF8.self)
        // JSONDecoder would take one of the two permutations silently.
        let twice = text.replacingOccurrences(of: "}", with: #", "permutation": [0, 1, 2, 3, 4, 5, 6, 7]}"#)
        #expect(throws: TokenOrderingError.self) { try Self.loadOrdering(Array(twice.utf8), at: url) }
        let padded = text + String(repeating: " ", count: VocabularyOrdering.maximumFileSize(vocabularySize: 8))
        #expect(throws: TokenOrderingError.self) { try Self.loadOrdering(Array(padded.utf8), at: url) }
        let modestlyPadded = text + String(repeating: " ", count: 1000)
        #expect(try Self.loadOrdering(Array(modestlyPadded.utf8), at: url).name == "greedy")
        #expect(VocabularyOrdering.identity(count: 3).positions == [0, 1, 2])
        #expect(VocabularyOrdering.identity(count: -1).permutation.isEmpty)
    }
}
