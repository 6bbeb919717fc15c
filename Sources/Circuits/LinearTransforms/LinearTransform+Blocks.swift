import CKKS

extension LinearTransform {
    /// The same m × c matrix applied independently in every block of `blockSize` slots: for the vector x_b in the
    /// first c slots of block b, slots b·B … b·B + m − 1 of the result receive M·x_b (the rest of the block is
    /// zero). This is how many independent instances packed side by side in one ciphertext (the sampler's draws,
    /// say) share one transform.
    /// - Parameters:
    ///   - matrix: m rows of c real values, m ≤ B and c ≤ B.
    ///   - blockSize: B, a power of two dividing n.
    ///   - slotCount: n.
    /// - Throws: `CircuitError.invalidArgument` when the shapes do not fit.
    public init(blockDiagonal matrix: [[Double]], blockSize: Int, slotCount: Int) throws {
        try self.init(blockDiagonal: matrix, blockSize: blockSize, slotCount: slotCount, inputSlot: { $0 }, outputSlot: { $0 })
    }

    /// The block-diagonal transform with the vector's entries and the result's rows placed anywhere in the block:
    /// column i of block b is read from slot b·B + inputSlot(i), row j is written to slot b·B + outputSlot(j).
    ///
    /// Entry M[j][i] goes to diagonal k = inputSlot(i) − outputSlot(j) (mod n), at slot b·B + outputSlot(j): the
    /// rotation by k reads exactly slot b·B + inputSlot(i), so no instance ever reads another's slots.
    /// - Parameters:
    ///   - matrix: m rows of c real values.
    ///   - blockSize: B, a power of two dividing n.
    ///   - slotCount: n.
    ///   - inputSlot: the in-block slot of column i (distinct, in 0 ..< B).
    ///   - outputSlot: the in-block slot of row j (distinct, in 0 ..< B).
    /// - Throws: `CircuitError.invalidArgument` when the shapes or placements do not fit.
    public init(
        blockDiagonal matrix: [[Double]], blockSize: Int, slotCount: Int, inputSlot: (Int) -> Int,
        outputSlot: (Int) -> Int
    ) throws {
        let rows = matrix.count
        guard rows >= 1, let columns = matrix.first?.count, columns >= 1, matrix.allSatisfy({ $0.count == columns }) else {
            throw CircuitError.invalidArgument("the matrix must be non-empty and rectangular")
        }
        guard blockSize >= 1, blockSize & (blockSize - 1) == 0, slotCount % blockSize == 0 else {
            throw CircuitError.invalidArgument("the block size \(blockSize) must be a power of two dividing \(slotCount)")
        }
        let inputs = (0..<columns).map(inputSlot), outputs = (0..<rows).map(outputSlot)
        guard Set(inputs).count == columns, Set(outputs).count == rows,
              (inputs + outputs).allSatisfy({ (0..<blockSize).contains($0) })
        else {
            throw CircuitError.invalidArgument("a \(rows)×\(columns) matrix needs distinct placements within blocks of \(blockSize) slots")
        }
        var diagonals: [Int: [Complex]] = [:]
        for (j, out) in outputs.enumerated() {
            for (i, input) in inputs.enumerated() where matrix[j][i] != 0 {
                let k = ((input - out) % slotCount + slotCount) % slotCount
                let zero = [Complex](repeating: .zero, count: slotCount)
                for block in Swift.stride(from: 0, to: slotCount, by: blockSize) {
                    diagonals[k, default: zero][block + out] = Complex(matrix[j][i])
                }
            }
        }
        try self.init(slotCount: slotCount, diagonals: diagonals)
    }
}
