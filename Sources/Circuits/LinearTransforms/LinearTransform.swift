import CKKS

/// A linear map on the n slots of a ciphertext given by its generalised diagonals:
/// y = Σ_k d_k ⊙ rot(x, k), where rot(x, k)_i = x_{(i+k) mod n} and d_k is the k-th diagonal
/// (d_k[i] = M[i][(i + k) mod n] for a matrix M) — the diagonal method of Halevi and Shoup,
/// "Algorithms in HElib" (CRYPTO 2014, §4.1).
///
/// Only the non-zero diagonals are stored, so sparse maps (a slot permutation, the FFT-like factors of
/// bootstrapping's CoeffsToSlots/SlotsToCoeffs) cost only their own diagonals; a list of such transforms applied
/// in sequence is just `[LinearTransform]`. `EncodedLinearTransform` turns the diagonals into plaintexts once, pre-rotated for
/// the baby-step giant-step evaluation (`BabyStepGiantStep.swift`), for reuse on many ciphertexts; products, scalings
/// and slot-wise masks of transforms are in `LinearTransform+Algebra.swift`.
public struct LinearTransform: Sendable {
    /// n: the slot count of the ciphertexts it applies to (a power of two ≤ N/2).
    public let slotCount: Int
    /// Diagonal offset k ∈ [0, n) → d_k (n complex values).
    public let diagonals: [Int: [Complex]]

    /// - Parameters:
    ///   - slotCount: n.
    ///   - diagonals: offset → diagonal; offsets are reduced modulo n (a negative offset −k is n − k), and
    ///     diagonals with equal offsets are summed.
    /// - Throws: `CircuitError.invalidArgument` when n is not a power of two or a diagonal's length is not n.
    public init(slotCount: Int, diagonals: [Int: [Complex]]) throws {
        guard slotCount >= 1, slotCount & (slotCount - 1) == 0 else {
            throw CircuitError.invalidArgument("slot count \(slotCount) is not a power of two")
        }
        var reduced: [Int: [Complex]] = [:]
        for (offset, diagonal) in diagonals {
            guard diagonal.count == slotCount else {
                throw CircuitError.invalidArgument("diagonal \(offset) has \(diagonal.count) values, expected \(slotCount)")
            }
            let k = ((offset % slotCount) + slotCount) % slotCount
            if let existing = reduced[k] { reduced[k] = zip(existing, diagonal).map { $0 + $1 } } else { reduced[k] = diagonal }
        }
        self.slotCount = slotCount
        self.diagonals = reduced
    }

    /// The transform of an m × c real matrix acting on a vector of c values replicated with period c across the
    /// n slots (c must divide n; see `SlotOperations.replicate`). Row r of the result lands in slot r for
    /// r < m; slots m … n − 1 of the result are zero. Rectangular matrices with m > c ("tall", e.g. 4096 × 512)
    /// use c diagonals of length n (the hybrid method of Juvekar, Vaikuntanathan, Chandrakasan, GAZELLE, 2018).
    /// - Parameters:
    ///   - matrix: m rows of c values.
    ///   - slotCount: n ≥ max(m, c).
    /// - Throws: `CircuitError.invalidArgument` when the shapes do not fit.
    public init(matrix: [[Double]], slotCount: Int) throws {
        let rows = matrix.count
        guard rows >= 1, let columns = matrix.first?.count, columns >= 1, matrix.allSatisfy({ $0.count == columns }) else {
            throw CircuitError.invalidArgument("the matrix must be non-empty and rectangular")
        }
        guard rows <= slotCount, slotCount % columns == 0 else {
            throw CircuitError.invalidArgument(
                "a \(rows)×\(columns) matrix needs rows ≤ slots and columns dividing the slot count \(slotCount); "
                    + "split larger matrices with BlockMatrixTransform")
        }
        var diagonals: [Int: [Complex]] = [:]
        for k in 0..<columns {
            var diagonal = [Complex](repeating: .zero, count: slotCount)
            var nonZero = false
            for r in 0..<rows {
                let value = matrix[r][(r + k) % columns]
                if value != 0 { nonZero = true }
                diagonal[r] = Complex(value)
            }
            if nonZero { diagonals[k] = diagonal }
        }
        try self.init(slotCount: slotCount, diagonals: diagonals)
    }

    /// The masked slot permutation y_i = x_{source[i]}, or 0 where source[i] is nil (one diagonal per distinct
    /// shift source[i] − i).
    /// - Parameter source: for every output slot, the input slot it copies (or nil for zero).
    /// - Throws: `CircuitError.invalidArgument` for an index outside 0 ..< n or a count that is not a power of two.
    public static func permutation(source: [Int?]) throws -> LinearTransform {
        let n = source.count
        var diagonals: [Int: [Complex]] = [:]
        for (i, s) in source.enumerated() {
            guard let s else { continue }
            guard (0..<n).contains(s) else { throw CircuitError.invalidArgument("source slot \(s) is outside 0..<\(n)") }
            let k = ((s - i) % n + n) % n
            diagonals[k, default: [Complex](repeating: .zero, count: n)][i] = .one
        }
        return try LinearTransform(slotCount: n, diagonals: diagonals)
    }

    /// The plaintext definition y = Σ_k d_k ⊙ rot(x, k), for tests and reference.
    public func applied(to x: [Complex]) -> [Complex] {
        precondition(x.count == slotCount, "the vector must have one value per slot")
        var y = [Complex](repeating: .zero, count: slotCount)
        for (k, d) in diagonals {
            for i in 0..<slotCount { y[i] += d[i] * x[(i + k) % slotCount] }
        }
        return y
    }

    /// Diagonals already reduced to offsets in [0, n) with n values each, n a power of two (the results of the
    /// algebra in `LinearTransform+Algebra.swift`).
    init(validatedSlotCount slotCount: Int, diagonals: [Int: [Complex]]) {
        self.slotCount = slotCount
        self.diagonals = diagonals
    }
}
