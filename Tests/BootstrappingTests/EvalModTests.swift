import Bootstrapping
import Foundation
import Testing

@Suite("EvalMod approximation (plaintext)")
struct EvalModTests {
    @Test("Cosine + double angles reduce modulo 1 near the integers", arguments: [(128, 4), (512, 6)])
    func reducesModuloOne(range: Int, doubleAngles: Int) throws {
        let plan = try EvalModPlan(range: range, doubleAngleCount: doubleAngles)
        let epsilon = 0x1p-12
        var worst = 0.0
        for integer in stride(from: -range + 1, to: range, by: max(1, range / 64)) {
            for u in stride(from: -1.0, through: 1.0, by: 0.125) {
                let x = Double(integer) + epsilon * u
                let output = plan.evaluatePlain(x / Double(range)) / (2 * Double.pi)
                worst = max(worst, abs(output - epsilon * u) / epsilon)
            }
        }
        print("EvalMod K=\(range) r=\(doubleAngles): degree \(plan.series.degree), depth \(plan.depth), "
              + "cosine error 2^\(log2(plan.approximationError)), worst relative error 2^\(log2(worst))")
        #expect(plan.approximationError < 0x1p-40)
        #expect(worst < 0x1p-19)
    }
}
