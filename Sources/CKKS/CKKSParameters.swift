/// The parameters of an RNS-CKKS instance: ring degree, the shape of the modulus chain, the hybrid
/// key-switching decomposition and the default scale.
///
/// The chain holds **bit sizes**, not primes: the concrete NTT-friendly primes (q ≡ 1 mod 2N) are chosen
/// when a `CKKSContext` is built from these parameters. The ciphertext modulus is
/// Q = q_0 · q_1 ⋯ q_L (a base prime q_0 that holds the final message, then L scaling primes close to the
/// scale, consumed one per rescale), and the special modulus P = p_0 ⋯ p_{k-1} is used only inside key
/// switching (Han and Ki, "Better Bootstrapping for Approximate Homomorphic Encryption", CT-RSA 2020;
/// Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux, "Efficient Bootstrapping for Approximate Homomorphic
/// Encryption with Non-Sparse Keys", EUROCRYPT 2021).
///
/// Construction validates everything that can be checked without generating primes, including the
/// security bound of the Homomorphic Encryption Standard (see `SecurityStandard`).
public struct CKKSParameters: Sendable, Hashable, CustomStringConvertible {
    /// Supported log2 of the ring degree.
    public static let logNRange = 12...17
    /// Supported prime bit sizes (the ring layer's moduli are below 2^61).
    public static let primeBitRange = 20...60
    /// The largest dnum (and number of primes per digit or in P): key switching sums up to this many
    /// products of two 61-bit residues in 128 bits without reduction.
    public static let maximumDecompositionNumber = 63

    /// log2 of the ring degree N.
    public let logN: Int
    /// Bit size of the base prime q_0.
    public let firstPrimeBits: Int
    /// Bit sizes of the scaling primes q_1 … q_L, in chain order (q_L is dropped by the first rescale).
    public let scalingPrimeBits: [Int]
    /// Bit sizes of the special primes p_0 … p_{k-1} (key switching only).
    public let specialPrimeBits: [Int]
    /// The key-switching decomposition number dnum: the ciphertext primes are split into dnum digits
    /// of about ⌈(L+1)/dnum⌉ consecutive primes.
    public let decompositionNumber: Int
    /// log2 of the default scale Δ.
    public let logScale: Int
    /// The security level this parameter set was checked against (`.none`: unchecked, insecure).
    public let securityLevel: SecurityLevel

