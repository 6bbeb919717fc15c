/// Classical security levels of the Homomorphic Encryption Standard.
public enum SecurityLevel: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// No check at all. Only for tests and experiments: the resulting keys offer **no** guaranteed security.
    case none = 0
    /// 128-bit classical security (the default).
    case bits128 = 128
    /// 192-bit classical security.
    case bits192 = 192
    /// 256-bit classical security.
    case bits256 = 256

    public var description: String { self == .none ? "none (insecure)" : "\(rawValue)-bit" }
}

/// The maximum size of the key-switching modulus Q·P for which Ring-LWE with a ternary secret and
/// error of standard deviation 3.2 reaches a given classical security level.
///
/// Source: M. Albrecht, M. Chase, H. Chen, J. Ding, S. Goldwasser, S. Gorbunov, S. Halevi, J. Hoffstein,
/// K. Laine, K. Lauter, S. Lokam, D. Micciancio, D. Moody, T. Morrison, A. Sahai, V. Vaikuntanathan,
/// "Homomorphic Encryption Security Standard", HomomorphicEncryption.org, Toronto, November 2018
/// (v1.1), Table 1, the "uniform ternary secret" rows (`HEStd_ternary`), classical attack costs.
/// The same figures are the tables `SEAL_HE_STD_PARMS_{128,192,256}_TC` of Microsoft SEAL 4.x
/// (`native/src/seal/util/hestdparms.h`).
///
/// The standard stops at N = 2^15. For N = 2^16 and 2^17 at 128 bits this type uses OpenFHE's
/// extension of the same table (`HEStd_128_classic`, ternary: 1747 and 3523 bits in
/// `src/core/lib/lattice/stdlatticeparms.cpp`), obtained with the lattice estimator by the same method.
/// Some tools quote slightly larger figures (1772, 3544); we take the smaller, conservative ones.
/// No 192/256-bit figures are published for N ≥ 2^16, so those combinations are refused.
public enum SecurityStandard {
    /// (log2 N, maximum log2(Q·P)) for 128-bit classical security, ternary secret.
    static let ternary128: [Int: Int] = [10: 27, 11: 54, 12: 109, 13: 218, 14: 438, 15: 881, 16: 1747, 17: 3523]
    /// (log2 N, maximum log2(Q·P)) for 192-bit classical security, ternary secret.
    static let ternary192: [Int: Int] = [10: 19, 11: 37, 12: 75, 13: 152, 14: 305, 15: 611]
    /// (log2 N, maximum log2(Q·P)) for 256-bit classical security, ternary secret.
    static let ternary256: [Int: Int] = [10: 14, 11: 29, 12: 58, 13: 118, 14: 237, 15: 476]

    /// The largest admissible log2(Q·P) for ring degree 2^`logN` at `level`.
    /// - Parameters:
    ///   - logN: log2 of the ring degree.
    ///   - level: the security level; `.none` has no bound.
    /// - Returns: the bound in bits, `Int.max` for `.none`, or `nil` when the table has no entry.
    public static func maximumLogQP(logN: Int, level: SecurityLevel) -> Int? {
        switch level {
        case .none: return Int.max
        case .bits128: return ternary128[logN]
        case .bits192: return ternary192[logN]
        case .bits256: return ternary256[logN]
        }
    }

    /// Checks that a modulus of `logQP` bits is admissible for ring degree 2^`logN` at `level`.
    /// - Parameters:
    ///   - logQP: the bit size of Q·P (sum of the primes' bit sizes, an upper bound on log2(Q·P)).
    ///   - logN: log2 of the ring degree.
    ///   - level: the security level to enforce.
    /// - Throws: `CKKSError.insecureParameters` when the bound is exceeded,
    ///   `CKKSError.noPublishedSecurityBound` when no bound is tabulated.
    public static func validate(logQP: Int, logN: Int, level: SecurityLevel) throws {
        guard let maximum = maximumLogQP(logN: logN, level: level) else {
            throw CKKSError.noPublishedSecurityBound(logN: logN, level: level)
        }
        guard logQP <= maximum else { throw CKKSError.insecureParameters(logQP: logQP, maximum: maximum) }
    }
}
