import Foundation
import ModelFiles

/// A model file's model and tokenizer together, plus what the file records about its training.
public struct LanguageModelBundle: Sendable {
    public let model: LlamaModel
    public let tokenizer: BPETokenizer
    /// `general.name`, or the file name.
    public let name: String
    /// The min/max of each nonlinearity input seen on training data (`encryptedlm.ranges.*`; empty for files
    /// that do not record them). Keys are the metadata keys less the prefix, e.g. "blk.0.attn_scores".
    public let nonlinearityRanges: [String: ClosedRange<Float>]

    /// Loads a GGUF file's model and tokenizer.
    /// - Parameters:
    ///   - url: the GGUF file.
    ///   - precision: how the model keeps its matrices (Float32 by default: exact).
    /// - Throws: `ModelFileError` for unreadable or malformed files, `LanguageModelError` for unsupported ones.
    public init(contentsOf url: URL, precision: WeightPrecision = .float32) throws {
        try self.init(gguf: GGUFFile(contentsOf: url), precision: precision)
    }

    /// Reads the model and tokenizer of a parsed GGUF file (for example one read from memory).
    /// - Parameters:
    ///   - file: the parsed file.
    ///   - precision: how the model keeps its matrices.
    /// - Throws: `LanguageModelError` for unsupported or inconsistent files, `ModelFileError` for unreadable tensors.
    public init(gguf file: GGUFFile, precision: WeightPrecision = .float32) throws {
        tokenizer = try BPETokenizer(gguf: file)
        model = try LlamaModel(gguf: file, precision: precision)
        guard tokenizer.vocabularySize <= model.configuration.vocabularySize else {
            throw LanguageModelError.invalidMetadata(
                key: "tokenizer.ggml.tokens",
                reason: "\(tokenizer.vocabularySize) tokens for \(model.configuration.vocabularySize) embedding rows")
        }
        name = file.string("general.name") ?? file.fileName
        nonlinearityRanges = Self.ranges(in: file)
    }

    /// The package's tiny embedded model (Resources/tiny-model.gguf).
    /// - Parameter precision: how the model keeps its matrices.
    /// - Throws: `LanguageModelError.missingResource` when the resource is absent from the bundle.
    public static func embedded(precision: WeightPrecision = .float32) throws -> LanguageModelBundle {
        try LanguageModelBundle(contentsOf: embeddedModelURL(), precision: precision)
    }

    /// The location of the embedded tiny model.
    /// - Throws: `LanguageModelError.missingResource`.
    public static func embeddedModelURL() throws -> URL {
        guard let url = Bundle.module.url(forResource: "tiny-model", withExtension: "gguf", subdirectory: "Resources")
        else { throw LanguageModelError.missingResource("Resources/tiny-model.gguf") }
        return url
    }

    private static let rangePrefix = "encryptedlm.ranges."

    static func ranges(in file: GGUFFile) -> [String: ClosedRange<Float>] {
        var ranges: [String: ClosedRange<Float>] = [:]
        for key in file.metadataKeys where key.hasPrefix(rangePrefix) {
            if let pair = file.floatArray(key), pair.count == 2, pair[0] <= pair[1] {
                ranges[String(key.dropFirst(rangePrefix.count))] = Float(pair[0])...Float(pair[1])
            }
        }
        return ranges
    }
}
