/// The polynomial-level basis changes, built on `BasisConversion`'s kernels: conversion to another basis,
/// and the two halves of hybrid key switching (Han & Ki 2020, §3), ModUp (`Q → Q·P`, keeping the centred
/// coefficients) and ModDown (`Q·P → Q`, dividing by `P` with rounding). CKKS runs the same kernels on raw
/// limbs in evaluation form, fused with its NTTs; these forms serve tests, benchmarks and other schemes.
extension BasisConversion {
    /// Converts `x` (coefficient form, over the source primes) to `target`.
    /// - Parameters:
    ///   - x: a polynomial whose moduli are `sourceModuli`.
    ///   - target: a context whose moduli are `targetModuli`, of `x`'s degree.
    ///   - centered: `true` converts the representative in `[−Q/2, Q/2)`, `false` the one in `[0, Q)`.
    /// - Returns: the same integer coefficients, reduced modulo each target prime.
    public func convert(_ x: RNSPolynomial<Coefficient>, to target: PolyContext, centered: Bool = true) -> RNSPolynomial<Coefficient> {
        precondition(target.moduli == targetModuli && target.degree == x.degree, "target is not the conversion's basis")
        return RNSPolynomial(uncheckedContext: target, data: convertedLimbs(of: x, centered: centered))
    }

    /// The limb-major residues of `x` converted to every target prime.
    func convertedLimbs(of x: RNSPolynomial<Coefficient>, centered: Bool) -> [UInt64] {
        precondition(x.context.moduli == sourceModuli, "input is not over the conversion's source basis")
        return convertedLimbs(of: x.data, degree: x.degree, centered: centered)
    }

    /// `limbs`: the source residues, limb-major with `n` words per limb.
    func convertedLimbs(of limbs: [UInt64], degree n: Int, centered: Bool) -> [UInt64] {
        var hats = limbs
        hats.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Parallel.forEach(sourceModuli.count, wordsEach: n) { j in prepare(base + j * n, source: j, count: n) }
        }
        var multiples = [UInt64](repeating: 0, count: n)
        multiples.withUnsafeMutableBufferPointer { v in
            hats.withUnsafeBufferPointer { correctionMultiples($0.baseAddress!, count: n, centered: centered, into: v.baseAddress!) }
        }
        var result = [UInt64](repeating: 0, count: targetModuli.count * n)
        hats.withUnsafeBufferPointer { h in
            multiples.withUnsafeBufferPointer { v in
                result.withUnsafeMutableBufferPointer { out in
                    let outBase = out.baseAddress!
                    Parallel.forEach(targetModuli.count, wordsEach: n * sourceModuli.count) { i in
                        convert(h.baseAddress!, multiples: v.baseAddress!, target: i, into: outBase + i * n, count: n)
                    }
                }
            }
        }
        return result
    }
}

extension RNSPolynomial where Format == Coefficient {
    /// ModUp: the same centred coefficients (the representatives in `[−Q/2, Q/2)`) over `Q·P`.
    /// - Parameters:
    ///   - extended: the context `Q·P`: this polynomial's moduli followed by `conversion.targetModuli`.
    ///   - conversion: the conversion from `Q` to `P`.
    public func modUp(to extended: PolyContext, using conversion: BasisConversion) -> Self {
        precondition(extended.moduli == context.moduli + conversion.targetModuli, "extended is not Q·P")
        return Self(uncheckedContext: extended, data: data + conversion.convertedLimbs(of: self, centered: true))
    }

    /// ModDown: `round(self / P)` over `Q`.
    /// - Parameters:
    ///   - base: the context `Q`; this polynomial's moduli must be `Q`'s followed by `division.specialModuli`.
    ///   - division: the ModDown constants of `Q` and `P`.
    public func modDown(to base: PolyContext, using division: RoundedDivision) -> Self {
        precondition(base.moduli == division.baseModuli && context.moduli == base.moduli + division.specialModuli,
                     "input is not over Q·P")
        let n = degree
        let baseWords = base.limbCount * n
        let remainder = division.conversion.convertedLimbs(of: Array(data[baseWords...]), degree: n, centered: true)
        var result = Self(uncheckedContext: base, data: Array(data[0..<baseWords]))
        remainder.withUnsafeBufferPointer { r in
            let rBase = r.baseAddress!
            result.forEachLimb { i, _, limb in division.divide(limb, subtracting: rBase + i * n, base: i, count: n) }
        }
        return result
    }
}
