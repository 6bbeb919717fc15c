import RingArithmetic

/// Which evaluation keys a circuit needs: rotation steps, conjugation and relinearisation.
///
/// Every circuit of the library reports one (`keyRequirements`); requirements combine with `union`, so an
/// application states the keys of its whole computation as the union of its circuits' requirements, and
/// `KeyGenerator.evaluationKeys(for:requirements:)` generates exactly those keys — no more (keys are the
/// largest objects a client sends: ≈ 36–134 MB each at N = 2^16), no fewer (a missing key would fail deep inside
/// a circuit). The role of `EvaluationKeyConfig` in Apple's swift-homomorphic-encryption.
public struct EvaluationKeyRequirements: Sendable, Hashable, CustomStringConvertible {
    /// Rotation steps in slots (positive: left). Steps that differ by a multiple of N/2 name the same key.
    public var rotations: Set<Int>
    /// Whether complex conjugation (Galois element 2N − 1) is needed.
    public var conjugation: Bool
    /// Whether ciphertext × ciphertext products are relinearised.
    public var relinearization: Bool

    /// - Parameters:
    ///   - rotations: rotation steps (0 needs no key and is dropped).
    ///   - conjugation: complex conjugation.
    ///   - relinearization: relinearisation after ciphertext products.
    public init(rotations: some Sequence<Int> = [Int](), conjugation: Bool = false, relinearization: Bool = false) {
        self.rotations = Set(rotations).subtracting([0])
        self.conjugation = conjugation
        self.relinearization = relinearization
    }

    /// No keys at all (additions, plaintext products, rescaling).
    public static let none = EvaluationKeyRequirements()

    /// The relinearisation key only (polynomial evaluation, ciphertext products).
    public static let relinearizationOnly = EvaluationKeyRequirements(relinearization: true)

    /// Everything either requirement needs.
    public func union(_ other: EvaluationKeyRequirements) -> EvaluationKeyRequirements {
        var result = self
        result.formUnion(other)
        return result
    }

    /// Adds what `other` needs.
    public mutating func formUnion(_ other: EvaluationKeyRequirements) {
        rotations.formUnion(other.rotations)
        conjugation = conjugation || other.conjugation
        relinearization = relinearization || other.relinearization
    }

    /// The union of many requirements.
    public static func union(_ all: some Sequence<EvaluationKeyRequirements>) -> EvaluationKeyRequirements {
        all.reduce(.none) { $0.union($1) }
    }

    /// The Galois elements these requirements name at ring degree N: 5^r mod 2N per rotation r, and 2N − 1 for
    /// conjugation (the identity element 1 needs no key).
    public func galoisElements(degree: Int) -> Set<Int> {
        var elements = Set(rotations.map { GaloisElement.rotation(by: $0, degree: degree) })
        if conjugation { elements.insert(GaloisElement.conjugation(degree: degree)) }
        elements.remove(1)
        return elements
    }

    public var description: String {
        let steps = rotations.sorted().map(String.init).joined(separator: ", ")
        return "keys: relinearization \(relinearization ? "yes" : "no"), conjugation \(conjugation ? "yes" : "no"), "
            + "\(rotations.count) rotations [\(steps)]"
    }
}

/// The public evaluation keys of one secret key: what a server holds. No secret material.
public struct EvaluationKeys: Sendable {
    /// The relinearisation key, when requested.
    public let relinearizationKey: RelinearizationKey?
    /// The Galois keys for rotations and conjugation, when any were requested.
    public let galoisKeys: GaloisKeys?

    public init(relinearizationKey: RelinearizationKey?, galoisKeys: GaloisKeys?) {
        self.relinearizationKey = relinearizationKey
        self.galoisKeys = galoisKeys
    }

    /// Total size in bytes (expanded form, as held in memory).
    public var byteCount: Int { (relinearizationKey?.byteCount ?? 0) + (galoisKeys?.byteCount ?? 0) }

    /// Checks that these keys cover `requirements`.
    /// - Parameters:
    ///   - requirements: what a circuit needs.
    ///   - context: the context the keys must belong to.
    /// - Throws: `CKKSError.missingRelinearizationKey`, `.missingGaloisKey(element:)` for the first missing
    ///   element (ascending), `.contextMismatch` for keys of another context.
    public func check(covers requirements: EvaluationKeyRequirements, context: CKKSContext) throws {
        if requirements.relinearization {
            guard let relinearizationKey else { throw CKKSError.missingRelinearizationKey }
            guard relinearizationKey.context === context else { throw CKKSError.contextMismatch }
        }
        let needed = requirements.galoisElements(degree: context.degree)
        guard !needed.isEmpty else { return }
        guard let galoisKeys else { throw CKKSError.missingGaloisKey(element: needed.min()!) }
        guard galoisKeys.context === context else { throw CKKSError.contextMismatch }
        if let missing = needed.subtracting(galoisKeys.keys.keys).min() { throw CKKSError.missingGaloisKey(element: missing) }
    }
}

extension KeyGenerator {
    /// Exactly the evaluation keys `requirements` names.
    /// - Parameters:
    ///   - secretKey: the secret key (it stays with its owner; the returned keys are public).
    ///   - requirements: the union of the circuits' requirements.
    ///   - generator: randomness.
    public func evaluationKeys<G: RandomNumberGenerator>(
        for secretKey: SecretKey, requirements: EvaluationKeyRequirements, using generator: inout G
    ) -> EvaluationKeys {
        let relinearization = requirements.relinearization ? relinearizationKey(for: secretKey, using: &generator) : nil
        let galois = requirements.galoisElements(degree: context.degree).isEmpty
            ? nil
            : galoisKeys(for: secretKey, rotations: requirements.rotations.sorted(), conjugation: requirements.conjugation,
                         using: &generator)
        return EvaluationKeys(relinearizationKey: relinearization, galoisKeys: galois)
    }

    /// `evaluationKeys(for:requirements:using:)` with the library's CSPRNG.
    public func evaluationKeys(for secretKey: SecretKey, requirements: EvaluationKeyRequirements) -> EvaluationKeys {
        var generator = ChaChaGenerator.system()
        return evaluationKeys(for: secretKey, requirements: requirements, using: &generator)
    }
}

extension Evaluator {
    /// An evaluator holding `keys`.
    public init(context: CKKSContext, keys: EvaluationKeys) {
        self.init(context: context, relinearizationKey: keys.relinearizationKey, galoisKeys: keys.galoisKeys)
    }

    /// The keys this evaluator holds.
    public var keys: EvaluationKeys { EvaluationKeys(relinearizationKey: relinearizationKey, galoisKeys: galoisKeys) }

    /// Checks, before a circuit starts, that this evaluator holds every key the circuit needs, so a missing key
    /// fails at once with its name instead of deep inside the circuit.
    /// - Throws: as `EvaluationKeys.check(covers:context:)`.
    public func checkKeys(for requirements: EvaluationKeyRequirements) throws {
        try keys.check(covers: requirements, context: context)
    }
}
