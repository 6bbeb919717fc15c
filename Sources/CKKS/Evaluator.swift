import RingArithmetic

/// Homomorphic operations on ciphertexts. A value type holding only immutable, `Sendable` state, so one
/// evaluator can be used from many tasks at once.
///
/// Level and scale rules (Cheon–Kim–Kim–Song 2017, §3.4; Cheon et al. SAC 2018, §3):
/// - additions need equal levels and scales (relative difference ≤ 2^-40); use `dropLevels(_:to:)` to align levels;
/// - a product's scale is the product of the scales; `rescale` divides it by the dropped prime q_ℓ exactly.
public struct Evaluator: Sendable {
    public let context: CKKSContext
    /// The relinearisation key, if multiplications are to be relinearised.
    public let relinearizationKey: RelinearizationKey?
    /// Galois keys for rotations and conjugation.
    public let galoisKeys: GaloisKeys?

    public init(context: CKKSContext, relinearizationKey: RelinearizationKey? = nil, galoisKeys: GaloisKeys? = nil) {
        self.context = context
        self.relinearizationKey = relinearizationKey
        self.galoisKeys = galoisKeys
    }

    // MARK: Checks

    private func check(_ ciphertext: Ciphertext) throws {
        guard ciphertext.context === context else { throw CKKSError.contextMismatch }
    }

    private func checkCompatible(level a: Int, _ b: Int, scale sa: Double, _ sb: Double) throws {
        guard a == b else { throw CKKSError.levelMismatch(a, b) }
        guard abs(sa - sb) <= max(sa, sb) * 0x1p-40 else { throw CKKSError.scaleMismatch(sa, sb) }
    }

    // MARK: Addition

    /// a + b (sizes may differ: the shorter one is padded with zero polynomials).
    /// - Throws: `.contextMismatch`, `.levelMismatch`, `.scaleMismatch`.
    public func add(_ a: Ciphertext, _ b: Ciphertext) throws -> Ciphertext {
        try combine(a, b, subtract: false)
    }

    /// a − b.
    /// - Throws: `.contextMismatch`, `.levelMismatch`, `.scaleMismatch`.
    public func subtract(_ a: Ciphertext, _ b: Ciphertext) throws -> Ciphertext {
        try combine(a, b, subtract: true)
    }

    private func combine(_ a: Ciphertext, _ b: Ciphertext, subtract: Bool) throws -> Ciphertext {
        try check(a)
        try check(b)
        try checkCompatible(level: a.level, b.level, scale: a.scale, b.scale)
        var result = a.size >= b.size ? a : b
        let other = a.size >= b.size ? b : a
        if subtract && a.size < b.size {
            for i in result.polynomials.indices { result.polynomials[i].negate() }
            for i in other.polynomials.indices { result.polynomials[i] += other.polynomials[i] }
        } else {
            for i in other.polynomials.indices {
                if subtract { result.polynomials[i] -= other.polynomials[i] } else { result.polynomials[i] += other.polynomials[i] }
            }
        }
        result.seed = nil
        return result
    }

    /// a += b in place, without building a new ciphertext (the rules of `add(_:_:)`): accumulating sums this
    /// way avoids copying the accumulator for every term.
    /// - Throws: `.contextMismatch`, `.levelMismatch`, `.scaleMismatch`.
    public func add(_ b: Ciphertext, to a: inout Ciphertext) throws {
        try check(a)
        try check(b)
        try checkCompatible(level: a.level, b.level, scale: a.scale, b.scale)
        guard a.size >= b.size else {
            a = try add(a, b)
            return
        }
        for i in b.polynomials.indices { a.polynomials[i] += b.polynomials[i] }
        a.seed = nil
    }

