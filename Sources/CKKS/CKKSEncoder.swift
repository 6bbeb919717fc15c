import RingArithmetic

/// Encodes vectors of real or complex numbers into plaintexts and decodes them back
/// (Cheon–Kim–Kim–Song 2017, §3.3: Ecd(z; Δ) = ⌊Δ·σ^{-1}(π^{-1}(z))⌉, Dcd(m; Δ) = π(σ(Δ^{-1}·m))).
public struct CKKSEncoder: Sendable {
    public let context: CKKSContext

    public init(context: CKKSContext) { self.context = context }

    /// Encodes complex values.
    /// - Parameters:
    ///   - values: up to N/2 values; the count is rounded up to a power of two by zero padding
    ///     (fewer slots use sparse packing).
    ///   - scale: Δ; defaults to the parameters' scale.
    ///   - level: ℓ; defaults to the top level L.
    /// - Throws: `CKKSError.invalidSlotCount`, `.invalidLevel`, `.invalidScale`, `.nonFiniteValue`,
    ///   `.valueTooLargeForScale` (when Δ·|value| would wrap modulo Q_ℓ).
    public func encode(_ values: [Complex], scale: Double? = nil, level: Int? = nil) throws -> Plaintext {
        let maximum = context.parameters.maximumSlotCount
        guard !values.isEmpty, values.count <= maximum else { throw CKKSError.invalidSlotCount(values.count, maximum: maximum) }
        let scale = scale ?? context.parameters.defaultScale
        guard scale.isFinite, scale >= 1 else { throw CKKSError.invalidScale(scale) }
        let levelContext = try context.context(atLevel: level ?? context.maximumLevel)
        var slotCount = 1
        while slotCount < values.count { slotCount *= 2 }
        let padded = values + Array(repeating: Complex.zero, count: slotCount - values.count)
        for v in padded where !(v.real.isFinite && v.imaginary.isFinite) { throw CKKSError.nonFiniteValue }
        let coefficients = context.embedding.coefficients(fromSlots: padded).map { ($0 * scale).rounded() }
        let residues = try RNSDecomposer(moduli: levelContext.moduli.map(\.value)).residues(of: coefficients, scaleForErrors: scale)
        let polynomial = RNSPolynomial<Coefficient>(context: levelContext, data: residues).forwardNTT()
        return Plaintext(context: context, polynomial: polynomial, scale: scale, slotCount: slotCount)
    }

    /// Encodes real values (imaginary parts zero).
    public func encode(_ values: [Double], scale: Double? = nil, level: Int? = nil) throws -> Plaintext {
        try encode(values.map { Complex($0) }, scale: scale, level: level)
    }

    /// Decodes all slots of a plaintext (n = `plaintext.slotCount` values).
    public func decode(_ plaintext: Plaintext) -> [Complex] {
        let coefficientForm = plaintext.polynomial.inverseNTT()
        let composer = RNSComposer(moduli: coefficientForm.context.moduli.map(\.value))
        let real = composer.centredValues(residues: coefficientForm.data, count: context.degree, factor: 1 / plaintext.scale)
        return context.embedding.slots(fromCoefficients: real, slotCount: plaintext.slotCount)
    }

    /// Decodes the real parts.
    public func decodeReal(_ plaintext: Plaintext) -> [Double] { decode(plaintext).map(\.real) }
}
