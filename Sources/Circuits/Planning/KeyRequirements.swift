import CKKS

// Every circuit states the evaluation keys it needs as one combinable value (`EvaluationKeyRequirements`), so an
// application generates the union of its circuits' requirements once (`KeyGenerator.evaluationKeys(for:requirements:)`)
// instead of collecting rotation steps by hand.

extension Polynomial {
    /// A polynomial of degree ≥ 2 multiplies ciphertexts: the relinearisation key.
    public var keyRequirements: EvaluationKeyRequirements { degree >= 2 ? .relinearizationOnly : .none }
}

extension CompositePolynomial {
    /// The union of the stages' requirements.
    public var keyRequirements: EvaluationKeyRequirements { .union(stages.map(\.keyRequirements)) }
}

extension NewtonInverse {
    /// Newton steps multiply ciphertexts: the relinearisation key.
    public var keyRequirements: EvaluationKeyRequirements { .relinearizationOnly }
}

extension EncodedLinearTransform {
    /// The Galois keys of `rotationSteps`.
    public var keyRequirements: EvaluationKeyRequirements { EvaluationKeyRequirements(rotations: rotationSteps) }
}

extension BlockMatrixTransform {
    /// The Galois keys of `rotationSteps`.
    public var keyRequirements: EvaluationKeyRequirements { EvaluationKeyRequirements(rotations: rotationSteps) }
}

extension PrefixSum {
    /// The keys of `full(_:)` on n slots, which also cover `zeroPadded(_:count:)` for every count ≤ n/2.
    public static func keyRequirements(slotCount n: Int) -> EvaluationKeyRequirements {
        EvaluationKeyRequirements(rotations: rotationSteps(slotCount: n))
    }

    /// The keys of `zeroPadded(_:count:)`: −1, −2, …, −count/2.
    public static func keyRequirements(zeroPaddedCount count: Int) -> EvaluationKeyRequirements {
        EvaluationKeyRequirements(rotations: sequence(first: 1, next: { $0 * 2 }).prefix { $0 < count }.map { -$0 })
    }
}

extension SlotOperations {
    /// The keys of `innerSum(_:count:)`.
    public static func innerSumKeyRequirements(count: Int) -> EvaluationKeyRequirements {
        EvaluationKeyRequirements(rotations: innerSumRotationSteps(count: count))
    }

    /// The keys of `replicate(_:period:)`.
    public static func replicateKeyRequirements(period: Int, slotCount: Int) -> EvaluationKeyRequirements {
        EvaluationKeyRequirements(rotations: replicateRotationSteps(period: period, slotCount: slotCount))
    }
}