    /// accumulator += a · p in place (Lattigo's MulThenAdd): the product is never materialised, which saves a
    /// ciphertext copy per term of a linear transform's inner sums.
    /// - Parameters:
    ///   - a: the ciphertext, at the level of `p` and of the accumulator.
    ///   - p: the plaintext; a.scale · p.scale must equal the accumulator's scale.
    ///   - accumulator: the running sum.
    /// - Throws: `.contextMismatch`, `.levelMismatch`, `.scaleMismatch`.
    public func multiplyAdd(_ a: Ciphertext, _ p: Plaintext, to accumulator: inout Ciphertext) throws {
        try check(a)
        try check(accumulator)
        guard p.context === context else { throw CKKSError.contextMismatch }
        guard a.level == p.level else { throw CKKSError.levelMismatch(a.level, p.level) }
        try checkCompatible(level: accumulator.level, a.level, scale: accumulator.scale, a.scale * p.scale)
        guard accumulator.size >= a.size else {
            accumulator = try add(accumulator, multiply(a, p))
            return
        }
        for i in a.polynomials.indices { accumulator.polynomials[i].addProduct(a.polynomials[i], p.polynomial) }
        accumulator.seed = nil
    }

    /// −a.
    public func negate(_ a: Ciphertext) throws -> Ciphertext {
        try check(a)
        var result = a
        for i in result.polynomials.indices { result.polynomials[i].negate() }
        result.seed = nil
        return result
    }

    /// a + p.
    /// - Throws: `.contextMismatch`, `.levelMismatch`, `.scaleMismatch`.
    public func add(_ a: Ciphertext, _ p: Plaintext) throws -> Ciphertext {
        try check(a)
        guard p.context === context else { throw CKKSError.contextMismatch }
        try checkCompatible(level: a.level, p.level, scale: a.scale, p.scale)
        var result = a
        result.polynomials[0] += p.polynomial
        result.seed = nil
        return result
    }

    /// a − p.
    public func subtract(_ a: Ciphertext, _ p: Plaintext) throws -> Ciphertext {
        try check(a)
        guard p.context === context else { throw CKKSError.contextMismatch }
        try checkCompatible(level: a.level, p.level, scale: a.scale, p.scale)
        var result = a
        result.polynomials[0] -= p.polynomial
        result.seed = nil
        return result
    }

    /// a + c in every slot, c encoded at the ciphertext's scale (exact up to rounding of c·Δ).
    /// - Throws: `.valueTooLargeForScale` when c·Δ does not fit in Q_ℓ.
    public func add(_ a: Ciphertext, constant c: Complex) throws -> Ciphertext {
        try check(a)
        var result = a
        result.polynomials[0] += try constantPolynomial(c, scale: a.scale, level: a.level)
        result.seed = nil
        return result
    }

    /// The evaluation form of the constant c·Δ in every slot: round(Re c·Δ) + round(Im c·Δ)·X^{N/2},
    /// because X^{N/2} evaluates to i at every slot root ζ^{5^j} (5^j ≡ 1 mod 4). A constant polynomial takes
    /// the same value at every NTT point, so no transform is needed: limb i is r_i + m_i·NTT(X^{N/2})_i.
    func constantPolynomial(_ c: Complex, scale: Double, level: Int) throws -> RNSPolynomial<Evaluation> {
        let n = context.degree
        let levelContext = context.levelContexts[level]
        let parts = try RNSDecomposer(moduli: levelContext.moduli.map(\.value))
            .residues(of: [(c.real * scale).rounded(), (c.imaginary * scale).rounded()], scaleForErrors: scale)
        var data = [UInt64](repeating: 0, count: (level + 1) * n)
        for i in 0...level {
            let q = levelContext.moduli[i]
            let (real, imaginary) = (parts[2 * i], parts[2 * i + 1])
            if imaginary == 0 {
                for j in 0..<n { data[i * n + j] = real }
            } else {
                let factor = ShoupConstant(imaginary, modulus: q)
                for j in 0..<n {
                    data[i * n + j] = q.add(real, q.multiply(context.imaginaryUnit.data[i * n + j], by: factor))
                }
            }
        }
        return RNSPolynomial(context: levelContext, data: data)
    }

