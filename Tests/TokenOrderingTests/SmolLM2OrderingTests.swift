import Foundation
import Testing
import TestSupport
import ModelFiles
@testable import TokenOrdering

@Suite("SmolLM2 embeddings")
struct SmolLM2OrderingTests {
    // Needs the real model (Scripts/fetch-smollm2.sh or SMOLLM2_GGUF); skipped otherwise. The full tours
    // take minutes, so they are benchmarks (`hegen-bench ordering`), not tests; this checks the loader.
    @Test(.enabled(if: ModelLocator.smolLM2 != nil, "SmolLM2 GGUF absent: run Scripts/fetch-smollm2.sh or set SMOLLM2_GGUF"))
    func loadsTheTokenEmbedding() throws {
        let (matrix, tensor) = try EmbeddingMatrix.load(contentsOf: ModelLocator.smolLM2!)
        #expect(tensor == "token_embd.weight" && matrix.rowCount == 49152 && matrix.dimension == 576)
        let identity = TourCost.cost(of: Array(0..<matrix.rowCount), in: matrix)
        #expect(abs(identity - 26583) < 1, "identity-order cost reported in the spec")
    }
}
