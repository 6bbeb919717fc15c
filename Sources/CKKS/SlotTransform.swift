import Foundation

/// The "special FFT" of CKKS: evaluation of a real polynomial at the primitive roots ξ^{5^j}, and its inverse.
///
/// Cheon, Kim, Kim, Song, "Homomorphic Encryption for Arithmetic of Approximate Numbers", ASIACRYPT 2017,
/// §3.2–3.3 (the canonical embedding σ and its restriction π to half of the roots); the fast algorithm is the
/// variant of the Cooley–Tukey FFT over the rotation group ⟨5⟩ ⊂ (Z/4nZ)^* used by HEAAN and SEAL.
///
/// For n slots (a power of two, n ≤ N/2) the message lives in the subring R' = R[Y]/(Y^{2n} + 1),
/// Y = X^{N/(2n)}. Let ξ = e^{2πi/(4n)} and write a real m'(Y) = Σ_{k<2n} a_k Y^k. Because 5^j ≡ 1 (mod 4),
/// (ξ^{5^j})^n = i, so
///
///     z_j = m'(ξ^{5^j}) = Σ_{k<n} (a_k + i·a_{k+n}) · ξ^{5^j·k},   j = 0 … n−1.
///
/// Hence decoding is z = V·v with v_k = a_k + i·a_{k+n} and V_{jk} = ξ^{5^j·k}; `evaluate` computes it in
/// O(n log n). The rows of V are orthogonal (V^H V = n·I), so encoding is v = V^H z / n (`interpolate`),
/// and the coefficients a_k = Re v_k, a_{k+n} = Im v_k make m' real with the prescribed values on the
/// slots (and their complex conjugates on the conjugate roots).
///
/// One table serves every n ≤ `maximumSlotCount`: the 4n-th roots are a subsample of the 4·max-th roots, and
/// 5^j mod 4n = (5^j mod 4·max) mod 4n.
public struct SlotTransform: Sendable {
    /// The largest number of slots (N/2 for ring degree N).
    public let maximumSlotCount: Int
    /// ξ^t for t = 0 … M−1, ξ = e^{2πi/M}, M = 4·maximumSlotCount.
    private let roots: [Complex]
    /// 5^j mod M for j = 0 … maximumSlotCount−1 (the rotation group).
    private let rotationGroup: [Int]

    /// - Parameter maximumSlotCount: the largest n to be transformed, a power of two ≥ 1.
    public init(maximumSlotCount: Int) {
        precondition(
            maximumSlotCount >= 1 && maximumSlotCount & (maximumSlotCount - 1) == 0, "slot count must be a power of two")
        self.maximumSlotCount = maximumSlotCount
        let order = 4 * maximumSlotCount
        // cos/sin of each angle directly (no repeated multiplication), so every root is correct to ~1 ulp.
        roots = (0..<order).map { Complex.unitRoot(angle: 2 * Double.pi * Double($0) / Double(order)) }
        var group = [Int](repeating: 1, count: maximumSlotCount)
        for j in 1..<max(maximumSlotCount, 1) { group[j] = group[j - 1] * 5 % order }
        rotationGroup = group
    }

    private func checkCount(_ n: Int) {
        precondition(n >= 1 && n <= maximumSlotCount && n & (n - 1) == 0, "slot count must be a power of two ≤ \(maximumSlotCount)")
    }

    /// z = V·v (decoding direction): evaluates Σ_k v_k ξ^{5^j k} for every slot j, in place.
    /// - Parameter values: v on input, z on output; the count n is a power of two ≤ `maximumSlotCount`.
    public func evaluate(_ values: inout [Complex]) {
        let n = values.count
        checkCount(n)
        let order = 4 * maximumSlotCount
        Self.bitReverse(&values)
        var length = 2
        while length <= n {
            let half = length / 2
            let quarterOrder = 4 * length  // the butterflies of this stage use 4·length-th roots of unity
            let step = order / quarterOrder
            var start = 0
            while start < n {
                for j in 0..<half {
                    let twiddle = roots[(rotationGroup[j] % quarterOrder) * step]
                    let u = values[start + j]
                    let v = values[start + j + half] * twiddle
                    values[start + j] = u + v
                    values[start + j + half] = u - v
                }
                start += length
            }
            length *= 2
        }
    }

    /// v = V^H·z / n (encoding direction): the exact inverse of `evaluate`, in place.
    /// - Parameter values: z on input, v on output; the count n is a power of two ≤ `maximumSlotCount`.
    public func interpolate(_ values: inout [Complex]) {
        let n = values.count
        checkCount(n)
        let order = 4 * maximumSlotCount
        var length = n
        while length >= 2 {
            let half = length / 2
            let quarterOrder = 4 * length
            let step = order / quarterOrder
            var start = 0
            while start < n {
                for j in 0..<half {
                    let twiddle = roots[(quarterOrder - rotationGroup[j] % quarterOrder) * step]
                    let u = values[start + j] + values[start + j + half]
                    let v = (values[start + j] - values[start + j + half]) * twiddle
                    values[start + j] = u
                    values[start + j + half] = v
                }
                start += length
            }
            length /= 2
        }
        Self.bitReverse(&values)
        let inverse = 1 / Double(n)
        for k in 0..<n { values[k] = values[k] * inverse }
    }

    /// Permutes `values` into bit-reversed index order.
    static func bitReverse(_ values: inout [Complex]) {
        let n = values.count
        var j = 0
        for i in 1..<max(n, 1) {
            var bit = n >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j ^= bit
            if i < j { values.swapAt(i, j) }
        }
    }
}
