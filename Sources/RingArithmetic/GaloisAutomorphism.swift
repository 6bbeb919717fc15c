import Synchronization

/// The Galois automorphisms `σ_k : a(X) ↦ a(X^k)` of `Z_Q[X]/(X^N + 1)`, for odd `k < 2N`.
///
/// CKKS rotates slots with `k = 5^r mod 2N` and conjugates with `k = 2N − 1` (Cheon et al. 2017, §4).
extension RNSPolynomial where Format == Coefficient {
    /// `σ_k(self)`: coefficient `i` moves to `i·k mod 2N`, negated when that index wraps past `N`
    /// (because `X^N = −1`).
    /// - Precondition: `k` is odd and `0 < k < 2N`.
    public func applyingGalois(_ k: Int) -> Self {
        let n = degree
        precondition(GaloisElement.isValid(k, degree: n), RingError.invalidGaloisElement(k, degree: n).description)
        var result = self
        let mask = 2 * n - 1
        let source = data
        source.withUnsafeBufferPointer { input in
            let inputBase = input.baseAddress!
            result.forEachLimb { limb, q, output in
                let x = inputBase + limb * n
                var target = 0
                for i in 0..<n {
                    // target = i·k mod 2N, maintained incrementally.
                    if target < n { output[target] = x[i] } else { output[target - n] = q.negate(x[i]) }
                    target = (target + k) & mask
                }
            }
        }
        return result
    }
}

extension RNSPolynomial where Format == Evaluation {
    /// `σ_k(self)` in evaluation form: a permutation of the evaluation points, since
    /// `σ_k(a)(ψ^e) = a(ψ^(e·k))`. No NTT is needed.
    /// - Precondition: `k` is odd and `0 < k < 2N`.
    public func applyingGalois(_ k: Int) -> Self {
        let permutation = context.galoisPermutations.permutation(for: k)
        var result = self
        let n = degree
        let source = data
        source.withUnsafeBufferPointer { input in
            let inputBase = input.baseAddress!
            permutation.withUnsafeBufferPointer { map in
                result.forEachLimb { limb, _, output in
                    let x = inputBase + limb * n
                    for j in 0..<n { output[j] = x[Int(map[j])] }
                }
            }
        }
        return result
    }
}

/// Galois elements and the index maps they induce.
public enum GaloisElement {
    /// Whether `k` is a valid Galois element for degree `N` (odd, in `1 ..< 2N`).
    public static func isValid(_ k: Int, degree: Int) -> Bool {
        k > 0 && k < 2 * degree && k & 1 == 1
    }

    /// The Galois element `5^steps mod 2N` that rotates CKKS slots left by `steps` (negative: right).
    public static func rotation(by steps: Int, degree: Int) -> Int {
        let twoN = 2 * degree
        let slots = degree / 2
        var exponent = steps % slots
        if exponent < 0 { exponent += slots }
        var result = 1
        var base = 5
        while exponent > 0 {
            if exponent & 1 == 1 { result = result * base % twoN }
            base = base * base % twoN
            exponent >>= 1
        }
        return result
    }

    /// The Galois element of complex conjugation of CKKS slots, `2N − 1`.
    public static func conjugation(degree: Int) -> Int { 2 * degree - 1 }

    /// For bit-reversed evaluation order: `output[j] = input[map[j]]` implements `σ_k`.
    ///
    /// Position `j` holds the value at `ψ^(2·brv(j)+1)`, so `map[j] = brv(((2·brv(j)+1)·k mod 2N − 1)/2)`.
    public static func evaluationPermutation(_ k: Int, degree n: Int) -> [UInt32] {
        precondition(isValid(k, degree: n), RingError.invalidGaloisElement(k, degree: n).description)
        let bits = n.trailingZeroBitCount
        let mask = 2 * n - 1
        var map = [UInt32](repeating: 0, count: n)
        for j in 0..<n {
            let exponent = 2 * NTTTables.bitReverse(j, bits: bits) + 1
            let image = (exponent * k) & mask
            map[j] = UInt32(NTTTables.bitReverse((image - 1) >> 1, bits: bits))
        }
        return map
    }
}

/// A thread-safe cache of evaluation-form Galois permutations: a CKKS evaluator applies the same few
/// rotation elements over and over, and each permutation costs `O(N)` to build.
final class GaloisPermutationCache: Sendable {
    let degree: Int
    private let storage = Mutex<[Int: [UInt32]]>([:])

    init(degree: Int) { self.degree = degree }

    func permutation(for k: Int) -> [UInt32] {
        if let cached = storage.withLock({ $0[k] }) { return cached }
        let computed = GaloisElement.evaluationPermutation(k, degree: degree)
        storage.withLock { $0[k] = computed }
        return computed
    }
}
