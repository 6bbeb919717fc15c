import Foundation
import TestSupport
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

/// The real SmolLM2-135M-Instruct GGUF (`TestSupport.ModelLocator`), loaded once when present; the tests that
/// need it are skipped otherwise.
enum SmolLM2Model {
    static let url: URL? = ModelLocator.smolLM2

    static let bundle: LanguageModelBundle? = url.map { url in
        do { return try LanguageModelBundle(contentsOf: url) } catch { fatalError("SmolLM2: \(error)") }
    }
}

func maximumDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "vectors of \(a.count) and \(b.count)")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
