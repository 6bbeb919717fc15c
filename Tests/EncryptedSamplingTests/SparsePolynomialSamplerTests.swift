import Foundation
import Testing
@testable import EncryptedSampling

@Suite("Sparse polynomial sampler")
struct SparsePolynomialSamplerTests {
    @Test("T is exactly 1 (and T(−x) exactly 0) on a dense grid of [saturation, 1]")
    func saturation() {
        let steps = 400_000
        let low = SparsePolynomialSampler.saturation
        for k in 0...steps {
            // Geometric grid: dense near the saturation bound, where T approaches 1 last.
            let x = low * pow(1 / low, Double(k) / Double(steps))
            #expect(StepFunction.evaluate(x) == 1)
            #expect(StepFunction.evaluate(-x) == 0)
        }
    }

    @Test("bit-for-bit identical to the dense sampler, with and without post-processing")
    func matchesDense() {
        var generator = SplitMix(seed: 77)
        for trial in 0..<40 {
            let count = 200 + trial * 13
            // Mostly tiny probabilities with zero runs and a few large ones, like real next-token distributions.
            var weights = (0..<count).map { _ in
                let u = Double.random(in: 0..<1, using: &generator)
                return u < 0.3 ? 0 : pow(u, 12)
            }
            weights[Int.random(in: 0..<count, using: &generator)] = 5
            let total = weights.reduce(0, +)
            let p = weights.map { $0 / total }
            let prefix = Distribution.prefixSums(p)
            for postProcess in [false, true] {
                let dense = PolynomialSampler(postProcess: postProcess)
                let sparse = SparsePolynomialSampler(probabilities: p, postProcess: postProcess)
                for draw in 0..<25 {
                    // Half the draws land within 1e-6 of a boundary, where the window is non-trivial.
                    let boundary = prefix[Int.random(in: 0..<count, using: &generator)]
                    let r = draw % 2 == 0
                        ? Double.random(in: 0..<1, using: &generator)
                        : min(max(boundary + Double.random(in: -1e-6...1e-6, using: &generator), 0), 0.999999)
                    let expected = dense.sample(p, r: r)
                    let got = sparse.sample(r: r)
                    #expect(got.dense(count: count, postProcessed: false) == expected.oneHot)
                    #expect(got.dense(count: count, postProcessed: true) == expected.output)
                    #expect(got.exactPosition == expected.exactPosition)
                    #expect(got.decodedPosition == expected.decodedPosition)
                }
            }
        }
    }
}
