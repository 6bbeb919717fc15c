/// ModDown, the second basis change of hybrid key switching: `x` over `Q·P` ↦ `round(x / P)` over `Q`,
/// where `P` is a product of special primes (Han & Ki, "Better Bootstrapping for Approximate Homomorphic
/// Encryption", CT-RSA 2020, §3; Cheon, Han, Kim, Kim & Song, "A Full RNS Variant of Approximate
/// Homomorphic Encryption", SAC 2018, Algorithm "ModDown").
///
/// With `r = x mod P` centred in `(−P/2, P/2)` (P is odd, so there is no tie), `x − r` is divisible by `P`
/// and `(x − r)/P = round(x/P)`. The residues of `r` modulo each `q_i` come from the fast base conversion
/// `P → Q` (`conversion`, centred), after which every limb of `Q` is divided on its own:
/// `[round(x/P)]_{q_i} = (x_i − r_i) · P^(−1) mod q_i`. Subtraction and multiplication by a constant commute
/// with the NTT, so that last step works in either form as long as `x_i` and `r_i` share it.
public struct RoundedDivision: Sendable {
    /// The conversion from the special primes `P` to the base `Q`.
    public let conversion: BasisConversion
    /// `P^(−1) mod q_i`, with Shoup quotients.
    let specialInverses: [ShoupConstant]

    /// - Parameters:
    ///   - base: the primes of `Q`.
    ///   - special: the primes of `P`, 1 … 63, coprime to `Q`'s.
    /// - Throws: `RingError.notInvertible` when `P` shares a factor with `Q`.
    public init(base: [Modulus], special: [Modulus]) throws {
        conversion = try BasisConversion(from: special, to: base)
        specialInverses = try base.map { q in
            let product = special.reduce(UInt64(1)) { q.multiply($0, q.reduce($1.value)) }
            return ShoupConstant(try q.inverse(of: product), modulus: q)
        }
    }

    /// The primes of `Q`.
    public var baseModuli: [Modulus] { conversion.targetModuli }
    /// The primes of `P`.
    public var specialModuli: [Modulus] { conversion.sourceModuli }

    /// ModDown of one limb: `limb ← (limb − remainder) · P^(−1) mod q_i`, in place.
    ///
    /// - Parameters:
    ///   - limb: `count` residues of `x` modulo `q_i`, in `[0, q_i)`; overwritten with `round(x/P)`'s, in
    ///     `[0, q_i)`.
    ///   - remainder: `count` residues of the centred `x mod P` modulo `q_i` (`conversion.convert` into
    ///     target `i`), in `[0, q_i)`, in the same form as `limb`; read only, must not overlap `limb`.
    package func divide(_ limb: UnsafeMutablePointer<UInt64>, subtracting remainder: UnsafePointer<UInt64>, base i: Int, count: Int) {
        let q = conversion.targetModuli[i]
        let inverse = specialInverses[i]
        for c in 0..<count { limb[c] = q.multiply(q.subtract(limb[c], remainder[c]), by: inverse) }
    }
}
