import EncryptedSampling
import LanguageModel
import TokenOrdering

/// Measures the encrypted sampler's noise stage by stage — the figures `CKKSNoiseModel` is built from.
///
/// Plays both parties with `EncryptedSamplerRig` (the client decrypts the server's traced intermediate
/// ciphertexts) and compares every stage with the float64 reference for the same logits and r:
/// - **probabilities**: w²/Σw² of the bootstrapped weights against softmax(l/T), every position;
/// - **prefix sums**: the stage's own noise, c_i/c_{V−1} against the prefix sums of the decrypted w²/Σw² (the
///   step compares c_i with r·Σe, Σe = c_{V−1}; the bootstrapped normaliser ŝ only scales the step's input).
///   The probabilities' errors reach the prefix sums too, as a random walk (≈ √V times larger): the model
///   adds them by summing its noisy probabilities, and "prefix sums, in all" (against the exact prefix sums)
///   reports the total;
/// - **step input**: x/ŝ/Σw² against c̃ − r (c̃ the prefix sums of the decrypted w²/Σw²): the comparison the
///   step function resolves, in units of r — the prefix sums' own noise together with the threshold r·Σe's.
///   This is the deviation the noise model adds to its prefix sums;
/// - **embedding**: the encrypted feedback product against Σ PP(I)_i·E_π(i) of the reference's PP(I), on
///   draws farther than 1e-5 from every CDF boundary (nearer ones are the prefix-sum noise's effect, which the
///   model reproduces through the noisy prefix sums);
/// - **one-hot, off window**: PP(I) where the reference is exactly 0 or 1 (left out of the noise model; reported).
/// Deviations are root-mean-square over all instances and draws, beside the maximum.
public struct SamplerNoiseMeasurement: Sendable {
    /// One stage's statistics.
    public struct Statistic: Sendable {
        public let stage: String
        public let rootMeanSquare: Double
        public let maximum: Double
        public let count: Int
    }

    /// The next-token logits the instances sample from (vocabulary order), used in turn.
    public let distributions: [[Float]]
    public let table: WeightMatrix
    public let ordering: VocabularyOrdering
    /// The sampler's softmax parameters (e.g. a private generation's, `GenerationSetup.softmax`).
    public let softmax: SoftmaxParameters
    public let configuration: SamplerConfiguration
    public var temperature: Double { softmax.temperature }

    /// - Parameters:
    ///   - distributions: next-token logits, vocabulary order (the instances take them in turn).
    ///   - table: the input-embedding table (V rows).
    ///   - ordering: the tour.
    ///   - softmax: the softmax parameters, calibrated on the logits the sampler will see.
    ///   - configuration: the circuit (default: the encrypted sampler's low-depth step, product trigger, PP).
    public init(
        distributions: [[Float]], table: WeightMatrix, ordering: VocabularyOrdering, softmax: SoftmaxParameters,
        configuration: SamplerConfiguration = SamplerConfiguration(step: .lowDepth, postProcess: true)
    ) {
        self.distributions = distributions
        self.table = table
        self.ordering = ordering
        self.softmax = softmax
        self.configuration = configuration
    }

