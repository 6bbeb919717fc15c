import CKKS

/// A plaintext matrix larger than one ciphertext times an encrypted vector split across several ciphertexts.
/// The m × c matrix is cut into n × n blocks (n = slots per ciphertext, zero-padded at the edges); input block j
/// holds x_{jn} … x_{jn+n−1}, output block i holds y_{in} … y_{in+n−1}, and y_i = Σ_j M_{ij}·x_j with every
/// block an `EncodedLinearTransform` of one giant step. The baby rotations of each input block are computed
/// once (hoisted) and reused by every output block.
public struct BlockMatrixTransform: Sendable {
    /// m and c.
    public let rows: Int
    public let columns: Int
    /// n.
    public let slotCount: Int
    /// blocks[i][j], nil where the block is zero.
    let blocks: [[EncodedLinearTransform?]]

    /// - Parameters:
    ///   - matrix: m rows of c real values.
    ///   - encoder: an encoder of the context.
    ///   - slotCount: n, the slot count of the input and output ciphertexts.
    ///   - level: the level of the inputs (≥ 1).
    /// - Throws: `CircuitError.invalidArgument` for an empty or ragged matrix; `CKKSError`s from encoding.
    public init(matrix: [[Double]], encoder: CKKSEncoder, slotCount: Int, level: Int) throws {
        guard let columns = matrix.first?.count, columns >= 1, matrix.allSatisfy({ $0.count == columns }) else {
            throw CircuitError.invalidArgument("the matrix must be non-empty and rectangular")
        }
        let n = slotCount
        let rowBlocks = (matrix.count + n - 1) / n
        let columnBlocks = (columns + n - 1) / n
        var giant = 1
        while giant * giant < n { giant *= 2 }
        blocks = try (0..<rowBlocks).map { i in
            try (0..<columnBlocks).map { j -> EncodedLinearTransform? in
                let block = (0..<n).map { r in
                    (0..<n).map { c in
                        let (row, column) = (i * n + r, j * n + c)
                        return row < matrix.count && column < columns ? matrix[row][column] : 0
                    }
                }
                let transform = try LinearTransform(matrix: block, slotCount: n)
                if transform.diagonals.isEmpty { return nil }
                return try EncodedLinearTransform(transform, encoder: encoder, level: level, giantStep: giant)
            }
        }
        rows = matrix.count
        self.columns = columns
        self.slotCount = n
    }

    /// The rotation steps whose Galois keys `apply` needs.
    public var rotationSteps: [Int] { Set(blocks.joined().compactMap { $0 }.flatMap(\.rotationSteps)).sorted() }

    /// y = M·x.
    /// - Parameters:
    ///   - inputs: ⌈c/n⌉ ciphertexts of n slots.
    ///   - evaluator: an evaluator with the keys of `rotationSteps`.
    /// - Returns: ⌈m/n⌉ ciphertexts, one level below the inputs, at their scale.
    /// - Throws: `CircuitError.invalidArgument` for a wrong number of inputs; as `EncodedLinearTransform.apply`.
    public func apply(_ inputs: [Ciphertext], evaluator: Evaluator) throws -> [Ciphertext] {
        guard inputs.count == blocks.first?.count else {
            throw CircuitError.invalidArgument("expected \(blocks.first?.count ?? 0) input ciphertexts, got \(inputs.count)")
        }
        let allBabies = Set(blocks.joined().compactMap { $0 }.flatMap(\.babySteps)).sorted()
        let rotated = try inputs.map { x -> [Int: Ciphertext] in
            let input = try evaluator.dropLevels(x, to: blocks.joined().compactMap { $0 }.first!.level)
            let steps = allBabies.map { LinearTransform.normalizedStep($0, slotCount: slotCount) }
            return Dictionary(uniqueKeysWithValues: zip(allBabies, try evaluator.rotateHoisted(input, by: steps)))
                .merging([0: input]) { a, _ in a }
        }
        return try blocks.map { row in
            var sum: Ciphertext?
            for (j, block) in row.enumerated() {
                guard let block else { continue }
                try evaluator.accumulate(try block.accumulate(rotated[j], evaluator: evaluator), into: &sum)
            }
            guard let sum else { throw CircuitError.invalidArgument("a block row of the matrix is entirely zero") }
            return try evaluator.rescale(sum)
        }
    }
}
