import Dispatch
import EncryptedSampling
import LanguageModel
import TokenOrdering

/// The one-hot experiment of the paper (sampling spec §4): for one next-token distribution and many
/// independent draws of `r`, how far the approximate one-hot vector is from the exact one, and how far the
/// fed-back embedding mixture is from the sampled token's embedding — per vocabulary ordering, with and
/// without post-processing.
public struct OneHotExperiment: Sendable {
    /// The metrics of one ordering (means over all draws).
    public struct Result: Sendable {
        public let ordering: String
        /// Mean of `max_i |I_i − 1[i = k]|` without and with post-processing.
        public let oneHotError: Double
        public let oneHotErrorPostProcessed: Double
        /// Mean of `1 − cos(Σ I_i E_{π(i)}, E_{π(k)})` without and with post-processing.
        public let cosineDistance: Double
        public let cosineDistancePostProcessed: Double
        /// Mean of `Σ I` and `Σ I'`.
        public let mass: Double
        public let massPostProcessed: Double
        /// The fraction of draws whose decoded token `argmax I'` differs from the exact sample.
        public let decodingErrorRate: Double
    }

    /// The next-token probabilities in vocabulary order.
    public let probabilities: [Double]
    /// The embedding table (row t = token t).
    public let table: WeightMatrix

    /// - Parameters:
    ///   - logits: the model's next-token logits.
    ///   - temperature: the softmax temperature (> 0).
    ///   - table: the input-embedding table.
    ///   - fp16Probabilities: round the probabilities to IEEE binary16 and renormalise, as
    ///     `SimulationPrecision.fp16Probabilities` does (the paper's fp16 model).
    public init(logits: [Float], temperature: Double, table: WeightMatrix, fp16Probabilities: Bool = false) {
        let p = Sampler.softmax(logits, temperature: temperature)
        probabilities = fp16Probabilities ? Binary16.roundedDistribution(p) : p
        self.table = table
    }

    /// Runs `draws` draws of `r` from a generator seeded with `seed`; every ordering sees the same `r`s.
    public func run(orderings: [VocabularyOrdering], draws: Int, seed: UInt64) -> [Result] {
        var generator = SplitMix64(seed: seed)
        let rs = (0..<draws).map { _ in Sampler.uniform(using: &generator) }
        return orderings.map { measure($0, rs: rs) }
    }

    /// The fraction of exactly-zero probabilities (the spec's §4 statistic).
    public var zeroFraction: Double {
        Double(probabilities.filter { $0 == 0 }.count) / Double(probabilities.count)
    }

    private func measure(_ ordering: VocabularyOrdering, rs: [Double]) -> Result {
        let p = ordering.reordered(probabilities)
        let sampler = SparsePolynomialSampler(probabilities: p, postProcess: true)
        // Draws are independent: split them over the cores, each chunk summing its own totals.
        let chunks = 16
        var totals = [[Double]](repeating: [Double](repeating: 0, count: 7), count: chunks)
        totals.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var sums = [Double](repeating: 0, count: 7)
                for index in stride(from: chunk, to: rs.count, by: chunks) {
                    let draw = sampler.sample(r: rs[index])
                    let k = draw.exactPosition
                    let target = table.row(ordering.permutation[k]).map(Double.init)
                    let plain = EmbeddingMixture.mix(draw.oneHot, start: draw.start, ordering: ordering, table: table)
                    let processed = EmbeddingMixture.mix(draw.output, start: draw.start, ordering: ordering, table: table)
                    sums[0] += Self.oneHotError(draw.oneHot, start: draw.start, exact: k)
                    sums[1] += Self.oneHotError(draw.output, start: draw.start, exact: k)
                    sums[2] += SamplingMetrics.cosineDistance(plain, target)
                    sums[3] += SamplingMetrics.cosineDistance(processed, target)
                    sums[4] += draw.oneHot.reduce(0, +)
                    sums[5] += draw.output.reduce(0, +)
                    sums[6] += draw.decodedPosition == k ? 0 : 1
                }
                shared.pointer[chunk] = sums  // each chunk writes only its own slot
            }
        }
        let n = Double(rs.count)
        let sum = (0..<7).map { column in totals.reduce(0) { $0 + $1[column] } / n }
        return Result(
            ordering: ordering.name, oneHotError: sum[0], oneHotErrorPostProcessed: sum[1],
            cosineDistance: sum[2], cosineDistancePostProcessed: sum[3], mass: sum[4], massPostProcessed: sum[5],
            decodingErrorRate: sum[6])
    }

    /// `max_i |I_i − 1[i = k]|` for a window of `I` starting at `start` (zero elsewhere; `k` is in the window).
    static func oneHotError(_ window: [Double], start: Int, exact k: Int) -> Double {
        var worst = 0.0
        for (offset, value) in window.enumerated() {
            worst = max(worst, abs(value - (start + offset == k ? 1 : 0)))
        }
        if k < start || k >= start + window.count { worst = 1 }  // k outside the window: its weight is 0
        return worst
    }
}

/// A pointer shared across `concurrentPerform` iterations that write disjoint elements.
struct UnsafeSendable<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}
