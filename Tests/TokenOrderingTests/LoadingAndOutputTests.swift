import Foundation
import Testing
@testable import TokenOrdering

@Suite("loading, hashing and output")
struct LoadingAndOutputTests {
    static let values: [Float] = [1, 0, 0, 0.5, 0.5, 0, -1, 2, 0.25, 3, 3, 3]  // 4 × 3

    func temporaryURL(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("TokenOrderingTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name)
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    static var floatBytes: [UInt8] { values.flatMap { littleEndian($0.bitPattern) } }

    /// `values` as a 4 × 3 `<f4` array.
    static var npyBytes: [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3), }"
        while (10 + header.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        return [0x93] + Array("NUMPY".utf8) + [1, 0] + littleEndian(UInt16(header.utf8.count)) + Array(header.utf8) + floatBytes
    }

    /// `values` as the F32 tensor `model.embed_tokens.weight` of shape [4, 3].
    static var safetensorsBytes: [UInt8] {
        let header = #"{"model.embed_tokens.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]}}"#
        return littleEndian(UInt64(header.utf8.count)) + Array(header.utf8) + floatBytes
    }

    /// `values` as the F32 tensor `token_embd.weight` of ggml dimensions [3, 4].
    static var ggufBytes: [UInt8] {
        var bytes = Array("GGUF".utf8) + littleEndian(UInt32(3)) + littleEndian(UInt64(1)) + littleEndian(UInt64(0))
        let name = "token_embd.weight"
        bytes += littleEndian(UInt64(name.utf8.count)) + Array(name.utf8) + littleEndian(UInt32(2))
        bytes += littleEndian(UInt64(3)) + littleEndian(UInt64(4)) + littleEndian(UInt32(0)) + littleEndian(UInt64(0))
        while bytes.count % 32 != 0 { bytes.append(0) }
        return bytes + floatBytes
    }

    @Test func loadsNpy() throws {
        let url = try temporaryURL("e.npy")
        try Data(Self.npyBytes).write(to: url)
        let (matrix, tensor) = try EmbeddingMatrix.load(contentsOf: url)
        #expect(tensor == "array" && matrix.rowCount == 4 && matrix.dimension == 3 && matrix.values == Self.values)
    }

    @Test func loadsSafetensors() throws {
        let url = try temporaryURL("e.safetensors")
        try Data(Self.safetensorsBytes).write(to: url)
        let (matrix, tensor) = try EmbeddingMatrix.load(contentsOf: url)
        #expect(tensor == "model.embed_tokens.weight" && matrix.values == Self.values && matrix.rowCount == 4)
    }

    @Test func loadsGGUF() throws {
        let url = try temporaryURL("e.gguf")
        try Data(Self.ggufBytes).write(to: url)
        let (matrix, tensor) = try EmbeddingMatrix.load(contentsOf: url)
        #expect(tensor == "token_embd.weight" && matrix.rowCount == 4 && matrix.dimension == 3 && matrix.values == Self.values)
        #expect(throws: (any Error).self) { try EmbeddingMatrix.load(contentsOf: url, tensor: "missing") }
    }

    @Test func rejectsBadMatrices() {
        #expect(throws: EmbeddingMatrixError.self) { try EmbeddingMatrix(rowCount: 2, dimension: 2, values: [1, 2, 3]) }
        #expect(throws: EmbeddingMatrixError.self) { try EmbeddingMatrix(rowCount: 1, dimension: 2, values: [1, .nan]) }
        #expect(throws: EmbeddingMatrixError.self) { try EmbeddingMatrix(rowCount: 0, dimension: 2, values: []) }
    }

    @Test func cosineIsSymmetricAndNormalised() throws {
        let matrix = try EmbeddingMatrix(rowCount: 4, dimension: 3, values: Self.values)
        #expect(abs(matrix.cosine(0, 0) - 1) < 1e-6)
        #expect(matrix.cosine(0, 1) == matrix.cosine(1, 0))
        #expect(abs(matrix.cosine(0, 1) - Float(0.5.squareRoot())) < 1e-6)
        #expect(TourCost.cost(of: [0, 1], in: matrix) == Double(1 - matrix.cosine(0, 1)))
        #expect(TourCost.embeddingLoss(cost: 3, rowCount: 4) == 1)
        #expect(!TourCost.isPermutation([0, 1, 1, 3], count: 4) && TourCost.isPermutation([3, 1, 0, 2], count: 4))
    }

    @Test func sha256MatchesFIPSVectors() {
        func digest(_ text: String) -> String { var hash = SHA256(); hash.update(Data(text.utf8)); return hash.finalize() }
        #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var pieces = SHA256()
        let million = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        for start in stride(from: 0, to: million.count, by: 999) { pieces.update(million[start..<min(start + 999, million.count)]) }
        #expect(pieces.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func orderFileRoundTrips() throws {
        let file = TokenOrderFile(model: "m", sha256: "00", tensor: "t", method: "greedy", cost: 1.5, embeddingLoss: 0.5, permutation: [2, 0, 1])
        let data = try file.jsonData()
        #expect(try JSONDecoder().decode(TokenOrderFile.self, from: data) == file)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["permutation"] as? [Int] == [2, 0, 1])
        #expect(object?["embedding_loss"] as? Double == 0.5)
    }
}
