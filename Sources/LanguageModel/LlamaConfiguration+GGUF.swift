import ModelFiles

extension LlamaConfiguration {
    /// Reads the `llama.*` hyper-parameters of a GGUF file.
    ///
    /// Only the metadata is read here; `LlamaModel(gguf:)` then checks every tensor the configuration implies
    /// against the file's tensor infos before converting any weight.
    /// - Parameter file: a parsed GGUF file of architecture "llama".
    /// - Throws: `LanguageModelError.unsupportedArchitecture`, `.missingMetadata`, `.invalidMetadata` (also for a
    ///   key present with the wrong type, which is not silently replaced by a default).
    public init(gguf file: GGUFFile) throws {
        let architecture = file.string("general.architecture") ?? "(none)"
        guard architecture == "llama" else { throw LanguageModelError.unsupportedArchitecture(architecture) }
        let metadata = GGUFMetadataReader(file: file, prefix: "llama.")
        let embedding = try file.tensor(named: "token_embd.weight")
        let headCount = try metadata.integer("attention.head_count")
        try self.init(
            // llama.vocab_size is optional in llama.cpp; the embedding's row count stands in for it (and must
            // then match it exactly, like every other dimension).
            vocabularySize: try metadata.optionalInteger("vocab_size") ?? embedding.rowCount,
            embeddingLength: try metadata.integer("embedding_length"),
            blockCount: try metadata.integer("block_count"),
            feedForwardLength: try metadata.integer("feed_forward_length"),
            headCount: headCount,
            headCountKV: try metadata.optionalInteger("attention.head_count_kv") ?? headCount,
            ropeDimensionCount: try metadata.optionalInteger("rope.dimension_count"),
            ropeFrequencyBase: try metadata.optionalFloat("rope.freq_base") ?? 10_000,
            rmsNormEpsilon: try metadata.optionalFloat("attention.layer_norm_rms_epsilon") ?? 1e-5,
            contextLength: try metadata.integer("context_length"))
    }
}

/// Typed access to a GGUF file's metadata for a loader: a missing required key and a key of the wrong type
/// are both errors (`file.integer(_:)` alone would turn the second into "absent").
struct GGUFMetadataReader {
    let file: GGUFFile
    /// Prepended to every key (`"llama."`, `"tokenizer.ggml."`).
    let prefix: String

    /// - Throws: `LanguageModelError.missingMetadata` or `.invalidMetadata`.
    func integer(_ key: String) throws -> Int {
        guard let value = try optionalInteger(key) else { throw LanguageModelError.missingMetadata(prefix + key) }
        return value
    }

    /// The integer under `key`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not an integer that fits `Int`.
    func optionalInteger(_ key: String) throws -> Int? {
        guard let value = file.metadata[prefix + key] else { return nil }
        guard let integer = value.integer else {
            throw LanguageModelError.invalidMetadata(key: prefix + key, reason: "\(value) is not an integer")
        }
        return integer
    }

    /// The number under `key` as a `Float`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not a number, or not finite as a `Float`.
    func optionalFloat(_ key: String) throws -> Float? {
        guard let value = file.metadata[prefix + key] else { return nil }
        guard let number = value.double, Float(number).isFinite else {
            throw LanguageModelError.invalidMetadata(key: prefix + key, reason: "\(value) is not a finite number")
        }
        return Float(number)
    }

    /// The array under `key`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not an array.
    func optionalArray(_ key: String) throws -> GGUFArray? {
        guard let value = file.metadata[prefix + key] else { return nil }
        guard let array = value.array else {
            throw LanguageModelError.invalidMetadata(key: prefix + key, reason: "not an array")
        }
        return array
    }

    /// The string under `key`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not a string.
    func optionalString(_ key: String) throws -> String? {
        guard let value = file.metadata[prefix + key] else { return nil }
        guard let string = value.string else {
            throw LanguageModelError.invalidMetadata(key: prefix + key, reason: "not a string")
        }
        return string
    }
}
