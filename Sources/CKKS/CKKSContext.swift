import RingArithmetic

/// The concrete instance of a parameter set: the generated primes, the RNS contexts of every level, and the
/// precomputations of encoding and key switching. Immutable and `Sendable`; build it once and share it.
///
/// Level ℓ (0 … L) is the ciphertext modulus Q_ℓ = q_0 ⋯ q_ℓ: a fresh ciphertext is at level L and every
/// rescale moves one level down (Cheon, Han, Kim, Kim, Song, "A Full RNS Variant of Approximate Homomorphic
/// Encryption", SAC 2018).
public final class CKKSContext: Sendable {
    /// The parameters this context was built from.
    public let parameters: CKKSParameters
    /// The ciphertext primes q_0 … q_L.
    public let ciphertextModuli: [UInt64]
    /// The special primes p_0 … p_{k-1}.
    public let specialModuli: [UInt64]
    /// `levelContexts[ℓ]` is the RNS context of Q_ℓ (ℓ + 1 primes); all share the top level's NTT tables.
    public let levelContexts: [PolyContext]
    /// The RNS context of P.
    public let specialContext: PolyContext
    /// Q_L·P: the ciphertext primes followed by the special primes (keys live here).
    public let extendedContext: PolyContext
    /// The slot transform for encoding and decoding.
    public let embedding: CanonicalEmbedding
    /// X^{N/2} over Q_L in evaluation form: the plaintext i in every slot (X^{N/2} evaluates to i at every
    /// slot root ζ^{5^j}, since 5^j ≡ 1 mod 4). Kept so that complex constants and `multiplyByI` need no NTT.
    let imaginaryUnit: RNSPolynomial<Evaluation>
    /// Hybrid key-switching precomputations, one per level.
    let keySwitching: [KeySwitchingPlan]

    /// Generates the primes and precomputes everything.
    /// - Parameter parameters: a validated parameter set.
    /// - Throws: `CKKSError.duplicatePrimes` if the chain cannot be made of distinct primes, or a `RingError`
    ///   from the ring layer (for example when too few NTT-friendly primes of a size exist).
    public init(parameters: CKKSParameters) throws {
        self.parameters = parameters
        let degree = parameters.degree
        // Primes of equal size are generated together (descending from 2^bits), excluding those already taken.
        var taken = Set<UInt64>()
        func primes(_ sizes: [Int]) throws -> [UInt64] {
            var result: [UInt64] = []
            var cursor: [Int: [UInt64]] = [:]
            let counts = Dictionary(sizes.map { ($0, 1) }, uniquingKeysWith: +)
            for (bits, count) in counts.sorted(by: { $0.key < $1.key }) {
                let list = try PrimeGenerator.nttPrimes(bitSize: bits, count: count, ringDegree: degree, excluding: taken)
                taken.formUnion(list)
                cursor[bits] = list
            }
            for bits in sizes { result.append(cursor[bits]!.removeFirst()) }
            return result
        }
        let ciphertext = try primes(parameters.ciphertextPrimeBits)
        let special = try primes(parameters.specialPrimeBits)
        guard Set(ciphertext + special).count == ciphertext.count + special.count else {
            throw CKKSError.duplicatePrimes(ciphertext + special)
        }
        ciphertextModuli = ciphertext
        specialModuli = special
        let top = try PolyContext(degree: degree, moduli: ciphertext)
        var contexts = [top]
        while let next = contexts.last!.next { contexts.append(next) }
        levelContexts = contexts.reversed()
        specialContext = try PolyContext(degree: degree, moduli: special)
        extendedContext = try top.appending(special)
        embedding = CanonicalEmbedding(degree: degree)
        var monomial = [Int64](repeating: 0, count: degree)
        monomial[degree / 2] = 1
        imaginaryUnit = RNSPolynomial<Coefficient>(signedValues: monomial, context: top).forwardNTT()
        let specialModuliTyped = try special.map(Modulus.init)
        keySwitching = try (0...parameters.maximumLevel).map { level in
            try KeySwitchingPlan(
                ciphertextModuli: top.moduli, specialModuli: specialModuliTyped, level: level,
                digitSize: parameters.digitSize)
        }
    }

    /// The ring degree N.
    public var degree: Int { parameters.degree }
    /// The highest level L.
    public var maximumLevel: Int { parameters.maximumLevel }
    /// The context of the top level Q_L.
    public var topContext: PolyContext { levelContexts[maximumLevel] }

    /// The RNS context of level `level`.
    /// - Throws: `CKKSError.invalidLevel` when `level` is outside 0 … L.
    public func context(atLevel level: Int) throws -> PolyContext {
        guard (0...maximumLevel).contains(level) else { throw CKKSError.invalidLevel(level, maximum: maximumLevel) }
        return levelContexts[level]
    }

    /// The ModUp plans of a key switching key serving levels 0 … `maximumLevel` (see `KeySwitchingKey`):
    /// `nil` at L (the key lives over Q_L·P and uses the context's plans); below L, one plan per level with one
    /// prime per digit, lifted to p_0 alone. The top plan's extended moduli are the key's limbs.
    func keySwitchingPlans(maximumLevel: Int) throws -> [KeySwitchingPlan]? {
        guard maximumLevel < self.maximumLevel else { return nil }
        let moduli = try ciphertextModuli.map(Modulus.init)
        let firstSpecial = [try Modulus(specialModuli[0])]
        return try (0...maximumLevel).map { level in
            try KeySwitchingPlan(ciphertextModuli: moduli, specialModuli: firstSpecial, level: level, digitSize: 1)
        }
    }

    /// `imaginaryUnit` restricted to level ℓ (its first ℓ + 1 limbs).
    func imaginaryUnit(atLevel level: Int) -> RNSPolynomial<Evaluation> {
        RNSPolynomial(context: levelContexts[level], data: Array(imaginaryUnit.data[0..<((level + 1) * degree)]))
    }

    /// The level of a polynomial context of this instance (its limb count minus one).
    func level(of context: PolyContext) -> Int { context.limbCount - 1 }

    /// Whether `context` is one of this instance's level contexts.
    func owns(_ context: PolyContext) -> Bool {
        let level = context.limbCount - 1
        return level >= 0 && level <= maximumLevel && levelContexts[level] == context
    }
}
