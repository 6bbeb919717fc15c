/// The representation a polynomial is in, tracked by the type system so that a coefficient-form
/// polynomial can never be multiplied pointwise by mistake.
public protocol PolyFormat: Sendable {
    /// A short name for error messages and descriptions.
    static var name: String { get }
}

/// Coefficient form: `data[i]` is the coefficient of `X^i` (per RNS limb).
public enum Coefficient: PolyFormat {
    public static let name = "coefficient"
}

/// Evaluation (NTT) form: the values at the odd powers of `ψ`, in bit-reversed order (per RNS limb).
/// Ring multiplication is pointwise in this form.
public enum Evaluation: PolyFormat {
    public static let name = "evaluation"
}
