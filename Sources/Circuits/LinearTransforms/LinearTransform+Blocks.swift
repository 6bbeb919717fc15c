import CKKS

extension LinearTransform {
    /// The same m × c matrix applied independently in every block of `blockSize` slots: for the vector x_b in the
    /// first c slots of block b, slots b·B … b·B + m − 1 of the result receive M·x_b (the rest of the block is
    /// zero). This is how many independent instances packed side by side in one ciphertext (the sampler's draws,
    /// say) share one transform.
    ///
    /// Diagonal k (for −m < k < c) holds M[j][j + k] at slot b·B + j wherever 0 ≤ j + k < c, so a rotation never
    /// reads across a block boundary: m + c − 1 diagonals at most.
    /// - Parameters:
    ///   - matrix: m rows of c real values, m ≤ B and c ≤ B.
    ///   - blockSize: B, a power of two dividing n.
    ///   - slotCount: n.
    /// - Throws: `CircuitError.invalidArgument` when the shapes do not fit.
    public init(blockDiagonal matrix: [[Double]], blockSize: Int, slotCount: Int) throws {
        let rows = matrix.count
        guard rows >= 1, let columns = matrix.first?.count, columns >= 1, matrix.allSatisfy({ $0.count == columns }) else {
            throw CircuitError.invalidArgument("the matrix must be non-empty and rectangular")
        }
        guard blockSize >= 1, blockSize & (blockSize - 1) == 0, slotCount % blockSize == 0 else {
            throw CircuitError.invalidArgument("the block size \(blockSize) must be a power of two dividing \(slotCount)")
        }
        guard rows <= blockSize, columns <= blockSize else {
            throw CircuitError.invalidArgument("a \(rows)×\(columns) matrix does not fit blocks of \(blockSize) slots")
        }
        var diagonals: [Int: [Complex]] = [:]
        for k in (1 - rows)..<columns {
            var diagonal = [Complex](repeating: .zero, count: slotCount)
            var nonZero = false
            for j in 0..<rows where (0..<columns).contains(j + k) {
                let value = matrix[j][j + k]
                guard value != 0 else { continue }
                nonZero = true
                for block in Swift.stride(from: 0, to: slotCount, by: blockSize) { diagonal[block + j] = Complex(value) }
            }
            if nonZero { diagonals[k] = diagonal }
        }
        try self.init(slotCount: slotCount, diagonals: diagonals)
    }
}
