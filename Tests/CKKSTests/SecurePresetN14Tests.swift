import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// The 128-bit preset at N = 2^14 (`CKKSParameters.n14`: 60 + 7 × 40 + P 60 = 400 ≤ 438 bits, dnum 8), end to
/// end at a ring degree where the secure presets live: every limb-parallel kernel splits across threads here,
/// and the noise terms that grow with N (√N in rounding, N in key switching) are at a realistic size.
@Suite struct SecurePresetN14Tests {
    static let fixture = KeyedScheme(
        parameters: .n14, requirements: EvaluationKeyRequirements(rotations: [1, 1000], conjugation: true, relinearization: true),
        seed: 14)

    @Test func multiplyRotateConjugateDepthSeven() throws {
        let fixture = Self.fixture
        #expect(fixture.context.parameters.securityLevel == .bits128)
        var rng = SeededGenerator(seed: 1414)
        let n = fixture.context.parameters.maximumSlotCount
        #expect(n == 8192)
        let x = RandomValues.complex(n, using: &rng)
        let y = RandomValues.complex(n, using: &rng)
        let cx = try fixture.encrypt(x, rng: &rng)
        let cy = try fixture.encrypt(y, rng: &rng)
        let ev = fixture.evaluator
        // measured min / mean 25.3 / 28.9 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(cx), expected: x),
            minimumBits: 23, meanBits: 27, "encrypt")
        let product = try ev.rescale(ev.multiply(cx, cy))
        // measured min / mean 24.9 / 28.3 bits
        expectPrecision(
            PrecisionStatistics(actual: try fixture.decrypt(product), expected: zip(x, y).map { $0 * $1 }),
            minimumBits: 22, meanBits: 27, "multiply")
        for step in [1, 1000] {
            let rotated = try ev.rotate(cx, by: step)
            // measured min / mean 23.8–23.9 / 26.7–26.7 bits
            expectPrecision(
                PrecisionStatistics(actual: try fixture.decrypt(rotated), expected: (0..<n).map { x[($0 + step) % n] }),
                minimumBits: 21, meanBits: 25, "rotate \(step)")
        }
        // measured min / mean 23.8 / 26.7 bits
        expectPrecision(
            PrecisionStatistics(actual: try fixture.decrypt(ev.conjugate(cx)), expected: x.map(\.conjugate)),
            minimumBits: 21, meanBits: 25, "conjugate")
        // x·y^7 through every level: |y| ≤ 1 keeps the values bounded, the noise grows a little per level.
        var c = product
        var expected = zip(x, y).map { $0 * $1 }
        while c.level > 0 {
            c = try ev.rescale(ev.multiply(c, try ev.dropLevels(cy, to: c.level)))
            expected = zip(expected, y).map { $0 * $1 }
        }
        // measured min / mean 21.0 / 27.5 bits
        expectPrecision(PrecisionStatistics(actual: try fixture.decrypt(c), expected: expected),
            minimumBits: 19, meanBits: 26, "depth 7")
    }
}
