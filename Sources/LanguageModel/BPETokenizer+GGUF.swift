import ModelFiles

extension BPETokenizer {
    /// Reads the tokenizer of a GGUF file (`tokenizer.ggml.*`).
    ///
    /// The arrays were bounded by the file's size when it was parsed; here their types and lengths are checked
    /// before anything is converted (a token-type array of another length is refused, not widened first).
    /// - Parameter file: a parsed GGUF file whose `tokenizer.ggml.model` is "gpt2".
    /// - Throws: `LanguageModelError.unsupportedTokenizer` for other models or pre-tokenizers,
    ///   `.missingMetadata` when tokens or merges are absent, `.invalidMetadata` when they have the wrong type
    ///   or are inconsistent.
    public init(gguf file: GGUFFile) throws {
        let metadata = GGUFMetadataReader(file: file, prefix: "tokenizer.ggml.")
        let model = try metadata.optionalString("model") ?? "(none)"
        guard model == "gpt2" else { throw LanguageModelError.unsupportedTokenizer(model) }
        let tokens = try Self.strings(metadata, "tokens")
        let merges = try Self.strings(metadata, "merges")
        var types: [Int32]?
        if let array = try metadata.optionalArray("token_type") {
            guard array.count == tokens.count else {
                throw LanguageModelError.invalidMetadata(
                    key: "tokenizer.ggml.token_type", reason: "\(array.count) types for \(tokens.count) tokens")
            }
            guard let values = array.integers else {
                throw LanguageModelError.invalidMetadata(key: "tokenizer.ggml.token_type", reason: "not an integer array")
            }
            var narrow: [Int32] = []
            narrow.reserveCapacity(values.count)
            for value in values {
                guard let type = Int32(exactly: value) else {
                    throw LanguageModelError.invalidMetadata(key: "tokenizer.ggml.token_type", reason: "\(value) is not an int32 token type")
                }
                narrow.append(type)
            }
            types = narrow
        }
        try self.init(
            tokens: tokens, tokenTypes: types, merges: merges,
            preTokenizer: PreTokenizer(name: try metadata.optionalString("pre") ?? "default"),
            beginningOfSequence: try metadata.optionalInteger("bos_token_id"),
            endOfSequence: try metadata.optionalInteger("eos_token_id"))
    }

    /// The string array under `key`.
    /// - Throws: `LanguageModelError.missingMetadata` or `.invalidMetadata` (present, but not strings).
    private static func strings(_ metadata: GGUFMetadataReader, _ key: String) throws -> [String] {
        guard let array = try metadata.optionalArray(key) else { throw LanguageModelError.missingMetadata("tokenizer.ggml." + key) }
        guard let strings = array.strings else {
            throw LanguageModelError.invalidMetadata(key: "tokenizer.ggml." + key, reason: "not an array of strings")
        }
        return strings
    }
}
