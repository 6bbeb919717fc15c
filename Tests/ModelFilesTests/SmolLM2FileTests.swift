import Foundation
import Testing
import TestSupport
@testable import ModelFiles

@Suite("SmolLM2 GGUF")
struct SmolLM2FileTests {
    /// CI fetches the model (`.ci/run`) and sets `ENCRYPTEDLM_REQUIRE_SMOLLM2=1`: there the six SmolLM2 tests must
    /// run, so a failed fetch or a moved file fails here instead of turning them into silent skips.
    @Test(.enabled(if: ModelLocator.smolLM2IsRequired, "only where ENCRYPTEDLM_REQUIRE_SMOLLM2=1 (CI)"))
    func modelIsPresentWhereRequired() {
        #expect(ModelLocator.smolLM2 != nil, "ENCRYPTEDLM_REQUIRE_SMOLLM2=1 but Models/SmolLM2-135M-Instruct.Q4_1.gguf is absent")
    }

    // Needs the real model: run Scripts/fetch-smollm2.sh (or set SMOLLM2_GGUF); skipped otherwise.
    @Test(.enabled(if: ModelLocator.smolLM2 != nil, "SmolLM2 GGUF absent: run Scripts/fetch-smollm2.sh or set SMOLLM2_GGUF"))
    func tokenEmbeddingAndMetadata() throws {
        let file = try GGUFFile(contentsOf: ModelLocator.smolLM2!)
        #expect(file.string("general.architecture") == "llama")
        let embedding = try file.tensor(named: "token_embd.weight")
        #expect(embedding.dimensions == [576, 49152])
        #expect(embedding.type == .q8_0)
        #expect(file.stringArray("tokenizer.ggml.tokens")?.count == 49152)
        #expect(file.integerArray("tokenizer.ggml.token_type")?.count == 49152)
        #expect((file.stringArray("tokenizer.ggml.merges")?.count ?? 0) > 40000)
        let row = try file.row(1, of: "token_embd.weight")
        #expect(row.count == 576 && row.allSatisfy(\.isFinite) && row.contains { $0 != 0 })
    }
}
