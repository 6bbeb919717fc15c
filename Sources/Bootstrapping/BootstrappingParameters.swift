import CKKS
import Foundation

/// The shape of a bootstrapping circuit on top of a CKKS parameter set.
///
/// The chain is consumed from the top: `coeffsToSlotsLevels` levels of CoeffsToSlots, then EvalMod
/// (`evalMod.depth` levels), then `slotsToCoeffsLevels` levels of SlotsToCoeffs; what remains,
/// `levelsLeft`, is available to the application after every bootstrap.
public struct BootstrappingParameters: Sendable {
    /// The CKKS parameters (the full chain, including the levels bootstrapping consumes).
    public let scheme: CKKSParameters
    /// n: the number of slots of the ciphertexts to bootstrap (N/2: full packing; fewer: sparse packing).
    public let slotCount: Int
    /// The number of levels (merged FFT stages) of CoeffsToSlots.
    public let coeffsToSlotsLevels: Int
    /// The number of levels of SlotsToCoeffs.
    public let slotsToCoeffsLevels: Int
    /// The EvalMod approximation.
    public let evalMod: EvalModPlan
    /// Whether the first CoeffsToSlots matrix drops two primes instead of one. Its input holds q_0·I with
    /// |I| < K at a scale ≈ q_0·K·N, so with one prime its diagonals could only be encoded at a scale of about
    /// q_L·S_out/(q_0·K·N) (2^40 for K = 128, N = 2^12): spending a second prime there buys ~60 bits of
    /// diagonal precision and removes the dominant error of the whole bootstrap.
    public let doublePrecisionFirstLevel: Bool
    /// The largest baby-step count of the linear transforms (`nil`: cost-optimal). Each baby step needs a
    /// rotation key, so a bound trades key memory for giant-step rotations.
    public let maximumBabySteps: Int?
    /// log2(q_0/Δ_in): the input is brought to scale Δ_in = q_0/2^ratio before ModRaise (|m| ≤ 1 assumed),
    /// so that t/q_0 ≤ 2^-ratio, where the sine is close to linear.
    public let logMessageRatio: Int
    /// h of the ephemeral sparse secret for *sparse-secret encapsulation* (`nil`: none). The level-0 input is
    /// switched to a secret with h non-zero coefficients before ModRaise and back to the dense secret after
    /// it (Bossuat, Troncoso-Pastoriza, Hubaux, ACNS 2022, ePrint 2022/024): then I(X) is a sum of h + 1
    /// rounding terms instead of ≈ 2N/3, so K drops from 512 to 16 at N = 2^16, and EvalMod needs a lower
    /// degree, fewer double angles and amplifies its noise 32× less. Costs one key switch at level 0 and one
    /// at the top level.
    public let ephemeralSecretWeight: Int?

