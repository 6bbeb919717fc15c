import RingArithmetic

/// Fast base conversion constants from a small basis B = {b_m} to a list of target primes:
/// x ↦ Σ_m [x_m · (B/b_m)^{-1}]_{b_m} · (B/b_m) − v·B with v = round(Σ_m [·]/b_m), the centred, exact
/// representative (Halevi, Polyakov, Shoup, "An Improved RNS Variant of the BFV Homomorphic Encryption
/// Scheme", CT-RSA 2019, §2.2, with the floating-point correction for v).
struct BasisConversionTable: Sendable {
    /// The source primes b_m.
    let sourceModuli: [Modulus]
    /// (B/b_m)^{-1} mod b_m.
    let hatInverses: [ShoupConstant]
    /// 1/b_m.
    let reciprocals: [Double]
    /// The target primes t.
    let targetModuli: [Modulus]
    /// (B/b_m) mod t, indexed [target][m].
    let hatsModTarget: [[UInt64]]
    /// (−B) mod t.
    let negatedProductModTarget: [UInt64]

    init(source: [Modulus], targets: [Modulus]) throws {
        sourceModuli = source
        hatInverses = try source.enumerated().map { m, b in
            var hat: UInt64 = 1
            for (k, other) in source.enumerated() where k != m { hat = b.multiply(hat, b.reduce(other.value)) }
            return ShoupConstant(try b.inverse(of: hat), modulus: b)
        }
        reciprocals = source.map { 1 / Double($0.value) }
        targetModuli = targets
        hatsModTarget = targets.map { t in
            source.indices.map { m in
                var hat: UInt64 = 1
                for (k, other) in source.enumerated() where k != m { hat = t.multiply(hat, t.reduce(other.value)) }
                return hat
            }
        }
        negatedProductModTarget = targets.map { t in t.negate(source.reduce(UInt64(1)) { t.multiply($0, t.reduce($1.value)) }) }
    }

    /// Multiplies source limb `m` (N words, in place) by (B/b_m)^{-1}: the "hat" values x̂_m.
    func prepare(_ limb: UnsafeMutablePointer<UInt64>, sourceIndex m: Int, count: Int) {
        let b = sourceModuli[m]
        let constant = hatInverses[m]
        for c in 0..<count { limb[c] = b.multiply(limb[c], by: constant) }
    }

    /// The correction multiples v for every coefficient, from the prepared hat limbs.
    func correctionMultiples(_ hats: [UnsafePointer<UInt64>], count: Int, into v: UnsafeMutablePointer<UInt64>) {
        let k = hats.count
        for c in 0..<count {
            var sum = 0.0
            for m in 0..<k { sum += Double(hats[m][c]) * reciprocals[m] }
            v[c] = UInt64(sum.rounded())
        }
    }

    /// Writes the converted residues modulo target `index` into `output` (N words, in [0, t)).
    func convert(
        _ hats: [UnsafePointer<UInt64>], multiples v: UnsafePointer<UInt64>, target index: Int,
        into output: UnsafeMutablePointer<UInt64>, count: Int
    ) {
        let t = targetModuli[index]
        let weights = hatsModTarget[index]
        let correction = ShoupConstant(negatedProductModTarget[index], modulus: t)
        let k = hats.count
        if k == 1 {
            // One source prime b: the centred value is x̂ (if x̂ ≤ b/2) or x̂ − b; v = round(x̂/b) ∈ {0, 1}.
            let h = hats[0]
            for c in 0..<count {
                let r = t.reduce(h[c])
                output[c] = v[c] == 0 ? r : t.add(r, correction.value)
            }
            return
        }
        // Σ_m x̂_m·w_m < k·b_max·t; when k·2^61 < 2^64 that is below t·2^64 and one Barrett reduction suffices.
        let singleReduction = k < 8
        weights.withUnsafeBufferPointer { w in
            hats.withUnsafeBufferPointer { h in
                for c in 0..<count {
                    var low: UInt64 = 0
                    var high: UInt64 = 0
                    for m in 0..<k {
                        let product = h[m][c].multipliedFullWidth(by: w[m])
                        let (sum, carry) = low.addingReportingOverflow(product.low)
                        low = sum
                        high &+= product.high &+ (carry ? 1 : 0)
                    }
                    let value = singleReduction ? t.reduce(high: high, low: low) : t.reduce(high: t.reduce(high), low: low)
                    output[c] = t.add(value, t.multiply(v[c], by: correction))
                }
            }
        }
    }
}

/// The precomputations of hybrid key switching at one level ℓ (Han and Ki, CT-RSA 2020, §3; Bossuat et al.,
/// EUROCRYPT 2021, §2.3 and Algorithm 1): the ciphertext primes q_0 … q_ℓ are split into digits of α
/// consecutive primes; each digit is lifted (ModUp) to Q_ℓ·P, multiplied by the key, and the sum is brought
/// back to Q_ℓ by dividing by P with rounding (ModDown).
struct KeySwitchingPlan: Sendable {
    /// The level ℓ.
    let level: Int
    /// Prime indices of each digit, within 0 … ℓ.
    let digits: [Range<Int>]
    /// α: the number of consecutive primes per digit (the last digit may have fewer).
    let digitSize: Int
    /// ModUp tables: digit j → its complement in Q_ℓ followed by P. `targetIndices[j]` are the positions of
    /// those targets in the extended basis (0 … ℓ for q_i, ℓ+1 … for the special primes).
    let modUp: [BasisConversionTable]
    let modUpTargets: [[Int]]
    /// For digit j: extended position t → index in `modUpTargets[j]`.
    let modUpTargetPosition: [[Int: Int]]
    /// ModDown: P → Q_ℓ, and P^{-1} mod q_i.
    let modDown: BasisConversionTable
    let inverseSpecialProduct: [ShoupConstant]
    /// The same for the first special prime alone (public-key encryption divides by p_0 only).
    let encryptionModDown: BasisConversionTable
    let inverseFirstSpecial: [ShoupConstant]
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
        var tables: [BasisConversionTable] = []
        var targets: [[Int]] = []
        for digit in digits {
            let indices = Array(0..<count).filter { !digit.contains($0) } + Array(count..<(count + specialModuli.count))
            targets.append(indices)
            tables.append(try BasisConversionTable(source: Array(q[digit]), targets: indices.map { extended[$0] }))
        }
        modUp = tables
        modUpTargets = targets
        let positions = targets.map { list in Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) }) }
        modUpTargetPosition = positions
        modDown = try BasisConversionTable(source: specialModuli, targets: q)
        inverseSpecialProduct = try q.map { qi in
            let p = specialModuli.reduce(UInt64(1)) { qi.multiply($0, qi.reduce($1.value)) }
            return ShoupConstant(try qi.inverse(of: p), modulus: qi)
        }
        encryptionModDown = try BasisConversionTable(source: [specialModuli[0]], targets: q)
        inverseFirstSpecial = try q.map { qi in
            ShoupConstant(try qi.inverse(of: qi.reduce(specialModuli[0].value)), modulus: qi)
        }
    }
}
