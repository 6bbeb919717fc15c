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
    /// - Parameters:
    ///   - plaintext: a plaintext of this encryptor's context.
    ///   - generator: a `CryptographicallySecureGenerator` (secret-key ciphertexts publish 256 bits of its
    ///     output as their seed, which would give away a predictable generator's state).
    /// - Throws: `CKKSError.contextMismatch` when the plaintext comes from another context,
    ///   `.insecureRandomGenerator` for an unmarked generator.
    public func encrypt<G: RandomNumberGenerator>(_ plaintext: Plaintext, using generator: inout G) throws -> Ciphertext {
        try SecureGeneratorCheck.require(generator)
        guard plaintext.context === context else { throw CKKSError.contextMismatch }
        let level = plaintext.level
        let levelContext = context.levelContexts[level]
        let n = context.degree
        func gaussian() -> RNSPolynomial<Evaluation> {
            RNSPolynomial<Coefficient>(signedValues: Sampling.gaussian(count: n, using: &generator), context: levelContext).forwardNTT()
        }
        if let publicKey {
            // (c_0, c_1) = round((v·(b, a) + (e_0, e_1)) / p_0) + (m, 0) with a ternary v, computed modulo
            // Q_ℓ·p_0 with the first special prime: dividing by p_0 shrinks the encryption noise v·e + e_0 + e_1·s
            // to about the rounding error (the technique of Microsoft SEAL, which divides by its special prime).
            let v = forwardTransform(Sampling.ternary(count: n, using: &generator), level: level)
            let e0 = forwardTransform(Sampling.gaussian(count: n, using: &generator), level: level)
            let e1 = forwardTransform(Sampling.gaussian(count: n, using: &generator), level: level)
            let c0 = multiplyAdd(v, publicKeyLimbs(publicKey.b, level: level), e0, level: level)
            let c1 = multiplyAdd(v, publicKeyLimbs(publicKey.a, level: level), e1, level: level)
            var lowered0 = context.modDown(c0, level: level, firstSpecialOnly: true)
            lowered0 += plaintext.polynomial
            let lowered1 = context.modDown(c1, level: level, firstSpecialOnly: true)
            return Ciphertext(
                context: context, polynomials: [lowered0, lowered1], scale: plaintext.scale,
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

    /// The moduli and NTT tables of Q_ℓ·p_0, in ModDown layout (q_0 … q_ℓ, then p_0).
    private func encryptionBasis(level: Int) -> [(Modulus, NTTTables)] {
        (0...level).map { (context.topContext.moduli[$0], context.topContext.ntt[$0]) }
            + [(context.specialContext.moduli[0], context.specialContext.ntt[0])]
    }

    /// Small signed coefficients reduced and transformed to evaluation form over Q_ℓ·p_0 (limb-major).
    private func forwardTransform(_ values: [Int64], level: Int) -> [UInt64] {
        let n = context.degree
        let basis = encryptionBasis(level: level)
        var data = CKKSContext.uninitializedWords(basis.count * n)
        data.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Parallel.forEach(basis.count, wordsEach: n) { limb in
                let (q, tables) = basis[limb]
                let output = base + limb * n
                for c in 0..<n { output[c] = q.reduce(signed: values[c]) }
                tables.forward(output)
            }
        }
        return data
    }

    /// The public key's limbs of q_0 … q_ℓ and p_0.
    private func publicKeyLimbs(_ x: RNSPolynomial<Evaluation>, level: Int) -> [UInt64] {
        let n = context.degree
        let special = (context.maximumLevel + 1) * n
        return Array(x.data[0..<((level + 1) * n)]) + Array(x.data[special..<(special + n)])
    }

    /// a ⊙ b + c limb-wise over Q_ℓ·p_0 (evaluation form); `b` is reused as the output buffer.
    private func multiplyAdd(_ a: [UInt64], _ b: consuming [UInt64], _ c: [UInt64], level: Int) -> [UInt64] {
        let n = context.degree
        let basis = encryptionBasis(level: level)
        var result = b
        result.withUnsafeMutableBufferPointer { r in
            let rBase = r.baseAddress!
            a.withUnsafeBufferPointer { aBuffer in
                c.withUnsafeBufferPointer { cBuffer in
                    let aBase = aBuffer.baseAddress!, cBase = cBuffer.baseAddress!
                    Parallel.forEach(basis.count, wordsEach: n) { limb in
                        let q = basis[limb].0
                        let offset = limb * n
                        for i in offset..<(offset + n) { rBase[i] = q.add(q.multiply(aBase[i], rBase[i]), cBase[i]) }
                    }
                }
            }
        }
        return result
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