    // MARK: Multiplication

    /// a · p; the scale becomes a.scale · p.scale.
    /// - Throws: `.contextMismatch`, `.levelMismatch`.
    public func multiply(_ a: Ciphertext, _ p: Plaintext) throws -> Ciphertext {
        try check(a)
        guard p.context === context else { throw CKKSError.contextMismatch }
        guard a.level == p.level else { throw CKKSError.levelMismatch(a.level, p.level) }
        var result = a
        for i in result.polynomials.indices { result.polynomials[i] *= p.polynomial }
        result.scale = a.scale * p.scale
        result.seed = nil
        return result
    }

    /// a · c for a complex constant c, encoded at `scale` (default: the parameters' scale); the result's scale
    /// is a.scale · scale. Rescale afterwards.
    public func multiply(_ a: Ciphertext, constant c: Complex, scale: Double? = nil) throws -> Ciphertext {
        try check(a)
        let scale = scale ?? context.parameters.defaultScale
        let constant = try constantPolynomial(c, scale: scale, level: a.level)
        var result = a
        for i in result.polynomials.indices { result.polynomials[i] *= constant }
        result.scale = a.scale * scale
        result.seed = nil
        return result
    }

    /// a · i, exactly and without changing the scale: multiplication by the monomial X^{N/2}.
    public func multiplyByI(_ a: Ciphertext) throws -> Ciphertext {
        try check(a)
        let x = context.imaginaryUnit(atLevel: a.level)
        var result = a
        for i in result.polynomials.indices { result.polynomials[i] *= x }
        result.seed = nil
        return result
    }

    /// The tensor product (d_0, d_1, d_2) = (a_0 b_0, a_0 b_1 + a_1 b_0, a_1 b_1): a size-3 ciphertext
    /// under (1, s, s²). Relinearise with `relinearize`.
    /// - Throws: `.contextMismatch`, `.levelMismatch`, `.ciphertextSizeMismatch` for inputs of size ≠ 2.
    public func multiplyWithoutRelinearization(_ a: Ciphertext, _ b: Ciphertext) throws -> Ciphertext {
        try check(a)
        try check(b)
        guard a.level == b.level else { throw CKKSError.levelMismatch(a.level, b.level) }
        guard a.size == 2 else { throw CKKSError.ciphertextSizeMismatch(expected: 2, actual: a.size) }
        guard b.size == 2 else { throw CKKSError.ciphertextSizeMismatch(expected: 2, actual: b.size) }
        let d0 = a.polynomials[0] * b.polynomials[0]
        var d1 = a.polynomials[0] * b.polynomials[1]
        d1.addProduct(a.polynomials[1], b.polynomials[0])
        let d2 = a.polynomials[1] * b.polynomials[1]
        return Ciphertext(context: context, polynomials: [d0, d1, d2], scale: a.scale * b.scale, slotCount: max(a.slotCount, b.slotCount))
    }

    /// a · b, relinearised.
    /// - Throws: as `multiplyWithoutRelinearization`, and `.missingRelinearizationKey`.
    public func multiply(_ a: Ciphertext, _ b: Ciphertext) throws -> Ciphertext {
        guard let relinearizationKey else { throw CKKSError.missingRelinearizationKey }
        guard relinearizationKey.context === context else { throw CKKSError.contextMismatch }
        var product = try multiplyWithoutRelinearization(a, b)
        let d2 = product.polynomials.removeLast()
        let (u0, u1) = context.switchKey(d2, key: relinearizationKey.key)
        product.polynomials[0] += u0  // uniquely owned: updated in place
        product.polynomials[1] += u1
        return product
    }

