import CKKS
import RingArithmetic

/// Read and write access to a ciphertext's polynomials, which ModRaise needs and the CKKS module does not
/// (yet) expose publicly: `Ciphertext.polynomials` and `Ciphertext.init` are internal to CKKS.
///
/// Reading goes through reflection (`Mirror`), which is part of the language. Writing reinterprets a
/// ciphertext as a struct with the same stored properties in the same order (`Layout`); before every use
/// the layout is cross-checked against reflection (property names, order, values, sizes) and a mismatch
/// throws `BootstrappingError.unsupportedCiphertextLayout` instead of corrupting memory.
///
/// This is the one place where bootstrapping depends on CKKS internals. When CKKS gains a public raw
/// constructor (or serialization), replace `make` with it and delete `Layout`.
enum CiphertextAccess {
    /// Mirror of `CKKS.Ciphertext`'s stored properties, in declaration order.
    private struct Layout {
        var context: CKKSContext
        var polynomials: [RNSPolynomial<Evaluation>]
        var scale: Double
        var slotCount: Int
        var seed: [UInt32]?
    }

    private static let expectedLabels = ["context", "polynomials", "scale", "slotCount", "seed"]

    /// The polynomials (c_0, c_1[, c_2]) of `ciphertext`, evaluation form.
    /// - Throws: `BootstrappingError.unsupportedCiphertextLayout` when reflection does not find them.
    static func polynomials(of ciphertext: Ciphertext) throws -> [RNSPolynomial<Evaluation>] {
        let mirror = Mirror(reflecting: ciphertext)
        guard let value = mirror.children.first(where: { $0.label == "polynomials" })?.value,
              let polynomials = value as? [RNSPolynomial<Evaluation>]
        else { throw BootstrappingError.unsupportedCiphertextLayout("no stored property `polynomials`") }
        return polynomials
    }

    /// Checks that `Layout` describes `Ciphertext` exactly and returns the reinterpreted value.
    private static func layout(of ciphertext: Ciphertext) throws -> Layout {
        guard MemoryLayout<Layout>.size == MemoryLayout<Ciphertext>.size,
              MemoryLayout<Layout>.stride == MemoryLayout<Ciphertext>.stride,
              MemoryLayout<Layout>.alignment == MemoryLayout<Ciphertext>.alignment
        else { throw BootstrappingError.unsupportedCiphertextLayout("size or alignment differs") }
        let labels = Mirror(reflecting: ciphertext).children.map { $0.label ?? "" }
        guard labels == expectedLabels else {
            throw BootstrappingError.unsupportedCiphertextLayout("stored properties are \(labels)")
        }
        let view = unsafeBitCast(ciphertext, to: Layout.self)
        let reflected = try polynomials(of: ciphertext)
        guard view.context === ciphertext.context, view.scale.bitPattern == ciphertext.scale.bitPattern,
              view.slotCount == ciphertext.slotCount, view.polynomials.count == reflected.count,
              zip(view.polynomials, reflected).allSatisfy({ $0.context === $1.context && $0.data == $1.data })
        else { throw BootstrappingError.unsupportedCiphertextLayout("reinterpreted values differ from reflection") }
        return view
    }

    /// A ciphertext of `template`'s context and slot count with new polynomials and scale (no seed).
    /// - Parameters:
    ///   - template: any ciphertext of the same context (its polynomials are not used).
    ///   - polynomials: the new components, evaluation form, all over the same level context.
    ///   - scale: the scale to record.
    /// - Throws: `BootstrappingError.unsupportedCiphertextLayout`.
    static func make(
        like template: Ciphertext, polynomials: [RNSPolynomial<Evaluation>], scale: Double
    ) throws -> Ciphertext {
        precondition(!polynomials.isEmpty && polynomials.allSatisfy { $0.context == polynomials[0].context })
        var view = try layout(of: template)
        view.polynomials = polynomials
        view.scale = scale
        view.seed = nil
        let result = unsafeBitCast(view, to: Ciphertext.self)
        guard result.level == polynomials[0].limbCount - 1, result.scale == scale else {
            throw BootstrappingError.unsupportedCiphertextLayout("constructed ciphertext does not read back")
        }
        return result
    }
}
