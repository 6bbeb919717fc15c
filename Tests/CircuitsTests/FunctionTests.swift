import CKKS
import Foundation
import Testing
import TestSupport

@testable import Circuits
@_spi(Testing) import RingArithmetic

@Suite struct SmoothFunctionTests {
    let fixture = KeyedScheme.medium

    func check(
        _ p: Polynomial, reference: (Double) -> Double, domain: ClosedRange<Double>, bound: Double, seed: UInt64
    ) throws -> Double {
        var rng = SeededGenerator(seed: seed)
        let x = (0..<2048).map { _ in Double.random(in: domain, using: &rng) }
        let ct = try fixture.encrypt(x, rng: &rng)
        let result = try fixture.polynomials.evaluate(p, at: ct)
        #expect(result.level == ct.level - p.depth)
        let error = maximumError(try fixture.decryptReal(result), x.map(reference))
        #expect(error < bound, "max error \(error) (bound \(bound))")
        return error
    }

    @Test func expOnTheSoftmaxRange() throws {
        let p = SmoothFunctions.exp()
        #expect(p.depth == 6)
        _ = try check(p, reference: exp, domain: -8...0, bound: 1e-6, seed: 1)
    }

    @Test func siluAndGelu() throws {
        let silu = SmoothFunctions.silu()
        let gelu = SmoothFunctions.gelu()
        #expect(silu.maximumError(against: { $0 * SmoothFunctions.logistic($0) }, on: -8...8) < 1e-4)
        #expect(gelu.maximumError(against: SmoothFunctions.geluReference, on: -8...8) < 1e-4)
        _ = try check(silu, reference: { $0 * SmoothFunctions.logistic($0) }, domain: -8...8, bound: 1e-4, seed: 2)
        _ = try check(gelu, reference: SmoothFunctions.geluReference, domain: -8...8, bound: 1e-4, seed: 3)
    }

    @Test func smoothstep() throws {
        let p = StepFunctions.smoothstep
        #expect(p.depth == 2)
        _ = try check(p, reference: { 3 * $0 * $0 - 2 * $0 * $0 * $0 }, domain: 0...1, bound: 5e-8, seed: 4)
    }

    @Test func reciprocalByNewton() throws {
        let inverse = try NewtonInverse(.reciprocal, domain: 0.25...4, initialDegree: 7, iterations: 3)
        #expect(inverse.depth == 10)
        #expect(Polynomial.grid(0.25...4, samples: 2000).allSatisfy { abs(inverse($0) * $0 - 1) < 1e-9 })
        var rng = SeededGenerator(seed: 5)
        let a = (0..<2048).map { _ in Double.random(in: 0.25...4, using: &rng) }
        let ct = try fixture.encrypt(a, rng: &rng)
        let result = try inverse.evaluate(ct, evaluator: fixture.evaluator)
        #expect(result.level == ct.level - 10)
        #expect(abs(result.scale / ct.scale - 1) < 1e-12)
        let error = maximumError(try fixture.decryptReal(result), a.map { 1 / $0 })
        // measured 2.4e-08
        expectError(error, atMost: 2e-7, "1/a")
    }

    @Test func inverseSquareRootByNewton() throws {
        let inverse = try NewtonInverse(.inverseSquareRoot, domain: 0.25...4, initialDegree: 7, iterations: 2)
        #expect(inverse.depth == 10)
        var rng = SeededGenerator(seed: 6)
        let a = (0..<2048).map { _ in Double.random(in: 0.25...4, using: &rng) }
        let ct = try fixture.encrypt(a, rng: &rng)
        let result = try inverse.evaluate(ct, evaluator: fixture.evaluator)
        #expect(result.level == ct.level - 10)
        #expect(abs(result.scale / ct.scale - 1) < 1e-12)
        let error = maximumError(try fixture.decryptReal(result), a.map { 1 / $0.squareRoot() })
        // measured 7.0e-08
        expectError(error, atMost: 6e-7, "1/√a")
    }
}

/// The sampler's step function under CKKS (N = 2^12, 52 levels of 55 bits, scale 2^55: **insecure**
/// parameters chosen to run the whole 50-level composite without bootstrapping).
@Suite(.serialized) struct StepFunctionTests {
    static let specPoints: [(x: Double, t: Double)] = [
        (1e-8, 0.531675), (1e-7, 0.786202), (2e-7, 0.942717), (3e-7, 0.990545), (5e-7, 0.999935),
    ]

