/// Errors of the encrypted sampler. Each case says what went wrong and what to do about it.
public enum SamplerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The vocabulary (padded to a power of two W, and doubled for the zero padding the prefix sums need) does
    /// not fit the bootstrapper's slot count. Use a bootstrapper with at least 2W slots.
    case vocabularyTooLarge(vocabulary: Int, slotCount: Int)
    /// A ciphertext's slot count is not the layout's.
    case slotCountMismatch(expected: Int, actual: Int)
    /// A ciphertext arrives with too few levels for the stage that consumes it.
    case insufficientLevels(input: String, needed: Int, available: Int)
    /// The bootstrapper leaves fewer levels than the sampler's rounds need. Use a preset with more levels left.
    case bootstrapperTooShallow(levelsLeft: Int, needed: Int)
    /// The number of public random draws is not one per instance.
    case drawCountMismatch(expected: Int, actual: Int)
    /// A public draw is outside [0, 1).
    case drawOutOfRange(Double)
    /// Encrypted draws must be encoded at `EncryptedSampler.drawsScale` (use `drawsPlaintext(_:)`).
    case drawScaleMismatch(expected: Double, actual: Double)
    /// A configuration value is invalid; the message says which and why.
    case invalidConfiguration(String)
    /// The feedback embedding table does not match the vocabulary or does not fit a block.
    case embeddingTableMismatch(String)

    public var description: String {
        switch self {
        case let .vocabularyTooLarge(vocabulary, slots):
            "a vocabulary of \(vocabulary) tokens needs more than the bootstrapper's \(slots) slots"
        case let .slotCountMismatch(expected, actual): "expected a ciphertext of \(expected) slots, got \(actual)"
        case let .insufficientLevels(input, needed, available):
            "\(input) needs level \(needed) or more, got \(available)"
        case let .bootstrapperTooShallow(left, needed):
            "the sampler needs \(needed) levels after each bootstrap; the bootstrapper leaves \(left)"
        case let .drawCountMismatch(expected, actual): "expected \(expected) random draws (one per instance), got \(actual)"
        case let .drawOutOfRange(r): "random draw \(r) is outside [0, 1)"
        case let .drawScaleMismatch(expected, actual):
            "encrypted draws have scale \(actual); encode them with drawsPlaintext(_:) (scale \(expected))"
        case let .invalidConfiguration(message): "invalid sampler configuration: \(message)"
        case let .embeddingTableMismatch(message): "embedding table: \(message)"
        }
    }
}
