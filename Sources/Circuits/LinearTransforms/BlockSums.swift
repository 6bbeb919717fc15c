import CKKS

/// Per-block totals: for a ciphertext holding independent vectors in blocks of B slots, the total of each
/// block's W values in every slot of that block.
///
/// The W values sit at the start of each block or at its end (`valuesAtEnd`). One block (B = n): the
/// rotate-and-add inner sum over all n slots, no level (the other slots must be zero). Several blocks: a window
/// sum of length W (log2 W rotations by +1, +2, …) leaves each block's total in the first slot of its values, a
/// mask keeps only those slots (one level), and rotations replicate them across their block — never across a
/// block boundary: by −1 … −W/2 over the values, then by ∓W, ∓2W, … over the rest of the block.
public struct BlockSums: Sendable {
    /// B: the slots per block, a power of two dividing n.
    public let blockSize: Int
    /// W: the values per block that are summed, a power of two ≤ B.
    public let valueCount: Int
    /// n: the ciphertext's slot count.
    public let slotCount: Int
    /// Whether the values occupy the last W slots of each block (otherwise the first W).
    public let valuesAtEnd: Bool

    /// - Throws: `CircuitError.invalidArgument` unless W ≤ B ≤ n are powers of two with B dividing n.
    public init(blockSize: Int, valueCount: Int, slotCount: Int, valuesAtEnd: Bool = false) throws {
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
        self.valuesAtEnd = valuesAtEnd
    }

    /// Whether the ciphertext is one block (then no mask, no level).
    public var isSingleBlock: Bool { blockSize == slotCount }

    /// Levels consumed: 0 for one block, 1 (the mask) otherwise.
    public var depth: Int { isSingleBlock ? 0 : 1 }

    /// The in-block slot of the first value.
    var valueOffset: Int { valuesAtEnd ? blockSize - valueCount : 0 }

    /// The rotations of the replication over the rest of a block: ∓W, ∓2W, … up to B/2.
    var outerSteps: [Int] {
        (0..<(blockSize / valueCount).trailingZeroBitCount).map { (valuesAtEnd ? 1 : -1) * (valueCount << $0) }
    }

    /// The rotations: 1, 2, …, n/2 for one block; 1, …, W/2, −1, …, −W/2 and `outerSteps` otherwise.
    public var keyRequirements: EvaluationKeyRequirements {
        if isSingleBlock { return SlotOperations.innerSumKeyRequirements(count: slotCount) }
        return EvaluationKeyRequirements(
            rotations: SlotOperations.innerSumRotationSteps(count: valueCount)
                + SlotOperations.replicateRotationSteps(period: 1, slotCount: valueCount) + outerSteps)
    }

    /// Each block's total in every slot of the block, `depth` levels below x, at x's scale.
    /// - Parameters:
    ///   - x: the input; only each block's W value slots are read (one block: every slot, the others zero).
    ///   - evaluator: holds the keys of `keyRequirements`.
    /// - Throws: `CircuitError.slotCountMismatch` for another slot count, `.insufficientLevels` at level 0 with
    ///   several blocks; `CKKSError`s.
    public func apply(_ x: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
        guard x.slotCount == slotCount else { throw CircuitError.slotCountMismatch(expected: slotCount, actual: x.slotCount) }
        let slots = SlotOperations(evaluator: evaluator)
        if isSingleBlock { return try slots.innerSum(x, count: slotCount) }
        guard x.level >= 1 else {
            throw CircuitError.insufficientLevels(operation: "per-block sums", needed: 1, available: x.level)
        }
        let windows = try slots.innerSum(x, count: valueCount)
        let anchors = (0..<slotCount).map { $0 % blockSize == valueOffset ? 1.0 : 0.0 }
        let q = evaluator.rescalingPrime(atLevel: x.level)
        let encoder = CKKSEncoder(context: evaluator.context)
        var result = try evaluator.rescale(evaluator.multiply(windows, encoder.encode(anchors, scale: q, level: x.level)))
        for step in SlotOperations.replicateRotationSteps(period: 1, slotCount: valueCount) + outerSteps {
            try evaluator.add(evaluator.rotate(result, by: step), to: &result)
        }
        return result
    }
}