    @Test func plaintextCompositeMatchesTheSpec() {
        for (x, t) in Self.specPoints {
            #expect(abs(StepFunctions.samplerStep(x) - t) < 1e-6)
            #expect(abs(StepFunctions.samplerStep(-x) - (1 - t)) < 1e-6)
        }
        #expect(StepFunctions.samplerStep.depth == 50)
        #expect(abs(StepFunctions.samplerStep(1e-6) - 1) < 1e-12)
        // The authors' form: g¹⁵, then h³(g²(·)), then (s + 1)/2 and five smoothsteps, agrees to ~1e-15.
        for x in stride(from: -1.0, through: 1.0, by: 0.001) {
            var s = x
            for _ in 0..<17 { s = StepFunctions.samplerAccelerator(s) }
            for _ in 0..<3 { s = StepFunctions.samplerRefiner(s) }
            var y = (s + 1) / 2
            for _ in 0..<5 { y = StepFunctions.smoothstep(y) }
            #expect(abs(y - StepFunctions.samplerStep(x)) < 1e-14)
        }
    }

    @Test func lowDepthCompositeHasAtLeastTheSpecResolution() {
        let step = StepFunctions.lowDepthStep
        #expect(step.depth == 36)
        let grid = (0...20000).map { 5e-7 * pow(2e6, Double($0) / 20000) }
        let minimum = grid.map { step($0) }.min()!
        #expect(minimum >= 0.999935, "min over [5e-7, 1]: \(minimum)")
        #expect(grid.allSatisfy { abs(step(-$0) - (1 - step($0))) < 1e-12 && step($0) <= 1 + 1e-9 })
    }

    static let inputs: [Double] = {
        var values: [Double] = specPoints.flatMap { [$0.x, -$0.x] } + [0, 1e-6, -1e-6, 1e-3, -1e-3, 0.3, -0.3, 0.999, -0.999]
        var rng = SeededGenerator(seed: 10)
        while values.count < 2048 { values.append(Double.random(in: -1...1, using: &rng)) }
        return values
    }()

    /// Input noise ε becomes about T′(x)·ε (≤ 3.17e6·ε): the stated floor is 3.17e6 · (fresh noise ≈ 2^−50) plus
    /// the rescaling noise of the first stages amplified alike.
    @Test func samplerStepUnderCKKSReproducesTheSpecValues() throws {
        let fixture = KeyedScheme.deep
        var rng = SeededGenerator(seed: 11)
        let ct = try fixture.encrypt(Self.inputs, rng: &rng)
        let result = try StepFunctions.samplerStep.evaluate(ct, evaluator: fixture.evaluator)
        #expect(result.level == ct.level - 50)
        #expect(result.scale == ct.scale)
        let decrypted = try fixture.decryptReal(result)
        let expected = Self.inputs.map { StepFunctions.samplerStep($0) }
        let error = maximumError(decrypted, expected)
        print("sampler step T under CKKS: max |T_ckks − T| = \(error); T(spec points) =",
              (0..<5).map { decrypted[2 * $0] })
        // measured 7.7e-08
        expectError(error, atMost: 7e-7)
        for (i, point) in Self.specPoints.enumerated() {
            #expect(abs(decrypted[2 * i] - point.t) < 1e-5)
            #expect(abs(decrypted[2 * i + 1] - (1 - point.t)) < 1e-5)
        }
    }

    @Test func lowDepthStepUnderCKKS() throws {
        let fixture = KeyedScheme.deep
        var rng = SeededGenerator(seed: 12)
        let ct = try fixture.encrypt(Self.inputs, rng: &rng)
        let result = try StepFunctions.lowDepthStep.evaluate(ct, evaluator: fixture.evaluator)
        #expect(result.level == ct.level - 36)
        let error = maximumError(try fixture.decryptReal(result), Self.inputs.map { StepFunctions.lowDepthStep($0) })
        print("low-depth step under CKKS: max error \(error)")
        // measured 2.8e-08
        expectError(error, atMost: 3e-7)
    }
}
