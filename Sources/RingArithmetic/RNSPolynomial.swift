/// A polynomial of `R_Q = Z_Q[X]/(X^N + 1)` in residue-number-system form: one row ("limb") of `N`
/// residues per modulus `q_i`, stored limb-major in one contiguous array (`data[i·N + j]`).
///
/// `Format` is `Coefficient` or `Evaluation`; conversions between them are explicit (`forwardNTT()`,
/// `inverseNTT()`), and operations that only make sense in one form exist only there. Residues are
/// always canonical, in `[0, q_i)`.
public struct RNSPolynomial<Format: PolyFormat>: Sendable, Equatable {
    /// The ring and modulus chain this polynomial lives in.
    public let context: PolyContext
    /// Residues, limb-major: limb `i` occupies `data[i·N ..< (i+1)·N]`.
    public internal(set) var data: [UInt64]

    /// The zero polynomial.
    public init(zeroIn context: PolyContext) {
        self.context = context
        self.data = [UInt64](repeating: 0, count: context.degree * context.limbCount)
    }

    /// A polynomial from raw limb-major residues.
    /// - Precondition: `data.count == N · limbCount` and every residue is below its modulus.
    public init(context: PolyContext, data: [UInt64]) {
        precondition(data.count == context.degree * context.limbCount, "residue count does not match the context")
        self.context = context
        self.data = data
        assert(isCanonical, "residues must be reduced")
    }

    /// A polynomial whose coefficients (or evaluations) are the given small signed integers, reduced mod
    /// every `q_i`.
    /// - Precondition: `values.count == N`.
    public init(signedValues values: [Int64], context: PolyContext) {
        precondition(values.count == context.degree, "expected \(context.degree) values")
        var data = [UInt64](repeating: 0, count: context.degree * context.limbCount)
        for (limb, q) in context.moduli.enumerated() {
            let offset = limb * context.degree
            for (j, v) in values.enumerated() { data[offset + j] = q.reduce(signed: v) }
        }
        self.context = context
        self.data = data
    }

    /// `N`.
    public var degree: Int { context.degree }
    /// The number of RNS limbs.
    public var limbCount: Int { context.limbCount }

    /// The residue of coefficient (or evaluation) `index` modulo `q_limb`.
    public subscript(limb limb: Int, index index: Int) -> UInt64 {
        get { data[limb * degree + index] }
        set {
            precondition(newValue < context.moduli[limb].value, "residue must be below its modulus")
            data[limb * degree + index] = newValue
        }
    }

    /// The residues of one limb.
    public func limb(_ limb: Int) -> ArraySlice<UInt64> {
        data[(limb * degree)..<((limb + 1) * degree)]
    }

    /// Whether every residue is below its modulus.
    public var isCanonical: Bool {
        context.moduli.enumerated().allSatisfy { limb, q in
            data[(limb * degree)..<((limb + 1) * degree)].allSatisfy { $0 < q.value }
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.context == rhs.context && lhs.data == rhs.data
    }

    /// Calls `body(limb, modulus, residues)` for every limb, limb-parallel when the work pays for it.
    /// `residues` points at that limb's `N` words; limbs never overlap, so concurrent calls are safe.
    mutating func forEachLimb(_ body: (Int, Modulus, UnsafeMutablePointer<UInt64>) -> Void) {
        let n = degree
        let moduli = context.moduli
        data.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Parallel.forEach(moduli.count, wordsEach: n) { limb in
                body(limb, moduli[limb], base + limb * n)
            }
        }
    }

    /// Like `forEachLimb`, with read access to the same limb of `other` (same context).
    mutating func forEachLimb(
        with other: Self, _ body: (Int, Modulus, UnsafeMutablePointer<UInt64>, UnsafePointer<UInt64>) -> Void
    ) {
        precondition(context == other.context, "polynomials from different contexts: \(context) vs \(other.context)")
        let n = degree
        let moduli = context.moduli
        other.data.withUnsafeBufferPointer { source in
            let sourceBase = source.baseAddress!
            data.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                Parallel.forEach(moduli.count, wordsEach: n) { limb in
                    body(limb, moduli[limb], base + limb * n, sourceBase + limb * n)
                }
            }
        }
    }
}

extension RNSPolynomial where Format == Coefficient {
    /// The forward NTT of every limb.
    public func forwardNTT() -> RNSPolynomial<Evaluation> {
        var copy = self
        let tables = context.ntt
        copy.forEachLimb { limb, _, residues in tables[limb].forward(residues) }
        return RNSPolynomial<Evaluation>(uncheckedContext: context, data: copy.data)
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// The inverse NTT of every limb.
    public func inverseNTT() -> RNSPolynomial<Coefficient> {
        var copy = self
        let tables = context.ntt
        copy.forEachLimb { limb, _, residues in tables[limb].inverse(residues) }
        return RNSPolynomial<Coefficient>(uncheckedContext: context, data: copy.data)
    }
}

extension RNSPolynomial {
    /// Internal initialiser for residues already known to be canonical.
    init(uncheckedContext context: PolyContext, data: [UInt64]) {
        self.context = context
        self.data = data
    }
}
