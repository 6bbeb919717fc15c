import RingArithmetic

/// The secret key s: a ternary polynomial, stored in evaluation form over Q_L·P.
public struct SecretKey: Sendable {
    /// The context the key belongs to.
    public let context: CKKSContext
    /// s over Q_L·P, evaluation form.
    let polynomial: RNSPolynomial<Evaluation>

    /// s restricted to level ℓ (the first ℓ + 1 limbs).
    func atLevel(_ level: Int) -> RNSPolynomial<Evaluation> {
        let n = context.degree
        return RNSPolynomial(context: context.levelContexts[level], data: Array(polynomial.data[0..<((level + 1) * n)]))
    }
}

/// The public key (b, a) = (−a·s + e, a) over Q_L·P, evaluation form (Cheon–Kim–Kim–Song 2017, §3.4, KeyGen).
/// It includes the special primes so that public-key encryption can work modulo Q_ℓ·p_0 and divide its noise
/// by p_0 at the end (as Microsoft SEAL does with its special prime), leaving little more than the rounding
/// error. (Only p_0 is used today; the other special limbs keep the key's basis that of the switching keys.)
public struct PublicKey: Sendable {
    public let context: CKKSContext
    let b: RNSPolynomial<Evaluation>
    let a: RNSPolynomial<Evaluation>
}

/// A hybrid key-switching key from a secret s' to s: for every digit j of α consecutive ciphertext primes,
/// (b_j, a_j) = (−a_j·s + e_j + P·g_j·s', a_j) over Q_L·P, where g_j is the CRT idempotent of digit j
/// (≡ 1 mod the digit's primes, ≡ 0 mod the other q_i). Han and Ki, CT-RSA 2020, §3.
public struct SwitchingKey: Sendable {
    /// The number of digits dnum.
    public let digitCount: Int
    /// ℓ_top + 1 + k: limbs per polynomial.
    let extendedLimbCount: Int
    let degree: Int
    /// ℓ_top: the highest ciphertext level the key serves (L for the evaluation keys; lower for keys kept
    /// to a small modulus, see `KeySwitchingKey`). Its limbs are q_0 … q_ℓtop, then its special primes.
    let topLevel: Int
    /// Digit-major: [digit][component (0: b, 1: a)][limb][coefficient], evaluation form.
    let data: [UInt64]
    /// The ChaCha20 seed each digit's uniform a_j was expanded from (`nil` for keys read from files that carry
    /// the a_j themselves): serialization sends these 32 bytes in place of a_j, halving a key's transfer size.
    let seeds: [[UInt32]]?

    init(digitCount: Int, extendedLimbCount: Int, degree: Int, topLevel: Int, data: [UInt64], seeds: [[UInt32]]? = nil) {
        self.digitCount = digitCount
        self.extendedLimbCount = extendedLimbCount
        self.degree = degree
        self.topLevel = topLevel
        self.data = data
        self.seeds = seeds
    }

    /// The offset of one limb of one component of one digit in `data`.
    @inline(__always) func offset(digit: Int, component: Int, limb: Int) -> Int {
        ((digit * 2 + component) * extendedLimbCount + limb) * degree
    }

    /// The limb of the key that extended position t (0 … ℓ: q_t; ℓ+1 …: special primes) of a level-ℓ key
    /// switch reads.
    @inline(__always) func limb(_ t: Int, level: Int) -> Int {
        t <= level ? t : topLevel + 1 + (t - level - 1)
    }

    /// Size of the key in memory, in bytes (8 bytes per residue).
    public var byteCount: Int { data.count * 8 }

    /// Size of the key's serialized form, in bytes: every b_j, and a_j or its 32-byte seed.
    public var serializedByteCount: Int {
        let limbBytes = extendedLimbCount * degree * 8
        return 3 + digitCount * (limbBytes + (seeds == nil ? limbBytes : 32))
    }
}

/// The relinearisation key: switches s² to s.
public struct RelinearizationKey: Sendable {
    public let context: CKKSContext
    let key: SwitchingKey
    public var byteCount: Int { key.byteCount }
    /// The serialized size (seeded a_j's take 32 bytes each).
    public var serializedByteCount: Int { key.serializedByteCount }
}

/// Galois keys: for each Galois element k, switches σ_k(s) = s(X^k) to s. Rotation by r slots uses
/// k = 5^r mod 2N, conjugation k = 2N − 1 (Cheon–Kim–Kim–Song 2017, §4.2).
public struct GaloisKeys: Sendable {
    public let context: CKKSContext
    let keys: [Int: SwitchingKey]
    /// The Galois elements covered.
    public var elements: [Int] { keys.keys.sorted() }
    public var byteCount: Int { keys.values.reduce(0) { $0 + $1.byteCount } }
    /// The serialized size of the keys themselves (seeded a_j's take 32 bytes each).
    public var serializedByteCount: Int { keys.values.reduce(0) { $0 + $1.serializedByteCount } }
}

/// A key that switches ciphertexts from one secret key to another: c = (c_0, c_1) decrypting to m under
/// s_from becomes (c_0 + u_0, u_1) decrypting to m under s_to (Gentry, Halevi, Smart, CRYPTO 2012, §3.2; the
/// hybrid variant of Han and Ki, CT-RSA 2020).
///
/// A key restricted to levels ≤ `maximumLevel` < L is an RLWE sample under s_to modulo q_0 ⋯ q_ℓ·p_0 only
/// (one special prime, one prime per digit). That is what makes *sparse-secret encapsulation* secure
/// (Bossuat, Troncoso-Pastoriza, Hubaux, ACNS 2022, ePrint 2022/024): a key to a sparse secret s_to is
/// published only at a modulus far too small for the lattice attacks that sparse secrets invite.
public struct KeySwitchingKey: Sendable {
    public let context: CKKSContext
    /// The highest level a ciphertext may have when it is switched.
    public let maximumLevel: Int
    let key: SwitchingKey
    /// One ModUp plan per level 0 … `maximumLevel` for restricted keys (`nil`: the context's plans).
    let plans: [KeySwitchingPlan]?

    /// The plan of the key's top level: its extended moduli are the key's limbs.
    var topPlan: KeySwitchingPlan { plans?[maximumLevel] ?? context.keySwitching[maximumLevel] }

    /// Size of the key in bytes.
    public var byteCount: Int { key.byteCount }
    /// The serialized size (seeded a_j's take 32 bytes each).
    public var serializedByteCount: Int { key.serializedByteCount }
}
