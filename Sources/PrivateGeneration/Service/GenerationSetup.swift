import EncryptedSampling
import EncryptedTransformer
import Foundation
import LanguageModel
import TokenOrdering

/// What client and server agree on before a private generation, all of it public: the model's calibrated
/// ranges, the softmax parameters of the sampler, the vocabulary's tour (position → token), the encrypted cache's
/// capacity and the sampler's options.
public struct GenerationSetup: Sendable {
    public let calibration: TransformerCalibration
    public let softmax: SoftmaxParameters
    /// π: tour position → token.
    public let ordering: [Int]
    /// T: the most positions (prompt + generated) a session holds.
    public let capacity: Int
    public let sampler: SamplerConfiguration

    public init(
        calibration: TransformerCalibration, softmax: SoftmaxParameters, ordering: [Int], capacity: Int,
        sampler: SamplerConfiguration
    ) {
        self.calibration = calibration
        self.softmax = softmax
        self.ordering = ordering
        self.capacity = capacity
        self.sampler = sampler
    }

    /// Calibrated on plaintext traces of `texts` (representative text: outside its ranges the encrypted model
    /// is wrong, see `TransformerCalibration`), at temperature T.
    /// - Throws: tokenizer, model and sampler-calibration errors.
    public static func calibrated(
        model: LlamaModel, tokenizer: BPETokenizer, texts: [String], ordering: [Int], temperature: Double = 1,
        capacity: Int = 16, sampler: SamplerConfiguration = SamplerConfiguration(step: .lowDepth, postProcess: true)
    ) throws -> GenerationSetup {
        let traces = try TransformerCalibration.traces(of: texts, model: model, tokenizer: tokenizer)
        let calibration = TransformerCalibration.measured(traces)
        let softmax = try SoftmaxParameters.calibrated(
            logits: traces.map(\.logits), temperature: temperature, logitBound: calibration.logitBound)
        return GenerationSetup(
            calibration: calibration, softmax: softmax, ordering: ordering, capacity: capacity, sampler: sampler)
    }
}

extension GenerationSetup {
    /// Public-domain English prose (Austen, Carroll, Dickens) to calibrate the tiny model's ranges on when the
    /// caller has nothing closer to its own text.
    public static let defaultCalibrationTexts = [
        "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
        "Emma Woodhouse, handsome, clever, and rich, with a comfortable home and happy disposition, seemed to unite some of the best blessings of existence.",
        "Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do.",
        "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.",
        "My name is Elizabeth, and I live with my mother and my sisters in a small house near the village.",
    ]
}

extension GenerationSetup {
    /// A fingerprint both ends compare before a session: SHA-256 of the model's configuration and its token
    /// embedding table (what the client encrypts from and the server feeds back), as hex.
    public static func modelDigest(of model: LlamaModel) -> String {
        var hash = SHA256()
        let c = model.configuration
        var header: [UInt8] = []
        for value in [c.vocabularySize, c.embeddingLength, c.blockCount, c.contextLength] {
            withUnsafeBytes(of: UInt64(value).littleEndian) { header.append(contentsOf: $0) }
        }
        hash.update(header)
        for token in 0..<c.vocabularySize {
            let row = (try? model.embedding(of: token)) ?? []
            row.withUnsafeBytes { hash.update(Array($0)) }
        }
        return hash.finalize()
    }
}
