import RingArithmetic

/// Public- and secret-key encryption and decryption (Cheon–Kim–Kim–Song 2017, §3.4; the RNS form of
/// Cheon–Han–Kim–Kim–Song 2018).
public struct Encryptor: Sendable {
    public let context: CKKSContext
    let publicKey: PublicKey?
    let secretKey: SecretKey?

    /// Encrypts with the public key.
    public init(publicKey: PublicKey) {
        context = publicKey.context
        self.publicKey = publicKey
        secretKey = nil
    }

    /// Encrypts with the secret key (smaller noise; ciphertexts carry a seed instead of c_1).
    public init(secretKey: SecretKey) {
        context = secretKey.context
        publicKey = nil
        self.secretKey = secretKey
    }

    /// Encrypts at the plaintext's level.
    /// - Throws: `CKKSError.contextMismatch` when the plaintext comes from another context.
    public func encrypt<G: RandomNumberGenerator>(_ plaintext: Plaintext, using generator: inout G) throws -> Ciphertext {
        guard plaintext.context === context else { throw CKKSError.contextMismatch }
        let level = plaintext.level
        let levelContext = context.levelContexts[level]
        let n = context.degree
        func gaussian() -> RNSPolynomial<Evaluation> {
            RNSPolynomial<Coefficient>(signedValues: Sampling.gaussian(count: n, using: &generator), context: levelContext).forwardNTT()
        }
        if let publicKey {
            // (c_0, c_1) = round(v·(b, a) + (e_0, e_1)) / P) + (m, 0) with a ternary v, computed modulo Q_ℓ·P:
            // the division by P shrinks the encryption noise v·e + e_0 + e_1·s to about the rounding error.
            let extended = context.extendedContext
            func sample(_ values: [Int64]) -> RNSPolynomial<Evaluation> {
                RNSPolynomial<Coefficient>(signedValues: values, context: extended).forwardNTT()
            }
            let v = sample(Sampling.ternary(count: n, using: &generator))
            let c0 = v * publicKey.b + sample(Sampling.gaussian(count: n, using: &generator))
            let c1 = v * publicKey.a + sample(Sampling.gaussian(count: n, using: &generator))
            let lowered0 = context.modDown(selectLevel(c0, level: level), level: level)
            let lowered1 = context.modDown(selectLevel(c1, level: level), level: level)
            return Ciphertext(
                context: context, polynomials: [lowered0 + plaintext.polynomial, lowered1], scale: plaintext.scale,
                slotCount: plaintext.slotCount)
        }
        // (c_0, c_1) = (−a·s + e + m, a) with a expanded from a fresh seed.
        let secretKey = secretKey!
        let seed = (0..<8).map { _ in UInt32(truncatingIfNeeded: generator.next()) }
        let a = Self.expandSeed(seed, context: levelContext)
        let c0 = gaussian() - a * secretKey.atLevel(level) + plaintext.polynomial
        return Ciphertext(
            context: context, polynomials: [c0, a], scale: plaintext.scale, slotCount: plaintext.slotCount, seed: seed)
    }

    /// Encrypts with ChaCha20 randomness keyed from the system CSPRNG.
    public func encrypt(_ plaintext: Plaintext) throws -> Ciphertext {
        var generator = ChaChaGenerator.system()
        return try encrypt(plaintext, using: &generator)
    }

    /// The uniform polynomial a of a seeded secret-key ciphertext (ChaCha20 expansion, rejection sampling).
    static func expandSeed(_ seed: [UInt32], context: PolyContext) -> RNSPolynomial<Evaluation> {
        var stream = ChaChaGenerator(seed: seed)
        return Sampling.uniformPolynomial(in: context, as: Evaluation.self, using: &stream)
    }

    /// The limbs of q_0 … q_ℓ followed by the special primes' limbs of a polynomial over Q_L·P (ModDown layout).
    private func selectLevel(_ x: RNSPolynomial<Evaluation>, level: Int) -> [UInt64] {
        let n = context.degree
        let top = context.maximumLevel + 1
        return Array(x.data[0..<((level + 1) * n)]) + Array(x.data[(top * n)...])
    }
}

/// Decryption: m = Σ_i c_i · s^i.
public struct Decryptor: Sendable {
    public let secretKey: SecretKey

    public init(secretKey: SecretKey) { self.secretKey = secretKey }

    /// - Throws: `CKKSError.contextMismatch` when the ciphertext comes from another context.
    public func decrypt(_ ciphertext: Ciphertext) throws -> Plaintext {
        guard ciphertext.context === secretKey.context else { throw CKKSError.contextMismatch }
        let s = secretKey.atLevel(ciphertext.level)
        var result = ciphertext.polynomials[ciphertext.size - 1]
        for i in stride(from: ciphertext.size - 2, through: 0, by: -1) {
            result = result * s + ciphertext.polynomials[i]  // Horner
        }
        return Plaintext(context: ciphertext.context, polynomial: result, scale: ciphertext.scale, slotCount: ciphertext.slotCount)
    }
}
