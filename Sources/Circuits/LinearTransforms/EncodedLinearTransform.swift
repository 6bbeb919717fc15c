import CKKS

/// A `LinearTransform` whose diagonals are encoded once, pre-rotated for the baby-step giant-step evaluation
/// (Halevi and Shoup, CRYPTO 2018, "Faster Homomorphic Linear Transformations in HElib", §4; Bossuat et al.,
/// EUROCRYPT 2021, §3.2):
///
///     y = Σ_j rot( Σ_b rot(d_{jg+b}, −jg) ⊙ rot(x, b), jg )
///
/// The baby rotations rot(x, b) share one key-switching decomposition (`Evaluator.rotateHoisted`); each giant
/// step costs one rotation. The plaintexts are encoded at the level they will be applied at, with scale
/// q_ℓ by default, so the rescaled output has exactly the input's scale and one level less.
public struct EncodedLinearTransform: Sendable {
    /// n.
    public let slotCount: Int
    /// g.
    public let giantStep: Int
    /// The level the plaintexts are encoded at (inputs are dropped to it).
    public let level: Int
    /// The plaintexts' scale.
    public let scale: Double
    /// Giant index j → [(baby b, plaintext rot(d_{jg+b}, −jg))].
    let blocks: [Int: [(baby: Int, diagonal: Plaintext)]]

    /// The baby rotations needed.
    public var babySteps: [Int] { Set(blocks.values.flatMap { $0.map(\.baby) }).sorted() }

    /// - Parameters:
    ///   - transform: the diagonals.
    ///   - encoder: an encoder of the context.
    ///   - level: the level of the ciphertexts it will be applied to (≥ 1).
    ///   - scale: the diagonals' scale (default q_level, which keeps the output at the input's scale).
    ///   - giantStep: g (default `transform.giantStep`).
    /// - Throws: `CircuitError.invalidArgument` for level 0; `CKKSError` from encoding.
    public init(
        _ transform: LinearTransform, encoder: CKKSEncoder, level: Int, scale: Double? = nil, giantStep: Int? = nil
    ) throws {
        guard level >= 1 else {
            throw CircuitError.invalidArgument("a linear transform consumes a level: encode it at level ≥ 1")
        }
        let context = encoder.context
        let n = transform.slotCount
        let g = giantStep ?? transform.giantStep
        let scale = scale ?? Double(context.ciphertextModuli[level])
        var blocks: [Int: [(baby: Int, diagonal: Plaintext)]] = [:]
        for (k, diagonal) in transform.diagonals.sorted(by: { $0.key < $1.key }) {
            let (j, b) = (k / g, k % g)
            let shift = j * g
            let rotated = (0..<n).map { diagonal[(($0 - shift) % n + n) % n] }
            blocks[j, default: []].append((b, try encoder.encode(rotated, scale: scale, level: level)))
        }
        self.slotCount = n
        self.giantStep = g
        self.level = level
        self.scale = scale
        self.blocks = blocks
    }

    /// The rotation steps whose Galois keys `apply` needs (steps above n/2 are taken as the equivalent negative
    /// step r − n, so transforms share the keys of small rotations).
    public var rotationSteps: [Int] {
        Set((babySteps + blocks.keys.map { $0 * giantStep }).map(normalized)).subtracting([0]).sorted()
    }

    /// r or the equivalent r − n on the n cyclic slots, whichever is smaller in magnitude.
    func normalized(_ r: Int) -> Int { LinearTransform.normalizedStep(r, slotCount: slotCount) }

    /// y = M·x.
    /// - Parameters:
    ///   - x: the input with `slotCount` slots, at a level ≥ `level` (it is dropped to `level`).
    ///   - evaluator: an evaluator with the Galois keys of `rotationSteps`.
    ///   - rescale: rescale the result (default true: one level consumed, scale = x.scale·scale/q_level).
    /// - Throws: `CircuitError.slotCountMismatch`, `.insufficientLevels` when x is below `level`; `CKKSError`s
    ///   (e.g. `.missingGaloisKey`: generate keys for `rotationSteps`).
    public func apply(_ x: Ciphertext, evaluator: Evaluator, rescale: Bool = true) throws -> Ciphertext {
        let babies = try babyRotations(of: x, evaluator: evaluator)
        let sum = try accumulate(babies, evaluator: evaluator)
        return rescale ? try evaluator.rescale(sum) : sum
    }

    /// rot(x, b) for every baby step b, hoisted, after dropping x to `level`.
    func babyRotations(of x: Ciphertext, evaluator: Evaluator) throws -> [Int: Ciphertext] {
        guard x.slotCount == slotCount else { throw CircuitError.slotCountMismatch(expected: slotCount, actual: x.slotCount) }
        guard x.level >= level else {
            throw CircuitError.insufficientLevels(operation: "a linear transform encoded at level \(level)", needed: level, available: x.level)
        }
        let input = try evaluator.dropLevels(x, to: level)
        let steps = babySteps
        return Dictionary(uniqueKeysWithValues: zip(steps, try evaluator.rotateHoisted(input, by: steps.map(normalized))))
    }

    /// Σ_j rot(Σ_b p_{j,b} ⊙ babies[b], jg), not rescaled.
    func accumulate(_ babies: [Int: Ciphertext], evaluator: Evaluator) throws -> Ciphertext {
        var total: Ciphertext?
        for (j, entries) in blocks.sorted(by: { $0.key < $1.key }) {
            var inner: Ciphertext?
            for (b, diagonal) in entries {
                inner = try evaluator.sum(inner, try evaluator.multiply(babies[b]!, diagonal))
            }
            let rotated = j == 0 ? inner! : try evaluator.rotate(inner!, by: normalized(j * giantStep))
            total = try evaluator.sum(total, rotated)
        }
        guard let total else { throw CircuitError.invalidArgument("the transform has no non-zero diagonal") }
        return total
    }
}
