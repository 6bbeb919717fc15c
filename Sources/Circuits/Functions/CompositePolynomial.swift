import CKKS

/// A composite p_k ∘ … ∘ p_1 of polynomials (p_1 applied first), evaluated stage by stage; every stage keeps the
/// input's scale, so the output comes out at the input's scale.
public struct CompositePolynomial: Sendable, Hashable {
    /// The stages in the order they are applied.
    public let stages: [Polynomial]

    /// - Parameter stages: the stages, p_1 first; at least one.
    public init(_ stages: [Polynomial]) {
        precondition(!stages.isEmpty, "a composite needs at least one stage")
        self.stages = stages
    }

    /// Σ depth(p_k): the levels one homomorphic evaluation consumes.
    public var depth: Int { stages.map(\.depth).reduce(0, +) }

    /// The plaintext value, stage by stage in `Double`.
    public func callAsFunction(_ x: Double) -> Double { stages.reduce(x) { value, stage in stage(value) } }

    /// The composite on every slot.
    /// - Parameters:
    ///   - x: the input.
    ///   - evaluator: an evaluator with a relinearisation key.
    /// - Returns: the result at level x.level − depth and scale x.scale.
    /// - Throws: `CircuitError.insufficientLevels` when x.level < depth; `CKKSError`s.
    public func evaluate(_ x: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
        try PolynomialEvaluator(evaluator: evaluator).evaluateComposite(stages, at: x)
    }
}
