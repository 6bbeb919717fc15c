import CKKS

/// Per-block totals: for a ciphertext holding independent vectors in blocks of B slots (values in the first W
/// slots of each block), the total of each block's W values in every slot of that block.
///
/// One block (B = n): the rotate-and-add inner sum over all n slots, no level. Several blocks: a window sum of
/// length W (log2 W rotations) leaves each block's total in the block's first slot, a mask keeps only those
/// slots (one level), and log2 B rotations replicate them across their blocks — never across a block boundary.
public struct BlockSums: Sendable {
    /// B: the slots per block, a power of two dividing n.
    public let blockSize: Int
    /// W: the values per block that are summed (slots 0 ..< W of each block), a power of two ≤ B.
    public let valueCount: Int
    /// n: the ciphertext's slot count.
    public let slotCount: Int

    /// - Throws: `CircuitError.invalidArgument` unless W ≤ B ≤ n are powers of two with B dividing n.
    public init(blockSize: Int, valueCount: Int, slotCount: Int) throws {
        func isPowerOfTwo(_ x: Int) -> Bool { x >= 1 && x & (x - 1) == 0 }
        guard isPowerOfTwo(blockSize), isPowerOfTwo(valueCount), isPowerOfTwo(slotCount), valueCount <= blockSize,
              blockSize <= slotCount
        else {
            throw CircuitError.invalidArgument(
                "block sums need powers of two W ≤ B ≤ n (got W = \(valueCount), B = \(blockSize), n = \(slotCount))")
        }
        self.blockSize = blockSize
        self.valueCount = valueCount
        self.slotCount = slotCount
    }

    /// Whether the ciphertext is one block (then no mask, no level).
    public var isSingleBlock: Bool { blockSize == slotCount }

    /// Levels consumed: 0 for one block, 1 (the mask) otherwise.
    public var depth: Int { isSingleBlock ? 0 : 1 }

    /// The rotations: 1, 2, …, n/2 for one block; 1, …, W/2 and −1, …, −B/2 otherwise.
    public var keyRequirements: EvaluationKeyRequirements {
        if isSingleBlock { return SlotOperations.innerSumKeyRequirements(count: slotCount) }
        return EvaluationKeyRequirements(
            rotations: SlotOperations.innerSumRotationSteps(count: valueCount)
                + SlotOperations.replicateRotationSteps(period: 1, slotCount: blockSize))
    }

    /// Each block's total in every slot of the block, `depth` levels below x, at x's scale.
    /// - Parameters:
    ///   - x: the input; only slots 0 ..< W of each block are read (one block: every slot).
    ///   - evaluator: holds the keys of `keyRequirements`.
    /// - Throws: `CircuitError.slotCountMismatch` for another slot count, `.insufficientLevels` at level 0 with
    ///   several blocks; `CKKSError`s.
    public func apply(_ x: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
        guard x.slotCount == slotCount else {
            throw CircuitError.slotCountMismatch(expected: slotCount, actual: x.slotCount)
        }
        let slots = SlotOperations(evaluator: evaluator)
        if isSingleBlock { return try slots.innerSum(x, count: slotCount) }
        guard x.level >= 1 else {
            throw CircuitError.insufficientLevels(operation: "per-block sums", needed: 1, available: x.level)
        }
        let windows = try slots.innerSum(x, count: valueCount)
        let firsts = (0..<slotCount).map { $0 % blockSize == 0 ? 1.0 : 0.0 }
        let q = evaluator.rescalingPrime(atLevel: x.level)
        let encoder = CKKSEncoder(context: evaluator.context)
        let masked = try evaluator.rescale(evaluator.multiply(windows, encoder.encode(firsts, scale: q, level: x.level)))
        var result = masked
        var width = 1
        while width < blockSize {
            try evaluator.add(evaluator.rotate(result, by: -width), to: &result)
            width *= 2
        }
        return result
    }
}
