/// What can go wrong between a generation client and server. Every malformed, truncated, oversized or
/// out-of-order message becomes one of these — never a trap — and the server answers it with an `error` message
/// and ends that session only.
public enum GenerationProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not a well-formed message (bad magic, version, kind, field, trailing bytes…).
    case malformed(String)
    /// A frame declares more bytes than the receiver accepts for its kind.
    case tooLarge(kind: UInt8, length: UInt64, limit: Int)
    /// A well-formed message the session did not expect now.
    case unexpected(String)
    /// The peer's parameters, model or setup differ from the receiver's.
    case mismatch(String)
    /// The peer reported an error (the text of its `error` message).
    case peer(String)
    /// The connection ended, or a read or write failed (`errno` text).
    case connection(String)

    public var description: String {
        switch self {
        case let .malformed(why): return "malformed message: \(why)"
        case let .tooLarge(kind, length, limit):
            return "message of kind \(kind) declares \(length) bytes, above the limit of \(limit)"
        case let .unexpected(why): return "unexpected message: \(why)"
        case let .mismatch(why): return "client and server disagree: \(why)"
        case let .peer(text): return "the peer reported: \(text)"
        case let .connection(why): return "connection: \(why)"
        }
    }
}
