import CKKS

/// A `LinearTransform` prepared for one level and scale, its diagonals pre-rotated for the baby-step giant-step
/// evaluation (Halevi and Shoup, CRYPTO 2018, "Faster Homomorphic Linear Transformations in HElib", §4; Bossuat
/// et al., EUROCRYPT 2021, §3.2; see `BabyStepGiantStep.swift` for the split u = j·g + b):
///
///     y = Σ_j rot( Σ_b rot(d_{jg+b}, −jg) ⊙ rot(x, b), jg )
///
/// The baby rotations rot(x, b) share one key-switching decomposition (`Evaluator.rotateHoisted`); the giant
/// sums are combined as `accumulation` says. All products are summed before the rescales, so the transform
/// consumes one level (or two, see `apply(_:evaluator:rescales:)`). The plaintexts are encoded at the level
/// they will be applied at, with scale q_ℓ by default, so the rescaled output has exactly the input's scale.
public struct EncodedLinearTransform: Sendable {
    /// A pre-rotated diagonal: encoded once, or kept as values and encoded at every `apply`.
    enum Diagonal: Sendable {
        case plaintext(Plaintext)
        case values([Complex])
    }

    /// n.
    public let slotCount: Int
    /// g.
    public let giantStep: Int
    /// How the giant steps are summed.
    public let accumulation: GiantStepAccumulation
    /// The level the plaintexts are encoded at (inputs are dropped to it).
    public let level: Int
    /// The plaintexts' scale σ: the output scale is (input scale)·σ divided by the primes the rescales drop.
    public let scale: Double
    /// Whether the encoded plaintexts are kept (true) or the diagonals are encoded at every `apply` (false).
    public let cachesPlaintexts: Bool
    /// Which rotation keys the evaluation uses.
    public let keys: RotationKeys

    /// Which rotation keys an evaluation uses: the choice between the fewest rotations and the fewest keys.
    public enum RotationKeys: Sendable, Hashable {
        /// One key per baby step and per giant step (or ±g with `.nested`); the baby rotations share one
        /// decomposition (hoisted). Offsets are taken as signed steps in (−n/2, n/2].
        case perStep
        /// Only keys for powers of two: each baby rotation rot(x, b) is one rotation of an earlier one,
        /// rot(x, b − 2^t) by the lowest set bit 2^t of b (not hoisted), and the giant steps use Horner's
        /// scheme with the single key g (a power of two), the offsets taken in [0, n). Keys of ±2^t are what
        /// sums, replications and bootstrapping already need, so such a transform usually adds none.
        case powersOfTwo
    }
    /// Giant index j → [(baby b, rot(d_{jg+b}, −jg))], sorted by b.
    let blocks: [Int: [(baby: Int, diagonal: Diagonal)]]
    let encoder: CKKSEncoder

    /// The baby rotations needed (0 included).
    public var babySteps: [Int] { Set(blocks.values.flatMap { $0.map(\.baby) }).sorted() }

    /// - Parameters:
    ///   - transform: the diagonals.
    ///   - encoder: an encoder of the context.
    ///   - level: the level of the ciphertexts it will be applied to (≥ 1).
    ///   - scale: the diagonals' scale σ (default q_level, which keeps the output at the input's scale). A larger
    ///     σ with two rescales (σ ≈ q_ℓ·q_{ℓ−1}) encodes the diagonals more precisely.
    ///   - giantStep: g ≥ 1 (default `transform.giantStep(accumulation:)`).
    ///   - accumulation: how the giant steps are summed (default `.independent`).
    ///   - cachesPlaintexts: keep the encoded plaintexts (default); false keeps the pre-rotated values instead and
    ///     encodes them at every `apply`: (ℓ + 1)·N·8 bytes less per diagonal, one special FFT and ℓ + 1 NTTs
    ///     more per diagonal and application.
    /// - Throws: `CircuitError.invalidArgument` for level 0 or g < 1; `CKKSError` from encoding.
    ///   - keys: which rotation keys to use (default `.perStep`; `.powersOfTwo` implies Horner's giant steps).
    public init(
        _ transform: LinearTransform, encoder: CKKSEncoder, level: Int, scale: Double? = nil, giantStep: Int? = nil,
        accumulation: GiantStepAccumulation = .independent, cachesPlaintexts: Bool = true, keys: RotationKeys = .perStep
    ) throws {
        guard level >= 1 else {
            throw CircuitError.invalidArgument("a linear transform consumes a level: encode it at level ≥ 1")
        }
        let accumulation = keys == .powersOfTwo ? .nested : accumulation
        let g = giantStep ?? (keys == .powersOfTwo ? transform.powerOfTwoGiantStep : transform.giantStep(accumulation: accumulation))
        guard g >= 1 else { throw CircuitError.invalidArgument("the giant step must be at least 1 (got \(g))") }
        guard keys == .perStep || g & (g - 1) == 0 else {
            throw CircuitError.invalidArgument("power-of-two keys need a power-of-two giant step (got \(g))")
        }
        let n = transform.slotCount
        let scale = scale ?? Double(encoder.context.ciphertextModuli[level])
        var blocks: [Int: [(baby: Int, diagonal: Diagonal)]] = [:]
        for (k, diagonal) in transform.diagonals {
            let (j, b) = keys == .powersOfTwo
                ? (k / g, k % g)
                : LinearTransform.split(LinearTransform.normalizedStep(k, slotCount: n), giantStep: g)
            let shift = j * g
            let rotated = (0..<n).map { diagonal[(($0 - shift) % n + n) % n] }
            let stored = cachesPlaintexts
                ? Diagonal.plaintext(try encoder.encode(rotated, scale: scale, level: level)) : .values(rotated)
            blocks[j, default: []].append((b, stored))
        }
        self.slotCount = n
        self.giantStep = g
        self.accumulation = accumulation
        self.level = level
        self.scale = scale
        self.cachesPlaintexts = cachesPlaintexts
        self.keys = keys
        self.blocks = blocks.mapValues { $0.sorted { $0.baby < $1.baby } }
        self.encoder = encoder
    }