    /// - Parameters:
    ///   - scheme: the CKKS parameters.
    ///   - slotCount: n, a power of two in 2 … N/2.
    ///   - coeffsToSlotsLevels: 1 … log2 n.
    ///   - slotsToCoeffsLevels: 1 … log2 n.
    ///   - range: K, the bound on |I| + 1 (`nil`: `defaultRange(logN:ephemeralSecretWeight:)`).
    ///   - doubleAngleCount: r (`nil`: log2(K) − 3, so the polynomial follows 8 periods).
    ///   - logMessageRatio: log2(q_0/Δ_in), 4 … 40.
    ///   - doublePrecisionFirstLevel: spend two primes on the first CoeffsToSlots matrix (one more level).
    ///   - maximumBabySteps: bound on the baby steps per transform (`nil`: cost-optimal).
    ///   - ephemeralSecretWeight: h of the sparse secret for encapsulation, `KeyGenerator.minimumHammingWeight`
    ///     (32) … N, or 1 … N on a scheme of security level `.none` (`nil`: none).
    /// - Throws: `BootstrappingError.invalidSlotCount`, `.invalidOption`, `.notEnoughLevels`.
    public init(
        scheme: CKKSParameters, slotCount: Int, coeffsToSlotsLevels: Int, slotsToCoeffsLevels: Int,
        range: Int? = nil, doubleAngleCount: Int? = nil, logMessageRatio: Int = 8, doublePrecisionFirstLevel: Bool = true, maximumBabySteps: Int? = nil,
        ephemeralSecretWeight: Int? = nil
    ) throws {
        let maximum = scheme.maximumSlotCount
        guard slotCount >= 2, slotCount <= maximum, slotCount & (slotCount - 1) == 0 else {
            throw BootstrappingError.invalidSlotCount(slotCount, maximum: maximum)
        }
        let logSlots = slotCount.trailingZeroBitCount
        guard (1...logSlots).contains(coeffsToSlotsLevels), (1...logSlots).contains(slotsToCoeffsLevels) else {
            throw BootstrappingError.invalidOption("CoeffsToSlots/SlotsToCoeffs levels must lie in 1 … log2(n) = \(logSlots)")
        }
        guard (4...40).contains(logMessageRatio), logMessageRatio < scheme.firstPrimeBits - 10 else {
            throw BootstrappingError.invalidOption("logMessageRatio must lie in 4 … min(40, log2 q_0 − 11)")
        }
        // The floor of KeyGenerator.secretKey(hammingWeight:), checked here already so that parameters that could
        // never get their keys are refused when they are made.
        let lightest = scheme.securityLevel == .none ? 1 : KeyGenerator.minimumHammingWeight
        guard ephemeralSecretWeight.map({ (lightest...scheme.degree).contains($0) }) ?? true else {
            throw BootstrappingError.invalidOption(
                "ephemeralSecretWeight must lie in \(lightest) … N (below \(KeyGenerator.minimumHammingWeight) only for "
                    + "insecure test schemes, securityLevel .none)")
        }
        self.ephemeralSecretWeight = ephemeralSecretWeight
        let k = range ?? Self.defaultRange(logN: scheme.logN, ephemeralSecretWeight: ephemeralSecretWeight)
        let r = doubleAngleCount ?? max(0, Int(log2(Double(k)).rounded(.up)) - 3)
        self.scheme = scheme
        self.slotCount = slotCount
        self.coeffsToSlotsLevels = coeffsToSlotsLevels
        self.slotsToCoeffsLevels = slotsToCoeffsLevels
        self.logMessageRatio = logMessageRatio
        self.doublePrecisionFirstLevel = doublePrecisionFirstLevel
        guard maximumBabySteps.map({ $0 >= 1 }) ?? true else {
            throw BootstrappingError.invalidOption("maximumBabySteps must be at least 1")
        }
        self.maximumBabySteps = maximumBabySteps
        evalMod = try EvalModPlan(range: k, doubleAngleCount: r)
        guard levelsLeft >= 0 else {
            throw BootstrappingError.notEnoughLevels(required: consumedLevels, available: scheme.maximumLevel)
        }
    }

    /// Eight standard deviations of I, rounded up to a power of two. Each coefficient of (c_0 + c_1·s)/q_0 sums
    /// one term per non-zero coefficient of s, plus one, each uniform in (−1/2, 1/2]: with w such terms,
    /// I_k has standard deviation √(w/12). A uniform ternary secret has w ≈ 2N/3 (K = 512 at N = 2^16,
    /// failure probability per coefficient ≈ 2^-48); a secret of weight h has w = h + 1 (K = 16 for h = 32:
    /// 9.6 standard deviations).
    /// - Parameters:
    ///   - logN: log2 N.
    ///   - ephemeralSecretWeight: h of the secret ModRaise sees (`nil`: uniform ternary).
    public static func defaultRange(logN: Int, ephemeralSecretWeight: Int? = nil) -> Int {
        let terms = ephemeralSecretWeight.map { Double($0 + 1) } ?? 2 * Double(1 << logN) / 3
        let bound = 8 * (terms / 12).squareRoot()
        var k = 1
        while Double(k) < bound { k *= 2 }
        return k
    }

    /// The levels one bootstrap consumes.
    public var consumedLevels: Int {
        coeffsToSlotsLevels + (doublePrecisionFirstLevel ? 1 : 0) + evalMod.depth + slotsToCoeffsLevels
    }
    /// The level of a bootstrapped ciphertext: the levels left for computation.
    public var levelsLeft: Int { scheme.maximumLevel - consumedLevels }
    /// Whether the packing is sparse (n < N/2): then EvalMod runs once, on 2n slots.
    public var isSparse: Bool { slotCount < scheme.maximumSlotCount }
}