    /// Key-switches the s² component back to s: (d_0, d_1, d_2) ↦ (d_0, d_1) + KeySwitch(d_2).
    /// - Throws: `.missingRelinearizationKey`, `.ciphertextSizeMismatch` for sizes other than 3.
    public func relinearize(_ a: Ciphertext) throws -> Ciphertext {
        try check(a)
        guard a.size == 3 else { throw CKKSError.ciphertextSizeMismatch(expected: 3, actual: a.size) }
        guard let relinearizationKey else { throw CKKSError.missingRelinearizationKey }
        guard relinearizationKey.context === context else { throw CKKSError.contextMismatch }
        let (u0, u1) = context.switchKey(a.polynomials[2], key: relinearizationKey.key)
        return Ciphertext(
            context: context, polynomials: [a.polynomials[0] + u0, a.polynomials[1] + u1], scale: a.scale, slotCount: a.slotCount)
    }

    // MARK: Levels

    /// Divides by the last prime q_ℓ with rounding and moves to level ℓ − 1; scale /= q_ℓ (exactly).
    /// - Throws: `.noLevelLeft` at level 0.
    public func rescale(_ a: Ciphertext) throws -> Ciphertext {
        try check(a)
        guard a.level > 0 else { throw CKKSError.noLevelLeft }
        let q = Double(context.ciphertextModuli[a.level])
        let scale = a.scale / q
        guard scale.isFinite, scale >= 1 else { throw CKKSError.scaleOutOfRange(scale) }
        return Ciphertext(
            context: context, polynomials: a.polynomials.map { $0.droppingLastLimbRounded() }, scale: scale,
            slotCount: a.slotCount)
    }

    /// The same ciphertext at a lower level (drops primes without dividing: the scale is unchanged).
    /// - Throws: `.invalidLevel` when `level` is above the ciphertext's level or negative.
    public func dropLevels(_ a: Ciphertext, to level: Int) throws -> Ciphertext {
        try check(a)
        guard level >= 0, level <= a.level else { throw CKKSError.invalidLevel(level, maximum: a.level) }
        if level == a.level { return a }
        return Ciphertext(
            context: context, polynomials: a.polynomials.map { $0.droppingLastLimbs(a.level - level) }, scale: a.scale,
            slotCount: a.slotCount)
    }

    /// Both ciphertexts at the lower of their levels.
    public func matchLevels(_ a: Ciphertext, _ b: Ciphertext) throws -> (Ciphertext, Ciphertext) {
        let level = min(a.level, b.level)
        return (try dropLevels(a, to: level), try dropLevels(b, to: level))
    }

    // MARK: Rotations

    private func galoisKey(_ element: Int) throws -> SwitchingKey {
        guard let galoisKeys, let key = galoisKeys.keys[element] else { throw CKKSError.missingGaloisKey(element: element) }
        guard galoisKeys.context === context else { throw CKKSError.contextMismatch }
        return key
    }

    /// Applies σ_k: (c_0, c_1) ↦ (σ_k(c_0), 0) + KeySwitch_{σ_k(s)→s}(σ_k(c_1)).
    public func applyGalois(_ a: Ciphertext, element k: Int) throws -> Ciphertext {
        try check(a)
        guard a.size == 2 else { throw CKKSError.ciphertextSizeMismatch(expected: 2, actual: a.size) }
        if k == 1 { return a }
        let key = try galoisKey(k)
        let (u0, u1) = context.switchKey(a.polynomials[1].applyingGalois(k), key: key)
        var c0 = a.polynomials[0].applyingGalois(k)
        c0 += u0
        return Ciphertext(context: context, polynomials: [c0, u1], scale: a.scale, slotCount: a.slotCount)
    }

    /// Rotates the slots left by `steps` (negative: right): slot j receives slot j + steps.
    /// - Throws: `.missingGaloisKey` when no key for 5^steps exists.
    public func rotate(_ a: Ciphertext, by steps: Int) throws -> Ciphertext {
        try applyGalois(a, element: GaloisElement.rotation(by: steps, degree: context.degree))
    }

