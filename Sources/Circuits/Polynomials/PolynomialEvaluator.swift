import CKKS

/// Evaluates polynomials on ciphertexts with the baby-step giant-step method and exact, level-aware scale
/// management (Han and Ki, CT-RSA 2020, §4; Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux, EUROCRYPT 2021, §4.2;
/// Lee, Lee, Kim, No, "Optimal minimax polynomial approximation of modular reduction …", 2020).
///
/// For degree d the depth is D = ⌈log2(d + 1)⌉ (plus one for a Chebyshev change of variable). Baby steps are
/// T_1 … T_{2^l} with l = ⌊D/2⌋, giant steps T_{2^l}, T_{2^{l+1}}, …, T_{2^{D−1}}. The polynomial is split
/// recursively, p = q·T_n + r with n the largest giant step ≤ deg p (in the Chebyshev basis
/// T_{n+j} = 2·T_n·T_j − T_{n−j}), until the pieces have degree ≤ 2^l and their powers sit above the target
/// level; the leaves are linear combinations Σ c_i·T_i. About 2^l + (D − l) + d/2^l non-scalar multiplications in all, and d scalar ones.
///
/// Scales: evaluating p "at level ℓ with scale S" means the result is at exactly level ℓ and scale S. A leaf
/// multiplies every T_i (dropped to ℓ + 1) by its coefficient encoded at scale S·q_{ℓ+1}/scale(T_i), so all terms
/// share the scale S·q_{ℓ+1} and one rescale brings the sum to exactly S. A split evaluates q at ℓ + 1 with scale
/// S·q_{ℓ+1}/scale(T_n) and r at ℓ with S, so q·T_n rescales to S too. The output therefore has the scale the
/// caller asked for, whatever the primes are.
public struct PolynomialEvaluator: Sendable {
    public let evaluator: Evaluator

    /// - Parameter evaluator: an evaluator with a relinearisation key.
    public init(evaluator: Evaluator) { self.evaluator = evaluator }

    /// p(x) slot-wise.
    /// - Parameters:
    ///   - polynomial: p, degree ≥ 1, monomial or Chebyshev basis.
    ///   - x: the input; for a Chebyshev basis on [a, b] every slot must lie in [a, b].
    ///   - outputScale: the scale of the result (default: the input's scale).
    /// - Returns: p(x) at level x.level − p.depth, with scale exactly `outputScale`.
    /// - Throws: `CircuitError.insufficientLevels` when x.level < p.depth; `CKKSError`s from the scheme.
    public func evaluate(_ polynomial: Polynomial, at x: Ciphertext, outputScale: Double? = nil) throws -> Ciphertext {
        try evaluate([polynomial], at: x, outputScale: outputScale)[0]
    }

    /// Several polynomials of one input, sharing one power basis (they must share the basis and interval).
    /// - Parameters:
    ///   - polynomials: the polynomials, each of degree ≥ 1, all with the same `basis`.
    ///   - x: the input.
    ///   - outputScale: the scale of every result (default: the input's scale).
    /// - Returns: p_k(x) for every k, each at level x.level − p_k.depth.
    /// - Throws: as `evaluate(_:at:outputScale:)`; `CircuitError.invalidArgument` for mixed bases.
    public func evaluate(_ polynomials: [Polynomial], at x: Ciphertext, outputScale: Double? = nil) throws -> [Ciphertext] {
        guard let first = polynomials.first else { return [] }
        guard polynomials.allSatisfy({ $0.basis == first.basis }) else {
            throw CircuitError.invalidArgument("polynomials evaluated together must share one basis and interval")
        }
        guard polynomials.allSatisfy({ $0.degree >= 1 }) else {
            throw CircuitError.invalidArgument("a constant polynomial needs no encryption: add the constant instead")
        }
        let depth = polynomials.map(\.depth).max()!
        guard x.level >= depth else {
            throw CircuitError.insufficientLevels(operation: "a polynomial of degree \(polynomials.map(\.degree).max()!)",
                                                  needed: depth, available: x.level)
        }
        let scale = outputScale ?? x.scale
        let input = try changeOfVariable(x, polynomial: first)
        var basis = PowerBasis(input, kind: first.basis == .monomial ? .monomial : .chebyshev)
        return try polynomials.map { polynomial in
            let degreeDepth = Polynomial.depth(ofDegree: polynomial.degree)
            let babyLog = max(1, degreeDepth / 2)
            let plan = Plan(babyCount: 1 << babyLog, kind: basis.kind)
            let coefficients = Array(polynomial.coefficients[0...polynomial.degree])
            let term = try evaluateNode(
                coefficients, level: input.level - degreeDepth, scale: scale, plan: plan, basis: &basis)
            guard case let .ciphertext(result) = term else { preconditionFailure("degree ≥ 1 yields a ciphertext") }
            return result
        }
    }

