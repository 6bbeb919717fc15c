/// What a receiver is willing to build from serialized bytes. Every `CKKSSerialization.deserialize…` takes
/// one; the default (`.secure`) is what a server facing untrusted peers should use.
///
/// The bytes never decide their own acceptance: parameters record a security level, but a peer could record
/// `.none` beside any modulus chain (1.1 KB of such bytes asked for a 2.5 GB, 14-second context). The
/// receiver's policy sets the least security it accepts and bounds the ring degree, the number of primes and
/// the memory an object implies, and deserialization throws `CKKSError.refusedByPolicy` beyond them.
public struct CKKSDeserializationPolicy: Sendable, Hashable {
    /// Parameters must record at least this level (and are then validated against it, as usual). `.none`
    /// accepts insecure parameter sets: pass it only for tests and experiments.
    public var minimumSecurityLevel: SecurityLevel
    /// The largest log2 N accepted for parameters.
    public var maximumLogN: Int
    /// The largest number of primes (ciphertext and special together) accepted for parameters.
    public var maximumPrimeCount: Int
    /// The most memory, in bytes, a deserialized object may imply: for parameters, a context built from them
    /// plus one relinearisation key (`CKKSParameters.estimatedContextAndKeyBytes`); for everything else the
    /// object's own words (a seeded ciphertext expands its 32-byte seed to a whole polynomial). The input itself
    /// may not be larger either.
    public var maximumObjectBytes: Int

    /// - Parameters: the limits; the defaults are those of `.secure`.
    public init(
        minimumSecurityLevel: SecurityLevel = .bits128, maximumLogN: Int = 16, maximumPrimeCount: Int = 64,
        maximumObjectBytes: Int = 1 << 32
    ) {
        self.minimumSecurityLevel = minimumSecurityLevel
        self.maximumLogN = maximumLogN
        self.maximumPrimeCount = maximumPrimeCount
        self.maximumObjectBytes = maximumObjectBytes
    }

    /// 128-bit security at least, N ≤ 2^16, at most 64 primes, at most 4 GiB per object: every secure preset
    /// (`n16Deepest`'s context and relinearisation key imply about 2 GB) and the secure bootstrapping preset's
    /// Galois keys (about 3.8 GB) pass.
    public static let secure = CKKSDeserializationPolicy()

    /// Throws unless `level` is at least `minimumSecurityLevel`.
    func checkSecurityLevel(_ level: SecurityLevel) throws(CKKSError) {
        guard level.rawValue >= minimumSecurityLevel.rawValue else {
            throw .refusedByPolicy(
                "parameters with security \(level); this receiver requires at least \(minimumSecurityLevel) "
                    + "(only a policy with minimumSecurityLevel: .none, for tests, accepts insecure parameters)")
        }
    }

    /// Throws unless an object of `bytes` bytes (`nil`: too large to count) is within `maximumObjectBytes`.
    func checkSize(_ bytes: Int?, of what: String) throws(CKKSError) {
        guard let bytes, bytes <= maximumObjectBytes else {
            throw .refusedByPolicy(
                "\(what) implies \(bytes.map { "\($0) bytes" } ?? "more than Int.max bytes"), above this receiver's "
                    + "limit of \(maximumObjectBytes) (raise maximumObjectBytes to accept it)")
        }
    }
}

extension CKKSParameters {
    /// The estimated memory, in bytes, of a `CKKSContext` built from these parameters plus one relinearisation
    /// key: 8·N·(5·(L+1) + 4·k) for the NTT tables (four words per coefficient and prime) and the stored
    /// imaginary unit, and 16·dnum·N·(L+1+k) for the key. `nil` when it overflows `Int`.
    public var estimatedContextAndKeyBytes: Int? {
        let primes = ciphertextPrimeCount + specialPrimeBits.count
        let tables = (5 * ciphertextPrimeCount + 4 * specialPrimeBits.count).multipliedReportingOverflow(by: 8 * degree)
        let key = (2 * decompositionNumber * primes).multipliedReportingOverflow(by: 8 * degree)
        let total = tables.partialValue.addingReportingOverflow(key.partialValue)
        return tables.overflow || key.overflow || total.overflow ? nil : total.partialValue
    }
}
