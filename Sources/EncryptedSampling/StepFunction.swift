/// The step function `T(x) ≈ 1[x ≥ 0]` of the polynomial sampler, built only from odd cubics
/// (sampling spec §2.3; Rho et al. 2025, arXiv 2510.12343).
///
/// `T(x) = (1 + h⁸(g¹⁷(x))) / 2` on `x ∈ (−1, 1]`, with the "accelerator" `g` and the sign-refining `h`.
/// `T′(0) ≈ 3.17·10⁶`, so a boundary is resolved once `|x| ≳ 5·10⁻⁷`; `T(−x) = 1 − T(x)`. Under CKKS each
/// cubic costs two levels, so `T` costs about 50.
public enum StepFunction {
    /// How many times `g` is applied.
    public static let acceleratorIterations = 17
    /// How many times `h` is applied after `g`.
    public static let refinementIterations = 8

    /// `g(x) = (2126·x − 1359·x³) / 1024`.
    @inlinable public static func accelerator(_ x: Double) -> Double {
        (2126 * x - 1359 * x * x * x) / 1024
    }

    /// `h(x) = (3·x − x³) / 2`.
    @inlinable public static func refinement(_ x: Double) -> Double {
        (3 * x - x * x * x) / 2
    }

    /// The smoothstep `f(y) = 3y² − 2y³`, also the sampler's post-processing polynomial.
    @inlinable public static func smoothstep(_ y: Double) -> Double {
        y * y * (3 - 2 * y)
    }

    /// The approximate sign `h⁸(g¹⁷(x))`, in `[−1, 1]` for `x ∈ [−1, 1]`.
    @inlinable public static func sign(_ x: Double) -> Double {
        var s = x
        for _ in 0..<acceleratorIterations { s = accelerator(s) }
        for _ in 0..<refinementIterations { s = refinement(s) }
        return s
    }

    /// `T(x) = (1 + h⁸(g¹⁷(x))) / 2`.
    @inlinable public static func evaluate(_ x: Double) -> Double {
        (1 + sign(x)) / 2
    }

    /// The authors' form of the same function: `g¹⁵`, then `s = h³(g²(·))`, `H = (s + 1)/2`, then the
    /// smoothstep five times. It equals `evaluate` because `f((1 + s)/2) = (1 + h(s))/2`.
    public static func evaluateAuthorsForm(_ x: Double) -> Double {
        var s = x
        for _ in 0..<15 { s = accelerator(s) }
        for _ in 0..<2 { s = accelerator(s) }
        for _ in 0..<3 { s = refinement(s) }
        var y = (s + 1) / 2
        for _ in 0..<5 { y = smoothstep(y) }
        return y
    }
}
