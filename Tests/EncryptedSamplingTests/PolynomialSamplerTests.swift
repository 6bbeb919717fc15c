import LanguageModel
import RingArithmetic
import Testing
import TokenOrdering
@testable import EncryptedSampling

@Suite("Polynomial sampler (plaintext reference)")
struct PolynomialSamplerTests {
    static let p = [0.1, 0.2, 0.3, 0.4]

    func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double = 1e-6,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(a - e) < tolerance, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test("prefix sums are the spec's c")
    func prefixSums() {
        #expect(Sampler.prefixSums(Self.p) == [0.1, 0.30000000000000004, 0.6000000000000001, 1.0])
    }

    @Test("the §5 table", arguments: [
        (0.05, 0, [1.0, 0, 0, 0], [1.0, 0, 0, 0]),
        (0.35, 2, [0, 0, 1.0, 0], [0, 0, 1.0, 0]),
        (0.3, 1, [0, 0.5, 0.5, 0], [0, 0.5, 0.5, 0]),
        (0.3 - 1e-7, 1, [0, 0.786202, 0.213798, 0], [0, 0.882416, 0.117584, 0]),
        (0.3 + 1e-7, 2, [0, 0.213798, 0.786202, 0], [0, 0.117584, 0.882416, 0]),
        (0.3 + 1e-6, 2, [0, 2.03e-13, 1, 0], [0, 1.24e-25, 1, 0]),
    ])
    func table(r: Double, k: Int, oneHot: [Double], postProcessed: [Double]) {
        let plain = PolynomialSampler(postProcess: false).sample(Self.p, r: r)
        let processed = PolynomialSampler(postProcess: true).sample(Self.p, r: r)
        #expect(plain.exactPosition == k)
        expectClose(plain.oneHot, oneHot)
        expectClose(processed.output, postProcessed)
        #expect(processed.oneHot == plain.oneHot)
        if r == 0.3 + 1e-6 {  // the tiny leaks, relative to their size
            #expect(abs(plain.oneHot[1] / 2.03e-13 - 1) < 0.01)
            #expect(abs(processed.output[1] / 1.24e-25 - 1) < 0.01)
        }
    }

    @Test("zero run: weight leaks onto every zero-probability neighbour; PP shrinks it")
    func zeroRun() {
        let p = [0.3, 0.2] + [Double](repeating: 0, count: 10) + [0.5]
        let r = 0.5 - 1e-7
        let plain = PolynomialSampler(postProcess: false).sample(p, r: r)
        let processed = PolynomialSampler(postProcess: true).sample(p, r: r)
        #expect(abs(plain.oneHot[0]) < 1e-6)
        #expect(abs(plain.oneHot[1] - 0.786) < 1e-3)
        for i in 2..<12 { #expect(abs(plain.oneHot[i] - 0.168) < 1e-3) }
        #expect(abs(plain.oneHot[12] - 0.214) < 1e-3)
        #expect(abs(plain.oneHot.reduce(0, +) - 2.681) < 1e-3)
        #expect(abs(processed.output.reduce(0, +) - 1.753) < 1e-3)
    }

    @Test("token 0 can be sampled (t₋₁ = 0, not the authors' cyclic roll)")
    func firstToken() {
        let draw = PolynomialSampler(postProcess: true).sample([0.5, 0.5], r: 0.2)
        #expect(draw.decodedPosition == 0)
        #expect(draw.output[0] > 0.999)
    }

    @Test("exact and polynomial samplers reproduce p (chi-square, 3 degrees of freedom)")
    func frequencies() {
        var generator = SplitMix(seed: 2026)
        let draws = 20_000
        var exactCounts = [0, 0, 0, 0], polynomialCounts = [0, 0, 0, 0]
        let sampler = PolynomialSampler(postProcess: true)
        let prefix = Sampler.prefixSums(Self.p)
        for _ in 0..<draws {
            let r = Double.random(in: 0..<1, using: &generator)
            exactCounts[Sampler.inverseCDF(prefix: prefix, r: r)] += 1
            polynomialCounts[sampler.sample(Self.p, r: r).decodedPosition] += 1
        }
        for counts in [exactCounts, polynomialCounts] {
            let chiSquare = zip(counts, Self.p).reduce(0.0) { sum, pair in
                let expected = Double(draws) * pair.1
                return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
            }
            #expect(chiSquare < 16.27)  // p = 0.001
        }
    }

    @Test("softmax with temperature, reordering, argmax ties")
    func distributions() throws {
        let p = Sampler.softmax([1, 2, 3], temperature: 1)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(abs(p[2] / p[1] - 2.718281828459045) < 1e-9)
        let sharp = Sampler.softmax([1, 2, 3], temperature: 0.5)
        #expect(abs(sharp[2] / sharp[1] - 7.38905609893065) < 1e-9)
        #expect(try VocabularyOrdering(permutation: [2, 0, 1], name: "x").reordered([0.1, 0.2, 0.7]) == [0.7, 0.1, 0.2])
        #expect(Sampler.argmax([0.2, 0.5, 0.5]) == 1)
        #expect(Sampler.inverseCDF(prefix: [0.25, 0.5, 1.0], r: 0.5) == 1)
        #expect(Sampler.inverseCDF(prefix: [0.25, 0.5, 0.9999], r: 0.99999) == 2)
    }
}

/// Reproducible randomness for the tests: the ring layer's seeded generator.
typealias SplitMix = SeededRandomGenerator
