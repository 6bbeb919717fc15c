import RingArithmetic

/// Generates secret, public, relinearisation and Galois keys. Every method has an overload drawing from
/// ChaCha20 keyed by 256 bits of the system CSPRNG (`ChaChaGenerator.system()`); the `using:` variants exist
/// for reproducible tests only.
public struct KeyGenerator: Sendable {
    public let context: CKKSContext

    public init(context: CKKSContext) { self.context = context }

    /// A ternary secret key, uniform in {−1, 0, 1}^N or with exactly `hammingWeight` non-zero coefficients.
    /// - Parameters:
    ///   - hammingWeight: optional fixed Hamming weight h (sparse secrets; security must then be checked
    ///     separately — the Standard's table assumes uniform ternary secrets).
    ///   - generator: the randomness source.
    /// - Throws: `CKKSError.invalidHammingWeight` if `hammingWeight` is outside 1 … N.
    public func secretKey<G: RandomNumberGenerator>(hammingWeight: Int? = nil, using generator: inout G) throws -> SecretKey {
        let n = context.degree
        let coefficients: [Int64]
        if let h = hammingWeight {
            guard (1...n).contains(h) else { throw CKKSError.invalidHammingWeight(h, degree: n) }
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
    public func publicKey<G: RandomNumberGenerator>(for secretKey: SecretKey, using generator: inout G) -> PublicKey {
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
    public func relinearizationKey<G: RandomNumberGenerator>(for secretKey: SecretKey, using generator: inout G) -> RelinearizationKey {
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
    public func galoisKeys<G: RandomNumberGenerator>(
        for secretKey: SecretKey, rotations steps: [Int], conjugation: Bool = false, using generator: inout G
    ) -> GaloisKeys {
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

    /// The hybrid switching key from s' (evaluation form over Q_L·P) to `secretKey`.
    func switchingKey<G: RandomNumberGenerator>(
        from source: RNSPolynomial<Evaluation>, to secretKey: SecretKey, using generator: inout G
    ) -> SwitchingKey {
        let n = context.degree
        let extended = context.extendedContext
        let limbCount = extended.limbCount
        let plan = context.keySwitching[context.maximumLevel]
        let specialProduct = context.topContext.moduli.map { q in
            context.specialModuli.reduce(UInt64(1)) { q.multiply($0, q.reduce($1)) }
        }
        var data: [UInt64] = []
        data.reserveCapacity(plan.digits.count * 2 * limbCount * n)
        for digit in plan.digits {
            let a = Sampling.uniformPolynomial(in: extended, as: Evaluation.self, using: &generator)
            let e = RNSPolynomial<Coefficient>(
                signedValues: Sampling.gaussian(count: n, using: &generator), context: extended
            ).forwardNTT()
            var b = (e - a * secretKey.polynomial).data
            for i in digit {
                let q = context.topContext.moduli[i]
                let factor = ShoupConstant(specialProduct[i], modulus: q)
                for c in 0..<n {
                    b[i * n + c] = q.add(b[i * n + c], q.multiply(source.data[i * n + c], by: factor))
                }
            }
            data += b
            data += a.data
        }
        return SwitchingKey(digitCount: plan.digits.count, extendedLimbCount: limbCount, degree: n, data: data)
    }
}
