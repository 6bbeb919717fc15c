/// Errors of the encrypted transformer.
public enum TransformerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Shapes, levels or ranges that the encrypted layers cannot be built for.
    case invalidConfiguration(String)
    /// A position at or beyond the encrypted cache's capacity.
    case cacheFull(capacity: Int)
    /// An input that does not match the layer (length, bound, slot count).
    case inputMismatch(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(why): return "invalid encrypted-transformer configuration: \(why)"
        case let .cacheFull(capacity): return "the encrypted KV cache is full (\(capacity) positions)"
        case let .inputMismatch(why): return "input mismatch: \(why)"
        }
    }
}