    /// Runs `runs` encrypted sampler runs (each fills every instance of the layout).
    /// - Parameters:
    ///   - preset: the parameter set.
    ///   - slotCount: the slots of the sampler's ciphertexts (`nil`: full packing; a private generation uses 2048).
    ///   - runs: how many runs.
    ///   - seed: seeds the draws r (the keys come from the system's CSPRNG).
    ///   - progress: called after every run with the runs done.
    /// - Returns: the statistics of "probabilities", "prefix sums", "embedding", "one-hot, off window",
    ///   "prefix sums, in all" and "step input".
    /// - Throws: `SamplingExperimentError.invalidArgument` (no distributions, a size mismatch); sampler and CKKS errors.
    public func run(
        preset: EncryptedOneHotExperiment.Preset, slotCount: Int? = nil, runs: Int, seed: UInt64,
        progress: (Int) -> Void = { _ in }
    ) throws -> [Statistic] {
        let vocabulary = ordering.permutation.count
        guard !distributions.isEmpty, distributions.allSatisfy({ $0.count == vocabulary }), table.rows == vocabulary,
              runs >= 1
        else { throw SamplingExperimentError.invalidArgument("distributions, table and ordering must share V; runs ≥ 1") }
        // The table is divided by its largest entry to keep the product in range; errors are scaled back.
        let bound = Double(table.values.map(abs).max()!)
        let rows = ordering.permutation.map { table.row($0).map { Double($0) } }
        let rig = try EncryptedSamplerRig(
            vocabulary: vocabulary, softmax: softmax, configuration: configuration,
            embeddingTable: rows.map { $0.map { $0 / bound } }, preset: preset, slotCount: slotCount)
        let layout = rig.layout, d = table.columns
        var statistics = ["probabilities", "prefix sums", "embedding", "one-hot, off window", "prefix sums, in all",
                          "step input"].map { Accumulator(stage: $0) }
        var random = SplitMix64(seed: seed)
        for index in 0..<runs {
            let chosen = (0..<layout.instanceCount).map { distributions[(index * layout.instanceCount + $0) % distributions.count] }
            let rs = chosen.map { _ in Sampler.uniform(using: &random) }
            let sample = try rig.sample(logits: chosen.map { ordering.reordered($0).map(Double.init) }, draws: rs)
            let trace = sample.trace!
            let weights = try rig.decryptInstances(trace.weights)
            let prefixSums = try rig.decryptInstances(trace.prefixSums)
            let stepInputs = try rig.decryptInstances(trace.stepInput)
            let normalizers = try rig.decryptInstances(trace.normalization)
            let output = try rig.decryptInstances(sample.oneHot)
            let embeddingSlots = try rig.decryptSlots(sample.embedding!)
            for b in 0..<layout.instanceCount {
                let p = ordering.reordered(Sampler.softmax(chosen[b], temperature: temperature))
                let exactPrefix = Sampler.prefixSums(p)
                let squares = weights[b].map { $0 * $0 }
                let sumOfSquares = squares.reduce(0, +)
                let circuitPrefix = Sampler.prefixSums(squares.map { $0 / sumOfSquares })
                for i in 0..<vocabulary {
                    statistics[0].add(squares[i] / sumOfSquares - p[i])
                    let normalized = prefixSums[b][i] / prefixSums[b][vocabulary - 1]
                    statistics[1].add(normalized - circuitPrefix[i])
                    statistics[4].add(normalized - exactPrefix[i])
                    // x/ŝ = c − r·Σe (the bootstrapped ŝ divides out): the comparison the step resolves, in r's units.
                    statistics[5].add(stepInputs[b][i] / normalizers[b][i] / sumOfSquares - (circuitPrefix[i] - rs[b]))
                }
                let reference = SparsePolynomialSampler(probabilities: p, configuration: configuration).sample(r: rs[b])
                let dense = reference.dense(count: vocabulary, postProcessed: true)
                let window = reference.start..<(reference.start + reference.output.count)
                for i in 0..<vocabulary where !window.contains(i) { statistics[3].add(output[b][i] - dense[i]) }
                let margin = exactPrefix.map { abs($0 - rs[b]) }.min()!
                if margin > SparsePolynomialSampler.saturation {
                    for j in 0..<d {
                        let expected = zip(dense, rows).reduce(0) { $0 + $1.0 * $1.1[j] }
                        statistics[2].add(embeddingSlots[b * layout.blockSize + j] * bound - expected)
                    }
                }
            }
            progress(index + 1)
        }
        return statistics.map(\.statistic)
    }

    /// The noise model from measured statistics (root-mean-square deviations: probabilities, the step input as
    /// the prefix sums' deviation, embedding) and the logits' deviation, which the encrypted transformer sets
    /// (`hegen-bench transformer` reports it).
    public static func noiseModel(from statistics: [Statistic], logits: Double) -> CKKSNoiseModel {
        func rms(_ stage: String) -> Double { statistics.first { $0.stage == stage }?.rootMeanSquare ?? 0 }
        return CKKSNoiseModel(logits: logits, probabilities: rms("probabilities"), prefixSums: rms("step input"),
                              embedding: rms("embedding"))
    }

    private struct Accumulator {
        let stage: String
        var sumOfSquares = 0.0, maximum = 0.0, count = 0

        init(stage: String) { self.stage = stage }

        mutating func add(_ error: Double) {
            sumOfSquares += error * error
            maximum = max(maximum, abs(error))
            count += 1
        }

        var statistic: Statistic {
            Statistic(stage: stage, rootMeanSquare: (sumOfSquares / Double(max(count, 1))).squareRoot(), maximum: maximum,
                      count: count)
        }
    }
}
