import Testing
@testable import RingArithmetic

@Suite("Modulus")
struct ModulusTests {
    static let moduli: [UInt64] = [2, 3, 17, 65537, 1 << 32 | 1, 0x0FFF_FFFF_FFFF_FFC5, (1 << 61) - 1, 1 << 40]

    @Test("add, subtract, negate and multiply agree with 128-bit arithmetic", arguments: moduli)
    func canonicalArithmetic(q: UInt64) throws {
        let modulus = try Modulus(q)
        var generator = SeededRandomGenerator(seed: q)
        for _ in 0..<2000 {
            let a = UInt64.random(in: 0..<q, using: &generator)
            let b = UInt64.random(in: 0..<q, using: &generator)
            let wideQ = UInt128(q)
            #expect(modulus.add(a, b) == UInt64((UInt128(a) + UInt128(b)) % wideQ))
            #expect(modulus.subtract(a, b) == UInt64((UInt128(a) + wideQ - UInt128(b)) % wideQ))
            #expect(modulus.negate(a) == UInt64((wideQ - UInt128(a)) % wideQ))
            #expect(modulus.multiply(a, b) == UInt64(UInt128(a) * UInt128(b) % wideQ))
        }
    }

    @Test("Barrett reduction of 128-bit values below q·2^64", arguments: moduli)
    func barrettWide(q: UInt64) throws {
        let modulus = try Modulus(q)
        var generator = SeededRandomGenerator(seed: q &+ 1)
        for _ in 0..<2000 {
            let high = UInt64.random(in: 0..<q, using: &generator)
            let low = generator.next()
            let wide = UInt128(high) << 64 | UInt128(low)
            #expect(modulus.reduce(high: high, low: low) == UInt64(wide % UInt128(q)))
        }
        #expect(modulus.reduce(UInt64.max) == UInt64.max % q)
        #expect(modulus.reduce(signed: -1) == q - 1)
    }

    @Test("Shoup multiplication: lazy result in [0, 2q) and congruent", arguments: moduli.filter { $0 > 2 })
    func shoup(q: UInt64) throws {
        let modulus = try Modulus(q)
        var generator = SeededRandomGenerator(seed: q &+ 2)
        for _ in 0..<2000 {
            let w = UInt64.random(in: 0..<q, using: &generator)
            let x = generator.next()
            let constant = modulus.shoup(w)
            let lazy = modulus.multiplyLazy(x, by: constant)
            let expected = UInt64(UInt128(x) * UInt128(w) % UInt128(q))
            #expect(lazy < 2 * q)
            #expect(lazy % q == expected)
            #expect(modulus.multiply(x, by: constant) == expected)
        }
    }

    @Test("power and inverse")
    func powerAndInverse() throws {
        let q = try Modulus((1 << 61) - 1)  // a Mersenne prime
        var generator = SeededRandomGenerator(seed: 7)
        for _ in 0..<200 {
            let a = UInt64.random(in: 1..<q.value, using: &generator)
            let inverse = try q.inverse(of: a)
            #expect(q.multiply(a, inverse) == 1)
            // Fermat: a^(q−1) = 1 and a^(q−2) = a^(−1).
            #expect(q.power(a, q.value - 1) == 1)
            #expect(q.power(a, q.value - 2) == inverse)
        }
        #expect(throws: RingError.notInvertible(value: 6, modulus: 9)) { try Modulus(9).inverse(of: 6) }
    }

    @Test("invalid moduli are rejected")
    func invalid() {
        #expect(throws: RingError.invalidModulus(0)) { try Modulus(0) }
        #expect(throws: RingError.invalidModulus(1)) { try Modulus(1) }
        #expect(throws: RingError.invalidModulus(1 << 61)) { try Modulus(1 << 61) }
    }
}
