/// Named parameter sets. Every secure preset is validated against `SecurityStandard` at 128 bits; the
/// test presets are **insecure** and say so in their names.
///
/// Key-switching noise after ModDown is about (largest digit modulus / P) · dnum · N · σ, so each preset
/// keeps every digit (α consecutive ciphertext primes) no larger than P.
extension CKKSParameters {
    private static func make(
        _ logN: Int, levels: Int, special: [Int], dnum: Int, security: SecurityLevel = .bits128
    ) -> CKKSParameters {
        do {
            return try CKKSParameters(
                logN: logN, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: levels),
                specialPrimeBits: special, decompositionNumber: dnum, logScale: 40, securityLevel: security)
        } catch {
            preconditionFailure("built-in preset is invalid: \(error)")
        }
    }

    /// N = 2^12, depth 1 with a 30-bit scale: q_0 = 39, one 30-bit level, P = 39 bits (108 ≤ 109 bits),
    /// dnum 2. 128-bit secure; 60/40-bit primes do not fit the 109-bit budget.
    public static let n12: CKKSParameters = {
        do {
            return try CKKSParameters(
                logN: 12, firstPrimeBits: 39, scalingPrimeBits: [30], specialPrimeBits: [39],
                decompositionNumber: 2, logScale: 30)
        } catch { preconditionFailure("built-in preset is invalid: \(error)") }
    }()
    /// N = 2^13, depth 2: 60 + 2×40 + P 60 = 200 ≤ 218 bits, dnum 3. 128-bit secure.
    public static let n13 = make(13, levels: 2, special: [60], dnum: 3)
    /// N = 2^14, depth 7: 60 + 7×40 + P 60 = 400 ≤ 438 bits, dnum 8. 128-bit secure.
    public static let n14 = make(14, levels: 7, special: [60], dnum: 8)
    /// N = 2^15, depth 16: 60 + 16×40 + P 3×60 = 880 ≤ 881 bits, dnum 5 (4 primes, ≤ 180 bits, per digit).
    /// 128-bit secure.
    public static let n15 = make(15, levels: 16, special: [60, 60, 60], dnum: 5)
    /// N = 2^16, depth 37: 60 + 37×40 + P 3×60 = 1720 ≤ 1747 bits, dnum 10 (4 primes, ≤ 180 bits, per digit).
    /// The deepest chain with practical key sizes (a relinearisation key is about 420 MB). 128-bit secure.
    public static let n16 = make(16, levels: 37, special: [60, 60, 60], dnum: 10)
    /// N = 2^16, depth 40: 60 + 40×40 + P 60 = 1720 ≤ 1747 bits, dnum 41 (one prime per digit, as SEAL).
    /// The deepest chain 128-bit security allows with 40-bit levels; each switching key is about 1.8 GB.
    public static let n16Deepest = make(16, levels: 40, special: [60], dnum: 41)

    /// The benchmark chains of `../shared/peers/`: "logN:L" = one 60-bit base prime, L 40-bit scaling primes,
    /// one 60-bit special prime, scale 2^40.
    /// - Parameters:
    ///   - logN: log2 of the ring degree.
    ///   - levels: L.
    ///   - specialPrimes: the number of 60-bit special primes (1 in the peers' chains).
    ///   - decompositionNumber: dnum; `nil` means L+1 (what SEAL uses with one special prime).
    ///   - securityLevel: checked as usual; small N with many levels need `.none` (SEAL's bench does the same).
    /// - Throws: any validation error of `init`.
    public static func benchmark(
        logN: Int, levels: Int, specialPrimes: Int = 1, decompositionNumber: Int? = nil, securityLevel: SecurityLevel
    ) throws -> CKKSParameters {
        try CKKSParameters(
            logN: logN, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: levels),
            specialPrimeBits: Array(repeating: 60, count: specialPrimes), decompositionNumber: decompositionNumber,
            logScale: 40, securityLevel: securityLevel)
    }

    /// **INSECURE — tests only.** N = 2^12, depth 3, P = 2×60 bits, dnum 2 (two primes per digit).
    public static let insecureTestN12 = make(12, levels: 3, special: [60, 60], dnum: 2, security: .none)
    /// **INSECURE — tests only.** N = 2^13, depth 5, P = 60 bits, dnum 6 (one prime per digit).
    public static let insecureTestN13 = make(13, levels: 5, special: [60], dnum: 6, security: .none)
}
