import Circuits
import Testing

/// The paper's step function as the encrypted sampler evaluates it (`StepFunctions.samplerStep`).
private func T(_ x: Double) -> Double { StepFunctions.samplerStep(x) }

/// The authors' form of the same function: g¹⁵, then s = h³(g²(·)), H = (s + 1)/2, then the smoothstep five
/// times. It equals T because f((1 + s)/2) = (1 + h(s))/2 (sampling spec §2.3).
private func authorsFormT(_ x: Double) -> Double {
    let g = StepFunctions.samplerAccelerator, h = StepFunctions.samplerRefiner, f = StepFunctions.smoothstep
    var s = x
    for _ in 0..<17 { s = g(s) }
    for _ in 0..<3 { s = h(s) }
    var y = (s + 1) / 2
    for _ in 0..<5 { y = f(y) }
    return y
}

@Suite("Step function T")
struct StepFunctionTests {
    @Test("reference values of the spec (§2)", arguments: [
        (1e-8, 0.531675), (1e-7, 0.786202), (2e-7, 0.942717), (3e-7, 0.990545), (5e-7, 0.999935),
    ])
    func referenceValues(x: Double, expected: Double) {
        #expect(abs(T(x) - expected) < 1e-6)
        #expect(abs(T(-x) - (1 - expected)) < 1e-6)  // T(−x) = 1 − T(x)
    }

    @Test("T(1e−6) = 1 − 2.0e−13, and the plateau is flat")
    func plateau() {
        let gap = 1 - T(1e-6)
        #expect(abs(gap - 2.0e-13) < 0.05e-13)
        #expect(T(0.5) == 1)
        #expect(T(-0.5) == 0)
        #expect(T(0) == 0.5)
    }

    @Test("the authors' form (g¹⁵, h³∘g², smoothstep⁵) is the same function to 1e−12")
    func authorsForm() {
        var x = -1.0
        while x <= 1.0 {
            #expect(abs(T(x) - authorsFormT(x)) < 1e-12)
            x += 0.001
        }
        for x in [1e-9, 3e-8, 1e-7, 2.5e-7, 4e-7, 1e-6, 1e-5] {
            #expect(abs(T(x) - authorsFormT(x)) < 1e-12)
            #expect(abs(T(-x) - authorsFormT(-x)) < 1e-12)
        }
    }

    @Test("T′(0) ≈ 3.17e6")
    func slope() {
        let h = 1e-12
        let derivative = (T(h) - T(-h)) / (2 * h)
        #expect(abs(derivative / 3.17e6 - 1) < 0.01)
    }
}
