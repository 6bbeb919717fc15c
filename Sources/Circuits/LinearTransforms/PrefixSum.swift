import CKKS

/// Prefix sums c_i = x_0 + … + x_i over the slots (the cumulative distribution of the sampler,
/// shared/spec/sampling-method.md §2 step 1 and §6).
///
/// Hillis–Steele doubling: x ← x + rot(x, −s) for s = 1, 2, 4, …: after log2 w steps slot i holds the sum of
/// the window x_{i−w+1} … x_i, *cyclically*. The wrap-around pulls the top slots into the bottom ones; masking
/// it at every step would cost log2 n levels. Instead:
///
/// - **zero-padded** input (slots count … n − 1 are zero and count ≤ n/2): the wrap-around only brings zeros, so
///   the windows of length `count` are exactly the prefix sums on slots 0 ..< count. No level, log2(count)
///   rotations. Slots count ..< 2·count then hold suffix sums (T − c_{i−count}): mask them if they matter.
/// - **full** input (all n slots used): split x = lo + hi with one mask (lo = first half, 1 level), move hi to
///   the bottom half, run the doubling on both (each is now zero-padded), and recombine with one more masked
///   sum: c_i = P_lo[i] for i < n/2, and T_lo + P_hi[i − n/2] above, where T_lo (the sum of the first half)
///   appears in every slot as P_lo + rot(P_lo, n/2) because the doubling leaves T_lo − P_lo[t] in slot
///   n/2 + t. Two levels, 2·log2(n/2) + 3 rotations, for any n.
///
/// Precision: a sum of n slots also sums their noise (≈ n times the per-coefficient noise over Δ in the worst
/// case), so prefix sums need a larger scale than single-slot operations; see Docs/Circuits.md §7.
public struct PrefixSum: Sendable {
    public let evaluator: Evaluator
    public let encoder: CKKSEncoder

    /// - Parameter evaluator: an evaluator with the Galois keys of `rotationSteps`.
    public init(evaluator: Evaluator) {
        self.evaluator = evaluator
        encoder = CKKSEncoder(context: evaluator.context)
    }

    /// The rotation steps the prefix sum of an n-slot ciphertext needs: −1, −2, …, −n/4 (doubling) and n/2.
    public static func rotationSteps(slotCount n: Int) -> [Int] {
        var steps = [n / 2]
        var s = 1
        while s < n / 2 { steps.append(-s); s *= 2 }
        return steps
    }

    /// Levels consumed: 0 for a zero-padded input, 2 for a full one.
    public static func depth(zeroPadded: Bool) -> Int { zeroPadded ? 0 : 2 }

    /// Windowed sums of length `width` (cyclic): slot i ← x_{i−width+1} + … + x_i.
    func doubling(_ x: Ciphertext, width: Int) throws -> Ciphertext {
        var sum = x
        var shift = 1
        while shift < width {
            sum = try evaluator.add(sum, evaluator.rotate(sum, by: -shift))
            shift *= 2
        }
        return sum
    }

    /// Prefix sums of a vector in slots 0 ..< count whose remaining slots are zero (count ≤ n/2, power of two).
    /// - Parameters:
    ///   - x: the input.
    ///   - count: the vector length.
    ///   - raisingScale: run the doubling at scale Δ·q_ℓ and rescale at the end (one level), so the rotations'
    ///     ModDown noise is not summed `count` times at the input's scale.
    /// - Returns: c_i in slots 0 ..< count, at the input's level (no level consumed) or one below with
    ///   `raisingScale`, at the input's scale.
    /// - Throws: `CircuitError.invalidArgument` for a count that is not a power of two ≤ n/2.
    public func zeroPadded(_ x: Ciphertext, count: Int, raisingScale: Bool = false) throws -> Ciphertext {
        guard count >= 1, count & (count - 1) == 0, 2 * count <= x.slotCount else {
            throw CircuitError.invalidArgument(
                "zero-padded prefix sums need a power-of-two count ≤ n/2 = \(x.slotCount / 2), got \(count); use full(_:)")
        }
        if raisingScale { return try evaluator.rescale(doubling(evaluator.raisingScale(x), width: count)) }
        return try doubling(x, width: count)
    }

    /// Prefix sums over all n slots.
    ///
    /// The masks are multiplied *without* rescaling first: the doubling then runs on ciphertexts at scale
    /// Δ·q_ℓ, where rotation noise is negligible, and both rescales come at the very end, so no rescaling noise
    /// is summed n times (with an early rescale the max error over 32768 slots at Δ = 2^40 was 7e−6; now it is
    /// the summed input noise). This needs Δ·|c_i|·q_ℓ·q_{ℓ−1} below Q_ℓ, which holds whenever Δ·|c_i| fits
    /// q_0 (the condition for decrypting at level 0 anyway).
    /// - Returns: c_i in every slot i, two levels below x, at x's scale.
    /// - Throws: `CircuitError.insufficientLevels` when x.level < 2; `CKKSError`s (e.g. missing Galois keys:
    ///   generate `rotationSteps(slotCount:)`).
    public func full(_ x: Ciphertext) throws -> Ciphertext {
        let n = x.slotCount
        guard n >= 2 else { return x }
        guard x.level >= 2 else { throw CircuitError.insufficientLevels(operation: "a full prefix sum", needed: 2, available: x.level) }
        let half = n / 2
        let lowMask = (0..<n).map { $0 < half ? 1.0 : 0.0 }
        let highMask = lowMask.map { 1 - $0 }
        let level = x.level
        let (q1, q2) = (evaluator.rescalingPrime(atLevel: level), evaluator.rescalingPrime(atLevel: level - 1))
        // lo = x ⊙ [1…1 0…0] and hi = x − lo, both at scale Δ·q_ℓ (not rescaled); hi moved to the bottom half.
        let low = try evaluator.multiply(x, encoder.encode(lowMask, scale: q1, level: level))
        let scaled = try evaluator.multiply(x, constant: Complex(1), scale: q1)
        let high = try evaluator.rotate(evaluator.subtract(scaled, low), by: half)
        let lowSums = try doubling(low, width: half)
        let highSums = try doubling(high, width: half)
        // T_lo everywhere, plus P_hi moved to the top half (its bottom half holds T_hi − P_hi: masked away).
        let lowTotal = try evaluator.add(lowSums, evaluator.rotate(lowSums, by: half))
        let upper = try evaluator.add(lowTotal, evaluator.rotate(highSums, by: half))
        let lowPart = try evaluator.multiply(lowSums, encoder.encode(lowMask, scale: q2, level: level))
        let highPart = try evaluator.multiply(upper, encoder.encode(highMask, scale: q2, level: level))
        return try evaluator.rescale(evaluator.rescale(evaluator.add(lowPart, highPart)))
    }
}
