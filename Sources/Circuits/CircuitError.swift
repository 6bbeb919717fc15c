/// Errors thrown by the circuits module. Each case says what went wrong and what to do about it.
/// Errors of the scheme itself (missing keys, mismatched contexts) pass through as `CKKSError`.
public enum CircuitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The circuit needs `needed` levels but the ciphertext has only `available` left. Bootstrap first, start
    /// from a higher level, or use parameters with a longer modulus chain (see `LevelPlanner`).
    case insufficientLevels(operation: String, needed: Int, available: Int)
    /// An argument is outside what the operation supports; the message says which and why.
    case invalidArgument(String)
    /// The slot layout of a ciphertext does not match the transform (slot counts must agree).
    case slotCountMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case let .insufficientLevels(operation, needed, available):
            return "\(operation) needs \(needed) levels but only \(available) are left: bootstrap first, encrypt at a "
                + "higher level, or use parameters with more levels"
        case let .invalidArgument(message):
            return "invalid argument: \(message)"
        case let .slotCountMismatch(expected, actual):
            return "the transform is built for \(expected) slots but the ciphertext has \(actual): rebuild the transform "
                + "for this slot count"
        }
    }
}