    /// The rotation steps whose Galois keys `apply` needs (normalised to (−n/2, n/2], so transforms share the
    /// keys of small rotations).
    public var rotationSteps: [Int] {
        if keys == .powersOfTwo {
            var steps = Set(babySteps.flatMap(Self.powersOfTwo))
            if blocks.keys.contains(where: { $0 > 0 }) { steps.insert(giantStep) }
            return steps.map { LinearTransform.normalizedStep($0, slotCount: slotCount) }.sorted()
        }
        return LinearTransform.rotationSteps(
            babies: Set(babySteps), giants: Set(blocks.keys), giantStep: giantStep, accumulation: accumulation,
            slotCount: slotCount)
    }

    /// y = M·x, rescaled once or not at all.
    /// - Parameters:
    ///   - x: the input, at a level ≥ `level` (it is dropped to `level`), with n slots or a divisor of n
    ///     (a sparsely packed vector of n' | n slots is n'-periodic, and rotations act on it modulo n).
    ///   - evaluator: an evaluator with the Galois keys of `rotationSteps`.
    ///   - rescale: rescale the result (default true: one level consumed, scale = x.scale·σ/q_level).
    /// - Throws: `CircuitError.slotCountMismatch`, `.insufficientLevels` when x is below `level`; `CKKSError`s
    ///   (e.g. `.missingGaloisKey`: generate keys for `rotationSteps`).
    public func apply(_ x: Ciphertext, evaluator: Evaluator, rescale: Bool = true) throws -> Ciphertext {
        try apply(x, evaluator: evaluator, rescales: rescale ? 1 : 0)
    }

    /// y = M·x followed by `rescales` rescales. Two rescales suit diagonals encoded at σ ≈ q_ℓ·q_{ℓ−1}: when the
    /// input's scale is far above its prime (bootstrapping's first CoeffsToSlots matrix, whose input carries
    /// q_0·I), one prime would leave the diagonals only a few bits of scale.
    /// - Parameters:
    ///   - x: the input, as for `apply(_:evaluator:rescale:)`.
    ///   - evaluator: an evaluator with the Galois keys of `rotationSteps`.
    ///   - rescales: 0 … `level`; the result is at `level − rescales`.
    /// - Throws: `CircuitError.invalidArgument` for a rescale count out of range; as `apply(_:evaluator:rescale:)`.
    public func apply(_ x: Ciphertext, evaluator: Evaluator, rescales: Int) throws -> Ciphertext {
        guard (0...level).contains(rescales) else {
            throw CircuitError.invalidArgument("\(rescales) rescales from level \(level)")
        }
        var result = try accumulate(try babyRotations(of: x, evaluator: evaluator), evaluator: evaluator)
        for _ in 0..<rescales { result = try evaluator.rescale(result) }
        return result
    }

    /// rot(x, b) for every baby step b, hoisted, after dropping x to `level`.
    func babyRotations(of x: Ciphertext, evaluator: Evaluator) throws -> [Int: Ciphertext] {
        guard x.slotCount <= slotCount, slotCount % x.slotCount == 0 else {
            throw CircuitError.slotCountMismatch(expected: slotCount, actual: x.slotCount)
        }
        guard x.level >= level else {
            throw CircuitError.insufficientLevels(operation: "a linear transform encoded at level \(level)", needed: level, available: x.level)
        }
        let input = try evaluator.dropLevels(x, to: level)
        if keys == .powersOfTwo { return try chainedRotations(of: input, evaluator: evaluator) }
        let steps = babySteps
        let normalized = steps.map { LinearTransform.normalizedStep($0, slotCount: slotCount) }
        return Dictionary(uniqueKeysWithValues: zip(steps, try evaluator.rotateHoisted(input, by: normalized)))
    }

