import CKKS
import Circuits

/// y = W·x for a public matrix and an encrypted vector, both in slots 0 ..< d of a one-block ciphertext: one
/// block-diagonal linear transform with power-of-two keys (the keys sums and bootstrapping hold already), one
/// level. The bounds are folded into the matrix: slots of the input hold x/σ_in, of the output y/σ_out.
public struct EncryptedLinear: Sendable {
    public let rows: Int
    public let columns: Int
    public let outputBound: Double
    let transform: EncodedLinearTransform

    /// - Parameters:
    ///   - matrix: `rows` rows of `columns` values.
    ///   - inputBound: σ_in of the vectors it is applied to.
    ///   - outputBound: σ_out of the result.
    ///   - slotCount: n (≥ rows and columns).
    ///   - encoder: an encoder of the context.
    ///   - level: the level of the inputs (≥ 1).
    ///   - cachesPlaintexts: keep the encoded diagonals (default) or encode them at every use, which keeps only
    ///     their n slot values: (level + 1)·N·8 bytes less per diagonal, for one encoding per diagonal and use.
    /// - Throws: `CircuitError.invalidArgument` for shapes that do not fit; encoding errors.
    public init(
        matrix: [[Double]], inputBound: Double, outputBound: Double, slotCount: Int, encoder: CKKSEncoder, level: Int,
        cachesPlaintexts: Bool = true
    ) throws {
        rows = matrix.count
        columns = matrix.first?.count ?? 0
        self.outputBound = outputBound
        let factor = inputBound / outputBound
        transform = try EncodedLinearTransform(
            LinearTransform(
                blockDiagonal: matrix.map { $0.map { $0 * factor } }, blockSize: slotCount, slotCount: slotCount,
                inputSlot: { $0 }, outputSlot: { $0 }),
            encoder: encoder, level: level, cachesPlaintexts: cachesPlaintexts, keys: .powersOfTwo)
    }

    /// The level the inputs must have.
    public var level: Int { transform.level }

    /// The power-of-two rotations of the product.
    public var keyRequirements: EvaluationKeyRequirements { transform.keyRequirements }

    /// W·x, one level below the transform's level.
    /// - Throws: `CircuitError`s (a wrong length, an input below the level); CKKS errors.
    public func apply(_ x: EncryptedVector, evaluator: Evaluator) throws -> EncryptedVector {
        guard x.count == columns else {
            throw CircuitError.invalidArgument("a \(rows)×\(columns) product of a vector of \(x.count)")
        }
        return EncryptedVector(
            ciphertext: try transform.apply(x.ciphertext, evaluator: evaluator), count: rows, bound: outputBound)
    }
}
