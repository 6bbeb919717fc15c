import RingArithmetic

/// An encoded message: a polynomial of R_{Q_ℓ} in evaluation form with its scale Δ and slot count n.
/// Its level is ℓ = (number of limbs) − 1.
public struct Plaintext: Sendable {
    public let context: CKKSContext
    let polynomial: RNSPolynomial<Evaluation>
    /// The scale Δ: the encoded values are the slots of polynomial/Δ.
    public let scale: Double
    /// The number of slots n (a power of two ≤ N/2).
    public let slotCount: Int

    /// The level ℓ.
    public var level: Int { polynomial.limbCount - 1 }
}

/// A CKKS ciphertext (c_0, c_1[, c_2]) at level ℓ, evaluation form: it decrypts to Σ_i c_i·s^i ≈ Δ·m.
public struct Ciphertext: Sendable {
    public let context: CKKSContext
    var polynomials: [RNSPolynomial<Evaluation>]
    /// The scale Δ, tracked exactly (products multiply it, rescaling divides it by the dropped prime).
    public internal(set) var scale: Double
    /// The number of slots n.
    public let slotCount: Int
    /// For a fresh secret-key ciphertext: the ChaCha20 seed that regenerates c_1 (serialized instead of c_1).
    /// Cleared by every operation.
    public internal(set) var seed: [UInt32]?

    /// The level ℓ.
    public var level: Int { polynomials[0].limbCount - 1 }
    /// 2 for a normal ciphertext, 3 after a multiplication without relinearisation.
    public var size: Int { polynomials.count }

    init(context: CKKSContext, polynomials: [RNSPolynomial<Evaluation>], scale: Double, slotCount: Int, seed: [UInt32]? = nil) {
        self.context = context
        self.polynomials = polynomials
        self.scale = scale
        self.slotCount = slotCount
        self.seed = seed
    }
}
