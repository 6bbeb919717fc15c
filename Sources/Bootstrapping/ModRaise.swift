@_spi(RawCiphertext) import CKKS
import RingArithmetic

/// ModRaise, the first step of bootstrapping (Cheon, Han, Kim, Kim, Song, "Bootstrapping for Approximate
/// Homomorphic Encryption", EUROCRYPT 2018, §3.1).
///
/// A level-0 ciphertext (c_0, c_1) satisfies c_0 + c_1·s = t (mod q_0) with t = Δ·m + e small. Reading its
/// residues as centred integers in (−q_0/2, q_0/2] and reducing them modulo every prime of the full chain
/// Q_L gives a ciphertext that decrypts, modulo Q_L, to c_0 + c_1·s computed over the integers:
///
///     c_0 + c_1·s = t + q_0·I(X),
///
/// where I(X) has integer coefficients bounded by about ‖s‖_1/2 + 1 (each coefficient of c_1·s is a sum
/// of h = ‖s‖_1 terms uniform in (−q_0/2, q_0/2], so |I_k| has standard deviation q_0·√(h/12)/q_0).
/// Nothing secret is involved: this is a reinterpretation of public data. The remaining steps of
/// bootstrapping evaluate t ↦ t mod q_0 homomorphically.
enum ModRaise {
    /// Lifts `ciphertext` (at level 0) to the top level of its context.
    /// - Parameters:
    ///   - ciphertext: a size-2 ciphertext at level 0.
    ///   - scale: the scale to record on the result (bootstrapping records q_0, so that slots decode to
    ///     the coefficients of t/q_0 + I).
    /// - Returns: the raised ciphertext at level L.
    /// - Throws: `BootstrappingError.notRelinearized`.
    static func raise(_ ciphertext: Ciphertext, scale: Double) throws -> Ciphertext {
        precondition(ciphertext.level == 0, "ModRaise expects a level-0 ciphertext")
        guard ciphertext.size == 2 else { throw BootstrappingError.notRelinearized }
        let context = ciphertext.context
        let top = context.topContext
        let q0 = context.ciphertextModuli[0]
        let half = q0 >> 1
        let raised = ciphertext.components.map { polynomial in
            let coefficients = polynomial.inverseNTT()
            // Centred representatives of the residues modulo q_0.
            let signed = coefficients.data.map { r in r > half ? -Int64(q0 - r) : Int64(r) }
            return RNSPolynomial<Coefficient>(signedValues: signed, context: top).forwardNTT()
        }
        return try Ciphertext(context: context, components: raised, scale: scale, slotCount: ciphertext.slotCount)
    }
}
