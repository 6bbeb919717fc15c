/// The immutable, shared description of the ring `R_Q = Z_Q[X]/(X^N + 1)` for a chain of RNS moduli
/// `Q = q_0 · q_1 · … · q_{L−1}`: the degree, the moduli and their NTT tables.
///
/// Contexts form a linked chain: `next` is the same ring without the last modulus, sharing its NTT
/// tables, so that rescaling (which drops the last modulus) moves a polynomial one step down the chain
/// without any new precomputation. Contexts are reference types only so they can be shared cheaply;
/// they never change after initialisation (apart from an internal, lock-protected cache of Galois
/// permutations) and are safe to use from any thread.
public final class PolyContext: Sendable, Equatable, CustomStringConvertible {
    /// The ring degree `N`.
    public let degree: Int
    /// The RNS moduli, `q_0` first.
    public let moduli: [Modulus]
    /// One NTT table per modulus.
    public let ntt: [NTTTables]
    /// This chain without its last modulus, or `nil` for a single-modulus chain.
    public let next: PolyContext?
    /// Evaluation-form permutations of the Galois elements used so far (shared down the chain).
    let galoisPermutations: GaloisPermutationCache
    /// `q_last^(−1) mod q_i` for every limb but the last: the constants of rescaling.
    let lastModulusInverses: [ShoupConstant]

    /// - Parameters:
    ///   - degree: `N`, a power of two in `2 ... 2^17`.
    ///   - moduli: distinct primes `q ≡ 1 (mod 2N)` below `2^61`.
    /// - Throws: `RingError` when the degree or a modulus is invalid or a modulus repeats.
    public convenience init(degree: Int, moduli: [UInt64]) throws {
        guard !moduli.isEmpty else { throw RingError.emptyModulusChain }
        var seen = Set<UInt64>()
        for q in moduli where !seen.insert(q).inserted { throw RingError.duplicateModulus(q) }
        let typed = try moduli.map(Modulus.init)
        let tables = try typed.map { try NTTTables(modulus: $0, degree: degree) }
        self.init(degree: degree, moduli: typed, ntt: tables, cache: GaloisPermutationCache(degree: degree))
    }

    private init(degree: Int, moduli: [Modulus], ntt: [NTTTables], cache: GaloisPermutationCache) {
        self.degree = degree
        self.moduli = moduli
        self.ntt = ntt
        self.galoisPermutations = cache
        // The moduli are distinct primes (each has NTT tables), so q_last is invertible modulo every other.
        let last = moduli[moduli.count - 1].value
        self.lastModulusInverses = moduli.dropLast().map { q in q.shoup(try! q.inverse(of: q.reduce(last))) }
        self.next = moduli.count > 1
            ? PolyContext(degree: degree, moduli: Array(moduli.dropLast()), ntt: Array(ntt.dropLast()), cache: cache)
            : nil
    }

    /// The number of RNS limbs (moduli).
    public var limbCount: Int { moduli.count }

    /// The chain with its last `count` moduli dropped.
    /// - Precondition: `0 <= count < limbCount`.
    public func dropping(limbs count: Int) -> PolyContext {
        precondition(count >= 0 && count < limbCount, "cannot drop \(count) of \(limbCount) limbs")
        var context = self
        for _ in 0..<count { context = context.next! }
        return context
    }

    /// A new context over this chain's moduli followed by `extra` (for example `Q ∪ P` in key switching).
    /// - Throws: `RingError` when an extra modulus is invalid or already present.
    public func appending(_ extra: [UInt64]) throws -> PolyContext {
        try PolyContext(degree: degree, moduli: moduli.map(\.value) + extra)
    }

    /// Whether this chain's moduli are the first moduli of `other`, with the same degree.
    public func isPrefix(of other: PolyContext) -> Bool {
        degree == other.degree && limbCount <= other.limbCount
            && zip(moduli, other.moduli).allSatisfy { $0 == $1 }
    }

    public static func == (lhs: PolyContext, rhs: PolyContext) -> Bool {
        lhs === rhs || (lhs.degree == rhs.degree && lhs.moduli == rhs.moduli)
    }

    public var description: String {
        "PolyContext(N = \(degree), moduli = \(moduli.map(\.value)))"
    }
}
