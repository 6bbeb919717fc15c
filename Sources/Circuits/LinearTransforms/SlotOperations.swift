import CKKS

/// Rotate-and-add reductions over the slots of a ciphertext: inner sum, replication and prefix sums.
/// Rotations act cyclically on the ciphertext's n slots (sparse packings included).
public struct SlotOperations: Sendable {
    public let evaluator: Evaluator

    /// - Parameter evaluator: an evaluator with the Galois keys the operations list (`rotationSteps…`).
    public init(evaluator: Evaluator) { self.evaluator = evaluator }

    private static func log2(_ n: Int) -> Int { n.trailingZeroBitCount }

    private static func checkPowerOfTwo(_ n: Int, within slots: Int) throws {
        guard n >= 1, n & (n - 1) == 0, n <= slots else {
            throw CircuitError.invalidArgument("\(n) must be a power of two ≤ the slot count \(slots)")
        }
    }

    /// Rotation keys for `innerSum(_:count:)`: 1, 2, 4, …, count/2.
    public static func innerSumRotationSteps(count: Int) -> [Int] { (0..<log2(count)).map { 1 << $0 } }

    /// Every slot i receives Σ_{j<count} x_{(i+j) mod n}: with count = n, the sum of all slots in every slot;
    /// with count < n, the sums of consecutive windows (slot 0 holds x_0 + … + x_{count−1}). log2(count)
    /// rotations, no level.
    /// - Parameters:
    ///   - x: the input.
    ///   - count: the window length, a power of two ≤ n.
    ///   - raisingScale: first multiply by a constant 1 at scale q_ℓ and rescale at the end (one level): the
    ///     rotations' ModDown rounding noise then stays q_ℓ times below the message instead of being summed
    ///     `count` times at the input's scale.
    /// - Throws: `CircuitError.invalidArgument` when count is not a power of two ≤ n;
    ///   `.insufficientLevels` for `raisingScale` at level 0; `CKKSError`s.
    public func innerSum(_ x: Ciphertext, count: Int, raisingScale: Bool = false) throws -> Ciphertext {
        try Self.checkPowerOfTwo(count, within: x.slotCount)
        var sum = raisingScale ? try evaluator.raisingScale(x) : x
        var step = 1
        while step < count {
            sum = try evaluator.add(sum, evaluator.rotate(sum, by: step))
            step *= 2
        }
        return raisingScale ? try evaluator.rescale(sum) : sum
    }

    /// Rotation keys for `replicate(_:period:)`: −period, −2·period, …, −n/2.
    public static func replicateRotationSteps(period: Int, slotCount: Int) -> [Int] {
        (0..<(log2(slotCount) - log2(period))).map { -(period << $0) }
    }

    /// For x holding a vector in slots 0 ..< period and zeros elsewhere: the vector repeated with that period
    /// across all n slots (the input layout `LinearTransform(matrix:slotCount:)` expects). log2(n/period)
    /// rotations, no level.
    /// - Throws: `CircuitError.invalidArgument` when period is not a power of two ≤ n; `CKKSError`s.
    public func replicate(_ x: Ciphertext, period: Int) throws -> Ciphertext {
        try Self.checkPowerOfTwo(period, within: x.slotCount)
        var result = x
        var width = period
        while width < x.slotCount {
            result = try evaluator.add(result, evaluator.rotate(result, by: -width))
            width *= 2
        }
        return result
    }
}
