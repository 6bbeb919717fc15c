import CKKS

/// Bootstrapping presets. The chain of each is laid out bottom-up: q_0, the levels left to the application
/// (40-bit, scale 2^40), SlotsToCoeffs, EvalMod, CoeffsToSlots (the top).
extension BootstrappingParameters {
    /// Builds the CKKS chain for a bootstrapping layout.
    /// - Parameters:
    ///   - logN: log2 N.
    ///   - levelsLeft: 40-bit levels for the application.
    ///   - slotsToCoeffs: bit sizes of the SlotsToCoeffs primes (bottom first).
    ///   - evalMod: bit sizes of the EvalMod primes.
    ///   - coeffsToSlots: bit sizes of the CoeffsToSlots primes.
    ///   - special: bit sizes of the key-switching primes (60 bits each).
    ///   - decompositionNumber: dnum (`nil`: as many digits of `special.count` primes as the chain needs, so
    ///     every digit is at most P and key-switching noise stays below the rescaling noise).
    ///   - security: the security level to validate.
    /// - Throws: `CKKSError` from validation.
    public static func scheme(
        logN: Int, levelsLeft: Int, slotsToCoeffs: [Int], evalMod: [Int], coeffsToSlots: [Int], special: [Int],
        decompositionNumber: Int? = nil, security: SecurityLevel
    ) throws -> CKKSParameters {
        let scaling = Array(repeating: 40, count: levelsLeft) + slotsToCoeffs + evalMod + coeffsToSlots
        let dnum = decompositionNumber ?? (scaling.count + 1 + special.count - 1) / special.count
        return try CKKSParameters(
            logN: logN, firstPrimeBits: 60, scalingPrimeBits: scaling, specialPrimeBits: special,
            decompositionNumber: dnum, logScale: 40, securityLevel: security)
    }

    /// **128-bit secure** (validated by `CKKSParameters`' Homomorphic Encryption Standard check),
    /// N = 2^16, uniform ternary secret, full packing (32768 slots) by default.
    ///
    /// Chain (bottom-up): q_0 = 60 bits, 9 × 40-bit levels left, SlotsToCoeffs 3 × 50, EvalMod 13 × 60
    /// (cosine of degree 87, K = 512, r = 6), CoeffsToSlots 4 × 50 (three matrices, the first spending two
    /// primes); P = 3 × 60 bits, dnum 10: log2(QP) = 1730 ≤ 1747. EvalMod needs the 60-bit primes (its noise
    /// is amplified by K and by the double angles: 55-bit primes cost ≈ 4.5 bits of precision). At most 4 baby
    /// steps per transform keeps the rotation keys to 15 (plus conjugation and relinearisation).
    /// log2(q_0/Δ_in) = 5: with 32768 slots the coefficients are ≈ 2^-8 of the slot values, so the sine's
    /// curvature costs only ≈ 2^-23.
    /// - Parameters:
    ///   - slotCount: n (`nil`: 32768, full packing).
    /// - Throws: errors of `init` (none for the built-in values).
    public static func secureN16(slotCount: Int? = nil) throws -> BootstrappingParameters {
        let scheme = try scheme(
            logN: 16, levelsLeft: 9, slotsToCoeffs: [50, 50, 50], evalMod: Array(repeating: 60, count: 13),
            coeffsToSlots: [50, 50, 50, 50], special: [60, 60, 60], security: .bits128)
        let n = slotCount ?? scheme.maximumSlotCount
        return try BootstrappingParameters(
            scheme: scheme, slotCount: n, coeffsToSlotsLevels: 3, slotsToCoeffsLevels: 3,
            logMessageRatio: max(6, 13 - n.trailingZeroBitCount / 2), maximumBabySteps: 4)
    }

    /// **INSECURE — tests only** (security check disabled). N = 2^12, K = 128, r = 4, 60-bit CoeffsToSlots
    /// and EvalMod primes; 4 levels left.
    /// - Parameters:
    ///   - slotCount: n (`nil`: 2048, full packing).
    /// - Throws: errors of `init` (none for the built-in values).
    public static func insecureTestN12(slotCount: Int? = nil) throws -> BootstrappingParameters {
        let scheme = try scheme(
            logN: 12, levelsLeft: 4, slotsToCoeffs: [50, 50, 50], evalMod: Array(repeating: 60, count: 11),
            coeffsToSlots: [60, 60, 60, 60], special: [60, 60, 60], security: .none)
        return try BootstrappingParameters(
            scheme: scheme, slotCount: slotCount ?? scheme.maximumSlotCount, coeffsToSlotsLevels: 3,
            slotsToCoeffsLevels: 3, logMessageRatio: 8)
    }
}
