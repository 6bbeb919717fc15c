/// The baby-step giant-step split of a `LinearTransform` (Halevi and Shoup, "Faster Homomorphic Linear
/// Transformations in HElib", CRYPTO 2018, §4; Bossuat, Mouchet, Troncoso-Pastoriza, Hubaux, EUROCRYPT 2021,
/// §3.2): every offset, taken as a signed step u ∈ (−n/2, n/2], is written u = j·g + b with 0 ≤ b < g, so that
/// y = Σ_j rot(Σ_b rot(d_u, −jg) ⊙ rot(x, b), jg). The baby rotations rot(x, b) share one key-switching
/// decomposition (hoisting), the giant rotations act on sums.
extension LinearTransform {
    /// The offsets as signed steps in (−n/2, n/2], sorted.
    public var signedOffsets: [Int] { diagonals.keys.map { Self.normalizedStep($0, slotCount: slotCount) }.sorted() }

    /// The stride s: the greatest common divisor of the offsets (1 when the only offset is 0). Every baby and
    /// giant step is a multiple of it, so `maximumBabySteps` bounds the count of baby positions 0, s, 2s, …
    public var stride: Int {
        var g = 0
        for u in signedOffsets { g = Self.gcd(g, abs(u)) }
        return max(g, 1)
    }

    /// The giant step g (a power of two) minimising the rotations of the `.independent` evaluation.
    public var giantStep: Int { giantStep(accumulation: .independent) }

    /// The giant step minimising the estimated rotation cost of the evaluation.
    ///
    /// `.independent`: g among the powers of two up to n, cost = non-zero baby steps + non-zero giant indices.
    /// `.nested`: g = s·b with b a power of two up to the span of the offsets in units of the stride s, cost =
    /// 0.6·(baby steps − 1) + the giant rotations of Horner's scheme (hoisted baby rotations cost about 0.6 of a
    /// rotation: they share the decomposition of the input).
    /// - Parameters:
    ///   - accumulation: how the giant steps will be summed.
    ///   - maximumBabySteps: at most this many baby positions, g ≤ s·maximumBabySteps (each baby step is a
    ///     rotation key: a bound trades key memory for giant rotations).
    public func giantStep(accumulation: GiantStepAccumulation, maximumBabySteps: Int = .max) -> Int {
        let s = stride
        switch accumulation {
        case .independent:
            var best = (cost: Int.max, step: 1)
            var g = 1
            while g <= slotCount && g / s <= maximumBabySteps {
                let babies = Set(diagonals.keys.map { $0 % g }).subtracting([0]).count
                let giants = Set(diagonals.keys.map { $0 / g }).subtracting([0]).count
                if babies + giants < best.cost { best = (babies + giants, g) }
                g *= 2
            }
            return best.step
        case .nested:
            let units = signedOffsets.map { $0 / s }
            let span = (units.max() ?? 0) - (units.min() ?? 0) + 1
            var best = (cost: Double.infinity, units: 1)
            var b = 1
            while b <= max(span, 1) && b <= maximumBabySteps {
                let parts = units.map { Self.split($0, giantStep: b) }
                let giants = Set(parts.map(\.giant))
                let rotations = (giants.max() ?? 0) - (giants.min() ?? 0) + (giants.contains { $0 < 0 } ? 1 : 0)
                let cost = 0.6 * Double(Set(parts.map(\.baby)).count - 1) + Double(rotations)
                if cost < best.cost { best = (cost, b) }
                b *= 2
            }
            return best.units * s
        }
    }

    /// The giant step (a power of two) minimising the rotations of an evaluation with power-of-two keys
    /// (`EncodedLinearTransform.RotationKeys.powersOfTwo`): offsets k ∈ [0, n) split as k = j·g + b, cost =
    /// the chained baby rotations (every b that the chains visit: at most g − 1) plus Horner's max j giant
    /// rotations (it runs down to index 0).
    public var powerOfTwoGiantStep: Int {
        var best = (cost: Int.max, step: 1)
        var g = 1
        while g <= slotCount {
            let babies = Set(diagonals.keys.map { $0 % g })
            var visited = Set<Int>()
            for b in babies {
                var c = b
                while c > 0, visited.insert(c).inserted { c -= c & -c }
            }
            let cost = visited.count + (diagonals.keys.map { $0 / g }.max() ?? 0)
            if cost < best.cost { best = (cost, g) }
            g *= 2
        }
        return best.step
    }

    /// The rotation steps (normalised by `normalizedStep`) whose Galois keys the evaluation needs, for
    /// `KeyGenerator.galoisKeys`.
    /// - Parameters:
    ///   - giantStep: the g to use (default: `giantStep(accumulation:)`).
    ///   - accumulation: how the giant steps will be summed (default `.independent`).
    public func rotationSteps(giantStep g: Int? = nil, accumulation: GiantStepAccumulation = .independent) -> [Int] {
        let g = g ?? giantStep(accumulation: accumulation)
        let parts = signedOffsets.map { Self.split($0, giantStep: g) }
        return Self.rotationSteps(
            babies: Set(parts.map(\.baby)), giants: Set(parts.map(\.giant)), giantStep: g, accumulation: accumulation,
            slotCount: slotCount)
    }

    /// The keys for baby steps `babies` and giant indices `giants` of giant step g.
    static func rotationSteps(
        babies: Set<Int>, giants: Set<Int>, giantStep g: Int, accumulation: GiantStepAccumulation, slotCount n: Int
    ) -> [Int] {
        var steps = babies
        switch accumulation {
        case .independent:
            steps.formUnion(giants.map { $0 * g })
        case .nested:
            if giants.contains(where: { $0 > 0 }) { steps.insert(g) }
            if giants.contains(where: { $0 < 0 }) { steps.insert(-g) }
        }
        return Set(steps.map { normalizedStep($0, slotCount: n) }).subtracting([0]).sorted()
    }

    /// u = j·g + b with 0 ≤ b < g (floor division, also for negative u).
    static func split(_ u: Int, giantStep g: Int) -> (giant: Int, baby: Int) {
        let j = u >= 0 ? u / g : -((-u + g - 1) / g)
        return (j, u - j * g)
    }

    /// r reduced to the equivalent step in (−n/2, n/2]: rotations act cyclically on the n slots, and small
    /// steps are the keys most transforms share.
    /// - Parameters:
    ///   - r: any step.
    ///   - n: the slot count.
    public static func normalizedStep(_ r: Int, slotCount n: Int) -> Int {
        let k = (r % n + n) % n
        return k > n / 2 ? k - n : k
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
