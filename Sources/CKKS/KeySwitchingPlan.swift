import RingArithmetic

/// The precomputations of hybrid key switching at one level ℓ (Han and Ki, CT-RSA 2020, §3; Bossuat et al.,
/// EUROCRYPT 2021, §2.3 and Algorithm 1): the ciphertext primes q_0 … q_ℓ are split into digits of α
/// consecutive primes; each digit is lifted (ModUp) to Q_ℓ·P, multiplied by the key, and the sum is brought
/// back to Q_ℓ by dividing by P with rounding (ModDown). Both basis changes are the ring layer's fast base
/// conversion (`BasisConversion`, `RoundedDivision`).
struct KeySwitchingPlan: Sendable {
    /// The level ℓ.
    let level: Int
    /// Prime indices of each digit, within 0 … ℓ.
    let digits: [Range<Int>]
    /// α: the number of consecutive primes per digit (the last digit may have fewer).
    let digitSize: Int
    /// ModUp conversions: digit j → its complement in Q_ℓ (in order) followed by the special primes.
    let modUp: [BasisConversion]
    /// ModDown: round(x/P) from Q_ℓ·P to Q_ℓ.
    let modDown: RoundedDivision
    /// ModDown by the first special prime alone (public-key encryption divides by p_0 only).
    let encryptionModDown: RoundedDivision
    /// q_0 … q_ℓ followed by p_0 … p_{k-1}.
    let extendedModuli: [Modulus]
    /// k: the number of special primes the plan lifts to.
    var specialCount: Int { extendedModuli.count - level - 1 }

    init(ciphertextModuli: [Modulus], specialModuli: [Modulus], level: Int, digitSize: Int) throws {
        // The 128-bit lazy sums add up to 63 products of two residues below 2^61 (< 2^122 each).
        precondition(digitSize < 64 && specialModuli.count < 64, "at most 63 primes per digit or in P")
        precondition((level + digitSize) / digitSize < 64, "at most 63 key-switching digits")
        self.level = level
        self.digitSize = digitSize
        let q = Array(ciphertextModuli[0...level])
        let count = level + 1
        digits = stride(from: 0, to: count, by: digitSize).map { $0..<min($0 + digitSize, count) }
        let extended = q + specialModuli
        extendedModuli = extended
        modUp = try digits.map { digit in
            let complement = (0..<count).filter { !digit.contains($0) }.map { q[$0] }
            return try BasisConversion(from: Array(q[digit]), to: complement + specialModuli)
        }
        modDown = try RoundedDivision(base: q, special: specialModuli)
        encryptionModDown = try RoundedDivision(base: q, special: [specialModuli[0]])
    }

    /// The index among `modUp[j]`'s targets of extended position t (a prime outside digit j): the digit's
    /// primes are skipped, everything else keeps its order.
    @inline(__always) func modUpTarget(_ t: Int, digit j: Int) -> Int {
        t >= digits[j].upperBound ? t - digits[j].count : t
    }
}
