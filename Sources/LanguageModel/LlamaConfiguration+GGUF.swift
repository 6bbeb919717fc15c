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
