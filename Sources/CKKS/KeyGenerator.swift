import RingArithmetic

/// Generates secret, public, relinearisation and Galois keys. Every method has an overload drawing from
/// ChaCha20 keyed by 256 bits of the system CSPRNG (`ChaChaGenerator.system()`); the `using:` variants accept
/// only a `CryptographicallySecureGenerator` (the throwing ones throw `CKKSError.insecureRandomGenerator`, the
/// others trap): reproducible tests pass `SeededGeneratorForTesting`.
public struct KeyGenerator: Sendable {
    public let context: CKKSContext

    /// The least Hamming weight of a sparse secret on a secure parameter set (security level other than `.none`).
    ///
    /// A floor against guessing, not a security proof: a sparse secret's security depends on N, h and the
    /// modulus it is used at, which the caller must check (Docs/Bootstrapping.md §1). h = 32 is the weight of
    /// sparse-secret encapsulation in the bootstrapping presets (modulus q_0·p_0 ≈ 120 bits at N = 2^16).
    public static let minimumHammingWeight = 32

    public init(context: CKKSContext) { self.context = context }

    /// A ternary secret key, uniform in {−1, 0, 1}^N or with exactly `hammingWeight` non-zero coefficients.
    /// - Parameters:
    ///   - hammingWeight: optional fixed Hamming weight h (sparse secrets; security must then be checked
    ///     separately — the Standard's table assumes uniform ternary secrets). At least `minimumHammingWeight`
    ///     unless the context's security level is `.none`.
    ///   - generator: the randomness source, a `CryptographicallySecureGenerator`.
    /// - Throws: `CKKSError.invalidHammingWeight` if `hammingWeight` is outside 1 … N, `.hammingWeightTooSmall`
    ///   below `minimumHammingWeight` on a secure context, `.insecureRandomGenerator` for an unmarked generator.
    public func secretKey<G: RandomNumberGenerator>(hammingWeight: Int? = nil, using generator: inout G) throws -> SecretKey {
        try SecureGeneratorCheck.require(generator)
        let n = context.degree
        let coefficients: [Int64]
        if let h = hammingWeight {
            guard (1...n).contains(h) else { throw CKKSError.invalidHammingWeight(h, degree: n) }
            guard h >= Self.minimumHammingWeight || context.parameters.securityLevel == .none else {
                throw CKKSError.hammingWeightTooSmall(h, minimum: Self.minimumHammingWeight)
            }
            coefficients = Sampling.ternary(count: n, hammingWeight: h, using: &generator)
        } else {
            coefficients = Sampling.ternary(count: n, using: &generator)
        }
        let s = RNSPolynomial<Coefficient>(signedValues: coefficients, context: context.extendedContext).forwardNTT()
        return SecretKey(context: context, polynomial: s)
    }

    /// A ternary secret key from the system CSPRNG.
    public func secretKey(hammingWeight: Int? = nil) throws -> SecretKey {
        var generator = ChaChaGenerator.system()
        return try secretKey(hammingWeight: hammingWeight, using: &generator)
    }

    /// The public key (−a·s + e, a) over Q_L·P (the special primes let encryption divide its noise by P).
    /// - Precondition: `generator` is a `CryptographicallySecureGenerator`.
    public func publicKey<G: RandomNumberGenerator>(for secretKey: SecretKey, using generator: inout G) -> PublicKey {
        SecureGeneratorCheck.precondition(generator, "publicKey(for:using:)")
        let extended = context.extendedContext
        let a = Sampling.uniformPolynomial(in: extended, as: Evaluation.self, using: &generator)
        let e = RNSPolynomial<Coefficient>(
            signedValues: Sampling.gaussian(count: context.degree, using: &generator), context: extended
        ).forwardNTT()
        let b = e - a * secretKey.polynomial
        return PublicKey(context: context, b: b, a: a)
    }

    public func publicKey(for secretKey: SecretKey) -> PublicKey {
        var generator = ChaChaGenerator.system()
        return publicKey(for: secretKey, using: &generator)
    }

    /// The relinearisation key (switches s² to s).
    /// - Precondition: `generator` is a `CryptographicallySecureGenerator`.
    public func relinearizationKey<G: RandomNumberGenerator>(for secretKey: SecretKey, using generator: inout G) -> RelinearizationKey {
        SecureGeneratorCheck.precondition(generator, "relinearizationKey(for:using:)")
        let square = secretKey.polynomial * secretKey.polynomial
        return RelinearizationKey(context: context, key: switchingKey(from: square, to: secretKey, using: &generator))
    }

    public func relinearizationKey(for secretKey: SecretKey) -> RelinearizationKey {
        var generator = ChaChaGenerator.system()
        return relinearizationKey(for: secretKey, using: &generator)
    }

    /// Galois keys for rotations by the given slot steps (positive: left) and, optionally, conjugation.
    /// - Parameters:
    ///   - steps: rotation amounts; each step r gives the element 5^r mod 2N (duplicates are merged).
    ///   - conjugation: also generate the key for complex conjugation (element 2N − 1).
    ///   - generator: the randomness source.
    /// - Precondition: `generator` is a `CryptographicallySecureGenerator`.
    public func galoisKeys<G: RandomNumberGenerator>(
        for secretKey: SecretKey, rotations steps: [Int], conjugation: Bool = false, using generator: inout G
    ) -> GaloisKeys {
        SecureGeneratorCheck.precondition(generator, "galoisKeys(for:rotations:conjugation:using:)")
        var elements = Set(steps.map { GaloisElement.rotation(by: $0, degree: context.degree) })
        if conjugation { elements.insert(GaloisElement.conjugation(degree: context.degree)) }
        elements.remove(1)
        var keys: [Int: SwitchingKey] = [:]
        for k in elements.sorted() {
            keys[k] = switchingKey(from: secretKey.polynomial.applyingGalois(k), to: secretKey, using: &generator)
        }
        return GaloisKeys(context: context, keys: keys)
    }

