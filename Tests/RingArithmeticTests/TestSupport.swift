@testable import RingArithmetic

/// The schoolbook negacyclic product in `Z_q[X]/(X^N + 1)`: the definition NTT multiplication must match.
func schoolbookNegacyclicProduct(_ a: [UInt64], _ b: [UInt64], modulus q: Modulus) -> [UInt64] {
    let n = a.count
    var result = [UInt64](repeating: 0, count: n)
    for i in 0..<n where a[i] != 0 {
        for j in 0..<n {
            let product = q.multiply(a[i], b[j])
            let k = i + j
            if k < n { result[k] = q.add(result[k], product) } else { result[k - n] = q.subtract(result[k - n], product) }
        }
    }
    return result
}

func randomResidues(_ count: Int, below q: UInt64, using generator: inout SeededRandomGenerator) -> [UInt64] {
    (0..<count).map { _ in Sampling.uniform(below: q, using: &generator) }
}

/// A context of `count` NTT-friendly primes of `bits` bits for degree `n`.
func makeContext(degree n: Int, bits: Int, count: Int) throws -> PolyContext {
    try PolyContext(degree: n, moduli: PrimeGenerator.nttPrimes(bitSize: bits, count: count, ringDegree: n))
}

/// The integer with the given residues, by the CRT over at most 127 bits of modulus (test reference).
func crtCompose(_ residues: [UInt64], moduli: [UInt64]) -> UInt128 {
    let product = moduli.reduce(UInt128(1)) { $0 * UInt128($1) }
    var result: UInt128 = 0
    for (r, q) in zip(residues, moduli) {
        let hat = product / UInt128(q)
        let hatModQ = UInt64(hat % UInt128(q))
        let modulus = try! Modulus(q)
        let coefficient = modulus.multiply(r, try! modulus.inverse(of: hatModQ))
        result = (result + mulMod(hat, UInt128(coefficient), product)) % product
    }
    return result
}

/// `(a · b) mod m` for 128-bit values (double-and-add; tests only).
func mulMod(_ a: UInt128, _ b: UInt128, _ m: UInt128) -> UInt128 {
    var result: UInt128 = 0
    var base = a % m
    var exponent = b
    while exponent > 0 {
        if exponent & 1 == 1 { result = (result &+ base) % m }  // values < 2^127: no overflow
        base = (base &+ base) % m
        exponent >>= 1
    }
    return result
}
