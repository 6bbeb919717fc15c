import ModelFiles

extension BPETokenizer {
    /// Reads the tokenizer of a GGUF file (`tokenizer.ggml.*`).
    /// - Parameter file: a parsed GGUF file whose `tokenizer.ggml.model` is "gpt2".
    /// - Throws: `LanguageModelError.unsupportedTokenizer` for other models or pre-tokenizers,
    ///   `.missingMetadata` when tokens or merges are absent, `.invalidMetadata` when they are inconsistent.
    public init(gguf file: GGUFFile) throws {
        let model = file.string("tokenizer.ggml.model") ?? "(none)"
        guard model == "gpt2" else { throw LanguageModelError.unsupportedTokenizer(model) }
        guard let tokens = file.stringArray("tokenizer.ggml.tokens") else {
            throw LanguageModelError.missingMetadata("tokenizer.ggml.tokens")
        }
        guard let merges = file.stringArray("tokenizer.ggml.merges") else {
            throw LanguageModelError.missingMetadata("tokenizer.ggml.merges")
        }
        let types = file.integerArray("tokenizer.ggml.token_type")?.map { Int32(truncatingIfNeeded: $0) }
        try self.init(
            tokens: tokens, tokenTypes: types, merges: merges,
            preTokenizer: PreTokenizer(name: file.string("tokenizer.ggml.pre") ?? "default"),
            beginningOfSequence: file.integer("tokenizer.ggml.bos_token_id"),
            endOfSequence: file.integer("tokenizer.ggml.eos_token_id"))
    }
}
