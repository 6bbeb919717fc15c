import Testing
@testable import RingArithmetic

@Suite("Negacyclic NTT")
struct NTTTests {
    @Test("forward NTT evaluates at ψ^(2·brv(j)+1) (the definition)", arguments: [2, 8, 64])
    func definition(n: Int) throws {
        let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: 60, count: 1, ringDegree: n)[0])
        let tables = try NTTTables(modulus: q, degree: n)
        var generator = SeededRandomGenerator(seed: UInt64(n))
        let a = randomResidues(n, below: q.value, using: &generator)
        var transformed = a
        transformed.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        for j in 0..<n {
            let point = q.power(tables.psi, UInt64(2 * NTTTables.bitReverse(j, bits: tables.logDegree) + 1))
            var value: UInt64 = 0
            for coefficient in a.reversed() { value = q.add(q.multiply(value, point), coefficient) }  // Horner
            #expect(transformed[j] == value)
        }
    }

    @Test("NTT product equals the schoolbook product on all monomial pairs", arguments: [2, 4, 16, 32])
    func exhaustiveMonomials(n: Int) throws {
        let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: 40, count: 1, ringDegree: n)[0])
        let tables = try NTTTables(modulus: q, degree: n)
        for i in 0..<n {
            for j in 0..<n {
                var a = [UInt64](repeating: 0, count: n); a[i] = 1
                var b = [UInt64](repeating: 0, count: n); b[j] = q.value - 3
                let expected = schoolbookNegacyclicProduct(a, b, modulus: q)
                #expect(nttProduct(a, b, tables) == expected)
            }
        }
    }

    @Test("NTT product equals the schoolbook product on random inputs",
          arguments: [(1 << 10, 61), (1 << 11, 50), (1 << 12, 60), (1 << 12, 30)])
    func randomProducts(n: Int, bits: Int) throws {
        let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: bits, count: 1, ringDegree: n)[0])
        let tables = try NTTTables(modulus: q, degree: n)
        var generator = SeededRandomGenerator(seed: UInt64(n * bits))
        let a = randomResidues(n, below: q.value, using: &generator)
        let b = randomResidues(n, below: q.value, using: &generator)
        #expect(nttProduct(a, b, tables) == schoolbookNegacyclicProduct(a, b, modulus: q))
    }

    @Test("inverse ∘ forward is the identity for N = 2^10 … 2^17", arguments: Array(10...17))
    func roundTrip(logN: Int) throws {
        let n = 1 << logN
        let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: 60, count: 1, ringDegree: n)[0])
        let tables = try NTTTables(modulus: q, degree: n)
        var generator = SeededRandomGenerator(seed: UInt64(logN))
        let a = randomResidues(n, below: q.value, using: &generator)
        var b = a
        b.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        #expect(b != a)
        #expect(b.allSatisfy { $0 < q.value })
        b.withUnsafeMutableBufferPointer { tables.inverse($0.baseAddress!) }
        #expect(b == a)
    }

    @Test("forward accepts lazy inputs in [0, 4q)")
    func lazyInputs() throws {
        let n = 1 << 10
        let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: 61, count: 1, ringDegree: n)[0])
        let tables = try NTTTables(modulus: q, degree: n)
        var generator = SeededRandomGenerator(seed: 99)
        let a = randomResidues(n, below: q.value, using: &generator)
        var canonical = a
        var lazy = a.enumerated().map { $1 + UInt64($0 % 4) * q.value }
        canonical.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        lazy.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        #expect(lazy == canonical)
    }

    @Test("degrees outside 2 … 2^17 and non-NTT-friendly moduli are rejected")
    func invalid() throws {
        let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: 60, count: 1, ringDegree: 1 << 17)[0])
        #expect(throws: RingError.invalidDegree(1 << 18)) { try NTTTables(modulus: q, degree: 1 << 18) }
        #expect(throws: RingError.invalidDegree(24)) { try NTTTables(modulus: q, degree: 24) }
        #expect(throws: RingError.notNTTFriendly(modulus: 65519, degree: 1024)) {
            try NTTTables(modulus: Modulus(65519), degree: 1024)
        }
    }

    func nttProduct(_ a: [UInt64], _ b: [UInt64], _ tables: NTTTables) -> [UInt64] {
        var x = a, y = b
        x.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        y.withUnsafeMutableBufferPointer { tables.forward($0.baseAddress!) }
        var z = zip(x, y).map { tables.modulus.multiply($0, $1) }
        z.withUnsafeMutableBufferPointer { tables.inverse($0.baseAddress!) }
        return z
    }
}
