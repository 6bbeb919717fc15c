import Foundation

/// Next-token distributions in plain double precision: softmax with temperature, prefix sums, and
/// reordering by a token ordering π.
public enum Distribution {
    /// `softmax(logits / temperature)`, computed stably (the maximum is subtracted first).
    /// - Precondition: `temperature > 0` and at least one logit.
    public static func softmax(_ logits: [Float], temperature: Double = 1) -> [Double] {
        precondition(temperature > 0, "temperature must be positive; use greedy decoding for T = 0")
        precondition(!logits.isEmpty, "no logits")
        let maximum = Double(logits.max()!)
        let weights = logits.map { exp((Double($0) - maximum) / temperature) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// The prefix sums `c_i = p_0 + … + p_i`, accumulated left to right as the spec does.
    public static func prefixSums(_ probabilities: [Double]) -> [Double] {
        var running = 0.0
        return probabilities.map { running += $0; return running }
    }

    /// `p` rearranged into tour order: position `i` holds `p[π(i)]`.
    /// - Precondition: `ordering` is a permutation of `0..<p.count`.
    public static func reordered(_ probabilities: [Double], by ordering: [Int]) -> [Double] {
        precondition(ordering.count == probabilities.count, "ordering and distribution sizes differ")
        return ordering.map { probabilities[$0] }
    }
}
