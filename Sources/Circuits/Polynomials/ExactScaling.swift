import CKKS

/// Scale bookkeeping shared by the circuits, public so that modules above (the encrypted sampler and
/// transformer) build circuits the same way: the lattigo approach of choosing each plaintext constant's scale so
/// that every term of a sum lands on one exact scale (Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux,
/// "Efficient Bootstrapping for Approximate Homomorphic Encryption with Non-Sparse Keys", EUROCRYPT 2021, §4.2;
/// Kim, Papadimitriou, Polyakov, "Approximate Homomorphic Encryption with Reduced Approximation Error",
/// CT-RSA 2022, for why exact scales matter).
extension Evaluator {
    /// The prime q_ℓ that rescaling at level ℓ divides by.
    /// - Parameter level: ℓ ≥ 1.
    public func rescalingPrime(atLevel level: Int) -> Double { Double(context.ciphertextModuli[level]) }

    /// c · a, dropped to `level` first, with the constant encoded at the scale that makes the (not yet rescaled)
    /// product's scale exactly `productScale`.
    /// - Parameters:
    ///   - a: the ciphertext, at a level ≥ `level`.
    ///   - c: the real constant.
    ///   - level: the level of the product.
    ///   - productScale: the scale the product must have.
    /// - Throws: `CKKSError` from dropping or multiplying (e.g. c · scale too large for Q_ℓ).
    public func multiply(_ a: Ciphertext, constant c: Double, atLevel level: Int, productScale: Double) throws -> Ciphertext {
        let dropped = try dropLevels(a, to: level)
        return try multiply(dropped, constant: Complex(c), scale: productScale / dropped.scale)
    }

    /// Both ciphertexts dropped to the lower level, multiplied and relinearised (not rescaled).
    /// - Throws: `CKKSError.missingRelinearizationKey`; level and context errors.
    public func multiplyAtCommonLevel(_ a: Ciphertext, _ b: Ciphertext) throws -> Ciphertext {
        let (x, y) = try matchLevels(a, b)
        return try multiply(x, y)
    }

    /// accumulator += b in place; an absent accumulator becomes b.
    /// - Throws: `CKKSError.levelMismatch`, `.scaleMismatch` when b does not match the accumulator.
    public func accumulate(_ b: Ciphertext, into accumulator: inout Ciphertext?) throws {
        if accumulator == nil {
            accumulator = b
        } else {
            try add(b, to: &accumulator!)
        }
    }

    /// x times a constant 1 encoded at scale q_ℓ (not rescaled): the same message at scale Δ·q_ℓ, so that the
    /// noise of the rotations that follow is negligible next to it; one rescale at the end returns to exactly Δ.
    /// - Throws: `CircuitError.insufficientLevels` at level 0.
    public func raisingScale(_ x: Ciphertext) throws -> Ciphertext {
        guard x.level >= 1 else {
            throw CircuitError.insufficientLevels(operation: "raising the scale for precise rotations", needed: 1, available: 0)
        }
        return try multiply(x, constant: Complex(1), scale: rescalingPrime(atLevel: x.level))
    }
}
