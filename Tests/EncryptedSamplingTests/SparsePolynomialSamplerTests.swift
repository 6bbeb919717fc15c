import LanguageModel
import Foundation
import Testing
import TestSupport
@testable import EncryptedSampling

@Suite("Sparse polynomial sampler")
struct SparsePolynomialSamplerTests {
    /// The polynomials saturate to within a few roundings of 0 and 1 (their floating-point evaluation has fixed
    /// points an ulp or two from ±1). Measured residue: 5.6e-17 (paper), 2.2e-16 (low depth); asserted ≤ 2^-51.
    @Test("T is 1 (and T(−x) is 0) within 2^-51 on a dense grid of [saturation, 1], for both step functions",
          arguments: SamplerConfiguration.Step.allCases)
    func saturation(step: SamplerConfiguration.Step) {
        let T = step.polynomial
        let steps = 400_000
        let low = SparsePolynomialSampler.saturation
        var worst = 0.0
        for k in 0...steps {
            // Geometric grid: dense near the saturation bound, where T approaches 1 last.
            let x = low * pow(1 / low, Double(k) / Double(steps))
            worst = max(worst, abs(T(x) - 1), abs(T(-x)))
        }
        print("step \(step): largest residue from 0/1 on [\(low), 1]: \(worst)")
        #expect(worst <= 0x1p-51)
    }

    /// The arithmetic is the dense sampler's; only where the dense polynomial leaves a rounding residue near 0 or 1
    /// (≤ 2^-54) does the sparse sampler use the exact 0 or 1. Measured difference 5.6e-17 (product trigger),
    /// 2.2e-16 (difference trigger); asserted ≤ 2^-51.
    @Test("the dense sampler's values to within 2^-51, with and without post-processing",
          arguments: [SamplerConfiguration.Trigger.product, .difference])
    func matchesDense(trigger: SamplerConfiguration.Trigger) {
        var generator = SplitMix(seed: 77)
        var worst = 0.0
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
            let prefix = Sampler.prefixSums(p)
            for postProcess in [false, true] {
                let configuration = SamplerConfiguration(trigger: trigger, postProcess: postProcess)
                let dense = PolynomialSampler(configuration: configuration)
                let sparse = SparsePolynomialSampler(probabilities: p, configuration: configuration)
                for draw in 0..<25 {
                    // Half the draws land within 1e-6 of a boundary, where the window is non-trivial.
                    let boundary = prefix[Int.random(in: 0..<count, using: &generator)]
                    let r = draw % 2 == 0
                        ? Double.random(in: 0..<1, using: &generator)
                        : min(max(boundary + Double.random(in: -1e-6...1e-6, using: &generator), 0), 0.999999)
                    let expected = dense.sample(p, r: r)
                    let got = sparse.sample(r: r)
                    worst = max(
                        worst, maximumError(got.dense(count: count, postProcessed: false), expected.oneHot),
                        maximumError(got.dense(count: count, postProcessed: true), expected.output))
                    #expect(got.exactPosition == expected.exactPosition)
                    #expect(got.decodedPosition == expected.decodedPosition)
                }
            }
        }
        print("sparse vs dense sampler (\(trigger)): max difference \(worst)")
        #expect(worst <= 0x1p-51)
    }
}
