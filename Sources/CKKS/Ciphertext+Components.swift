import RingArithmetic

/// Raw access to a ciphertext's polynomials, for circuits that work below the scheme's algebra (bootstrapping's
/// ModRaise). Behind `@_spi(RawCiphertext)`: a caller must write `@_spi(RawCiphertext) import CKKS` to see it,
/// because these APIs bypass the evaluator's level and scale bookkeeping and are not subject to the library's
/// source-stability promises (the role of Apple's `_`-prefixed APIs).
extension Ciphertext {
    /// The components `(c_0, c_1[, c_2])` in evaluation form, for circuits that work on the polynomials
    /// themselves (bootstrapping's ModRaise). A seeded ciphertext's `c_1` is included, already expanded.
    @_spi(RawCiphertext) public var components: [RNSPolynomial<Evaluation>] { polynomials }

    /// A ciphertext from raw components: the inverse of `components`, for circuits that build polynomials
    /// directly (bootstrapping's ModRaise raises the level-0 components to the top of the chain).
    /// - Parameters:
    ///   - context: the CKKS context the components belong to.
    ///   - components: 2 or 3 polynomials in evaluation form, all over the same level context of `context`.
    ///   - scale: the scale the components encode (finite, at least 1).
    ///   - slotCount: the number of slots, a power of two ≤ N/2.
    /// - Throws: `CKKSError.ciphertextSizeMismatch` for a wrong component count, `.contextMismatch` when the
    ///   components are not over one of `context`'s level contexts, `.scaleOutOfRange`, `.invalidSlotCount`.
    @_spi(RawCiphertext) public init(
        context: CKKSContext, components: [RNSPolynomial<Evaluation>], scale: Double, slotCount: Int
    ) throws {
        guard (2...3).contains(components.count) else {
            throw CKKSError.ciphertextSizeMismatch(expected: 2, actual: components.count)
        }
        let level = components[0].limbCount - 1
        guard level >= 0, level <= context.maximumLevel,
              components.allSatisfy({ $0.context == context.levelContexts[level] })
        else { throw CKKSError.contextMismatch }
        guard scale.isFinite, scale >= 1 else { throw CKKSError.scaleOutOfRange(scale) }
        guard slotCount > 0, slotCount.nonzeroBitCount == 1, slotCount <= context.degree / 2 else {
            throw CKKSError.invalidSlotCount(slotCount, maximum: context.degree / 2)
        }
        self.init(context: context, polynomials: components, scale: scale, slotCount: slotCount)
    }
}
