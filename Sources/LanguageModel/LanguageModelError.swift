/// Errors of the language-model module: bad model files, bad inputs, a full context.
public enum LanguageModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A metadata key the model needs is absent or has the wrong type.
    case missingMetadata(String)
    /// A metadata value is out of range or inconsistent with another.
    case invalidMetadata(key: String, reason: String)
    /// A tensor the architecture needs is absent.
    case missingTensor(String)
    /// A tensor has dimensions other than the configuration implies.
    case tensorShapeMismatch(name: String, expected: [Int], found: [Int])
    /// A weight is NaN or infinite (element `index` of the tensor in storage order): the file is corrupted.
    case nonFiniteWeight(tensor: String, index: Int)
    /// The file's architecture is not one this module runs.
    case unsupportedArchitecture(String)
    /// The tokenizer model or pre-tokenizer is not one this module implements.
    case unsupportedTokenizer(String)
    /// A token id outside the vocabulary.
    case tokenOutOfRange(Int, vocabularySize: Int)
    /// An input embedding whose length is not the model's embedding length.
    case embeddingLengthMismatch(expected: Int, found: Int)
    /// A sampling temperature that is negative or not finite.
    case invalidTemperature(Float)
    /// A call that needs at least one token got none.
    case emptyInput
    /// The KV cache holds `contextLength` positions already.
    case contextFull(contextLength: Int)
    /// A batched step was given a different number of inputs and caches.
    case batchMismatch(inputs: Int, caches: Int)
    /// A text piece that no token of the vocabulary spells (the vocabulary lacks a byte token).
    case untokenizable(String)
    /// The package's embedded model resource is missing from the bundle.
    case missingResource(String)

    public var description: String {
        switch self {
        case .missingMetadata(let key): "model file lacks metadata '\(key)'"
        case .invalidMetadata(let key, let reason): "invalid metadata '\(key)': \(reason)"
        case .missingTensor(let name): "model file lacks tensor '\(name)'"
        case .tensorShapeMismatch(let name, let expected, let found):
            "tensor '\(name)' has shape \(found), expected \(expected)"
        case .nonFiniteWeight(let tensor, let index):
            "tensor '\(tensor)' holds a NaN or infinite weight at element \(index); the model file is corrupted"
        case .unsupportedArchitecture(let name): "unsupported architecture '\(name)' (only 'llama')"
        case .unsupportedTokenizer(let name): "unsupported tokenizer '\(name)'"
        case .tokenOutOfRange(let token, let size): "token id \(token) outside the vocabulary of \(size)"
        case .embeddingLengthMismatch(let expected, let found):
            "input embedding has \(found) values, the model expects \(expected)"
        case .invalidTemperature(let t): "temperature \(t) is not a finite number ≥ 0"
        case .emptyInput: "no input tokens"
        case .contextFull(let length): "the context of \(length) positions is full"
        case .batchMismatch(let inputs, let caches): "a batch of \(inputs) inputs for \(caches) caches"
        case .untokenizable(let text): "no token spells '\(text)'"
        case .missingResource(let name): "the package resource '\(name)' is missing"
        }
    }
}
