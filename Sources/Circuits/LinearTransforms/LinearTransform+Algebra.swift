import CKKS

/// Matrix algebra on the diagonal representation, so that sparse factors can be merged and masked before they
/// are encoded (the merged FFT stages of bootstrapping: Chen, Chillotti, Song, EUROCRYPT 2019, §3; Han and Ki,
/// CT-RSA 2020, §4). Every result keeps only its non-zero diagonals.
extension LinearTransform {
    /// The composition A·B (B applied first): (A·B)_k = Σ_{i + j ≡ k} a_i ⊙ rot(b_j, i), since
    /// (A·B·x)_t = Σ_i a_i[t]·Σ_j b_j[t + i]·x_{t+i+j}. Diagonals whose entries all lie below 10^−13 times the
    /// largest entry are dropped (exact cancellations of FFT factors that rounding leaves behind).
    /// - Parameters:
    ///   - a: applied second.
    ///   - b: applied first.
    /// - Throws: `CircuitError.slotCountMismatch` when the slot counts differ.
    public static func * (a: LinearTransform, b: LinearTransform) throws -> LinearTransform {
        guard a.slotCount == b.slotCount else { throw CircuitError.slotCountMismatch(expected: a.slotCount, actual: b.slotCount) }
        let n = a.slotCount
        var product: [Int: [Complex]] = [:]
        for (i, diagonalA) in a.diagonals {
            for (j, diagonalB) in b.diagonals {
                let k = (i + j) % n
                var sum = product.removeValue(forKey: k) ?? [Complex](repeating: .zero, count: n)
                for t in 0..<n { sum[t] += diagonalA[t] * diagonalB[(t + i) % n] }
                product[k] = sum
            }
        }
        let largest = product.values.lazy.flatMap { $0 }.map(\.magnitude).max() ?? 0
        let threshold = largest * 1e-13
        return LinearTransform(validatedSlotCount: n, diagonals: product.filter { $0.value.contains { $0.magnitude > threshold } })
    }

    /// c·M.
    /// - Parameter c: the factor.
    public func scaled(by c: Complex) -> LinearTransform {
        LinearTransform(validatedSlotCount: slotCount, diagonals: diagonals.mapValues { $0.map { $0 * c } })
    }

    /// diag(mask)·M: a slot-wise factor applied after M (every diagonal multiplied by `mask`).
    /// - Parameter mask: n values.
    /// - Throws: `CircuitError.invalidArgument` when the mask does not have n values.
    public func leftMultiplied(byDiagonal mask: [Complex]) throws -> LinearTransform {
        try checkMask(mask)
        return LinearTransform(validatedSlotCount: slotCount, diagonals: diagonals.mapValues { zip($0, mask).map { $0 * $1 } })
    }

    /// M·diag(mask): a slot-wise factor applied before M (diagonal k becomes d_k ⊙ rot(mask, k)).
    /// - Parameter mask: n values.
    /// - Throws: `CircuitError.invalidArgument` when the mask does not have n values.
    public func rightMultiplied(byDiagonal mask: [Complex]) throws -> LinearTransform {
        try checkMask(mask)
        let n = slotCount
        var result: [Int: [Complex]] = [:]
        for (k, diagonal) in diagonals { result[k] = (0..<n).map { diagonal[$0] * mask[($0 + k) % n] } }
        return LinearTransform(validatedSlotCount: n, diagonals: result)
    }

    /// The same map on 2n slots for inputs of period n (a sparsely packed ciphertext read in twice as many
    /// slots): each diagonal is repeated twice, at its signed offset in (−n/2, n/2] (rotations by k and k − n
    /// agree on n-periodic vectors, and the smaller step keeps the rotation keys few).
    public func extendedToPeriodicInputs() -> LinearTransform {
        let n = slotCount
        var result: [Int: [Complex]] = [:]
        for (k, diagonal) in diagonals {
            let signed = Self.normalizedStep(k, slotCount: n)
            result[(signed + 2 * n) % (2 * n)] = diagonal + diagonal
        }
        return LinearTransform(validatedSlotCount: 2 * n, diagonals: result)
    }

    private func checkMask(_ mask: [Complex]) throws {
        guard mask.count == slotCount else {
            throw CircuitError.invalidArgument("a slot-wise mask has \(mask.count) values, expected \(slotCount)")
        }
    }
}
