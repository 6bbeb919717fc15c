import Bootstrapping
import CKKS
import EncryptedSampling
import Foundation
import LanguageModel
import TokenOrdering

/// The paper's one-hot experiment through the **encrypted** sampler: the same next-token distribution, many
/// draws of r per vocabulary ordering, the one-hot error and the embedding's cosine distance measured on the
/// decrypted I and PP(I) of real CKKS runs — beside the plaintext reference's figures for the very same draws
/// (the first measurement of the method under real encryption noise).
///
/// The experiment plays both parties: the client's key generation, encryption of the logits (in each instance's
/// tour order) and of the draws, and decryption of the results; the server's `EncryptedSampler` sees only
/// ciphertexts and evaluation keys. The instances of one run share one ciphertext of N/2 slots: 32 draws per
/// run at N = 2^16 (V = 512), each with its own ordering and r.
public struct EncryptedOneHotExperiment: Sendable {
    /// The parameter set.
    public enum Preset: String, Sendable {
        /// 128-bit secure N = 2^16, full packing, 9 levels left.
        case secure
        /// **INSECURE** N = 2^12 test preset, full packing, 9 levels left: minutes instead of hours.
        case insecureTest
    }

    /// The means over one ordering's draws, encrypted and plaintext.
    public struct Result: Sendable {
        public let ordering: String
        public let draws: Int
        /// Mean one-hot error max_i |I_i − 1[i = k]| (k: exact inverse-CDF sample), without and with PP.
        public let oneHotError: Double
        public let oneHotErrorPostProcessed: Double
        /// Mean 1 − cos(Σ I_i E_π(i), E_π(k)), without and with PP.
        public let cosineDistance: Double
        public let cosineDistancePostProcessed: Double
        /// The same four figures of the plaintext reference (`SparsePolynomialSampler`) on the same draws.
        public let plaintextOneHotError: Double
        public let plaintextOneHotErrorPostProcessed: Double
        public let plaintextCosineDistance: Double
        public let plaintextCosineDistancePostProcessed: Double
        /// The fraction of draws whose decoded token (argmax PP(I)) differs from the exact sample.
        public let decodingErrorRate: Double
    }

    public let probabilities: [Double]
    public let logits: [Float]
    public let table: WeightMatrix
    public let temperature: Double
    public let configuration: SamplerConfiguration

    /// - Parameters:
    ///   - logits: the model's next-token logits (vocabulary order).
    ///   - temperature: T.
    ///   - table: the input-embedding table.
    ///   - configuration: the circuit (default: the encrypted sampler's low-depth step, product trigger, PP).
    public init(
        logits: [Float], temperature: Double, table: WeightMatrix,
        configuration: SamplerConfiguration = SamplerConfiguration(step: .lowDepth, postProcess: true)
    ) {
        self.logits = logits
        self.temperature = temperature
        self.table = table
        self.configuration = configuration
        probabilities = Sampler.softmax(logits, temperature: temperature)
    }

    /// Runs `draws` draws per ordering.
    /// - Parameters:
    ///   - orderings: the vocabulary orderings (each instance of a run takes one, in turn).
    ///   - draws: draws per ordering.
    ///   - preset: the parameter set.
    ///   - seed: seeds the draws r (the keys come from the system's CSPRNG).
    ///   - progress: called after every run with (draws done, draws in all).
    /// - Throws: sampler and CKKS errors.
    public func run(
        orderings: [VocabularyOrdering], draws: Int, preset: Preset, seed: UInt64,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> [Result] {
        let vocabulary = probabilities.count
        let softmax = try SoftmaxParameters.calibrated(logits: [logits], temperature: temperature)
        let rig = try EncryptedSamplerRig(
            vocabulary: vocabulary, softmax: softmax, configuration: configuration, embeddingTable: nil, preset: preset)
        let layout = rig.layout
        var random = SplitMix64(seed: seed)

        let total = draws * orderings.count
        var assignments: [(ordering: Int, r: Double)] = (0..<total).map { ($0 % orderings.count, 0) }
        for i in assignments.indices { assignments[i].r = Sampler.uniform(using: &random) }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: 9), count: orderings.count)
        var done = 0
        while done < total {
            let batch = Array(assignments[done..<min(total, done + layout.instanceCount)])
            var rs = batch.map(\.r)
            var vectors = batch.map { orderings[$0.ordering].reordered(logits).map(Double.init) }
            while rs.count < layout.instanceCount {  // pad a last partial run with copies of its first instance
                rs.append(rs[0])
                vectors.append(vectors[0])
            }
            let run = try rig.sample(logits: vectors, draws: rs)
            let oneHot = try rig.decryptInstances(run.trace!.oneHotBeforePostProcessing)
            let output = try rig.decryptInstances(run.oneHot)
            for (index, assignment) in batch.enumerated() {
                let ordering = orderings[assignment.ordering]
                let p = ordering.reordered(probabilities)
                let k = Sampler.inverseCDF(prefix: Sampler.prefixSums(p), r: assignment.r)
                let target = table.row(ordering.permutation[k]).map(Double.init)
                let reference = SparsePolynomialSampler(probabilities: p, configuration: configuration).sample(r: assignment.r)
                let figures = [
                    SamplingMetrics.oneHotError(oneHot[index], exactPosition: k),
                    SamplingMetrics.oneHotError(output[index], exactPosition: k),
                    SamplingMetrics.cosineDistance(mixture(oneHot[index], ordering), target),
                    SamplingMetrics.cosineDistance(mixture(output[index], ordering), target),
                    OneHotExperiment.oneHotError(reference.oneHot, start: reference.start, exact: k),
                    OneHotExperiment.oneHotError(reference.output, start: reference.start, exact: k),
                    SamplingMetrics.cosineDistance(
                        EmbeddingMixture.mix(reference.oneHot, start: reference.start, ordering: ordering, table: table), target),
                    SamplingMetrics.cosineDistance(
                        EmbeddingMixture.mix(reference.output, start: reference.start, ordering: ordering, table: table), target),
                    Sampler.argmax(output[index]) == k ? 0 : 1,
                ]
                for (column, value) in figures.enumerated() { sums[assignment.ordering][column] += value }
            }
            done += batch.count
            progress(done, total)
        }
        return orderings.indices.map { o in
            let m = sums[o].map { $0 / Double(draws) }
            return Result(
                ordering: orderings[o].name, draws: draws, oneHotError: m[0], oneHotErrorPostProcessed: m[1],
                cosineDistance: m[2], cosineDistancePostProcessed: m[3], plaintextOneHotError: m[4],
                plaintextOneHotErrorPostProcessed: m[5], plaintextCosineDistance: m[6],
                plaintextCosineDistancePostProcessed: m[7], decodingErrorRate: m[8])
        }
    }

    /// Σ_i weights_i·E_π(i) over the whole vocabulary.
    private func mixture(_ weights: [Double], _ ordering: VocabularyOrdering) -> [Double] {
        SamplingMetrics.embeddingMixture(
            weights, ordering: ordering.permutation, dimension: table.columns, row: table.row)
    }
}
