import Foundation
import Testing
import ModelFiles
@testable import TokenOrdering

private let smolLM2URL: URL? = {
    if let path = ProcessInfo.processInfo.environment["SMOLLM2_GGUF"], FileManager.default.fileExists(atPath: path) {
        return URL(fileURLWithPath: path)
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

@Suite("SmolLM2 embeddings")
struct SmolLM2OrderingTests {
    // Needs the real model (Scripts/fetch-smollm2.sh or SMOLLM2_GGUF); skipped otherwise. The full tours
    // take minutes, so they are benchmarks (`hegen-bench ordering`), not tests; this checks the loader.
    @Test(.enabled(if: smolLM2URL != nil, "SmolLM2 GGUF absent: run Scripts/fetch-smollm2.sh or set SMOLLM2_GGUF"))
    func loadsTheTokenEmbedding() throws {
        let (matrix, tensor) = try EmbeddingMatrix.load(contentsOf: smolLM2URL!)
        #expect(tensor == "token_embd.weight" && matrix.rowCount == 49152 && matrix.dimension == 576)
        let identity = TourCost.cost(of: Array(0..<matrix.rowCount), in: matrix)
        #expect(abs(identity - 26583) < 1, "identity-order cost reported in the spec")
    }
}
