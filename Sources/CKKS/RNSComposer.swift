import RingArithmetic

/// Exact Chinese-remainder composition of RNS residues into centred values, converted to `Double`.
///
/// Decoding needs each plaintext coefficient as a signed real number in (−Q/2, Q/2]. With Q a product of up
/// to ~40 primes that integer has hundreds of bits, so it is built exactly in a small fixed-width
/// multi-word integer (two's complement, little-endian 64-bit words):
///
///     x ≡ Σ_i y_i · Q̂_i   (mod Q),   Q̂_i = Q/q_i,   y_i = [r_i · Q̂_i^{-1}]_{q_i},
///
/// and the multiple of Q to subtract is t = round(Σ_i y_i / q_i), evaluated in floating point: the
/// remainder Σ y_i Q̂_i − t·Q is then the centred representative (up to the ±Q/2 tie, where decryption has
/// failed anyway). Cost: O(k²) word operations per coefficient for k primes, like SEAL's decoder.
public struct RNSComposer: Sendable {
    /// The primes q_0 … q_{k-1}.
    public let moduli: [UInt64]
    /// Words per multi-precision value (k + 1: room for the sum of k products plus the sign).
    private let width: Int
    /// Q̂_i as `width` words each, concatenated.
    private let puncturedProducts: [UInt64]
    /// Q as `width` words.
    private let product: [UInt64]
    /// The primes as ring-layer moduli, and Q̂_i^{-1} mod q_i as Shoup constants.
    private let typedModuli: [Modulus]
    private let inverseMultipliers: [ShoupConstant]
    /// 1/q_i.
    private let reciprocals: [Double]

    /// - Parameter moduli: distinct primes below 2^61.
    public init(moduli: [UInt64]) {
        precondition(!moduli.isEmpty && moduli.allSatisfy { $0 > 1 && $0 < (1 << 61) })
        self.moduli = moduli
        let k = moduli.count
        let width = k + 1
        self.width = width
        var punctured = [UInt64](repeating: 0, count: k * width)
        let typed = moduli.map { try! Modulus($0) }  // in range by the precondition above
        var inverses: [ShoupConstant] = []
        for i in 0..<k {
            var value = [UInt64](repeating: 0, count: width)
            value[0] = 1
            var residue: UInt64 = 1  // Q̂_i mod q_i
            for (j, q) in moduli.enumerated() where j != i {
                Self.multiply(&value, by: q)
                residue = typed[i].multiply(residue, typed[i].reduce(q))
            }
            punctured.replaceSubrange(i * width..<(i + 1) * width, with: value)
            // Distinct primes: Q̂_i is invertible modulo q_i.
            inverses.append(typed[i].shoup(try! typed[i].inverse(of: residue)))
        }
        var total = [UInt64](repeating: 0, count: width)
        total[0] = 1
        for q in moduli { Self.multiply(&total, by: q) }
        puncturedProducts = punctured
        product = total
        typedModuli = typed
        inverseMultipliers = inverses
        reciprocals = moduli.map { 1 / Double($0) }
    }

    /// The centred value of every coefficient, as `Double`, scaled by `factor`.
    /// - Parameters:
    ///   - residues: limb-major residues, `moduli.count` limbs of `count` coefficients, each < its prime.
    ///   - count: coefficients per limb.
    ///   - factor: multiplies each result (e.g. 1/Δ), applied before rounding to `Double` to keep range.
    /// - Returns: `count` values x·factor with x ∈ (−Q/2, Q/2], x ≡ residues (mod q_i).
    public func centredValues(residues: [UInt64], count: Int, factor: Double = 1) -> [Double] {
        let k = moduli.count
        precondition(residues.count == k * count)
        var output = [Double](repeating: 0, count: count)
        if k == 1 {
            let q = moduli[0]
            let half = q >> 1
            for c in 0..<count {
                let r = residues[c]
                output[c] = (r > half ? -Double(q - r) : Double(r)) * factor
            }
            return output
        }
        var accumulator = [UInt64](repeating: 0, count: width)
        residues.withUnsafeBufferPointer { residues in
            puncturedProducts.withUnsafeBufferPointer { punctured in
                accumulator.withUnsafeMutableBufferPointer { acc in
                    for c in 0..<count {
                        for w in 0..<width { acc[w] = 0 }
                        var quotientEstimate = 0.0
                        for i in 0..<k {
                            let y = typedModuli[i].multiply(residues[i * count + c], by: inverseMultipliers[i])
                            quotientEstimate += Double(y) * reciprocals[i]
                            Self.multiplyAccumulate(acc, punctured.baseAddress! + i * width, y, width)
                        }
                        let multiple = UInt64(quotientEstimate.rounded())
                        product.withUnsafeBufferPointer { q in
                            Self.multiplySubtract(acc, q.baseAddress!, multiple, width)
                        }
                        output[c] = Self.signedDouble(acc) * factor
                    }
                }
            }
        }
        return output
    }

    /// value *= m (value has enough words; overflow is a programmer error).
    static func multiply(_ value: inout [UInt64], by m: UInt64) {
        var carry: UInt64 = 0
        for w in value.indices {
            let p = value[w].multipliedFullWidth(by: m)
            let (low, overflow) = p.low.addingReportingOverflow(carry)
            value[w] = low
            carry = p.high &+ (overflow ? 1 : 0)
        }
        precondition(carry == 0, "multi-word overflow")
    }

    /// acc += a · m over `width` words (wrapping).
    @inline(__always)
    static func multiplyAccumulate(_ acc: UnsafeMutableBufferPointer<UInt64>, _ a: UnsafePointer<UInt64>, _ m: UInt64, _ width: Int) {
        var carry: UInt64 = 0
        for w in 0..<width {
            let p = a[w].multipliedFullWidth(by: m)
            let (s1, o1) = acc[w].addingReportingOverflow(p.low)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            acc[w] = s2
            carry = p.high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        }
    }

    /// acc −= a · m over `width` words (wrapping, two's complement).
    @inline(__always)
    static func multiplySubtract(_ acc: UnsafeMutableBufferPointer<UInt64>, _ a: UnsafePointer<UInt64>, _ m: UInt64, _ width: Int) {
        var borrow: UInt64 = 0
        for w in 0..<width {
            let p = a[w].multipliedFullWidth(by: m)
            let (d1, o1) = acc[w].subtractingReportingOverflow(p.low)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            acc[w] = d2
            borrow = p.high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        }
    }

    /// The two's-complement multi-word integer as a `Double` (correctly signed, ~1 ulp); clobbers `words`.
    static func signedDouble(_ words: UnsafeMutableBufferPointer<UInt64>) -> Double {
        let negative = words[words.count - 1] >> 63 == 1
        if negative {  // magnitude = ~x + 1
            var carry: UInt64 = 1
            for w in 0..<words.count {
                let (sum, overflow) = (~words[w]).addingReportingOverflow(carry)
                words[w] = sum
                carry = overflow ? 1 : 0
            }
        }
        var result = 0.0
        for w in stride(from: words.count - 1, through: 0, by: -1) {
            result = result * 18446744073709551616.0 + Double(words[w])  // 2^64
        }
        return negative ? -result : result
    }
}
