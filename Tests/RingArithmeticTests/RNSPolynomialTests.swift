import Testing
@testable import RingArithmetic

@Suite("RNS polynomials")
struct RNSPolynomialTests {
    @Test("ring product via NTT equals the schoolbook product on every limb")
    func multiplication() throws {
        let context = try makeContext(degree: 256, bits: 50, count: 3)
        var generator = SeededRandomGenerator(seed: 1)
        let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        let b: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        let product = (a.forwardNTT() * b.forwardNTT()).inverseNTT()
        for (limb, q) in context.moduli.enumerated() {
            let expected = schoolbookNegacyclicProduct(Array(a.limb(limb)), Array(b.limb(limb)), modulus: q)
            #expect(Array(product.limb(limb)) == expected)
        }
    }

    @Test("add, subtract, negate, scalar multiply are homomorphic in both forms")
    func linearOperations() throws {
        let context = try makeContext(degree: 1 << 12, bits: 55, count: 4)
        var generator = SeededRandomGenerator(seed: 2)
        let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        let b: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        #expect((a + b).forwardNTT() == a.forwardNTT() + b.forwardNTT())
        #expect((a - b).forwardNTT() == a.forwardNTT() - b.forwardNTT())
        #expect((-a).forwardNTT() == -(a.forwardNTT()))
        #expect(a + b - b == a)
        #expect(a + (-a) == RNSPolynomial(zeroIn: context))
        var tripled = a
        tripled.multiply(by: 3)
        #expect(tripled == a + a + a)
        var negated = a
        negated.multiply(by: -1)
        #expect(negated == -a)
        var sum = a.forwardNTT()
        sum.addProduct(a.forwardNTT(), b.forwardNTT())
        #expect(sum == a.forwardNTT() + a.forwardNTT() * b.forwardNTT())
    }

    @Test("Galois automorphisms: σ_a ∘ σ_b = σ_ab, and both forms agree")
    func galois() throws {
        let n = 1 << 10
        let context = try makeContext(degree: n, bits: 45, count: 2)
        var generator = SeededRandomGenerator(seed: 3)
        let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        for (k1, k2) in [(5, 25), (3, 2 * n - 1), (GaloisElement.rotation(by: 7, degree: n), 2 * n - 1)] {
            let composed = a.applyingGalois(k2).applyingGalois(k1)
            #expect(composed == a.applyingGalois(k1 * k2 % (2 * n)))
            #expect(a.applyingGalois(k1).forwardNTT() == a.forwardNTT().applyingGalois(k1))
        }
        // σ_k is a ring homomorphism: σ(a·b) = σ(a)·σ(b).
        let b: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        let k = GaloisElement.rotation(by: -3, degree: n)
        let lhs = (a.forwardNTT() * b.forwardNTT()).applyingGalois(k)
        #expect(lhs == a.forwardNTT().applyingGalois(k) * b.forwardNTT().applyingGalois(k))
        // X ↦ X^k on the monomial X: coefficient 1 lands at k (or −1 at k − N).
        var x = [Int64](repeating: 0, count: n); x[1] = 1
        let monomial = RNSPolynomial<Coefficient>(signedValues: x, context: context)
        let image = monomial.applyingGalois(2 * n - 1)  // X ↦ X^(2N−1) = −X^(N−1)
        #expect(image[limb: 0, index: n - 1] == context.moduli[0].value - 1)
        #expect(GaloisElement.rotation(by: n / 2, degree: n) == 1)
        #expect(GaloisElement.rotation(by: 1, degree: n) * GaloisElement.rotation(by: -1, degree: n) % (2 * n) == 1)
    }

    @Test("dropping the last modulus rounds exactly, in both forms")
    func rescaleRounding() throws {
        let context = try makeContext(degree: 1 << 10, bits: 40, count: 3)  // Q < 2^120
        var generator = SeededRandomGenerator(seed: 4)
        let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
        let moduli = context.moduli.map(\.value)
        let last = UInt128(moduli[2])
        let lowerProduct = UInt128(moduli[0]) * UInt128(moduli[1])
        let dropped = a.droppingLastLimbRounded()
        #expect(dropped.limbCount == 2)
        #expect(a.forwardNTT().droppingLastLimbRounded().inverseNTT() == dropped)
        for j in 0..<a.degree {
            let value = crtCompose((0..<3).map { a[limb: $0, index: j] }, moduli: moduli)
            let rounded = (value + last / 2) / last  // round(value / q_last), ties up as (a + h) / q does
            let got = crtCompose((0..<2).map { dropped[limb: $0, index: j] }, moduli: Array(moduli[0..<2]))
            #expect(got == rounded % lowerProduct)
        }
    }

