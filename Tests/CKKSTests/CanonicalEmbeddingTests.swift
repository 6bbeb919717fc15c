import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// The textbook definition: m(ζ^{5^j}) with ζ = e^{iπ/N}, evaluated naively in O(N·n).
private func naiveSlots(_ coefficients: [Double], slotCount n: Int) -> [Complex] {
    let degree = coefficients.count
    let order = 2 * degree
    let roots = (0..<order).map { Complex.unitRoot(angle: Double.pi * Double($0) / Double(degree)) }
    var power = 1
    var result: [Complex] = []
    for _ in 0..<n {
        var sum = Complex.zero
        for (k, a) in coefficients.enumerated() where a != 0 {
            sum += roots[(power * k) % order] * a
        }
        result.append(sum)
        power = power * 5 % order
    }
    return result
}

@Suite struct CanonicalEmbeddingTests {
    @Test(arguments: [(16, 8), (16, 2), (1024, 512), (1024, 64), (4096, 2048), (4096, 1)])
    func encodingMatchesNaiveEvaluation(degree: Int, slotCount: Int) {
        var rng = SeededGenerator(seed: UInt64(degree * 31 + slotCount))
        let embedding = CanonicalEmbedding(degree: degree)
        let slots = RandomValues.complex(slotCount, using: &rng)
        let coefficients = embedding.coefficients(fromSlots: slots)
        let gap = degree / (2 * slotCount)
        for (k, a) in coefficients.enumerated() where k % gap != 0 { #expect(a == 0) }
        let evaluated = naiveSlots(coefficients, slotCount: slotCount)
        #expect(maximumError(evaluated, slots) < 1e-10)
    }

    @Test(arguments: [(16, 8), (1024, 512), (1024, 32), (4096, 2048)])
    func decodingMatchesNaiveEvaluation(degree: Int, slotCount: Int) {
        var rng = SeededGenerator(seed: UInt64(degree + slotCount))
        let embedding = CanonicalEmbedding(degree: degree)
        let gap = degree / (2 * slotCount)
        let coefficients = (0..<degree).map { $0 % gap == 0 ? Double.random(in: -1...1, using: &rng) : 0 }
        let fast = embedding.slots(fromCoefficients: coefficients, slotCount: slotCount)
        let naive = naiveSlots(coefficients, slotCount: slotCount)
        #expect(maximumError(fast, naive) < 1e-9)
    }

    @Test func knownAnswerForDegreeFour() {
        // N = 4, n = 2: ζ = e^{iπ/4}; the slots are m(ζ) and m(ζ^5). m(X) = 1 + X gives 1+ζ and 1+ζ^5 = 1−ζ.
        let embedding = CanonicalEmbedding(degree: 4)
        let slots = embedding.slots(fromCoefficients: [1, 1, 0, 0], slotCount: 2)
        let s = 0.5.squareRoot()
        #expect(maximumError(slots, [Complex(1 + s, s), Complex(1 - s, -s)]) < 1e-15)
        let back = embedding.coefficients(fromSlots: slots)
        #expect(zip(back, [1.0, 1, 0, 0]).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test func realSlotsGiveRealPolynomialWithConjugateSymmetry() {
        // Conjugating every slot equals evaluating at the conjugate roots: m(ζ^{-5^j}) = conj(m(ζ^{5^j})).
        let embedding = CanonicalEmbedding(degree: 64)
        var rng = SeededGenerator(seed: 7)
        let slots = RandomValues.complex(32, using: &rng)
        let m = embedding.coefficients(fromSlots: slots)
        // m(ζ^{-t}) for t = 5^j: naive evaluation with the negated exponent.
        let order = 128
        var power = 1
        for j in 0..<32 {
            var sum = Complex.zero
            for (k, a) in m.enumerated() {
                sum += Complex.unitRoot(angle: Double.pi * Double((order - power * k % order) % order) / 64) * a
            }
            #expect((sum - slots[j].conjugate).magnitude < 1e-10)
            power = power * 5 % order
        }
    }
}
