/// Where the encrypted sampler's values live in the slots of a ciphertext.
///
/// The vocabulary, in tour order, is padded to W = the next power of two ≥ V; each *instance* (one draw over
/// one distribution) occupies a block of B = 2W slots. Tour position i sits at in-block slot 2W − 1 − i: the
/// upper half, reversed; the lower half is zero. The prefix sum over tour positions is then a window sum over
/// the W slots *ahead* (rotations by +1, +2, …, +W/2), which runs into the next block's zero half and never
/// reads another instance's values; the block's total is the window at in-block slot W; the trigger's t_{i−1}
/// is one rotation by +1. With one instance per ciphertext every rotation is by a positive power of two, which
/// bootstrapping's keys mostly hold already: the sampler adds almost no key material. A ciphertext of n slots holds n / B independent instances side by
/// side, so a test (or best-of-n decoding) can draw many times for the price of one circuit; the tiny model's
/// V = 512 fills one block of n = 1024 slots.
public struct SamplerLayout: Sendable, Hashable {
    /// V: the vocabulary size.
    public let vocabularySize: Int
    /// W: V rounded up to a power of two.
    public let width: Int
    /// n: the ciphertext's slot count.
    public let slotCount: Int

    /// - Parameters:
    ///   - vocabularySize: V ≥ 2.
    ///   - slotCount: n, a power of two ≥ 2W.
    /// - Throws: `SamplerError.vocabularyTooLarge` when 2W > n; `.invalidConfiguration` for V < 2 or an n that
    ///   is not a power of two.
    public init(vocabularySize: Int, slotCount: Int) throws {
        guard vocabularySize >= 2 else {
            throw SamplerError.invalidConfiguration("a vocabulary needs at least 2 tokens (got \(vocabularySize))")
        }
        guard slotCount >= 2, slotCount & (slotCount - 1) == 0 else {
            throw SamplerError.invalidConfiguration("the slot count \(slotCount) is not a power of two")
        }
        var width = 1
        while width < vocabularySize { width *= 2 }
        guard 2 * width <= slotCount else {
            throw SamplerError.vocabularyTooLarge(vocabulary: vocabularySize, slotCount: slotCount)
        }
        self.vocabularySize = vocabularySize
        self.width = width
        self.slotCount = slotCount
    }

    /// B = 2W: the slots of one instance.
    public var blockSize: Int { 2 * width }
    /// How many independent instances one ciphertext holds.
    public var instanceCount: Int { slotCount / blockSize }

    /// The in-block slot of tour position `position`: 2W − 1 − position.
    public func inBlockSlot(position: Int) -> Int { blockSize - 1 - position }

    /// The slot of tour position `position` in instance `instance`.
    public func slot(instance: Int, position: Int) -> Int { instance * blockSize + inBlockSlot(position: position) }

    /// A slot vector with `values[b]` (V values, tour order) in instance b's block and zeros elsewhere; fewer
    /// vectors than instances leave the remaining blocks zero.
    /// - Precondition: at most `instanceCount` vectors of V values each.
    public func slots(_ values: [[Double]]) -> [Double] {
        precondition(values.count <= instanceCount, "\(values.count) instances for a layout of \(instanceCount)")
        var slots = [Double](repeating: 0, count: slotCount)
        for (b, vector) in values.enumerated() {
            precondition(vector.count == vocabularySize, "instance \(b) has \(vector.count) values, expected \(vocabularySize)")
            for (i, value) in vector.enumerated() { slots[slot(instance: b, position: i)] = value }
        }
        return slots
    }

    /// The V tour-order values of every instance in a decoded slot vector.
    /// - Precondition: `slots.count == slotCount`.
    public func instances(_ slots: [Double]) -> [[Double]] {
        precondition(slots.count == slotCount, "\(slots.count) slots for a layout of \(slotCount)")
        return (0..<instanceCount).map { b in (0..<vocabularySize).map { slots[slot(instance: b, position: $0)] } }
    }

    /// 1 on tour positions `positions` of every block, 0 elsewhere.
    func mask(positions: Range<Int>) -> [Double] {
        var mask = [Double](repeating: 0, count: slotCount)
        for b in 0..<instanceCount {
            for position in positions { mask[slot(instance: b, position: position)] = 1 }
        }
        return mask
    }

    /// What the client reads: for every instance, the position of the largest entry among 0 ..< V (the lowest
    /// one on ties), in tour order; map it through the ordering to get the token.
    public func decodedPositions(_ slots: [Double]) -> [Int] {
        instances(slots).map { values in
            var best = 0
            for i in values.indices where values[i] > values[best] { best = i }
            return best
        }
    }
}
