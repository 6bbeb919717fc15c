/// Small modular-arithmetic helpers on 64-bit words used by the encoder's RNS conversions.
///
/// They are independent of the ring layer's `Modulus` so that exact CRT composition can be tested on its
/// own; the hot loops use Shoup's precomputed-quotient multiplication (V. Shoup, NTL; D. Harvey, "Faster
/// arithmetic for number-theoretic transforms", J. Symb. Comput. 2014, §2).
enum WordArithmetic {
    /// (a · b) mod q for any q ≥ 1 (one 128-by-64-bit division; for precomputation).
    @inlinable static func multiplyMod(_ a: UInt64, _ b: UInt64, _ q: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return q.dividingFullWidth((high: product.high % q, low: product.low)).remainder
    }

    /// base^exponent mod q.
    static func powerMod(_ base: UInt64, _ exponent: UInt64, _ q: UInt64) -> UInt64 {
        var result: UInt64 = 1 % q
        var b = base % q
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = multiplyMod(result, b, q) }
            b = multiplyMod(b, b, q)
            e >>= 1
        }
        return result
    }

    /// a^{-1} mod a prime q (Fermat's little theorem); `a` must not be divisible by q.
    static func inverseModPrime(_ a: UInt64, _ q: UInt64) -> UInt64 {
        precondition(a % q != 0, "no inverse of 0 modulo \(q)")
        return powerMod(a, q - 2, q)
    }
}

/// Multiplication by a fixed w modulo q with Shoup's precomputed quotient w' = ⌊w·2^64/q⌋ (q < 2^63).
struct ShoupMultiplier: Sendable {
    let operand: UInt64
    let quotient: UInt64
    let modulus: UInt64

    /// - Parameters:
    ///   - operand: w < q.
    ///   - modulus: q < 2^63.
    init(_ operand: UInt64, modulus: UInt64) {
        precondition(operand < modulus && modulus < (1 << 63))
        self.operand = operand
        self.modulus = modulus
        quotient = modulus.dividingFullWidth((high: operand, low: 0)).quotient
    }

    /// (x · w) mod q for any 64-bit x.
    @inlinable func multiply(_ x: UInt64) -> UInt64 {
        let estimate = x.multipliedFullWidth(by: quotient).high
        let r = x &* operand &- estimate &* modulus  // in [0, 2q)
        return r >= modulus ? r - modulus : r
    }
}
