import Foundation
import Testing
@testable import ModelFiles

/// The real SmolLM2-135M-Instruct GGUF, when `Scripts/fetch-smollm2.sh` has fetched it (or `SMOLLM2_GGUF` names it).
enum SmolLM2 {
    static let url: URL? = {
        if let path = ProcessInfo.processInfo.environment["SMOLLM2_GGUF"], FileManager.default.fileExists(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()
}

@Suite("SmolLM2 GGUF")
struct SmolLM2FileTests {
    // Needs the real model: run Scripts/fetch-smollm2.sh (or set SMOLLM2_GGUF); skipped otherwise.
    @Test(.enabled(if: SmolLM2.url != nil, "SmolLM2 GGUF absent: run Scripts/fetch-smollm2.sh or set SMOLLM2_GGUF"))
    func tokenEmbeddingAndMetadata() throws {
        let file = try GGUFFile(contentsOf: SmolLM2.url!)
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