    /// p_k ∘ … ∘ p_1 (p_1 applied first); each stage's output keeps the input's scale.
    /// - Parameters:
    ///   - polynomials: the stages, in the order they are applied.
    ///   - x: the input.
    /// - Returns: the composite, at level x.level − Σ depth(p_k).
    /// - Throws: `CircuitError.insufficientLevels` when the chain is too short for all stages.
    public func evaluateComposite(_ polynomials: [Polynomial], at x: Ciphertext) throws -> Ciphertext {
        let depth = polynomials.map(\.depth).reduce(0, +)
        guard x.level >= depth else {
            throw CircuitError.insufficientLevels(
                operation: "a composite of \(polynomials.count) polynomials", needed: depth, available: x.level)
        }
        var value = x
        for polynomial in polynomials { value = try evaluate(polynomial, at: value, outputScale: x.scale) }
        return value
    }

    // MARK: Recursion

    private struct Plan {
        let babyCount: Int
        let kind: PowerBasis.Kind
    }

    private enum Term {
        case constant(Double)
        case ciphertext(Ciphertext)
    }

    /// y = αx + β at level x.level − 1 and scale x.scale (skipped when the map is the identity).
    private func changeOfVariable(_ x: Ciphertext, polynomial: Polynomial) throws -> Ciphertext {
        guard polynomial.needsChangeOfVariable else { return x }
        let (alpha, beta) = polynomial.affineMap
        let q = evaluator.rescalingPrime(atLevel: x.level)
        var y = try evaluator.multiply(x, constant: alpha, atLevel: x.level, productScale: x.scale * q)
        if beta != 0 { y = try evaluator.add(y, constant: Complex(beta)) }
        return try evaluator.rescale(y)
    }

    /// Σ c_i·basis_i at exactly `level` and `scale`.
    private func evaluateNode(
        _ c: [Double], level: Int, scale: Double, plan: Plan, basis: inout PowerBasis
    ) throws -> Term {
        let degree = c.lastIndex { $0 != 0 } ?? 0
        // A leaf needs every T_i it uses one level above the target. On the chain of leading coefficients the
        // leaf may be too deep (T_3 sits as low as T_4); then it is split further at a smaller power of two,
        // as lattigo does, which keeps the total depth at ⌈log2(d + 1)⌉.
        let leafFits = c.indices.dropFirst().allSatisfy { 
            // T_i sits ⌈log2 i⌉ = depth(ofDegree: i − 1) levels below the input.
            c[$0] == 0 || basis.inputLevel - Polynomial.depth(ofDegree: $0 - 1) >= level + 1
        }
        if degree <= plan.babyCount && (leafFits || degree <= 1) {
            return try evaluateLeaf(c, level: level, scale: scale, basis: &basis)
        }
        var n = 1
        while 2 * n <= degree { n *= 2 }
        var quotient = [Double](repeating: 0, count: degree - n + 1)
        var remainder = Array(c[0..<n])
        switch plan.kind {
        case .monomial:
            for j in 0...(degree - n) { quotient[j] = c[n + j] }
        case .chebyshev:
            quotient[0] = c[n]
            for j in stride(from: 1, through: degree - n, by: 1) {
                quotient[j] = 2 * c[n + j]
                remainder[n - j] -= c[n + j]
            }
        }
        let giant = try basis.power(n, evaluator: evaluator)
        let upper = level + 1
        guard giant.level >= upper else {
            throw CircuitError.insufficientLevels(operation: "giant step \(n)", needed: upper, available: giant.level)
        }
        let q = evaluator.rescalingPrime(atLevel: upper)
        let productScale = scale * q
        let quotientTerm = try evaluateNode(
            quotient, level: upper, scale: productScale / giant.scale, plan: plan, basis: &basis)
        let product: Ciphertext
        switch quotientTerm {
        case let .constant(value):
            product = try evaluator.multiply(giant, constant: value, atLevel: upper, productScale: productScale)
        case let .ciphertext(value):
            product = try evaluator.multiply(value, try evaluator.dropLevels(giant, to: upper))
        }
        let rescaled = try evaluator.rescale(product)
        switch try evaluateNode(remainder, level: level, scale: scale, plan: plan, basis: &basis) {
        case let .constant(value):
            return .ciphertext(value == 0 ? rescaled : try evaluator.add(rescaled, constant: Complex(value)))
        case let .ciphertext(value):
            return .ciphertext(try evaluator.add(rescaled, value))
        }
    }

    /// c_0 + Σ_{i ≥ 1} c_i·basis_i with every term at level + 1 and scale·q_{level+1}, then one rescale.
    private func evaluateLeaf(_ c: [Double], level: Int, scale: Double, basis: inout PowerBasis) throws -> Term {
        let terms = c.indices.dropFirst().filter { c[$0] != 0 }
        if terms.isEmpty { return .constant(c[0]) }
        let upper = level + 1
        let productScale = scale * evaluator.rescalingPrime(atLevel: upper)
        var sum: Ciphertext?
        for i in terms {
            let power = try basis.power(i, evaluator: evaluator)
            guard power.level >= upper else {
                throw CircuitError.insufficientLevels(operation: "baby step \(i)", needed: upper, available: power.level)
            }
            try evaluator.accumulate(
                try evaluator.multiply(power, constant: c[i], atLevel: upper, productScale: productScale), into: &sum)
        }
        var result = sum!
        if c[0] != 0 { result = try evaluator.add(result, constant: Complex(c[0])) }
        return .ciphertext(try evaluator.rescale(result))
    }
}