    /// Creates and validates a parameter set.
    /// - Parameters:
    ///   - logN: log2 of the ring degree, in `logNRange` (12…17).
    ///   - firstPrimeBits: bit size of the base prime q_0.
    ///   - scalingPrimeBits: bit sizes of the scaling primes; their count is the multiplicative depth L.
    ///   - specialPrimeBits: bit sizes of the special primes (at least one).
    ///   - decompositionNumber: dnum, in 1 … min(L+1, 63); defaults to L+1 (one prime per digit, as in SEAL),
    ///     capped at 63.
    ///   - logScale: log2 of the default scale (1…60).
    ///   - securityLevel: the level to enforce. Pass `.none` **only** for tests or experiments: it is the
    ///     explicit opt-in to parameter sets the Homomorphic Encryption Standard considers insecure.
    /// - Throws: `CKKSError.unsupportedRingDegree`, `.invalidPrimeBitSize`, `.invalidModulusChain`,
    ///   `.invalidDecompositionNumber`, `.specialModulusTooSmall`, `.invalidScale`, `.insecureParameters`,
    ///   `.noPublishedSecurityBound`.
    public init(
        logN: Int,
        firstPrimeBits: Int,
        scalingPrimeBits: [Int],
        specialPrimeBits: [Int],
        decompositionNumber: Int? = nil,
        logScale: Int,
        securityLevel: SecurityLevel = .bits128
    ) throws {
        guard Self.logNRange.contains(logN) else { throw CKKSError.unsupportedRingDegree(logN: logN) }
        for bits in [firstPrimeBits] + scalingPrimeBits + specialPrimeBits where !Self.primeBitRange.contains(bits) {
            throw CKKSError.invalidPrimeBitSize(bits)
        }
        guard !specialPrimeBits.isEmpty else {
            throw CKKSError.invalidModulusChain("at least one special prime is needed for key switching")
        }
        let ciphertextPrimes = 1 + scalingPrimeBits.count
        let dnum = decompositionNumber ?? min(ciphertextPrimes, Self.maximumDecompositionNumber)
        guard specialPrimeBits.count <= Self.maximumDecompositionNumber else {
            throw CKKSError.invalidModulusChain("at most \(Self.maximumDecompositionNumber) special primes")
        }
        guard (1...min(ciphertextPrimes, Self.maximumDecompositionNumber)).contains(dnum),
              (ciphertextPrimes + dnum - 1) / dnum <= Self.maximumDecompositionNumber
        else {
            throw CKKSError.invalidDecompositionNumber(dnum: dnum, ciphertextPrimes: ciphertextPrimes)
        }
        // Hybrid key switching divides the noise of a digit (up to its modulus D_j) by P: a digit larger than P
        // amplifies the noise instead (Han–Ki 2020, §3). Every digit's bit size must be at most P's.
        let primeBits = [firstPrimeBits] + scalingPrimeBits
        let digitSize = (ciphertextPrimes + dnum - 1) / dnum
        let largestDigit = stride(from: 0, to: ciphertextPrimes, by: digitSize)
            .map { primeBits[$0..<min($0 + digitSize, ciphertextPrimes)].reduce(0, +) }.max() ?? 0
        let specialBits = specialPrimeBits.reduce(0, +)
        guard largestDigit <= specialBits else {
            throw CKKSError.specialModulusTooSmall(digitBits: largestDigit, specialBits: specialBits)
        }
        guard (1...60).contains(logScale) else { throw CKKSError.invalidScale(Double(sign: .plus, exponent: logScale, significand: 1)) }
        let logQP = firstPrimeBits + scalingPrimeBits.reduce(0, +) + specialPrimeBits.reduce(0, +)
        try SecurityStandard.validate(logQP: logQP, logN: logN, level: securityLevel)
        self.logN = logN
        self.firstPrimeBits = firstPrimeBits
        self.scalingPrimeBits = scalingPrimeBits
        self.specialPrimeBits = specialPrimeBits
        self.decompositionNumber = dnum
        self.logScale = logScale
        self.securityLevel = securityLevel
    }

    /// The ring degree N.
    public var degree: Int { 1 << logN }
    /// The maximal number of complex slots, N/2.
    public var maximumSlotCount: Int { degree / 2 }
    /// The multiplicative depth L: the number of scaling primes (and of rescales available).
    public var maximumLevel: Int { scalingPrimeBits.count }
    /// The number of ciphertext primes L+1.
    public var ciphertextPrimeCount: Int { 1 + scalingPrimeBits.count }
    /// The default scale Δ = 2^logScale.
    public var defaultScale: Double { Double(sign: .plus, exponent: logScale, significand: 1) }
    /// An upper bound on log2(Q·P): the sum of all prime bit sizes.
    public var logQP: Int { firstPrimeBits + scalingPrimeBits.reduce(0, +) + specialPrimeBits.reduce(0, +) }
    /// Bit sizes of the ciphertext primes q_0 … q_L.
    public var ciphertextPrimeBits: [Int] { [firstPrimeBits] + scalingPrimeBits }
    /// Primes per key-switching digit at the top level, α = ⌈(L+1)/dnum⌉.
    public var digitSize: Int { (ciphertextPrimeCount + decompositionNumber - 1) / decompositionNumber }

    public var description: String {
        "CKKS(N=2^\(logN), Q=\(ciphertextPrimeBits), P=\(specialPrimeBits), dnum=\(decompositionNumber), "
            + "Δ=2^\(logScale), log2(QP)≤\(logQP), security=\(securityLevel))"
    }
}
