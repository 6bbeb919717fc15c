import CKKS

/// A linear map on n complex slots stored by its generalised diagonals (Halevi and Shoup, "Algorithms in
/// HElib", CRYPTO 2014, §4.3): M·x = Σ_d diag_d ⊙ rot(x, d), where rot(x, d)_i = x_{(i+d) mod n} is the
/// left rotation that CKKS `rotate(by: d)` performs. A matrix with few non-zero diagonals costs few rotations.
public struct SlotMatrix: Sendable {
    /// The number of slots n.
    public let slotCount: Int
    /// Non-zero diagonals keyed by rotation offset in 0 ..< n.
    public private(set) var diagonals: [Int: [Complex]]

    /// - Parameters:
    ///   - slotCount: n ≥ 1.
    ///   - diagonals: offset (any integer, reduced mod n) → diagonal of n values; equal offsets are summed.
    public init(slotCount: Int, diagonals: [Int: [Complex]] = [:]) {
        precondition(slotCount >= 1)
        self.slotCount = slotCount
        self.diagonals = [:]
        for (offset, diagonal) in diagonals { add(diagonal, at: offset) }
    }

    /// Adds `diagonal` to the diagonal at `offset` (mod n).
    public mutating func add(_ diagonal: [Complex], at offset: Int) {
        precondition(diagonal.count == slotCount, "a diagonal has n entries")
        let key = ((offset % slotCount) + slotCount) % slotCount
        if var existing = diagonals[key] {
            for i in 0..<slotCount { existing[i] += diagonal[i] }
            diagonals[key] = existing
        } else {
            diagonals[key] = diagonal
        }
    }

    /// rot(v, d).
    static func rotate(_ v: [Complex], by d: Int) -> [Complex] {
        let n = v.count
        let shift = ((d % n) + n) % n
        if shift == 0 { return v }
        return Array(v[shift...] + v[..<shift])
    }

    /// M·x in plaintext arithmetic.
    public func apply(_ x: [Complex]) -> [Complex] {
        precondition(x.count == slotCount)
        var result = [Complex](repeating: .zero, count: slotCount)
        for (offset, diagonal) in diagonals {
            let rotated = Self.rotate(x, by: offset)
            for i in 0..<slotCount { result[i] += diagonal[i] * rotated[i] }
        }
        return result
    }

    /// The product A·B (apply B first): (A·B)_d = Σ_{a+b ≡ d} A_a ⊙ rot(B_b, a). Diagonals whose entries
    /// are all below `1e-13` times the largest entry are dropped (exact cancellations in FFT products).
    public static func * (a: SlotMatrix, b: SlotMatrix) -> SlotMatrix {
        precondition(a.slotCount == b.slotCount)
        let n = a.slotCount
        var product = SlotMatrix(slotCount: n)
        for (offsetA, diagonalA) in a.diagonals {
            for (offsetB, diagonalB) in b.diagonals {
                let rotated = rotate(diagonalB, by: offsetA)
                product.add((0..<n).map { diagonalA[$0] * rotated[$0] }, at: offsetA + offsetB)
            }
        }
        product.dropNegligibleDiagonals()
        return product
    }

    /// The matrix multiplied by a constant.
    public func scaled(by c: Complex) -> SlotMatrix {
        var result = self
        for (offset, diagonal) in diagonals { result.diagonals[offset] = diagonal.map { $0 * c } }
        return result
    }

    private mutating func dropNegligibleDiagonals() {
        let largest = diagonals.values.lazy.flatMap { $0 }.map(\.magnitude).max() ?? 0
        let threshold = largest * 1e-13
        diagonals = diagonals.filter { $0.value.contains { $0.magnitude > threshold } }
    }

    /// The same map on 2n slots for inputs of period n (sparse packing viewed in twice as many slots): each
    /// diagonal is repeated twice, at its signed offset d ∈ (−n/2, n/2] (rotations by d and d − n agree on
    /// n-periodic vectors, so the smaller one is taken).
    public func extendedToPeriodicInputs() -> SlotMatrix {
        let n = slotCount
        var result = SlotMatrix(slotCount: 2 * n)
        for (offset, diagonal) in diagonals {
            result.add(diagonal + diagonal, at: offset > n / 2 ? offset - n : offset)
        }
        return result
    }

    /// diag(mask)·M: every diagonal multiplied pointwise by `mask` (a slot-wise factor applied after M).
    public func leftMultiplied(byDiagonal mask: [Complex]) -> SlotMatrix {
        precondition(mask.count == slotCount)
        var result = self
        for (offset, diagonal) in diagonals { result.diagonals[offset] = (0..<slotCount).map { diagonal[$0] * mask[$0] } }
        return result
    }

    /// M·diag(mask): a slot-wise factor applied before M; diagonal d becomes diag_d ⊙ rot(mask, d).
    public func rightMultiplied(byDiagonal mask: [Complex]) -> SlotMatrix {
        precondition(mask.count == slotCount)
        var result = self
        for (offset, diagonal) in diagonals {
            let rotated = Self.rotate(mask, by: offset)
            result.diagonals[offset] = (0..<slotCount).map { diagonal[$0] * rotated[$0] }
        }
        return result
    }

    /// The offsets as signed integers in (−n/2, n/2], sorted.
    public var signedOffsets: [Int] {
        diagonals.keys.map { $0 > slotCount / 2 ? $0 - slotCount : $0 }.sorted()
    }
}