    /// Complex conjugation of every slot.
    public func conjugate(_ a: Ciphertext) throws -> Ciphertext {
        try applyGalois(a, element: GaloisElement.conjugation(degree: context.degree))
    }

    /// Re(a) in every slot: (a + ā)/2, the halving done exactly by doubling the recorded scale (no level).
    ///
    /// CKKS noise is complex even when the message is real, and a polynomial evaluated far from the real line
    /// diverges: where a circuit amplifies its input steeply (a step function at its threshold), the imaginary
    /// noise a bootstrap leaves grows with the real signal and, squared, spoils it. Projecting onto the real part
    /// removes it for the price of one conjugation.
    /// - Throws: `.missingGaloisKey` without the conjugation key; `.ciphertextSizeMismatch` for size 3.
    public func realPart(_ a: Ciphertext) throws -> Ciphertext {
        var sum = try add(a, conjugate(a))
        sum.scale = 2 * a.scale
        return sum
    }

    /// Switches `a` to the key's target secret: (c_0, c_1) ↦ (c_0, 0) + KeySwitch_{s_from→s_to}(c_1).
    /// - Parameters:
    ///   - a: a size-2 ciphertext under the key's source secret, at a level ≤ `key.maximumLevel`.
    ///   - key: from `KeyGenerator.keySwitchingKey(from:to:maximumLevel:)`.
    /// - Returns: a ciphertext of the same level and scale that decrypts under the target secret.
    /// - Throws: `.contextMismatch`, `.ciphertextSizeMismatch`, `.invalidLevel` when `a` is above the key's
    ///   maximum level.
    public func switchKey(_ a: Ciphertext, using key: KeySwitchingKey) throws -> Ciphertext {
        try check(a)
        guard key.context === context else { throw CKKSError.contextMismatch }
        guard a.size == 2 else { throw CKKSError.ciphertextSizeMismatch(expected: 2, actual: a.size) }
        guard a.level <= key.maximumLevel else { throw CKKSError.invalidLevel(a.level, maximum: key.maximumLevel) }
        let (u0, u1) = context.switchKey(a.polynomials[1], key: key.key, plan: key.plans?[a.level])
        var c0 = a.polynomials[0]
        c0 += u0
        return Ciphertext(context: context, polynomials: [c0, u1], scale: a.scale, slotCount: a.slotCount)
    }

    /// Many rotations of one ciphertext sharing one ModUp of c_1 ("hoisting", Halevi–Shoup CRYPTO 2018 §5;
    /// Bossuat et al. EUROCRYPT 2021 §3.2). σ_k commutes with ModUp, so the decomposition is computed once
    /// and each rotation only permutes it, multiplies by its key and runs ModDown.
    /// - Returns: the rotations in the order of `steps`.
    public func rotateHoisted(_ a: Ciphertext, by steps: [Int]) throws -> [Ciphertext] {
        try check(a)
        guard a.size == 2 else { throw CKKSError.ciphertextSizeMismatch(expected: 2, actual: a.size) }
        let elements = steps.map { GaloisElement.rotation(by: $0, degree: context.degree) }
        let keys = try elements.map { $0 == 1 ? nil : try galoisKey($0) }
        let decomposed = context.decompose(a.polynomials[1])
        return zip(elements, keys).map { k, key in
            guard let key else { return a }
            let permutation = GaloisElement.evaluationPermutation(k, degree: context.degree)
            let pair = context.innerProduct(decomposed, key: key, permutation: permutation)
            let (first, second) = (pair.first, pair.second)
            _ = consume pair
            let u0 = context.modDown(consume first, level: a.level)
            let u1 = context.modDown(consume second, level: a.level)
            var c0 = a.polynomials[0].applyingGalois(k)
            c0 += u0
            return Ciphertext(context: context, polynomials: [c0, u1], scale: a.scale, slotCount: a.slotCount)
        }
    }
}
