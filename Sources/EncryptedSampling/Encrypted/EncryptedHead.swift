import CKKS
import Circuits

/// The language model's output head under encryption, feeding the sampler: logits l = H·h of an encrypted
/// hidden state h with the public head matrix H, computed straight into the sampler's layout — rows permuted by
/// the tour π and scaled by 1/M, so position i of every block receives z_i = (H·h)_π(i)/M.
///
/// The head's rows are its weights in tour order, so the ordering costs nothing here (sampling spec §3). The
/// product is one block-diagonal linear transform with power-of-two keys (the sampler's own), one level.
public struct EncryptedHead: Sendable {
    /// d: the hidden state's length (slots 0 ..< d of every block, natural order — where the sampler's
    /// feedback embedding comes out).
    public let dimension: Int
    let transform: EncodedLinearTransform

    /// - Parameters:
    ///   - weights: V rows of d values, in **token** order (row t: token t's head row).
    ///   - ordering: π, position → token.
    ///   - sampler: the sampler the logits feed (its layout and logit bound M).
    ///   - level: the level of the hidden states it will be applied to (≥ 1).
    /// - Throws: `SamplerError.embeddingTableMismatch` for a matrix of the wrong shape; encoding errors.
    public init(weights: [[Double]], ordering: [Int], sampler: EncryptedSampler, level: Int) throws {
        let layout = sampler.layout
        guard weights.count == layout.vocabularySize, ordering.count == layout.vocabularySize,
              let d = weights.first?.count, d >= 1, d <= layout.blockSize,
              weights.allSatisfy({ $0.count == d && $0.allSatisfy(\.isFinite) })
        else {
            throw SamplerError.embeddingTableMismatch(
                "the head needs \(layout.vocabularySize) finite rows of ≤ \(layout.blockSize) values and an ordering of as many tokens")
        }
        dimension = d
        let bound = sampler.softmax.logitBound
        let matrix = ordering.map { token in weights[token].map { $0 / bound } }
        transform = try EncodedLinearTransform(
            LinearTransform(
                blockDiagonal: matrix, blockSize: layout.blockSize, slotCount: layout.slotCount, inputSlot: { $0 },
                outputSlot: layout.inBlockSlot(position:)),
            encoder: CKKSEncoder(context: sampler.context), level: level, keys: .powersOfTwo)
    }

    /// The power-of-two rotations the product needs.
    public var keyRequirements: EvaluationKeyRequirements { transform.keyRequirements }

    /// z = (H_π·h)/M in the sampler's layout, one level below h.
    /// - Throws: `CircuitError`s (a hidden state below the head's level, another slot count); `CKKSError`s.
    public func logits(_ hiddenState: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
        try transform.apply(hiddenState, evaluator: evaluator)
    }
}
