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

    /// h = 32: the Hamming weight of the ephemeral secret of sparse-secret encapsulation in the presets.
    public static let presetEphemeralSecretWeight = 32

    /// **128-bit secure** (validated by `CKKSParameters`' Homomorphic Encryption Standard check),
    /// N = 2^16, uniform ternary secret, full packing (32768 slots) by default, sparse-secret encapsulation.
    ///
    /// Chain (bottom-up): q_0 = 60 bits, 9 × 40-bit levels left, SlotsToCoeffs 3 × 50, EvalMod 8 × 60
    /// (cosine of degree 55, K = 16, r = 2), CoeffsToSlots 4 × 60 (three matrices, the first spending two
    /// primes); P = 7 × 60 bits, dnum 4: log2(QP) = 1710 ≤ 1747. The ephemeral secret has h = 32
    /// (`presetEphemeralSecretWeight`); its key lives modulo q_0·p_0 (120 bits) only, the modulus and weight
    /// of Bossuat, Troncoso-Pastoriza and Hubaux (ACNS 2022), where sparse-secret attacks are far from
    /// feasible (Docs/Bootstrapping.md §1). EvalMod needs the 60-bit primes: its noise is amplified by 2πK and
    /// the double angles. At most 8 baby steps per transform: 27 rotation keys (plus conjugation,
    /// relinearisation and the two encapsulation keys), 4.0 GB, and a peak of 7.7 GB with every diagonal
    /// cached. log2(q_0/Δ_in) = 6 for 32768 slots: the coefficients are ≈ 2^-8 of the slot values, so the
    /// sine's curvature costs only ≈ 2^-25.
    ///
    /// P takes as many 60-bit primes as the budget leaves, up to 7. Up to 12 levels left fit (log2(QP) = 1710
    /// with 12: P = 5 primes, dnum 6); from 10 levels on dnum exceeds 4, and the keys, then bounded to 4 baby
    /// steps (15 rotations), grow to 3.7 GB at 12 levels: a slower bootstrap with more application depth.
    /// - Parameters:
    ///   - slotCount: n (`nil`: 32768, full packing).
    ///   - levelsLeft: the 40-bit levels left to the application, 1 … 12 (default 9).
    /// - Throws: `BootstrappingError.invalidOption` for `levelsLeft` outside 1 … 12; errors of `init`.
    public static func secureN16(slotCount: Int? = nil, levelsLeft: Int = 9) throws -> BootstrappingParameters {
        guard (1...12).contains(levelsLeft) else {
            throw BootstrappingError.invalidOption("the secure N = 2^16 chain leaves 1 … 12 levels (got \(levelsLeft))")
        }
        // As many 60-bit special primes as the 1747-bit budget allows, at most 7: a larger P means fewer, larger
        // digits (dnum 4 with 7 primes: fewer NTTs per key switch and smaller keys).
        let logQ = 60 + 40 * levelsLeft + 3 * 50 + 8 * 60 + 4 * 60
        let specialCount = min(7, (1747 - logQ) / 60)
        let scheme = try scheme(
            logN: 16, levelsLeft: levelsLeft, slotsToCoeffs: [50, 50, 50], evalMod: Array(repeating: 60, count: 8),
            coeffsToSlots: [60, 60, 60, 60], special: Array(repeating: 60, count: specialCount), security: .bits128)
        let n = slotCount ?? scheme.maximumSlotCount
        // 8 baby steps halve the giant-step rotations but need 27 keys: within 8 GB only while dnum ≤ 4.
        let babySteps = scheme.decompositionNumber <= 4 ? 8 : 4
        return try BootstrappingParameters(
            scheme: scheme, slotCount: n, coeffsToSlotsLevels: 3, slotsToCoeffsLevels: 3, doubleAngleCount: 2,
            logMessageRatio: max(6, 13 - n.trailingZeroBitCount / 2), maximumBabySteps: babySteps,
            ephemeralSecretWeight: presetEphemeralSecretWeight)
    }

    /// **INSECURE — tests only** (security check disabled). N = 2^12, the secure preset's circuit (sparse-secret
    /// encapsulation with h = 32, K = 16, r = 2, 60-bit CoeffsToSlots and EvalMod primes); 4 levels left by
    /// default, or as many as the secure preset's 9 (or more) for tests of the circuits that run on it.
    /// - Parameters:
    ///   - slotCount: n (`nil`: 2048, full packing).
    ///   - encapsulation: use sparse-secret encapsulation (`false`: the dense secret, K = 128, r = 4).
    ///   - levelsLeft: the 40-bit levels left to the application (default 4).
    /// - Throws: errors of `init` (none for the built-in values).
    public static func insecureTestN12(
        slotCount: Int? = nil, encapsulation: Bool = true, levelsLeft: Int = 4
    ) throws -> BootstrappingParameters {
        let scheme = try scheme(
            logN: 12, levelsLeft: levelsLeft, slotsToCoeffs: [50, 50, 50],
            evalMod: Array(repeating: 60, count: encapsulation ? 8 : 11),
            coeffsToSlots: [60, 60, 60, 60], special: [60, 60, 60], security: .none)
        return try BootstrappingParameters(
            scheme: scheme, slotCount: slotCount ?? scheme.maximumSlotCount, coeffsToSlotsLevels: 3,
            slotsToCoeffsLevels: 3, doubleAngleCount: encapsulation ? 2 : nil, logMessageRatio: 8,
            ephemeralSecretWeight: encapsulation ? presetEphemeralSecretWeight : nil)
    }
}
