import Foundation
import RingArithmetic

/// `hegen demo`: a short, self-checking tour of what the library does today.
func runDemo(_ arguments: [String]) throws {
    try CommandArguments(arguments).finish()
    let n = 1 << 14
    print("EncryptedLM demo: the ring-arithmetic layer of RNS-CKKS\n")

    let primes = try PrimeGenerator.nttPrimes(bitSize: 60, count: 3, ringDegree: n)
    print("1. NTT-friendly primes q ≡ 1 (mod 2N) for N = 2^14 (60 bits): \(primes.map(String.init).joined(separator: ", "))")
    let context = try PolyContext(degree: n, moduli: primes)
    print("   primitive 2N-th root of unity mod q0: ψ = \(context.ntt[0].psi)")

    // Ring multiplication two ways: NTT pointwise product against the schoolbook definition (one limb).
    var generator = SecureRandomGenerator()
    let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
    let b = RNSPolynomial<Coefficient>(signedValues: Sampling.ternary(count: n, using: &generator), context: context)
    let start = DispatchTime.now().uptimeNanoseconds
    let product = (a.forwardNTT() * b.forwardNTT()).inverseNTT()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    let q0 = context.moduli[0]
    let row = Array(a.limb(0)), ternary = Array(b.limb(0))
    var mismatches = 0
    for k in stride(from: 0, to: n, by: 1021) {  // spot-check coefficients against the definition
        var sum: UInt64 = 0
        for i in 0..<n {
            let j = k - i
            let term = q0.multiply(row[i], ternary[j >= 0 ? j : j + n])
            sum = j >= 0 ? q0.add(sum, term) : q0.subtract(sum, term)
        }
        if sum != product[limb: 0, index: k] { mismatches += 1 }
    }
    print(String(format: "2. a·b in Z_Q[X]/(X^N+1) with 3 limbs via NTT: %.2f ms; spot check against the schoolbook product: %@",
                 elapsed, mismatches == 0 ? "all equal" : "\(mismatches) MISMATCHES"))

    // The rescale primitive: dividing by the last prime with rounding keeps small values exact.
    let lastPrime = Int64(primes[2])
    let small: [Int64] = (0..<n).map { i in
        let multiple = Int64(i % 7) * lastPrime
        return multiple + Int64(i % 5) - 2
    }
    let divided = RNSPolynomial<Coefficient>(signedValues: small, context: context).droppingLastLimbRounded()
    let expected = RNSPolynomial<Coefficient>(signedValues: (0..<n).map { Int64($0 % 7) }, context: context.next!)
    print("3. Rescale: round((7k·q2 + e) / q2) = 7k for |e| ≤ 2: \(divided == expected ? "exact" : "WRONG")")

    // Rotations act on CKKS slots through Galois automorphisms X ↦ X^(5^r).
    let k = GaloisElement.rotation(by: 1, degree: n)
    let rotated = a.forwardNTT().applyingGalois(k).inverseNTT()
    print("4. Galois automorphism X ↦ X^\(k) (slot rotation by 1) in evaluation form equals coefficient form: \(rotated == a.applyingGalois(k))")

    let gaussian = Sampling.gaussian(count: n, using: &generator)
    let variance = gaussian.reduce(0.0) { $0 + Double($1 * $1) } / Double(n)
    print(String(format: "5. Discrete Gaussian noise from the system CSPRNG: σ² measured %.2f (target 10.24)", variance))
    print("\nNext: the CKKS scheme, circuits, bootstrapping and encrypted generation (see README.md and Docs/).")
}
