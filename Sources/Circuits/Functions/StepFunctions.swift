/// Step (Heaviside) and sign approximations built from composites of odd polynomials.
///
/// The sampler's step function (shared/spec/sampling-method.md §2, after Rho, Seo, Sung, Min, Ryu,
/// arXiv 2510.12343): T(x) = (1 + h⁸(g¹⁷(x)))/2 with the odd cubics g(x) = (2126x − 1359x³)/1024 and
/// h(x) = (3x − x³)/2. Each odd cubic x·(a·x² + b) costs 2 levels, so T costs 50 levels (the final
/// (1 + h(·))/2 is folded into the last cubic under encryption: 1/2 + (3y − y³)/4). T′(0) ≈ 3.17e6: inputs with |x| ≳ 5e−7 are
/// resolved (T(5e−7) = 0.999935).
///
/// The lower-depth composite uses the degree-7 odd polynomials of Cheon, Kim, Kim, "Efficient Homomorphic
/// Comparison Methods with Optimal Complexity" (ASIACRYPT 2020): the accelerator
/// g₃(x) = (4589x − 16577x³ + 25614x⁵ − 12860x⁷)/2¹⁰ (slope 4.48 at 0, 3 levels) nine times, then
/// f₃(x) = (35x − 35x³ + 21x⁵ − 5x⁷)/2⁴ three times (the last folded into (1 + f₃)/2). Depth 36 instead of
/// 50, with min T over [5e−7, 1] = 0.9999986 ≥ the spec's T(5e−7) = 0.999935 (equal or better resolution).
/// The combination was chosen by an exhaustive search over g₃/g/f₃/h counts minimising depth subject to that
/// resolution (depth 35 was possible with one g in place of a g₃; 36 keeps the stages uniform).
public enum StepFunctions {
    /// g(x) = (2126x − 1359x³)/1024 (the spec's accelerator cubic).
    public static let samplerAccelerator = Polynomial([0, 2126.0 / 1024, 0, -1359.0 / 1024])
    /// h(x) = (3x − x³)/2 (the spec's refining cubic).
    public static let samplerRefiner = Polynomial([0, 1.5, 0, -0.5])

    /// T(x) = (1 + h⁸(g¹⁷(x)))/2 on x ∈ (−1, 1]: 25 odd cubics, depth 50.
    public static let samplerStep = CompositePolynomial(
        Array(repeating: samplerAccelerator, count: 17) + Array(repeating: samplerRefiner, count: 8),
        outputScale: 0.5, outputShift: 0.5)

    /// The sign-like composite h⁸(g¹⁷(x)) ∈ [−1, 1] on (−1, 1] (depth 50).
    public static let samplerSign = CompositePolynomial(
        Array(repeating: samplerAccelerator, count: 17) + Array(repeating: samplerRefiner, count: 8))

    /// g₃(x) = (4589x − 16577x³ + 25614x⁵ − 12860x⁷)/2¹⁰ (Cheon–Kim–Kim 2020).
    public static let comparisonAccelerator = Polynomial(
        [0, 4589.0 / 1024, 0, -16577.0 / 1024, 0, 25614.0 / 1024, 0, -12860.0 / 1024])
    /// f₃(x) = (35x − 35x³ + 21x⁵ − 5x⁷)/2⁴ (Cheon–Kim–Kim 2020).
    public static let comparisonRefiner = Polynomial([0, 35.0 / 16, 0, -35.0 / 16, 0, 21.0 / 16, 0, -5.0 / 16])

    /// A step function at the resolution of `samplerStep` with depth 36: (1 + f₃³(g₃⁹(x)))/2 on (−1, 1].
    public static let lowDepthStep = CompositePolynomial(
        Array(repeating: comparisonAccelerator, count: 9) + Array(repeating: comparisonRefiner, count: 3),
        outputScale: 0.5, outputShift: 0.5)

    /// The smoothstep s(y) = 3y² − 2y³ (depth 2): the spec's post-processing of the one-hot vector, and the
    /// refining step of the authors' form of T (s((1 + x)/2) = (1 + h(x))/2).
    public static let smoothstep = Polynomial([0, 0, 3, -2])
}
