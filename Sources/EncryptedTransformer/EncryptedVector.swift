import CKKS
import Circuits

/// A real vector under encryption: `count` values in slots 0 ..< count of a ciphertext (zero elsewhere),
/// stored divided by a public `bound` so that every slot lies in [−1, 1] — what a bootstrap needs.
public struct EncryptedVector: Sendable {
    public let ciphertext: Ciphertext
    /// d: the vector's length.
    public let count: Int
    /// σ: slot i holds value_i / σ.
    public let bound: Double

    public init(ciphertext: Ciphertext, count: Int, bound: Double) {
        self.ciphertext = ciphertext
        self.count = count
        self.bound = bound
    }
}

/// Powers of two that bound calibrated magnitudes with a margin: the public scale factors of the encrypted
/// layers (folded into their weights, so they cost nothing).
enum Bounds {
    /// The smallest power of two ≥ margin·magnitude (at least 2^-10).
    static func powerOfTwo(above magnitude: Double, margin: Double = 2) -> Double {
        var bound = 0x1p-10
        while bound < margin * magnitude { bound *= 2 }
        return bound
    }
}

extension Evaluator {
    /// `x` brought to exactly `level` and `scale`: a product with the constant 1 encoded at the scale that makes
    /// the rescaled result land on `scale` (one level of x's, which must be above `level`). How two paths of a
    /// circuit — a residual stream and a layer's output — are made addable.
    /// With a `factor`, x·factor (a change of the public bound it is stored divided by, for free).
    /// - Throws: `CKKSError.invalidLevel` when x is not above `level`; CKKS errors.
    func aligned(_ x: Ciphertext, toLevel level: Int, scale: Double, factor: Double = 1) throws -> Ciphertext {
        guard x.level > level else { throw CKKSError.invalidLevel(level, maximum: x.level - 1) }
        let q = Double(context.ciphertextModuli[level + 1])
        return try rescale(multiply(x, constant: factor, atLevel: level + 1, productScale: scale * q))
    }
}
