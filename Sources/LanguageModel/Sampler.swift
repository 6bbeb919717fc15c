import Foundation
import ModelFiles

/// Picks the next token from logits: greedy (arg max) at temperature 0, otherwise inverse-CDF sampling from
/// softmax(logits / T) with a seeded generator, so runs are reproducible.
///
/// Its static functions are the project's one implementation of exact sampling — softmax, prefix sums, the
/// inverse CDF `min{i : c_i ≥ r}` and arg max — which the polynomial sampler and the experiments reuse, so
/// every exact sample breaks ties the same way.
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
        let prefix = Self.prefixSums(Self.softmax(logits, temperature: Double(temperature)))
        return Self.inverseCDF(prefix: prefix, r: Self.uniform(using: &generator))
    }

    /// A uniform double in [0, 1): the 53 high bits of one 64-bit draw.
    @inlinable public static func uniform<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// `softmax(logits / temperature)` in Double, computed stably (the maximum is subtracted first).
    /// - Precondition: `temperature > 0` and at least one logit.
    public static func softmax(_ logits: [Float], temperature: Double = 1) -> [Double] {
        precondition(temperature > 0, "temperature must be positive; use greedy decoding for T = 0")
        precondition(!logits.isEmpty, "no logits")
        let maximum = Double(logits.max()!)
        let weights = logits.map { Foundation.exp((Double($0) - maximum) / temperature) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// `log softmax(logits)[index]` at temperature 1, in Double (log-sum-exp with the maximum subtracted).
    /// - Precondition: `index` lies in `logits`.
    public static func logSoftmax(_ logits: some Collection<Float>, at index: Int) -> Double {
        precondition(index >= 0 && index < logits.count, "index \(index) outside \(logits.count) logits")
        let maximum = Double(logits.max()!)
        let total = logits.reduce(0.0) { $0 + Foundation.exp(Double($1) - maximum) }
        return Double(logits[logits.index(logits.startIndex, offsetBy: index)]) - maximum - Foundation.log(total)
    }

    /// The prefix sums `c_i = p_0 + … + p_i`, accumulated left to right as the sampling spec does.
    public static func prefixSums(_ probabilities: [Double]) -> [Double] {
        var running = 0.0
        return probabilities.map { running += $0; return running }
    }

    /// Exact inverse-CDF sampling: `min{i : c_i ≥ r}` over non-decreasing prefix sums (sampling spec §2.2).
    /// When rounding leaves the total `c_{V−1}` below `r`, the first index that reaches the total: the last
    /// token with non-zero probability, never a zero-probability tail.
    public static func inverseCDF(prefix: [Double], r: Double) -> Int {
        precondition(!prefix.isEmpty, "sampling from no probabilities")
        let target = min(r, prefix[prefix.count - 1])
        var low = 0
        var high = prefix.count - 1
        while low < high {
            let middle = (low + high) / 2
            if prefix[middle] >= target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The index of the largest value, the lowest one on ties.
    public static func argmax<Value: Comparable>(_ values: [Value]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}

/// SplitMix64, the seedable generator of `Sampler` and the experiments (defined in `ModelFiles`, the module all
/// application modules share).
public typealias SplitMix64 = ModelFiles.SplitMix64
