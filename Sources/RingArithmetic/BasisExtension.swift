/// The basis changes of hybrid key switching between `Q` and `Q·P`, where `P` is a product of special
/// primes (Han & Ki 2020, "Better bootstrapping for approximate homomorphic encryption", §3; Bossuat
/// et al. 2021, §2): **ModUp** lifts a polynomial from `Q` to `Q·P` without changing its (centred)
/// integer coefficients, and **ModDown** divides a polynomial over `Q·P` by `P` with rounding.
public struct BasisExtension: Sendable {
    /// The base `Q`.
    public let base: PolyContext
    /// The special primes `P`.
    public let special: PolyContext
    /// `Q·P`, the moduli of `Q` first.
    public let extended: PolyContext
    let baseToSpecial: BasisConverter
    let specialToBase: BasisConverter
    /// `P^(−1) mod q_i`.
    let specialInverses: [ShoupConstant]

    /// - Parameters:
    ///   - base: the chain `Q`.
    ///   - specialModuli: the special primes `P`, distinct from `Q`'s.
    /// - Throws: `RingError` when a special prime is invalid or repeats a modulus of `Q`.
    public init(base: PolyContext, specialModuli: [UInt64]) throws {
        self.base = base
        special = try PolyContext(degree: base.degree, moduli: specialModuli)
        extended = try base.appending(specialModuli)
        baseToSpecial = try BasisConverter(from: base, to: special)
        specialToBase = try BasisConverter(from: special, to: base)
        specialInverses = try base.moduli.map { q in
            let pModQ = specialModuli.reduce(UInt64(1)) { q.multiply($0, q.reduce($1)) }
            return ShoupConstant(try q.inverse(of: pModQ), modulus: q)
        }
    }

    /// ModUp: the same centred coefficients over `Q·P`.
    /// - Precondition: `x` is over `base`.
    public func modUp(_ x: RNSPolynomial<Coefficient>) -> RNSPolynomial<Coefficient> {
        let lifted = baseToSpecial.convert(x, centered: true)
        return RNSPolynomial(uncheckedContext: extended, data: x.data + lifted.data)
    }

    /// ModDown: `round(x / P)` over `Q`. With `r = x mod P` centred in `(−P/2, P/2]`, `x − r` is divisible
    /// by `P` and `(x − r)/P` is the rounded quotient.
    /// - Precondition: `x` is over `extended`.
    public func modDown(_ x: RNSPolynomial<Coefficient>) -> RNSPolynomial<Coefficient> {
        precondition(x.context == extended, "input is not over Q·P")
        let n = base.degree
        let baseWords = base.limbCount * n
        let remainder = specialToBase.convert(
            RNSPolynomial(uncheckedContext: special, data: Array(x.data[baseWords...])), centered: true)
        var result = RNSPolynomial<Coefficient>(uncheckedContext: base, data: Array(x.data[0..<baseWords]))
        result.forEachLimb(with: remainder) { limb, q, value, r in
            let inverse = specialInverses[limb]
            for c in 0..<n { value[c] = q.multiply(q.subtract(value[c], r[c]), by: inverse) }
        }
        return result
    }
}
