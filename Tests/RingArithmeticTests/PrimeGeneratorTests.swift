import Testing
@testable import RingArithmetic

@Suite("Prime generation")
struct PrimeGeneratorTests {
    func trialDivisionIsPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        var d: UInt64 = 2
        while d * d <= n {
            if n % d == 0 { return false }
            d += 1
        }
        return true
    }

    @Test("Miller–Rabin agrees with trial division below 10^5")
    func smallNumbers() {
        for n in UInt64(0)..<100_000 { #expect(PrimeGenerator.isPrime(n) == trialDivisionIsPrime(n)) }
    }

    @Test("known large primes and strong pseudoprimes")
    func knownValues() {
        #expect(PrimeGenerator.isPrime((1 << 61) - 1))         // Mersenne prime
        #expect(PrimeGenerator.isPrime(18_446_744_073_709_551_557))  // largest 64-bit prime
        #expect(!PrimeGenerator.isPrime(3_215_031_751))        // strong pseudoprime to bases 2, 3, 5, 7
        #expect(!PrimeGenerator.isPrime(3_825_123_056_546_413_051))  // strong pseudoprime to bases 2 … 23
        #expect(!PrimeGenerator.isPrime(561))                  // Carmichael number
        #expect(!PrimeGenerator.isPrime(UInt64.max))
    }

    @Test("NTT-friendly primes: right size, ≡ 1 mod 2N, distinct, descending",
          arguments: [(20, 1 << 10), (40, 1 << 16), (60, 1 << 17), (61, 1 << 12)])
    func nttPrimes(bits: Int, degree: Int) throws {
        let primes = try PrimeGenerator.nttPrimes(bitSize: bits, count: 5, ringDegree: degree)
        #expect(primes.count == 5)
        #expect(Set(primes).count == 5)
        #expect(primes == primes.sorted(by: >))
        for p in primes {
            #expect(PrimeGenerator.isPrime(p))
            #expect(p % UInt64(2 * degree) == 1)
            #expect(UInt64.bitWidth - p.leadingZeroBitCount == bits)
        }
        let more = try PrimeGenerator.nttPrimes(bitSize: bits, count: 2, ringDegree: degree, excluding: Set(primes))
        #expect(Set(more).isDisjoint(with: primes))
    }

    @Test("impossible requests throw")
    func impossible() {
        #expect(throws: RingError.notEnoughPrimes(bitSize: 14, requested: 10, degree: 1 << 12)) {
            try PrimeGenerator.nttPrimes(bitSize: 14, count: 10, ringDegree: 1 << 12)
        }
        #expect(throws: RingError.invalidBitSize(62)) { try PrimeGenerator.nttPrimes(bitSize: 62, count: 1, ringDegree: 16) }
    }

    @Test("primitive 2N-th roots have order exactly 2N")
    func primitiveRoots() throws {
        for logN in [4, 10, 17] {
            let n = 1 << logN
            let q = try Modulus(PrimeGenerator.nttPrimes(bitSize: 50, count: 1, ringDegree: n)[0])
            let psi = try PrimeGenerator.primitiveRoot(order: 2 * n, modulus: q)
            #expect(q.power(psi, UInt64(2 * n)) == 1)
            #expect(q.power(psi, UInt64(n)) == q.value - 1)
        }
    }
}
