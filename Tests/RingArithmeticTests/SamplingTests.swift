import Foundation
import Testing
@testable import RingArithmetic

@Suite("Sampling")
struct SamplingTests {
    @Test("uniform below q: chi-square test over 17 residues, and the mean of a 60-bit modulus")
    func uniform() {
        var generator = SeededRandomGenerator(seed: 10)
        let draws = 170_000
        var counts = [Int](repeating: 0, count: 17)
        for _ in 0..<draws { counts[Int(Sampling.uniform(below: 17, using: &generator))] += 1 }
        let expected = Double(draws) / 17
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chiSquare < 39.25)  // 16 degrees of freedom, p = 0.001
        let q: UInt64 = (1 << 59) + 12345
        let mean = (0..<50_000).reduce(0.0) { sum, _ in sum + Double(Sampling.uniform(below: q, using: &generator)) } / 50_000
        #expect(abs(mean / Double(q) - 0.5) < 0.01)  // σ of the mean ≈ 0.0013
    }

    @Test("ternary: each of −1, 0, 1 with probability 1/3; fixed Hamming weight is exact")
    func ternary() {
        var generator = SeededRandomGenerator(seed: 11)
        let values = Sampling.ternary(count: 90_000, using: &generator)
        for v in [-1, 0, 1] as [Int64] {
            let fraction = Double(values.filter { $0 == v }.count) / 90_000
            #expect(abs(fraction - 1.0 / 3) < 0.01)
        }
        let sparse = Sampling.ternary(count: 1 << 12, hammingWeight: 192, using: &generator)
        #expect(sparse.filter { $0 != 0 }.count == 192)
        #expect(sparse.allSatisfy { abs($0) <= 1 })
        #expect(abs(sparse.reduce(0, +)) < 60)  // random signs
    }

    @Test("discrete Gaussian: mean 0, variance σ² = 10.24, bounded support")
    func gaussian() {
        var generator = SeededRandomGenerator(seed: 12)
        let count = 200_000
        let values = Sampling.gaussian(count: count, using: &generator)
        let mean = Double(values.reduce(0, +)) / Double(count)
        let variance = values.reduce(0.0) { $0 + pow(Double($1) - mean, 2) } / Double(count)
        #expect(abs(mean) < 0.03)                  // σ/√count ≈ 0.007
        #expect(abs(variance - 10.24) < 0.15)      // relative σ of the estimate ≈ 0.3%
        #expect(values.allSatisfy { abs($0) <= Int64(Sampling.gaussianBound) })
        #expect(Sampling.gaussianTable.last == UInt64.max)
        // Pr[e = 0] = 1/Σ_k ρ(k) ≈ 0.1246 for σ = 3.2.
        let zeros = Double(values.filter { $0 == 0 }.count) / Double(count)
        #expect(abs(zeros - 0.1246) < 0.004)
    }

    @Test("seeded generators are reproducible; the secure one is not seeded")
    func reproducibility() {
        var a = SeededRandomGenerator(seed: 42)
        var b = SeededRandomGenerator(seed: 42)
        var c = SeededRandomGenerator(seed: 43)
        let x = (0..<8).map { _ in a.next() }
        #expect(x == (0..<8).map { _ in b.next() })
        #expect(x != (0..<8).map { _ in c.next() })
        var secure = SecureRandomGenerator()
        #expect((0..<4).map { _ in secure.next() } != (0..<4).map { _ in secure.next() })
    }
}
