/// Primality testing and the generation of NTT-friendly primes.
public enum PrimeGenerator {
    /// Deterministic Miller–Rabin for all 64-bit integers.
    ///
    /// The first twelve primes as witnesses suffice for every `n < 3.3 · 10^24`
    /// (Sorenson & Webster 2015), which covers `UInt64`.
    public static func isPrime(_ n: UInt64) -> Bool {
        let witnesses: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
        if n < 2 { return false }
        for p in witnesses where n % p == 0 { return n == p }
        var d = n - 1
        var twos = 0
        while d & 1 == 0 { d >>= 1; twos += 1 }
        for a in witnesses {
            var x = powerMod(a, d, n)
            if x == 1 || x == n - 1 { continue }
            var composite = true
            for _ in 1..<max(twos, 1) {
                x = mulMod(x, x, n)
                if x == n - 1 { composite = false; break }
            }
            if composite { return false }
        }
        return true
    }

    /// `count` distinct primes `q ≡ 1 (mod 2N)` of exactly `bitSize` bits, the largest first.
    ///
    /// Such primes have a primitive 2N-th root of unity, which the negacyclic NTT of degree N needs.
    /// - Parameters:
    ///   - bitSize: the bit length of every prime, in `14 ... 61`.
    ///   - count: how many primes to return.
    ///   - ringDegree: N, a power of two.
    ///   - excluding: primes to skip (for example those already used elsewhere in a chain).
    /// - Throws: `RingError.invalidBitSize`, `RingError.invalidDegree`, or `RingError.notEnoughPrimes`.
    public static func nttPrimes(
        bitSize: Int, count: Int, ringDegree: Int, excluding: Set<UInt64> = []
    ) throws -> [UInt64] {
        guard (14...Modulus.maximumBits).contains(bitSize) else { throw RingError.invalidBitSize(bitSize) }
        guard ringDegree >= 2, ringDegree.nonzeroBitCount == 1 else { throw RingError.invalidDegree(ringDegree) }
        let step = UInt64(2 * ringDegree)
        let lowerBound = UInt64(1) << (bitSize - 1)
        // The largest candidate ≡ 1 mod 2N below 2^bitSize.
        var candidate = ((UInt64(1) << bitSize) - 1) / step * step + 1
        if candidate >= UInt64(1) << bitSize { candidate -= step }
        var primes: [UInt64] = []
        while primes.count < count, candidate > lowerBound {
            if !excluding.contains(candidate), isPrime(candidate) { primes.append(candidate) }
            candidate -= step
        }
        guard primes.count == count else {
            throw RingError.notEnoughPrimes(bitSize: bitSize, requested: count, degree: ringDegree)
        }
        return primes
    }

    /// The smallest primitive `order`-th root of unity modulo the prime `q`, where `order` is a power of two
    /// dividing `q − 1`: the smallest `g^((q−1)/order)` whose `order/2`-th power is `−1`.
    /// - Throws: `RingError.notNTTFriendly` when `q` is not prime or `order ∤ q − 1`.
    public static func primitiveRoot(order: Int, modulus q: Modulus) throws -> UInt64 {
        let n = UInt64(order)
        guard order >= 2, order.nonzeroBitCount == 1, isPrime(q.value), (q.value - 1) % n == 0 else {
            throw RingError.notNTTFriendly(modulus: q.value, degree: order / 2)
        }
        let cofactor = (q.value - 1) / n
        // x^(order/2) = −1 characterises the primitive roots of a power-of-two order. Half of all
        // residues are non-residues whose cofactor power is primitive, so the search ends quickly; the
        // smallest of that root's primitive powers makes the result independent of where it stopped.
        var base: UInt64 = 2
        while true {
            let root = q.power(base, cofactor)
            if q.power(root, n / 2) == q.value - 1 { return minimalRoot(root, order: n, modulus: q) }
            base += 1
        }
    }

    /// The smallest among the primitive roots `root^k`, `k` odd (all primitive roots of that order).
    private static func minimalRoot(_ root: UInt64, order: UInt64, modulus q: Modulus) -> UInt64 {
        let square = q.multiply(root, root)
        var current = root
        var smallest = root
        for _ in 0..<(order / 2) {
            smallest = min(smallest, current)
            current = q.multiply(current, square)
        }
        return smallest
    }

    static func mulMod(_ a: UInt64, _ b: UInt64, _ n: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return n.dividingFullWidth((product.high, product.low)).remainder
    }

    static func powerMod(_ base: UInt64, _ exponent: UInt64, _ n: UInt64) -> UInt64 {
        var result: UInt64 = 1
        var b = base % n
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, n) }
            b = mulMod(b, b, n)
            e >>= 1
        }
        return result
    }
}
