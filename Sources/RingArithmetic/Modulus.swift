/// A word-size modulus `q < 2^61` with the precomputed constants of Barrett and Shoup reduction.
///
/// All arithmetic takes canonical inputs in `[0, q)` and returns canonical outputs unless a
/// method's name says `lazy`; the lazy variants document their wider input and output ranges.
/// The bound `q < 2^61` leaves three spare bits, so the Harvey NTT can keep values below `4q`
/// without overflow (Harvey 2014, "Faster arithmetic for number-theoretic transforms").
public struct Modulus: Sendable, Hashable, CustomStringConvertible {
    /// The largest supported modulus bit size.
    public static let maximumBits = 61

    /// The modulus `q`.
    public let value: UInt64
    /// `floor(2^128 / q)` as (high, low) words: the Barrett constant for 128-bit inputs.
    @usableFromInline let barrettHigh: UInt64
    @usableFromInline let barrettLow: UInt64

    /// - Parameter value: the modulus, in `2 ..< 2^61`.
    /// - Throws: `RingError.invalidModulus` when `value` is out of range.
    public init(_ value: UInt64) throws {
        guard value >= 2, value < (1 << Self.maximumBits) else { throw RingError.invalidModulus(value) }
        self.value = value
        // floor(2^128 / q): equal to floor((2^128 − 1) / q) unless q divides 2^128 (a power of two).
        var ratio = UInt128.max / UInt128(value)
        if value.nonzeroBitCount == 1 { ratio += 1 }
        barrettHigh = UInt64(truncatingIfNeeded: ratio >> 64)
        barrettLow = UInt64(truncatingIfNeeded: ratio)
    }

    public var description: String { "Modulus(\(value))" }

    /// The bit length of `q`.
    public var bitWidth: Int { UInt64.bitWidth - value.leadingZeroBitCount }

    // MARK: Canonical arithmetic on [0, q)

    /// `(a + b) mod q` for `a, b < q`.
    @inlinable public func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let sum = a &+ b
        return sum >= value ? sum &- value : sum
    }

    /// `(a − b) mod q` for `a, b < q`.
    @inlinable public func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
        a >= b ? a &- b : a &+ value &- b
    }

    /// `(−a) mod q` for `a < q`.
    @inlinable public func negate(_ a: UInt64) -> UInt64 {
        a == 0 ? 0 : value &- a
    }

    /// `(a · b) mod q` for `a, b < q` (any `a · b < 2^128` is accepted).
    @inlinable public func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return reduce(high: product.high, low: product.low)
    }

    /// `x mod q` for any 64-bit `x`.
    @inlinable public func reduce(_ x: UInt64) -> UInt64 {
        reduce(high: 0, low: x)
    }

    /// `x mod q` for a signed `x`.
    @inlinable public func reduce(signed x: Int64) -> UInt64 {
        x >= 0 ? reduce(UInt64(x)) : negate(reduce(x.magnitude))
    }

    /// Barrett reduction of the 128-bit integer `x = high · 2^64 + low < q · 2^64` (Barrett 1986).
    ///
    /// The quotient estimate `floor(x · floor(2^128/q) / 2^128)` is computed exactly from the partial
    /// products below; it undershoots `floor(x/q)` by at most one, so one conditional subtraction
    /// finishes the reduction.
    @inlinable public func reduce(high: UInt64, low: UInt64) -> UInt64 {
        // quotient ≈ floor(x · floor(2^128/q) / 2^128), computed from the four partial products.
        let lowLow = low.multipliedFullWidth(by: barrettLow).high
        let lowHigh = low.multipliedFullWidth(by: barrettHigh)
        let highLow = high.multipliedFullWidth(by: barrettLow)
        let (middle, carry1) = lowHigh.low.addingReportingOverflow(lowLow)
        let (_, carry2) = middle.addingReportingOverflow(highLow.low)
        let upper = lowHigh.high &+ highLow.high &+ (carry1 ? 1 : 0) &+ (carry2 ? 1 : 0)
        let quotient = upper &+ high &* barrettHigh
        let remainder = low &- quotient &* value
        return remainder >= value ? remainder &- value : remainder
    }

    /// `base^exponent mod q` by square-and-multiply.
    public func power(_ base: UInt64, _ exponent: UInt64) -> UInt64 {
        var result: UInt64 = 1 % value
        var square = reduce(base)
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = multiply(result, square) }
            square = multiply(square, square)
            e >>= 1
        }
        return result
    }

    /// The inverse of `a` modulo `q` (extended Euclid; `q` need not be prime).
    /// - Throws: `RingError.notInvertible` when `gcd(a, q) ≠ 1`.
    public func inverse(of a: UInt64) throws -> UInt64 {
        var (oldR, r) = (Int128(reduce(a)), Int128(value))
        var (oldS, s) = (Int128(1), Int128(0))
        while r != 0 {
            let quotient = oldR / r
            (oldR, r) = (r, oldR - quotient * r)
            (oldS, s) = (s, oldS - quotient * s)
        }
        guard oldR == 1 else { throw RingError.notInvertible(value: a, modulus: value) }
        let q = Int128(value)
        return UInt64(((oldS % q) + q) % q)
    }

    // MARK: Shoup multiplication by a precomputed constant

    /// `(x · w) mod q` in `[0, 2q)` for any 64-bit `x` and a constant `w < q` with its Shoup
    /// quotient (Shoup; Harvey 2014, Algorithm 2). One high multiply, one low multiply, no division.
    @inlinable public func multiplyLazy(_ x: UInt64, by constant: ShoupConstant) -> UInt64 {
        let estimate = x.multipliedFullWidth(by: constant.quotient).high
        return x &* constant.value &- estimate &* value
    }

    /// `(x · w) mod q` in `[0, q)` for any 64-bit `x` and a Shoup constant `w < q`.
    @inlinable public func multiply(_ x: UInt64, by constant: ShoupConstant) -> UInt64 {
        let lazy = multiplyLazy(x, by: constant)
        return lazy >= value ? lazy &- value : lazy
    }

    /// The Shoup constant for multiplying by `w` modulo this modulus.
    public func shoup(_ w: UInt64) -> ShoupConstant { ShoupConstant(w, modulus: self) }
}

/// A constant `w < q` with its Shoup quotient `floor(w · 2^64 / q)`, for fast modular
/// multiplication by `w` (Shoup's trick; see Harvey 2014, §2).
public struct ShoupConstant: Sendable, Hashable {
    /// The constant `w`, in `[0, q)`.
    public let value: UInt64
    /// `floor(w · 2^64 / q)`.
    public let quotient: UInt64

    /// - Parameters:
    ///   - value: the constant; reduced modulo `modulus` first.
    ///   - modulus: the modulus the constant lives in.
    public init(_ value: UInt64, modulus: Modulus) {
        let w = modulus.reduce(value)
        self.value = w
        self.quotient = modulus.value.dividingFullWidth((w, 0)).quotient
    }
}
