import CKKS

/// A composite shift + scale·(p_k ∘ … ∘ p_1)(x) of polynomials (p_1 applied first), evaluated stage by stage;
/// every stage keeps the input's scale, so the output comes out at the input's scale.
///
/// The final affine map costs nothing under encryption: it is folded into the coefficients of p_k
/// (`homomorphicStages`). In `Double` it is applied after p_k, so that a composite whose stages saturate exactly
/// (the sampler's sign composites reach ±1 exactly) also saturates exactly after the map: (1 + s)/2 is exactly 0
/// or 1 where folding would leave a rounding residue of 2^-54.
public struct CompositePolynomial: Sendable, Hashable {
    /// The stages in the order they are applied.
    public let stages: [Polynomial]
    /// The affine map applied to the last stage's output: value ↦ outputShift + outputScale·value.
    public let outputScale: Double
    public let outputShift: Double

    /// - Parameters:
    ///   - stages: the stages, p_1 first; at least one.
    ///   - outputScale: the scale of the final affine map (default 1).
    ///   - outputShift: the shift of the final affine map (default 0).
    public init(_ stages: [Polynomial], outputScale: Double = 1, outputShift: Double = 0) {
        precondition(!stages.isEmpty, "a composite needs at least one stage")
        self.stages = stages
        self.outputScale = outputScale
        self.outputShift = outputShift
    }

    /// Σ depth(p_k): the levels one homomorphic evaluation consumes.
    public var depth: Int { stages.map(\.depth).reduce(0, +) }

    /// The stages as the encrypted evaluation runs them: the affine map folded into the last stage (T_0 = 1 in
    /// both bases, so the shift goes to c_0 either way).
    public var homomorphicStages: [Polynomial] {
        guard outputScale != 1 || outputShift != 0 else { return stages }
        var last = stages[stages.count - 1]
        last.coefficients = last.coefficients.map { $0 * outputScale }
        last.coefficients[0] += outputShift
        return stages.dropLast() + [last]
    }

    /// The plaintext value, stage by stage in `Double`, then the affine map.
    public func callAsFunction(_ x: Double) -> Double {
        let value = stages.reduce(x) { value, stage in stage(value) }
        return outputScale == 1 && outputShift == 0 ? value : outputShift + outputScale * value
    }

    /// The composite on every slot.
    /// - Parameters:
    ///   - x: the input.
    ///   - evaluator: an evaluator with a relinearisation key.
    /// - Returns: the result at level x.level − depth and scale x.scale.
    /// - Throws: `CircuitError.insufficientLevels` when x.level < depth; `CKKSError`s.
    public func evaluate(_ x: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
        try PolynomialEvaluator(evaluator: evaluator).evaluateComposite(homomorphicStages, at: x)
    }
}
