/// The exact 128-bit sum of 64×64-bit products, reduced once at the end ("lazy reduction"): a sum of
/// `n` products of residues below `2^61` stays below `n · 2^122`, so up to 63 of them fit in 128 bits, and
/// one Barrett reduction (`Modulus.reduce(high:low:)`, which needs the sum below `q · 2^64`) or two (the
/// high word first) replace one per product. The fast base conversion and CKKS's key-switching inner
/// products accumulate this way (as do SEAL and OpenFHE).
///
/// Public and `@inlinable` rather than `package`: CKKS's inner loops must inline it, and with `package`
/// visibility Swift 6.3 emitted a call per product (a hoisted rotation became about 1.6× slower).
public struct WideSum: Sendable {
    /// The low and high words of the sum.
    public var low: UInt64
    public var high: UInt64

    /// The empty sum.
    @inlinable public init() {
        low = 0
        high = 0
    }

    /// The sum holding the single product `x · y`.
    @inlinable public init(_ x: UInt64, times y: UInt64) {
        (high, low) = x.multipliedFullWidth(by: y)
    }

    /// Adds `x · y`. The caller bounds the number of terms so that the sum never exceeds 2^128.
    @inlinable @inline(__always) public mutating func add(_ x: UInt64, times y: UInt64) {
        let product = x.multipliedFullWidth(by: y)
        let (sum, carry) = low.addingReportingOverflow(product.low)
        low = sum
        high &+= product.high &+ (carry ? 1 : 0)
    }

    /// The sum modulo `q`, in `[0, q)`. `highBelowModulus` promises that the sum is below `q · 2^64` (one
    /// Barrett reduction); otherwise the high word is reduced first, which accepts any 128-bit sum.
    @inlinable @inline(__always) public func reduced(modulo q: Modulus, highBelowModulus: Bool) -> UInt64 {
        highBelowModulus ? q.reduce(high: high, low: low) : q.reduce(high: q.reduce(high), low: low)
    }
}