    /// Known answers of the fast base conversion against exact CRT reconstruction in 128 bits: one source
    /// prime (the shortcut without sums), two 60-bit primes, and eight small primes (sums reduced twice).
    @Test("fast base conversion is exact (centred and non-centred)", arguments: [(1, 60, 1 << 10), (2, 60, 1 << 10), (8, 15, 16)])
    func basisConversion(sourceCount: Int, bits: Int, degree: Int) throws {
        let source = try makeContext(degree: degree, bits: bits, count: sourceCount)
        let targetModuli = try PrimeGenerator.nttPrimes(
            bitSize: 50, count: 3, ringDegree: degree, excluding: Set(source.moduli.map(\.value)))
        let target = try PolyContext(degree: degree, moduli: targetModuli)
        let conversion = try BasisConversion(from: source.moduli, to: target.moduli)
        var generator = SeededRandomGenerator(seed: 5)
        for _ in 0..<(degree < 64 ? 64 : 1) {
            let x: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: source, using: &generator)
            let centred = conversion.convert(x, to: target, centered: true)
            let plain = conversion.convert(x, to: target, centered: false)
            let sourceModuli = source.moduli.map(\.value)
            let q = sourceModuli.reduce(UInt128(1)) { $0 * UInt128($1) }
            for j in 0..<x.degree {
                let value = crtCompose((0..<sourceCount).map { x[limb: $0, index: j] }, moduli: sourceModuli)
                for (i, p) in targetModuli.enumerated() {
                    let p128 = UInt128(p)
                    #expect(plain[limb: i, index: j] == UInt64(value % p128))
                    // Centred: value − Q when value ≥ Q/2 (Q is odd, so value > Q/2).
                    let expected = value > q / 2 ? (p128 - (q - value) % p128) % p128 : value % p128
                    #expect(centred[limb: i, index: j] == UInt64(expected))
                }
            }
        }
    }

    @Test("conversion rejects target primes that divide the source product")
    func basisConversionRejectsSharedPrimes() throws {
        let moduli = try makeContext(degree: 64, bits: 30, count: 2).moduli
        #expect(throws: RingError.self) { try BasisConversion(from: moduli, to: [moduli[1]]) }
        #expect(throws: RingError.self) { try RoundedDivision(base: [moduli[0]], special: moduli) }
    }

    @Test("ModUp keeps small signed values; ModDown divides by P with rounding")
    func modUpModDown() throws {
        let n = 1 << 10
        let base = try makeContext(degree: n, bits: 45, count: 2)
        let special = try PrimeGenerator.nttPrimes(bitSize: 30, count: 1, ringDegree: n)
        let extended = try base.appending(special)
        let specialModuli = try special.map(Modulus.init)
        let up = try BasisConversion(from: base.moduli, to: specialModuli)
        let down = try RoundedDivision(base: base.moduli, special: specialModuli)
        var generator = SeededRandomGenerator(seed: 6)
        let small = (0..<n).map { _ in Int64.random(in: -1_000_000...1_000_000, using: &generator) }
        let lifted = RNSPolynomial<Coefficient>(signedValues: small, context: base).modUp(to: extended, using: up)
        #expect(lifted == RNSPolynomial(signedValues: small, context: extended))
        // ModDown of P·v + r with |r| < P/2 gives v.
        let p = Int64(special[0])
        let remainders = (0..<n).map { _ in Int64.random(in: -(p / 2 - 1)...(p / 2 - 1), using: &generator) }
        let values = (0..<n).map { _ in Int64.random(in: -1_000_000...1_000_000, using: &generator) }
        let combined = zip(values, remainders).map { $0 * p + $1 }
        let divided = RNSPolynomial<Coefficient>(signedValues: combined, context: extended).modDown(to: base, using: down)
        #expect(divided == RNSPolynomial(signedValues: values, context: base))
    }

    /// Known answers of ModDown with several special primes: every x in [0, Q·P) (Q·P < 2^127) maps to
    /// round(x / P) mod Q, checked in 128-bit integers.
    @Test("ModDown is round(x / P) for all of Q·P")
    func modDownExact() throws {
        let n = 64
        let base = try makeContext(degree: n, bits: 20, count: 2)
        let special = try PrimeGenerator.nttPrimes(
            bitSize: 25, count: 3, ringDegree: n, excluding: Set(base.moduli.map(\.value)))
        let extended = try base.appending(special)
        let division = try RoundedDivision(base: base.moduli, special: try special.map(Modulus.init))
        var generator = SeededRandomGenerator(seed: 7)
        let moduli = extended.moduli.map(\.value)
        let q = UInt128(moduli[0]) * UInt128(moduli[1])
        let p = special.reduce(UInt128(1)) { $0 * UInt128($1) }
        for _ in 0..<16 {
            let x: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: extended, using: &generator)
            let divided = x.modDown(to: base, using: division)
            for j in 0..<n {
                let value = crtCompose((0..<moduli.count).map { x[limb: $0, index: j] }, moduli: moduli)
                let rounded = (value + p / 2) / p  // P is odd: no ties
                let got = crtCompose([divided[limb: 0, index: j], divided[limb: 1, index: j]], moduli: Array(moduli[0..<2]))
                #expect(got == rounded % q)
            }
        }
    }

    @Test("contexts chain down and validate their moduli")
    func contexts() throws {
        let context = try makeContext(degree: 64, bits: 30, count: 3)
        #expect(context.next?.limbCount == 2)
        #expect(context.dropping(limbs: 2).moduli == [context.moduli[0]])
        #expect(context.next!.isPrefix(of: context))
        #expect(!context.isPrefix(of: context.next!))
        let q = context.moduli[0].value
        #expect(throws: RingError.duplicateModulus(q)) { try PolyContext(degree: 64, moduli: [q, q]) }
        #expect(throws: RingError.emptyModulusChain) { try PolyContext(degree: 64, moduli: []) }
    }
}
