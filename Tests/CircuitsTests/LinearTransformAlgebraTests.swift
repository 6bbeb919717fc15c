import CKKS
import Foundation
import Testing
import TestSupport

@testable import Circuits
@_spi(Testing) import RingArithmetic

/// The diagonal algebra (products, scalings, masks, periodic extension) against the plaintext definition.
@Suite struct LinearTransformAlgebraTests {
    let n = 64

    func randomVector(seed: UInt64, count: Int? = nil) -> [Complex] {
        var rng = SeededGenerator(seed: seed)
        return (0..<(count ?? n)).map { _ in
            Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))
        }
    }

    func randomTransform(offsets: [Int], seed: UInt64) throws -> LinearTransform {
        let diagonals = Dictionary(uniqueKeysWithValues: offsets.enumerated().map { ($1, randomVector(seed: seed + UInt64($0))) })
        return try LinearTransform(slotCount: n, diagonals: diagonals)
    }

    func distance(_ a: [Complex], _ b: [Complex]) -> Double { zip(a, b).map { ($0 - $1).magnitude }.max() ?? 0 }

    @Test func productIsComposition() throws {
        let a = try randomTransform(offsets: [0, 4, -4], seed: 1)
        let b = try randomTransform(offsets: [0, 16, -16, 3], seed: 10)
        let x = randomVector(seed: 20)
        let product = try a * b
        #expect(distance(product.applied(to: x), a.applied(to: b.applied(to: x))) < 1e-12)
        #expect(product.diagonals.count <= 12)
        #expect(throws: CircuitError.slotCountMismatch(expected: 64, actual: 32)) {
            _ = try a * LinearTransform(slotCount: 32, diagonals: [0: Array(repeating: .one, count: 32)])
        }
    }

    @Test func productDropsCancelledDiagonals() throws {
        let ones = [Complex](repeating: .one, count: n)
        let shift = try LinearTransform(slotCount: n, diagonals: [1: ones])
        let back = try LinearTransform(slotCount: n, diagonals: [-1: ones])
        #expect(try (shift * back).diagonals.keys.sorted() == [0])
    }

    @Test func scalingAndMasks() throws {
        let m = try randomTransform(offsets: [0, 1, -8], seed: 30)
        let x = randomVector(seed: 40)
        let mask = randomVector(seed: 50)
        let c = Complex(0.5, -2)
        #expect(distance(m.scaled(by: c).applied(to: x), m.applied(to: x).map { $0 * c }) < 1e-12)
        #expect(distance(try m.leftMultiplied(byDiagonal: mask).applied(to: x), zip(mask, m.applied(to: x)).map { $0 * $1 }) < 1e-12)
        #expect(distance(try m.rightMultiplied(byDiagonal: mask).applied(to: x), m.applied(to: zip(mask, x).map { $0 * $1 })) < 1e-12)
        #expect(throws: CircuitError.self) { _ = try m.leftMultiplied(byDiagonal: Array(mask.dropLast())) }
    }

    @Test func extensionToPeriodicInputs() throws {
        let m = try randomTransform(offsets: [0, 5, -3, 32], seed: 60)
        let x = randomVector(seed: 70)
        let extended = m.extendedToPeriodicInputs()
        #expect(extended.slotCount == 2 * n)
        #expect(extended.signedOffsets == m.signedOffsets)
        let y = m.applied(to: x)
        #expect(distance(extended.applied(to: x + x), y + y) < 1e-12)
    }

    @Test func strideAndSignedSplit() throws {
        let m = try randomTransform(offsets: [0, 8, -8, 24, -16], seed: 80)
        #expect(m.signedOffsets == [-16, -8, 0, 8, 24])
        #expect(m.stride == 8)
        let negative = LinearTransform.split(-9, giantStep: 4)
        let positive = LinearTransform.split(9, giantStep: 4)
        #expect(negative.giant == -3 && negative.baby == 3)
        #expect(positive.giant == 2 && positive.baby == 1)
        #expect(LinearTransform.normalizedStep(-40, slotCount: 64) == 24)
        #expect(LinearTransform.normalizedStep(40, slotCount: 64) == -24)
        #expect(LinearTransform.normalizedStep(32, slotCount: 64) == 32)
    }
}
