import CKKS

/// Homomorphic evaluation of a Chebyshev series with the baby-step giant-step method and exact scale
/// management (Han and Ki, CT-RSA 2020, §5; Bossuat et al., EUROCRYPT 2021, §4.2; Lee, Lee, Kim, No,
/// "High-Precision Bootstrapping of RNS-CKKS", 2020).
///
/// Powers T_1 … T_{b−1} (baby steps, b = 2^l) and T_b, T_{2b}, … (giant steps) are computed with
/// T_{2k} = 2·T_k² − 1 and T_{a+c} = 2·T_a·T_c − T_{a−c}, each at the optimal level. The series is split
/// recursively, p = q·T_G + r, down to linear combinations of the baby powers. Scales are planned top-down:
/// every linear combination encodes its coefficients at the scale that makes all terms (whatever the scale
/// of each power) land on one target, so additions never meet mismatched scales and the result comes out
/// at exactly the requested scale.
struct ChebyshevEvaluator {
    let evaluator: Evaluator
    let moduli: [UInt64]

    /// The powers T_j needed to evaluate a degree-`degree` series, and its baby-step size.
    struct Powers {
        var values: [Int: Ciphertext] = [:]
        let babySize: Int
    }

    /// Baby-step size b = 2^⌈m/2⌉ with m = ⌈log2(d + 1)⌉.
    static func babySize(degree: Int) -> Int {
        var m = 0
        while (1 << m) < degree + 1 { m += 1 }
        return 1 << max((m + 1) / 2, 1)
    }

    /// The levels at which the powers land, relative to the input level (0: input, −k: k levels lower).
    static func powerLevels(degree: Int) -> [Int: Int] {
        let b = babySize(degree: degree)
        var levels: [Int: Int] = [1: 0]
        for j in 2..<max(b, 2) { levels[j] = -ceilLog2(j) }
        var g = b
        while g <= degree {
            levels[g] = -ceilLog2(g)
            g *= 2
        }
        return levels
    }

    static func ceilLog2(_ x: Int) -> Int {
        var k = 0
        while (1 << k) < x { k += 1 }
        return k
    }

    /// The level (relative to the input) at which `series` can be produced, or nil for a constant.
    static func outputLevel(_ series: ChebyshevSeries, powers: [Int: Int], babySize b: Int) -> Int? {
        let d = series.degree
        if d < b {
            let used = (1...max(d, 1)).filter { $0 <= d && series.coefficients[$0] != 0 }
            guard !used.isEmpty else { return nil }
            return used.map { powers[$0]! }.min()! - 1
        }
        var giant = b
        while giant * 2 <= d { giant *= 2 }
        let (q, r) = series.divided(by: giant)
        let productLevel = min(outputLevel(q, powers: powers, babySize: b) ?? Int.max, powers[giant]!) - 1
        return min(productLevel, outputLevel(r, powers: powers, babySize: b) ?? Int.max)
    }

    /// The number of levels the evaluation of `series` consumes.
    static func depth(of series: ChebyshevSeries) -> Int {
        let b = babySize(degree: series.degree)
        return -(outputLevel(series, powers: powerLevels(degree: series.degree), babySize: b) ?? 0)
    }

    // MARK: Homomorphic evaluation

    /// 2·a·c − e·[1 at scale a.scale·c.scale/e.scale], rescaled (e may be nil: then the constant 1).
    private func chebyshevProduct(_ a: Ciphertext, _ c: Ciphertext, minus e: Ciphertext?) throws -> Ciphertext {
        let (x, y) = try evaluator.matchLevels(a, c)
        var product = try evaluator.multiply(x, y)
        product = try evaluator.add(product, product)
        if let e {
            let lowered = try evaluator.dropLevels(e, to: product.level)
            let aligned = try evaluator.multiply(lowered, constant: .one, scale: product.scale / e.scale)
            product = try evaluator.subtract(product, aligned)
        } else {
            product = try evaluator.add(product, constant: Complex(-1))
        }
        return try evaluator.rescale(product)
    }

    /// Computes the powers for a degree-`degree` series of the input x (on [−1, 1]).
    func powers(of x: Ciphertext, degree: Int) throws -> Powers {
        let b = Self.babySize(degree: degree)
        var powers = Powers(babySize: b)
        powers.values[1] = x
        func power(_ j: Int) throws -> Ciphertext {
            if let known = powers.values[j] { return known }
            let result: Ciphertext
            if j & (j - 1) == 0 {
                let half = try power(j / 2)
                result = try chebyshevProduct(half, half, minus: nil)
            } else {
                let a = 1 << (Self.ceilLog2(j) - 1)
                let c = j - a
                result = try chebyshevProduct(try power(a), try power(c), minus: a == c ? nil : try power(a - c))
            }
            powers.values[j] = result
            return result
        }
        for j in 2..<max(b, 2) where j <= degree { _ = try power(j) }
        var g = b
        while g <= degree {
            _ = try power(g)
            g *= 2
        }
        return powers
    }

    /// Evaluates `series` on the powers, producing a ciphertext at `level` with scale exactly `scale`.
    /// - Precondition: `level` is at most the level `outputLevel` allows; the series is not constant.
    func evaluate(_ series: ChebyshevSeries, powers: Powers, level: Int, scale: Double) throws -> Ciphertext {
        let b = powers.babySize
        let d = series.degree
        let q = Double(moduli[level + 1])
        if d < b {
            var sum: Ciphertext?
            for j in 1...max(d, 1) where j <= d && series.coefficients[j] != 0 {
                let power = try evaluator.dropLevels(powers.values[j]!, to: level + 1)
                let term = try evaluator.multiply(
                    power, constant: Complex(series.coefficients[j]), scale: scale * q / power.scale)
                sum = try sum.map { try evaluator.add($0, term) } ?? term
            }
            guard var result = sum else { preconditionFailure("constant series has no ciphertext") }
            if series.coefficients[0] != 0 { result = try evaluator.add(result, constant: Complex(series.coefficients[0])) }
            return try evaluator.rescale(result)
        }
        var giant = b
        while giant * 2 <= d { giant *= 2 }
        let (quotient, remainder) = series.divided(by: giant)
        let giantPower = try evaluator.dropLevels(powers.values[giant]!, to: level + 1)
        var product: Ciphertext
        if quotient.degree == 0 {
            product = try evaluator.multiply(
                giantPower, constant: Complex(quotient.coefficients[0]), scale: scale * q / giantPower.scale)
        } else {
            let inner = try evaluate(quotient, powers: powers, level: level + 1, scale: scale * q / giantPower.scale)
            product = try evaluator.multiply(inner, giantPower)
        }
        product = try evaluator.rescale(product)
        let remainderIsConstant = remainder.coefficients.dropFirst().allSatisfy { $0 == 0 }
        if remainderIsConstant {
            return remainder.coefficients[0] == 0
                ? product : try evaluator.add(product, constant: Complex(remainder.coefficients[0]))
        }
        let rest = try evaluate(remainder, powers: powers, level: level, scale: product.scale)
        return try evaluator.add(product, rest)
    }
}
