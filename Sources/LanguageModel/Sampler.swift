import Foundation
import ModelFiles

/// Picks the next token from logits: greedy (arg max) at temperature 0, otherwise inverse-CDF sampling from
/// softmax(logits / T) with a seeded generator, so runs are reproducible.
public struct Sampler: Sendable {
    public let temperature: Float
    private var generator: SplitMix64

    /// - Parameters:
    ///   - temperature: 0 for greedy decoding; otherwise the softmax temperature.
    ///   - seed: the generator's seed.
    /// - Throws: `LanguageModelError.invalidTemperature` for a negative or non-finite temperature.
    public init(temperature: Float, seed: UInt64) throws {
        guard temperature >= 0, temperature.isFinite else { throw LanguageModelError.invalidTemperature(temperature) }
        self.temperature = temperature
        generator = SplitMix64(seed: seed)
    }

    /// The next token id.
    public mutating func sample(_ logits: [Float]) -> Int {
        precondition(!logits.isEmpty, "sampling from no logits")
        if temperature == 0 { return Self.argmax(logits) }
        let probabilities = Self.softmax(logits, temperature: temperature)
        let r = Double(generator.next() >> 11) * 0x1p-53  // uniform in [0, 1)
        var cumulative = 0.0
        for (token, p) in probabilities.enumerated() {
            cumulative += p
            if r < cumulative { return token }
        }
        // Rounding left the total a hair under 1 and r above it: the last token with probability takes it.
        return probabilities.lastIndex { $0 > 0 } ?? logits.count - 1
    }

    /// The index of the largest logit (the lowest index on ties).
    public static func argmax(_ logits: [Float]) -> Int {
        var best = 0
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return best
    }

    /// softmax(logits / temperature) in Double.
    public static func softmax(_ logits: [Float], temperature: Float) -> [Double] {
        let t = Double(temperature)
        let maximum = Double(logits.max()!)
        let exps = logits.map { Foundation.exp((Double($0) - maximum) / t) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
}

/// SplitMix64, the seedable generator of `Sampler` and the experiments (defined in `ModelFiles`, the module all
/// application modules share).
public typealias SplitMix64 = ModelFiles.SplitMix64
