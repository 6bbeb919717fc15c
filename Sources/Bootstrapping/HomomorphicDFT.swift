import CKKS
import Circuits
import Foundation

/// The special FFT of CKKS factored into sparse matrices, the linear part of bootstrapping
/// (Cheon, Han, Kim, Kim, Song, "Bootstrapping for Approximate Homomorphic Encryption", EUROCRYPT 2018, §4;
/// Chen, Chillotti, Song, "Improved Bootstrapping for Approximate Homomorphic Encryption", EUROCRYPT 2019,
/// §3; Han and Ki, "Better Bootstrapping for Approximate Homomorphic Encryption", CT-RSA 2020, §4).
///
/// Decoding n slots is z = V·v with v_k = a_k + i·a_{k+n} (the subring coefficients) and
/// V_{jk} = ξ^{5^j·k}, ξ = e^{2πi/4n} (see `CKKS.SlotTransform`). Its fast algorithm is a bit-reversal
/// followed by log2(n) butterfly stages, V = B_{log n} ⋯ B_1 · P, and each B_ℓ has only three non-zero
/// generalised diagonals (offsets 0 and ±2^{ℓ−1}):
///
///     out_i = in_i + w_j·in_{i+h}        when (i mod 2h) = j < h,  h = 2^{ℓ−1},
///     out_i = in_{i−h} − w_j·in_i         when (i mod 2h) = j + h,
///
/// with twiddles w_j = e^{2πi·(5^j mod 8h)/(8h)}. Homomorphically, the bit-reversal P is never applied:
/// CoeffsToSlots stops at P·v (slot-wise operations such as EvalMod do not care about the order) and
/// SlotsToCoeffs starts from it. Consecutive stages are merged into one matrix per level ("level budget"),
/// trading more diagonals (rotations) for fewer levels. The matrices are Circuits' `LinearTransform`s, merged
/// with its diagonal algebra and evaluated as `EncodedLinearTransform`s.
public enum HomomorphicDFT {
    /// ξ-powers: e^{2πi·(5^j mod 4L)/(4L)} for j < L/2, the twiddles of the stage of length L = 2h.
    static func twiddles(length: Int) -> [Complex] {
        let order = 4 * length
        var power = 1
        var result: [Complex] = []
        for _ in 0..<(length / 2) {
            result.append(Complex.unitRoot(angle: 2 * Double.pi * Double(power) / Double(order)))
            power = power * 5 % order
        }
        return result
    }

    /// The decoding butterfly stage B_ℓ on n slots (ℓ = 1 … log2 n), as three diagonals.
    /// - Parameters:
    ///   - stage: ℓ, with 2^ℓ ≤ n.
    ///   - n: the slot count, a power of two.
    /// - Throws: `CircuitError.invalidArgument` when n is not a power of two.
    public static func decodingStage(_ stage: Int, slotCount n: Int) throws -> LinearTransform {
        let length = 1 << stage
        precondition(stage >= 1 && length <= n)
        let half = length / 2
        let w = twiddles(length: length)
        var main = [Complex](repeating: .zero, count: n)
        var up = [Complex](repeating: .zero, count: n)
        var down = [Complex](repeating: .zero, count: n)
        for i in 0..<n {
            let position = i % length
            if position < half {
                main[i] = .one
                up[i] = w[position]
            } else {
                main[i] = -w[position - half]
                down[i] = .one
            }
        }
        return try LinearTransform(slotCount: n, diagonals: [0: main, half: up, -half: down])
    }

    /// The encoding stage D_ℓ = 2·B_ℓ^{-1} (the stage of `SlotTransform.interpolate`): 
    /// out_i = in_i + in_{i+h} (j < h) and out_i = (in_{i−h} − in_i)·conj(w_j) (j ≥ h).
    /// - Parameters:
    ///   - stage: ℓ, with 2^ℓ ≤ n.
    ///   - n: the slot count, a power of two.
    /// - Throws: `CircuitError.invalidArgument` when n is not a power of two.
    public static func encodingStage(_ stage: Int, slotCount n: Int) throws -> LinearTransform {
        let length = 1 << stage
        precondition(stage >= 1 && length <= n)
        let half = length / 2
        let w = twiddles(length: length)
        var main = [Complex](repeating: .zero, count: n)
        var up = [Complex](repeating: .zero, count: n)
        var down = [Complex](repeating: .zero, count: n)
        for i in 0..<n {
            let position = i % length
            if position < half {
                main[i] = .one
                up[i] = .one
            } else {
                let c = w[position - half].conjugate
                main[i] = -c
                down[i] = c
            }
        }
        return try LinearTransform(slotCount: n, diagonals: [0: main, half: up, -half: down])
    }

    /// Splits log2(n) stages into `levels` groups of consecutive stages, sizes differing by at most one,
    /// larger groups first.
    static func groupSizes(stages: Int, levels: Int) -> [Int] {
        precondition(levels >= 1 && levels <= stages)
        let base = stages / levels
        let extra = stages % levels
        return (0..<levels).map { base + ($0 < extra ? 1 : 0) }
    }

    /// CoeffsToSlots as `levels` merged matrices, in application order, mapping slots z = V·v to P·v/n·`factor`
    /// (the stages D_{log n}, …, D_1, the largest stride first).
    /// - Parameters:
    ///   - slotCount: n, a power of two ≥ 2.
    ///   - levels: the number of merged matrices (1 … log2 n).
    ///   - factor: a constant folded into the first matrix.
    /// - Throws: `CircuitError.invalidArgument` when n is not a power of two.
    public static func coeffsToSlots(slotCount n: Int, levels: Int, factor: Complex) throws -> [LinearTransform] {
        let logN = n.trailingZeroBitCount
        var stage = logN
        var matrices: [LinearTransform] = []
        for size in groupSizes(stages: logN, levels: levels) {
            var group = try encodingStage(stage, slotCount: n)
            stage -= 1
            for _ in 1..<size {
                group = try encodingStage(stage, slotCount: n) * group
                stage -= 1
            }
            matrices.append(group)
        }
        matrices[0] = matrices[0].scaled(by: factor * (1 / Double(n)))
        return matrices
    }

    /// SlotsToCoeffs as `levels` merged matrices, in application order, mapping P·v to V·v·`factor`
    /// (the stages B_1, …, B_{log n}; the largest strides, merged into the larger groups, come last).
    /// - Parameters:
    ///   - slotCount: n, a power of two ≥ 2.
    ///   - levels: the number of merged matrices (1 … log2 n).
    ///   - factor: a constant folded into the first matrix.
    /// - Throws: `CircuitError.invalidArgument` when n is not a power of two.
    public static func slotsToCoeffs(slotCount n: Int, levels: Int, factor: Complex) throws -> [LinearTransform] {
        let logN = n.trailingZeroBitCount
        var stage = 1
        var matrices: [LinearTransform] = []
        for size in groupSizes(stages: logN, levels: levels).reversed() {
            var group = try decodingStage(stage, slotCount: n)
            stage += 1
            for _ in 1..<size {
                group = try decodingStage(stage, slotCount: n) * group
                stage += 1
            }
            matrices.append(group)
        }
        matrices[0] = matrices[0].scaled(by: factor)
        return matrices
    }

    /// The bit-reversal permutation of a vector of power-of-two length (P, an involution).
    public static func bitReversed<T>(_ values: [T]) -> [T] {
        let n = values.count
        let bits = n.trailingZeroBitCount
        return (0..<n).map { i in
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            return values[r]
        }
    }
}
