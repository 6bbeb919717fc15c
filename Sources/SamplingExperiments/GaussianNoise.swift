import Foundation
import LanguageModel

/// Seeded standard normal deviates (Box–Muller on SplitMix64), for the CKKS noise model's simulation. Not for
/// key material: the scheme's own noise comes from the system CSPRNG (RingArithmetic's samplers).
struct GaussianNoise: Sendable {
    private var generator: SplitMix64
    private var spare: Double?

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// One N(0, 1) deviate.
    mutating func next() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        // u1 ∈ (0, 1] so the logarithm is finite.
        let u1 = 1 - Sampler.uniform(using: &generator), u2 = Sampler.uniform(using: &generator)
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        spare = radius * Foundation.sin(2 * Double.pi * u2)
        return radius * Foundation.cos(2 * Double.pi * u2)
    }

    /// `values` with N(0, σ²) added to each entry (unchanged when σ = 0).
    mutating func perturbed(_ values: [Double], deviation: Double) -> [Double] {
        guard deviation > 0 else { return values }
        return values.map { $0 + deviation * next() }
    }
}
