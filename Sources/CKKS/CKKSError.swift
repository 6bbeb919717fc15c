/// Errors thrown by the CKKS module. Each case says what went wrong and, in its documentation,
/// what the caller should do about it.
public enum CKKSError: Error, Sendable, Equatable {
    /// The ring degree is outside N = 2^12 … 2^17 (`logN` 12…17). Choose a supported `logN`.
    case unsupportedRingDegree(logN: Int)
    /// A prime bit size is outside the range the ring layer supports. Use sizes in `CKKSParameters.primeBitRange`.
    case invalidPrimeBitSize(Int)
    /// The chain has no special prime, or too many special primes (more than 63).
    case invalidModulusChain(String)
    /// The key-switching decomposition number must lie in 1 … (number of ciphertext primes).
    case invalidDecompositionNumber(dnum: Int, ciphertextPrimes: Int)
    /// log2(Q·P) exceeds the Homomorphic Encryption Standard bound for the requested security level.
    /// Use a larger ring degree or a shorter chain, or opt in with `securityLevel: .none` for tests only.
    case insecureParameters(logQP: Int, maximum: Int)
    /// No published bound exists for this ring degree at this security level. Use 128-bit security or
    /// a ring degree covered by the standard's table.
    case noPublishedSecurityBound(logN: Int, level: SecurityLevel)
    /// The scale must be a positive, finite power-of-two-ish number below the base prime (2^1 … 2^60).
    case invalidScale(Double)
    /// Two primes in the chain coincide; every RNS prime must be distinct.
    case duplicatePrimes([UInt64])
    /// A slot vector is longer than N/2 or its length is not a power of two.
    case invalidSlotCount(Int, maximum: Int)
    /// A value's magnitude times the scale does not fit in the modulus at this level (would wrap around).
    /// Encode at a higher level or with a smaller scale.
    case valueTooLargeForScale(value: Double, scale: Double)
    /// A value is NaN or infinite.
    case nonFiniteValue
    /// A level outside 0 … L was requested.
    case invalidLevel(Int, maximum: Int)
    /// Operands are at different levels. Bring the higher one down first (`Evaluator.dropLevels`, or
    /// `Evaluator.matchLevels`).
    case levelMismatch(Int, Int)
    /// Operands have different scales (relative difference above 2^-40). Rescale first, or multiply one operand
    /// by a constant that equalises the scales.
    case scaleMismatch(Double, Double)
    /// Operands or keys come from different `CKKSContext` instances (different primes). Use one context.
    case contextMismatch
    /// A ciphertext at level 0 cannot be rescaled: the chain is exhausted. Use parameters with more levels.
    case noLevelLeft
    /// The operation needs a ciphertext of size 2 (relinearise a size-3 product first).
    case ciphertextSizeMismatch(expected: Int, actual: Int)
    /// The operation needs a relinearisation key; generate one with `KeyGenerator.relinearizationKey`.
    case missingRelinearizationKey
    /// No Galois key for this element; generate keys for the rotation steps you use (`KeyGenerator.galoisKeys`).
    case missingGaloisKey(element: Int)
    /// Rescaling would make the scale smaller than 1 or non-finite.
    case scaleOutOfRange(Double)
    /// Serialized data is malformed; the message says which field failed validation.
    case invalidSerialization(String)
    /// A fixed Hamming weight must lie in 1 … N.
    case invalidHammingWeight(Int, degree: Int)
    /// A sparse secret of this Hamming weight is too easy to guess for a secure parameter set: use at least
    /// `KeyGenerator.minimumHammingWeight` (smaller weights are accepted only with `securityLevel: .none`).
    case hammingWeightTooSmall(Int, minimum: Int)
    /// Key generation or encryption was given a generator that is not a `CryptographicallySecureGenerator`
    /// (the payload names its type). Use the overload without a generator (ChaCha20 keyed by the system CSPRNG)
    /// or `ChaChaGenerator`; tests use `SeededGeneratorForTesting` (`@_spi(Testing) import RingArithmetic`).
    case insecureRandomGenerator(String)
    /// Serialized data is well-formed but beyond what the receiver's `CKKSDeserializationPolicy` accepts
    /// (insecure parameters, too large a ring or object); the message says which limit and how to change it.
    case refusedByPolicy(String)
    /// A key-switching digit (α consecutive ciphertext primes) has more bits than the special modulus P, so key
    /// switching would amplify noise. Add special primes, or raise dnum (smaller digits).
    case specialModulusTooSmall(digitBits: Int, specialBits: Int)
}
