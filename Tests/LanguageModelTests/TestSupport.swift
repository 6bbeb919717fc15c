import Foundation
@testable import LanguageModel

/// Values the training script recorded for the embedded model (Fixtures/tiny-model-reference.json, written by
/// `Scripts/train-tiny-model.py` from the same weights, in float64).
struct TinyModelReference: Decodable {
    struct TokenizerCase: Decodable {
        let text: String
        let ids: [Int]
    }

    let prompt: String
    let token_ids: [Int]
    let last_logits: [Float]
    let last_logits_sum: Double
    let first_position_logits_head: [Float]
    let greedy_continuation_ids: [Int]
    let tokenizer_golden: [TokenizerCase]

    static func load() throws -> TinyModelReference {
        guard let url = Bundle.module.url(forResource: "tiny-model-reference", withExtension: "json", subdirectory: "Fixtures")
        else { throw LanguageModelError.missingResource("Fixtures/tiny-model-reference.json") }
        return try JSONDecoder().decode(TinyModelReference.self, from: Data(contentsOf: url))
    }
}

/// The embedded model, loaded once for all tests.
enum TinyModel {
    static let bundle: LanguageModelBundle = {
        do { return try LanguageModelBundle.embedded() } catch { fatalError("embedded model: \(error)") }
    }()
}

/// The real SmolLM2-135M-Instruct GGUF, when `Scripts/fetch-smollm2.sh` has put it under Models/ (or the
/// environment variable `SMOLLM2_GGUF` names it); `nil` otherwise, and the tests that need it are skipped.
enum SmolLM2Model {
    static let url: URL? = {
        if let path = ProcessInfo.processInfo.environment["SMOLLM2_GGUF"], FileManager.default.fileExists(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    static let bundle: LanguageModelBundle? = url.map { url in
        do { return try LanguageModelBundle(contentsOf: url) } catch { fatalError("SmolLM2: \(error)") }
    }
}

func maximumDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "vectors of \(a.count) and \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
