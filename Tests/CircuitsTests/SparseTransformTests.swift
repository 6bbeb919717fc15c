import CKKS
@testable import Circuits
import Foundation
import Testing
import TestSupport

@Suite("Sparse slot matrices")
struct SparseTransformTests {
    @Test("a transform built from entries computes y[out] = Σ value·x[in], entries meeting on a slot adding up")
    func entriesMatchDirectProduct() throws {
        var rng = SeededGenerator(seed: 90)
        let n = 64
        var entries: [LinearTransform.Entry] = []
        for _ in 0..<300 {
            entries.append(.init(output: Int.random(in: 0..<n, using: &rng), input: Int.random(in: 0..<n, using: &rng),
                                 value: Double.random(in: -1...1, using: &rng)))
        }
        let transform = try LinearTransform(slotCount: n, entries: entries)
        let x = (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &rng)) }
        var expected = [Complex](repeating: .zero, count: n)
        for e in entries { expected[e.output] += Complex(e.value) * x[e.input] }
        #expect(maximumError(transform.applied(to: x), expected) <= 1e-12)
        #expect(throws: CircuitError.self) { try LinearTransform(slotCount: n, entries: [.init(output: n, input: 0, value: 1)]) }
    }
}
