import CKKS

/// A `SlotMatrix` prepared for homomorphic evaluation with the baby-step giant-step method and hoisted
/// baby-step rotations (Halevi and Shoup, "Faster Homomorphic Linear Transformations in HElib", CRYPTO 2018;
/// Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux, EUROCRYPT 2021, §3.2 and Algorithm 2).
///
/// Every offset d (a multiple of the stride s) is written d = s·(g·b + β) with 0 ≤ β < b. Then
///
///     M·x = Σ_g rot( Σ_β rot(diag_d, −g·b·s) ⊙ rot(x, β·s), g·b·s ),
///
/// so the b baby rotations rot(x, β·s) share one key-switching decomposition (hoisting) and the diagonals
/// are pre-rotated in plaintext. The giant sums are accumulated Horner-style,
/// acc ← rot(acc, ±b·s) + inner_g, so the giant steps need only the two keys ±b·s whatever their number.
/// The whole transform consumes one level: products are summed before a single rescale.
public struct LinearTransform: Sendable {
    /// The number of slots n.
    public let slotCount: Int
    /// The stride s (gcd of the offsets).
    public let stride: Int
    /// The baby-step count b.
    public let babySteps: Int
    /// Pre-rotated diagonals: giant index g → baby index β → values.
    let blocks: [Int: [Int: [Complex]]]

    /// Decomposes `matrix` into baby and giant steps.
    /// - Parameters:
    ///   - matrix: the map to evaluate.
    ///   - babySteps: b; `nil` picks the power of two minimising the estimated key-switching cost.
    ///   - maximumBabySteps: an upper bound for the automatic choice (each baby step is one more rotation key;
    ///     a smaller b trades key memory for giant-step rotations).
    public init(_ matrix: SlotMatrix, babySteps: Int? = nil, maximumBabySteps: Int = .max) {
        let n = matrix.slotCount
        slotCount = n
        let offsets = matrix.signedOffsets
        var g = 0
        for d in offsets { g = Self.gcd(g, abs(d)) }
        let stride = max(g, 1)
        self.stride = stride
        let units = offsets.map { $0 / stride }
        let b = babySteps ?? Self.bestBabySteps(units, limit: maximumBabySteps)
        self.babySteps = b
        var blocks: [Int: [Int: [Complex]]] = [:]
        for (d, u) in zip(offsets, units) {
            let giant = u >= 0 ? u / b : -((-u + b - 1) / b)
            let baby = u - giant * b
            let diagonal = matrix.diagonals[((d % n) + n) % n]!
            blocks[giant, default: [:]][baby] = SlotMatrix.rotate(diagonal, by: -giant * b * stride)
        }
        self.blocks = blocks
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// The b minimising (baby rotations)·0.6 + (giant rotations), hoisted rotations being cheaper.
    static func bestBabySteps(_ units: [Int], limit: Int) -> Int {
        var best = 1
        var bestCost = Double.infinity
        var b = 1
        let span = (units.max() ?? 0) - (units.min() ?? 0) + 1
        while b <= max(span, 1) && b <= limit {
            var babies = Set<Int>()
            var giants = Set<Int>()
            for u in units {
                let giant = u >= 0 ? u / b : -((-u + b - 1) / b)
                giants.insert(giant)
                babies.insert(u - giant * b)
            }
            let giantRotations = (giants.max() ?? 0) - (giants.min() ?? 0) + (giants.contains { $0 < 0 } ? 1 : 0)
            let cost = 0.6 * Double(babies.count - 1) + Double(giantRotations)
            if cost < bestCost {
                bestCost = cost
                best = b
            }
            b *= 2
        }
        return best
    }

    /// The rotation steps this transform uses (baby steps β·s and the giant steps ±b·s), without 0.
    public var rotationSteps: Set<Int> {
        var steps = Set<Int>()
        for block in blocks.values { for baby in block.keys where baby != 0 { steps.insert(baby * stride) } }
        if blocks.keys.contains(where: { $0 > 0 }) { steps.insert(babySteps * stride) }
        if blocks.keys.contains(where: { $0 < 0 }) { steps.insert(-babySteps * stride) }
        return steps
    }

    /// The number of diagonals.
    public var diagonalCount: Int { blocks.values.reduce(0) { $0 + $1.count } }

    /// Encodes the diagonals at `level` and `scale` (evaluation keeps them encoded).
    /// - Parameters:
    ///   - encoder: the encoder of the ciphertexts' context.
    ///   - level: the level of the input ciphertexts.
    ///   - scale: σ, the scale of the diagonals.
    ///   - rescales: how many primes the result drops (1; 2 gives the diagonals σ ≈ q_ℓ·q_{ℓ−1} of precision
    ///     when the input's scale is much larger than its prime).
    /// - Throws: encoding errors from `CKKSEncoder`.
    public func encoded(
        with encoder: CKKSEncoder, level: Int, scale: Double, rescales: Int = 1
    ) throws -> EncodedLinearTransform {
        var plaintexts: [Int: [Int: Plaintext]] = [:]
        for (giant, block) in blocks {
            for (baby, diagonal) in block {
                plaintexts[giant, default: [:]][baby] = try encoder.encode(diagonal, scale: scale, level: level)
            }
        }
        return EncodedLinearTransform(transform: self, level: level, scale: scale, rescales: rescales, plaintexts: plaintexts)
    }
}

/// A `LinearTransform` whose diagonals are encoded at one level and scale, ready to multiply ciphertexts.
public struct EncodedLinearTransform: Sendable {
    public let transform: LinearTransform
    /// The level the input ciphertext must be at.
    public let level: Int
    /// The scale σ of the encoded diagonals: the output scale is (input scale)·σ/(q_level ⋯).
    public let scale: Double
    /// The number of rescales after the sum (levels consumed).
    public let rescales: Int
    let plaintexts: [Int: [Int: Plaintext]]

