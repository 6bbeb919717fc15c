import CKKS

/// Errors thrown by the bootstrapping module. Each case says what went wrong and what to do about it.
public enum BootstrappingError: Error, Sendable, Equatable {
    /// The parameter set cannot host the bootstrapping circuit: the chain has `available` levels but the
    /// circuit needs `required` (CoeffsToSlots + EvalMod + SlotsToCoeffs + the requested levels left).
    /// Use a deeper chain, fewer levels left, or merge more FFT stages per level.
    case notEnoughLevels(required: Int, available: Int)
    /// The slot count must be a power of two between 2 and N/2.
    case invalidSlotCount(Int, maximum: Int)
    /// A bootstrapping option is out of range; the message says which one and why.
    case invalidOption(String)
    /// The ciphertext has size 3: relinearise it before bootstrapping.
    case notRelinearized
    /// The ciphertext's slot count differs from the one the bootstrapper was built for.
    case slotCountMismatch(expected: Int, actual: Int)
    /// The ciphertext's scale is too large for the base prime q_0: Δ·|m| must stay well below q_0 / 2^ratio.
    /// Rescale (or multiply by a small constant) before bootstrapping.
    case scaleTooLarge(scale: Double, maximum: Double)
    /// The ciphertext or keys come from another `CKKSContext`.
    case contextMismatch
    /// The parameters use sparse-secret encapsulation but the keys lack its two switching keys (or the other
    /// way round). Generate the keys with `KeyGenerator.bootstrappingKeys(for:parameters:)`.
    case encapsulationKeysMismatch
    /// A requested circuit depth exceeds the levels a bootstrapped ciphertext has left.
    case depthExceedsBootstrappedLevels(depth: Int, available: Int)
}
