import ModelFiles

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
    func optionalInteger(_ key: String) throws -> Int? { try optional(key, "an integer") { $0.integer } }

    /// The number under `key` as a `Float`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not a number, or not finite as a `Float`.
    func optionalFloat(_ key: String) throws -> Float? {
        try optional(key, "a finite number") { value in value.double.map { Float($0) }.flatMap { $0.isFinite ? $0 : nil } }
    }

    /// The array under `key`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not an array.
    func optionalArray(_ key: String) throws -> GGUFArray? { try optional(key, "an array") { $0.array } }

    /// The string under `key`, `nil` when absent.
    /// - Throws: `LanguageModelError.invalidMetadata` when present but not a string.
    func optionalString(_ key: String) throws -> String? { try optional(key, "a string") { $0.string } }

    /// The value under `key` converted by `convert`, `nil` when absent; an error names `expected` when the
    /// conversion fails.
    private func optional<T>(_ key: String, _ expected: String, _ convert: (GGUFValue) -> T?) throws -> T? {
        guard let value = file.metadata[prefix + key] else { return nil }
        guard let converted = convert(value) else {
            let found = value.array.map { "an array of \($0.count) elements" } ?? "\(value)".prefix(80).description
            throw LanguageModelError.invalidMetadata(key: prefix + key, reason: "\(found) is not \(expected)")
        }
        return converted
    }
}
