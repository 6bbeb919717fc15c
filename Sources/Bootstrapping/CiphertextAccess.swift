import CKKS
import RingArithmetic

/// Read and write access to a ciphertext's polynomials, which ModRaise needs: `Ciphertext.polynomials` and
/// `Ciphertext.init` are internal to CKKS.
///
/// - Reading goes through reflection (`Mirror`, part of the language): it yields the stored polynomials,
///   including c_1 of a seeded ciphertext.
/// - Writing goes through CKKS's public, versioned serialization format (`CKKSSerialization`, kind 3,
///   Docs/CKKS.md "Serialization"): the new polynomials are written as an unseeded ciphertext and read back
///   by `CKKSSerialization.deserializeCiphertext`, which validates every residue against the context.
///   This costs one copy of the ciphertext (≈ 30 MB at N = 2^16, top level), negligible next to bootstrapping.
///
/// A public raw constructor in CKKS would make both steps unnecessary.
enum CiphertextAccess {
    /// The polynomials (c_0, c_1[, c_2]) of `ciphertext`, evaluation form.
    /// - Throws: `BootstrappingError.unsupportedCiphertextLayout` when reflection does not find them.
    static func polynomials(of ciphertext: Ciphertext) throws -> [RNSPolynomial<Evaluation>] {
        let mirror = Mirror(reflecting: ciphertext)
        guard let value = mirror.children.first(where: { $0.label == "polynomials" })?.value,
              let polynomials = value as? [RNSPolynomial<Evaluation>]
        else { throw BootstrappingError.unsupportedCiphertextLayout("no stored property `polynomials`") }
        return polynomials
    }

    /// A ciphertext of `template`'s context and slot count with new polynomials and scale (no seed).
    /// - Parameters:
    ///   - template: any ciphertext of the same context (its polynomials are not used).
    ///   - polynomials: the new components (2 or 3), evaluation form, all over one level context of
    ///     `template.context`.
    ///   - scale: the scale to record (1 ≤ scale < 2^1000).
    /// - Throws: `BootstrappingError.unsupportedCiphertextLayout` when CKKS rejects the encoding (a format
    ///   change); CKKS serialization errors.
    static func make(
        like template: Ciphertext, polynomials: [RNSPolynomial<Evaluation>], scale: Double
    ) throws -> Ciphertext {
        precondition((2...3).contains(polynomials.count) && polynomials.allSatisfy { $0.context == polynomials[0].context })
        let context = template.context
        let moduli = polynomials[0].context.moduli.map(\.value)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + 8 * moduli.count + polynomials.count * polynomials[0].data.count * 8)
        func write<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        // Header: magic "ELMC", format version, kind 3 (ciphertext), reserved zero.
        bytes.append(contentsOf: Array("ELMC".utf8))
        write(CKKSSerialization.formatVersion)
        write(UInt8(3))
        write(UInt8(0))
        // Basis, scale, slot count, size, unseeded.
        write(UInt32(context.degree))
        write(UInt16(moduli.count))
        for q in moduli { write(q) }
        write(scale.bitPattern)
        write(UInt32(template.slotCount))
        write(UInt8(polynomials.count))
        write(UInt8(0))
        for polynomial in polynomials {
            #if _endian(little)
            polynomial.data.withUnsafeBytes { bytes.append(contentsOf: $0) }  // residues are little-endian words
            #else
            for word in polynomial.data { write(word) }
            #endif
        }
        let result: Ciphertext
        do {
            result = try CKKSSerialization.deserializeCiphertext(bytes, context: context)
        } catch {
            throw BootstrappingError.unsupportedCiphertextLayout("CKKS rejected the ciphertext encoding: \(error)")
        }
        guard result.level == moduli.count - 1, result.scale == scale, result.size == polynomials.count else {
            throw BootstrappingError.unsupportedCiphertextLayout("constructed ciphertext does not read back")
        }
        return result
    }
}
