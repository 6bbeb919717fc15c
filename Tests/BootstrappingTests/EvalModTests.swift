import Bootstrapping
import Foundation
import Testing
import TestSupport

@Suite("EvalMod approximation (plaintext)")
struct EvalModTests {
    /// The worst error of x ↦ x mod 1 near the integers, relative to the distance ε from the integer, for
    /// x = I + ε·u, |I| < K, |u| ≤ 1 (what EvalMod must compute on t/q_0 + I, ε = 2^−12 ≈ |t/q_0|).
    static func worstRelativeError(_ plan: EvalModPlan, epsilon: Double = 0x1p-12) -> Double {
        var worst = 0.0
        for integer in stride(from: -plan.range + 1, to: plan.range, by: max(1, plan.range / 64)) {
            for u in stride(from: -1.0, through: 1.0, by: 0.125) {
                let x = Double(integer) + epsilon * u
                let output = plan.evaluatePlain(x / Double(plan.range)) / (2 * Double.pi)
                worst = max(worst, abs(output - epsilon * u) / epsilon)
            }
        }
        return worst
    }

    @Test("Cosine + double angles reduce modulo 1 near the integers", arguments: [(128, 4), (512, 6)])
    func reducesModuloOne(range: Int, doubleAngles: Int) throws {
        let plan = try EvalModPlan(range: range, doubleAngleCount: doubleAngles)
        #expect(plan.approximationError < 0x1p-40)
        #expect(Self.worstRelativeError(plan) < 0x1p-19)
    }

    /// The plan both presets bootstrap with (sparse-secret encapsulation, h = 32): K = 16, two double angles,
    /// a degree-55 cosine series, 8 levels (Docs/Bootstrapping.md §3).
    @Test("The presets' EvalMod plan: K = 16, r = 2, degree 55, depth 8, and its accuracy")
    func presetPlan() throws {
        for parameters in [try BootstrappingParameters.secureN16(), try BootstrappingParameters.insecureTestN12()] {
            let plan = parameters.evalMod
            #expect(plan.range == 16 && plan.doubleAngleCount == 2, "\(plan.range), \(plan.doubleAngleCount)")
            #expect(plan.series.degree == 55 && plan.depth == 8, "degree \(plan.series.degree), depth \(plan.depth)")
            // measured 1.4e-14 = 2^-46.1 (the series' error against the cosine on its interval; target 2^-40)
            expectError(plan.approximationError, atMost: 0x1p-43, "cosine series")
            // measured 3.9e-7 = 2^-21.3, the sine's curvature (2π·ε)²/6 ≈ 2^-21.9 at ε = 2^−12 plus the series' error
            expectError(Self.worstRelativeError(plan), atMost: 0x1p-19, "mod 1, relative")
        }
    }
}
