import Bootstrapping
import CKKS
import Circuits
import Foundation
import Testing
@_spi(Testing) import RingArithmetic

@Suite("Special FFT factorisation (plaintext)")
struct HomomorphicDFTTests {
    func randomVector(_ n: Int, seed: UInt64) -> [Complex] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng)) }
    }

    func maxDistance(_ a: [Complex], _ b: [Complex]) -> Double {
        zip(a, b).map { ($0 - $1).magnitude }.max()!
    }

    @Test("SlotsToCoeffs stages reproduce the encoder's special FFT", arguments: [(8, 1), (64, 2), (256, 3), (1024, 4)])
    func slotsToCoeffsMatchesEmbedding(n: Int, levels: Int) throws {
        let v = randomVector(n, seed: UInt64(n))
        var expected = v
        SlotTransform(maximumSlotCount: n).evaluate(&expected)
        var slots = HomomorphicDFT.bitReversed(v)
        for matrix in try HomomorphicDFT.slotsToCoeffs(slotCount: n, levels: levels, factor: .one) { slots = matrix.applied(to: slots) }
        #expect(maxDistance(slots, expected) < 1e-9 * Double(n))
    }

    @Test("CoeffsToSlots stages invert the special FFT into bit-reversed order", arguments: [(8, 1), (64, 3), (256, 2), (2048, 3)])
    func coeffsToSlotsInverts(n: Int, levels: Int) throws {
        let v = randomVector(n, seed: UInt64(n) + 7)
        var z = v
        SlotTransform(maximumSlotCount: n).evaluate(&z)
        var slots = z
        for matrix in try HomomorphicDFT.coeffsToSlots(slotCount: n, levels: levels, factor: .one) { slots = matrix.applied(to: slots) }
        #expect(maxDistance(slots, HomomorphicDFT.bitReversed(v)) < 1e-12 * Double(n))
    }

    @Test("Merged stages stay sparse: at most 2^(k+1) − 1 diagonals for k merged stages")
    func mergedStagesAreSparse() throws {
        let matrices = try HomomorphicDFT.coeffsToSlots(slotCount: 4096, levels: 3, factor: .one)
        #expect(matrices.map { $0.diagonals.count } .allSatisfy { $0 <= 31 })
        for t in matrices {
            #expect(t.rotationSteps(giantStep: t.giantStep(accumulation: .nested), accumulation: .nested).count <= 12)
        }
    }
}