    /// M·x, rescaled `rescales` times: the result is at `level − rescales`.
    /// - Parameters:
    ///   - ciphertext: x at `level`.
    ///   - evaluator: holds the rotation keys `transform.rotationSteps`.
    /// - Throws: CKKS errors (missing keys, level mismatch).
    public func apply(_ ciphertext: Ciphertext, evaluator: Evaluator) throws -> Ciphertext {
        guard ciphertext.level == level else { throw CKKSError.levelMismatch(ciphertext.level, level) }
        let t = transform
        let babies = Set(plaintexts.values.flatMap { $0.keys }).sorted()
        let rotated = try evaluator.rotateHoisted(ciphertext, by: babies.map { $0 * t.stride })
        let babyCiphertext = Dictionary(uniqueKeysWithValues: zip(babies, rotated))
        func inner(_ giant: Int) throws -> Ciphertext? {
            guard let block = plaintexts[giant] else { return nil }
            var sum: Ciphertext?
            for (baby, plaintext) in block.sorted(by: { $0.key < $1.key }) {
                let term = try evaluator.multiply(babyCiphertext[baby]!, plaintext)
                sum = try sum.map { try evaluator.add($0, term) } ?? term
            }
            return sum
        }
        let giants = plaintexts.keys
        let step = t.babySteps * t.stride
        var total: Ciphertext?
        if let top = giants.max(), top >= 0 {
            var accumulator = try inner(top)!
            var g = top - 1
            while g >= 0 {
                accumulator = try evaluator.rotate(accumulator, by: step)
                if let term = try inner(g) { accumulator = try evaluator.add(accumulator, term) }
                g -= 1
            }
            total = accumulator
        }
        if let bottom = giants.min(), bottom < 0 {
            var accumulator = try inner(bottom)!
            var g = bottom + 1
            while g <= -1 {
                accumulator = try evaluator.rotate(accumulator, by: -step)
                if let term = try inner(g) { accumulator = try evaluator.add(accumulator, term) }
                g += 1
            }
            accumulator = try evaluator.rotate(accumulator, by: -step)
            total = try total.map { try evaluator.add($0, accumulator) } ?? accumulator
        }
        var result = total!
        for _ in 0..<rescales { result = try evaluator.rescale(result) }
        return result
    }
}