    /// The set bits of b: the power-of-two rotations that reach rot(x, b) one at a time.
    static func powersOfTwo(_ b: Int) -> [Int] { (0..<Int.bitWidth).map { 1 << $0 }.filter { b & $0 != 0 } }

    /// rot(x, b) for every baby step b, each one rotation by a power of two of a smaller one (b less its lowest
    /// set bit), so only power-of-two keys are needed; missing intermediate steps are computed on the way.
    func chainedRotations(of x: Ciphertext, evaluator: Evaluator) throws -> [Int: Ciphertext] {
        var rotations: [Int: Ciphertext] = [0: x]
        func rotation(_ b: Int) throws -> Ciphertext {
            if let known = rotations[b] { return known }
            let low = b & -b
            let result = try evaluator.rotate(rotation(b - low), by: LinearTransform.normalizedStep(low, slotCount: slotCount))
            rotations[b] = result
            return result
        }
        for b in babySteps { _ = try rotation(b) }
        return rotations
    }

    /// Σ_j rot(inner_j, jg), not rescaled.
    func accumulate(_ babies: [Int: Ciphertext], evaluator: Evaluator) throws -> Ciphertext {
        var total: Ciphertext?
        switch accumulation {
        case .independent:
            var sum: Ciphertext?
            for j in blocks.keys.sorted() {
                let inner = try innerSum(j, babies: babies, evaluator: evaluator)!
                try evaluator.accumulate(j == 0 ? inner : try rotate(inner, by: j * giantStep, evaluator: evaluator), into: &sum)
            }
            total = sum
        case .nested:
            let positive = try hornerSum(from: blocks.keys.max() ?? -1, to: 0, babies: babies, evaluator: evaluator)
            let negative = try hornerSum(from: blocks.keys.min() ?? 0, to: -1, babies: babies, evaluator: evaluator)
                .map { try rotate($0, by: -giantStep, evaluator: evaluator) }
            total = positive
            if let negative { try evaluator.accumulate(negative, into: &total) }
        }
        guard let total else { throw CircuitError.invalidArgument("the transform has no non-zero diagonal") }
        return total
    }

    /// Horner's scheme from giant index `start` towards `end` (both of one sign, |start| ≥ |end|):
    /// acc ← rot(acc, ±g) + inner_j; nil when `start` is on the wrong side of 0 (no such indices).
    private func hornerSum(from start: Int, to end: Int, babies: [Int: Ciphertext], evaluator: Evaluator) throws -> Ciphertext? {
        let direction = end >= 0 ? -1 : 1
        guard (end >= 0 && start >= end) || (end < 0 && start <= end) else { return nil }
        var accumulator = try innerSum(start, babies: babies, evaluator: evaluator)
        var j = start + direction
        while (direction < 0 && j >= end) || (direction > 0 && j <= end) {
            accumulator = try accumulator.map { try rotate($0, by: -direction * giantStep, evaluator: evaluator) }
            if let inner = try innerSum(j, babies: babies, evaluator: evaluator) {
                try evaluator.accumulate(inner, into: &accumulator)
            }
            j += direction
        }
        return accumulator
    }

    /// Σ_b p_{j,b} ⊙ babies[b] for giant index j, or nil when j has no diagonal.
    private func innerSum(_ j: Int, babies: [Int: Ciphertext], evaluator: Evaluator) throws -> Ciphertext? {
        guard let entries = blocks[j] else { return nil }
        var inner: Ciphertext?
        for (b, diagonal) in entries {
            let (x, p) = (babies[b]!, try plaintext(diagonal))
            if inner == nil {
                inner = try evaluator.multiply(x, p)
            } else {
                try evaluator.multiplyAdd(x, p, to: &inner!)
            }
        }
        return inner
    }

    /// The diagonal's plaintext, encoded now when it is not cached.
    private func plaintext(_ diagonal: Diagonal) throws -> Plaintext {
        switch diagonal {
        case let .plaintext(encoded): return encoded
        case let .values(values): return try encoder.encode(values, scale: scale, level: level)
        }
    }

    private func rotate(_ x: Ciphertext, by step: Int, evaluator: Evaluator) throws -> Ciphertext {
        try evaluator.rotate(x, by: LinearTransform.normalizedStep(step, slotCount: slotCount))
    }
}
