import CKKS

/// Anything that refreshes a ciphertext's levels: the real `Bootstrapper` (public evaluation keys only), or,
/// for tests of deep circuits, the `SecretKeyBootstrapper` (which decrypts: `@_spi(Testing)` only). Circuits
/// that need bootstrapping are written against this protocol, so a test can run them on either (Lattigo's
/// `Bootstrapper` interface and `SecretKeyBootstrapper` play the same roles).
public protocol CiphertextBootstrapper: Sendable {
    /// The context of the ciphertexts it refreshes.
    var context: CKKSContext { get }
    /// The slot count of the ciphertexts it refreshes.
    var slotCount: Int { get }
    /// The level of a refreshed ciphertext: the levels left for computation.
    var levelsLeft: Int { get }
    /// An evaluator holding the evaluation keys (the bootstrapping keys and whatever the application added).
    var evaluator: Evaluator { get }
    /// Refreshes `ciphertext` (any level, |slots| ≤ 1) to level `levelsLeft`, keeping its slots up to the
    /// refresh's error.
    func bootstrap(_ ciphertext: Ciphertext) throws -> Ciphertext
}

extension CiphertextBootstrapper {
    /// Bootstraps only when a circuit of `depth` levels would not fit in the ciphertext's remaining levels.
    /// - Parameters:
    ///   - ciphertext: the input.
    ///   - depth: the multiplicative depth of the next operations.
    /// - Returns: `ciphertext` itself when its level is at least `depth`, otherwise its bootstrap.
    /// - Throws: `BootstrappingError.depthExceedsBootstrappedLevels` when even a bootstrapped ciphertext
    ///   could not host `depth` levels; errors of `bootstrap(_:)`.
    public func bootstrapIfNeeded(_ ciphertext: Ciphertext, beforeDepth depth: Int) throws -> Ciphertext {
        if ciphertext.level >= depth { return ciphertext }
        guard depth <= levelsLeft else {
            throw BootstrappingError.depthExceedsBootstrappedLevels(depth: depth, available: levelsLeft)
        }
        return try bootstrap(ciphertext)
    }
}

extension Bootstrapper: CiphertextBootstrapper {
    public var slotCount: Int { parameters.slotCount }
    public var levelsLeft: Int { parameters.levelsLeft }
}