    public func galoisKeys(for secretKey: SecretKey, rotations steps: [Int], conjugation: Bool = false) -> GaloisKeys {
        var generator = ChaChaGenerator.system()
        return galoisKeys(for: secretKey, rotations: steps, conjugation: conjugation, using: &generator)
    }

    /// A key switching ciphertexts from `source` to `target` (both of this generator's context).
    /// - Parameters:
    ///   - source: the secret the ciphertexts are under now.
    ///   - target: the secret they should be under.
    ///   - maximumLevel: the highest level the key must serve (`nil` or L: every level, a key over Q_L·P like
    ///     the evaluation keys). Below L the key is generated modulo q_0 ⋯ q_ℓ·p_0 only, with one prime per
    ///     digit: use this whenever `target` is a sparse secret (see `KeySwitchingKey`).
    ///   - generator: the randomness source, a `CryptographicallySecureGenerator`.
    /// - Throws: `CKKSError.contextMismatch` when a key belongs to another context; `.invalidLevel` when
    ///   `maximumLevel` is outside 0 … L; `.insecureRandomGenerator` for an unmarked generator.
    public func keySwitchingKey<G: RandomNumberGenerator>(
        from source: SecretKey, to target: SecretKey, maximumLevel: Int? = nil, using generator: inout G
    ) throws -> KeySwitchingKey {
        try SecureGeneratorCheck.require(generator)
        guard source.context === context, target.context === context else { throw CKKSError.contextMismatch }
        let top = maximumLevel ?? context.maximumLevel
        guard (0...context.maximumLevel).contains(top) else { throw CKKSError.invalidLevel(top, maximum: context.maximumLevel) }
        let plans = try context.keySwitchingPlans(maximumLevel: top)
        let key = switchingKey(
            from: source.polynomial, to: target, plan: plans?[top] ?? context.keySwitching[top], using: &generator)
        return KeySwitchingKey(context: context, maximumLevel: top, key: key, plans: plans)
    }

    /// `keySwitchingKey(from:to:maximumLevel:using:)` with the library's default CSPRNG.
    public func keySwitchingKey(from source: SecretKey, to target: SecretKey, maximumLevel: Int? = nil) throws -> KeySwitchingKey {
        var generator = ChaChaGenerator.system()
        return try keySwitchingKey(from: source, to: target, maximumLevel: maximumLevel, using: &generator)
    }

    /// The hybrid switching key from s' (evaluation form over Q_L·P) to `secretKey`, over the limbs `plan`
    /// lifts to: q_0 … q_ℓ and its special primes (all of P, or p_0 alone).
    func switchingKey<G: RandomNumberGenerator>(
        from source: RNSPolynomial<Evaluation>, to secretKey: SecretKey, plan: KeySwitchingPlan? = nil,
        using generator: inout G
    ) -> SwitchingKey {
        let n = context.degree
        let extended = context.extendedContext
        let plan = plan ?? context.keySwitching[context.maximumLevel]
        // Positions in Q_L·P of the limbs the key keeps. The samples are drawn over all of Q_L·P and cut down:
        // residues modulo distinct primes are independent, so the kept limbs are a sample modulo their product.
        let kept = Array(0...plan.level) + (0..<plan.specialCount).map { context.maximumLevel + 1 + $0 }
        let specialProduct = (0...plan.level).map { i in
            let q = plan.extendedModuli[i]
            return plan.extendedModuli[(plan.level + 1)...].reduce(UInt64(1)) { q.multiply($0, q.reduce($1.value)) }
        }
        var data: [UInt64] = []
        var seeds: [[UInt32]] = []
        data.reserveCapacity(plan.digits.count * 2 * kept.count * n)
        for digit in plan.digits {
            // a_j is expanded from a fresh 256-bit seed (ChaCha20), so it can travel as those 32 bytes.
            let seed = (0..<8).map { _ in UInt32(truncatingIfNeeded: generator.next()) }
            seeds.append(seed)
            let a = Encryptor.expandSeed(seed, context: extended)
            let e = RNSPolynomial<Coefficient>(
                signedValues: Sampling.gaussian(count: n, using: &generator), context: extended
            ).forwardNTT()
            var b = (e - a * secretKey.polynomial).data
            for i in digit {
                let q = plan.extendedModuli[i]
                let factor = ShoupConstant(specialProduct[i], modulus: q)
                for c in 0..<n {
                    b[i * n + c] = q.add(b[i * n + c], q.multiply(source.data[i * n + c], by: factor))
                }
            }
            for limb in kept { data += b[(limb * n)..<((limb + 1) * n)] }
            for limb in kept { data += a.data[(limb * n)..<((limb + 1) * n)] }
        }
        return SwitchingKey(
            digitCount: plan.digits.count, extendedLimbCount: kept.count, degree: n, topLevel: plan.level, data: data,
            seeds: seeds)
    }
}
