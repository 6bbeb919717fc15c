import CKKS
import RingArithmetic

/// The evaluation keys bootstrapping needs: a relinearisation key (EvalMod), Galois keys for exactly the
/// rotations of the linear transforms, the sparse-packing trace, and conjugation, and, with sparse-secret
/// encapsulation, the two keys to and from the ephemeral sparse secret. Public material only.
public struct BootstrappingKeys: Sendable {
    public let relinearizationKey: RelinearizationKey
    public let galoisKeys: GaloisKeys
    /// The sparse-secret encapsulation keys (`nil` when the parameters do not use encapsulation).
    public let encapsulation: EncapsulationKeys?

    /// The keys of sparse-secret encapsulation (Bossuat, Troncoso-Pastoriza, Hubaux, ACNS 2022).
    public struct EncapsulationKeys: Sendable {
        /// From the dense secret s to the sparse secret s', at level 0 only: an RLWE sample under s' modulo
        /// q_0·p_0 (≈ 120 bits), where a weight-32 secret at N = 2^16 leaves no feasible lattice attack.
        public let toSparse: KeySwitchingKey
        /// From s' back to s, at the top level (an ordinary sample under the dense secret).
        public let toDense: KeySwitchingKey

        public init(toSparse: KeySwitchingKey, toDense: KeySwitchingKey) {
            self.toSparse = toSparse
            self.toDense = toDense
        }
    }

    /// - Parameters:
    ///   - relinearizationKey: from `KeyGenerator.relinearizationKey(for:)`.
    ///   - galoisKeys: from `KeyGenerator.galoisKeys(for:rotations:conjugation:)` with at least
    ///     `BootstrappingParameters.rotationSteps` and conjugation.
    ///   - encapsulation: required when `BootstrappingParameters.ephemeralSecretWeight` is set.
    public init(relinearizationKey: RelinearizationKey, galoisKeys: GaloisKeys, encapsulation: EncapsulationKeys? = nil) {
        self.relinearizationKey = relinearizationKey
        self.galoisKeys = galoisKeys
        self.encapsulation = encapsulation
    }

    /// Total size in bytes.
    public var byteCount: Int {
        relinearizationKey.byteCount + galoisKeys.byteCount
            + (encapsulation.map { $0.toSparse.byteCount + $0.toDense.byteCount } ?? 0)
    }
}

extension BootstrappingParameters {
    /// The plaintext side of the linear transforms, in application order.
    ///
    /// Sparse packing (2n ≤ N/2) evaluates EvalMod once on 2n slots instead of twice on n: the last
    /// CoeffsToSlots matrix is extended to 2n slots and multiplied by diag(1, …, 1, −i, …, −i), so that
    /// u + ū = [2·Re w, 2·Im w]; the first SlotsToCoeffs matrix M then recombines y ↦ y_low + i·y_high as
    /// M·diag(1|i)·y + M·diag(i|1)·rot(y, n) (`slotsToCoeffsRotated`, applied to rot(y, n)).
    func transforms() -> (coeffsToSlots: [LinearTransform], slotsToCoeffs: [LinearTransform], slotsToCoeffsRotated: LinearTransform?) {
        let n = slotCount
        // The constant 1/(2K·n·N/(2n)) is carried by the scale recorded at ModRaise (`raiseScale`), not by the
        // diagonals: tiny diagonal entries would lose relative precision when encoded.
        var cts = HomomorphicDFT.coeffsToSlots(slotCount: n, levels: coeffsToSlotsLevels, factor: Complex(Double(n)))
        let messageRatio = Double(sign: .plus, exponent: logMessageRatio, significand: 1)
        var stc = HomomorphicDFT.slotsToCoeffs(
            slotCount: n, levels: slotsToCoeffsLevels, factor: Complex(messageRatio / (2 * Double.pi)))
        var rotated: SlotMatrix?
        if isSparse {
            let ones = [Complex](repeating: .one, count: n)
            let minusI = [Complex](repeating: -Complex.i, count: n)
            let plusI = [Complex](repeating: Complex.i, count: n)
            cts[cts.count - 1] = cts[cts.count - 1].extendedToPeriodicInputs().leftMultiplied(byDiagonal: ones + minusI)
            let first = stc[0].extendedToPeriodicInputs()
            stc[0] = first.rightMultiplied(byDiagonal: ones + plusI)
            rotated = first.rightMultiplied(byDiagonal: plusI + ones)
        }
        let limit = maximumBabySteps ?? .max
        return (
            cts.map { LinearTransform($0, maximumBabySteps: limit) }, stc.map { LinearTransform($0, maximumBabySteps: limit) },
            rotated.map { LinearTransform($0, maximumBabySteps: limit) }
        )
    }

    /// The scale recorded on the raised ciphertext: q_0·K·N = q_0·2K·n·N/(2n), so that after the trace
    /// (×N/(2n)) and the unnormalised inverse FFT (×n) the slots hold x/(2K), with x = t/q_0 + I.
    func raiseScale(q0: UInt64) -> Double {
        Double(q0) * Double(evalMod.range) * Double(scheme.degree)
    }

    /// The rotation steps of the trace for sparse packing: n·2^i for 2^i < N/(2n).
    var traceSteps: [Int] {
        var steps: [Int] = []
        var step = slotCount
        while step < scheme.maximumSlotCount {
            steps.append(step)
            step *= 2
        }
        return steps
    }

    /// Every rotation step bootstrapping uses (generate Galois keys for these, plus conjugation).
    public var rotationSteps: [Int] {
        let (cts, stc, rotated) = transforms()
        var steps = Set(traceSteps)
        for t in cts + stc + (rotated.map { [$0] } ?? []) { steps.formUnion(t.rotationSteps) }
        return steps.sorted()
    }
}

extension KeyGenerator {
    /// Generates the bootstrapping keys for `secretKey`.
    /// - Parameters:
    ///   - secretKey: the secret key (it never leaves the key owner; only the returned keys are shared).
    ///   - parameters: the bootstrapping parameters (their scheme must be this generator's).
    ///   - generator: randomness (also draws the ephemeral sparse secret, which is discarded afterwards).
    /// - Throws: `BootstrappingError.contextMismatch` when the parameters' scheme is not this generator's;
    ///   CKKS key-generation errors.
    public func bootstrappingKeys<G: RandomNumberGenerator>(
        for secretKey: SecretKey, parameters: BootstrappingParameters, using generator: inout G
    ) throws -> BootstrappingKeys {
        guard context.parameters == parameters.scheme, secretKey.context === context else {
            throw BootstrappingError.contextMismatch
        }
        var encapsulation: BootstrappingKeys.EncapsulationKeys?
        if let weight = parameters.ephemeralSecretWeight {
            let sparse = try self.secretKey(hammingWeight: weight, using: &generator)
            encapsulation = .init(
                toSparse: try keySwitchingKey(from: secretKey, to: sparse, maximumLevel: 0, using: &generator),
                toDense: try keySwitchingKey(from: sparse, to: secretKey, using: &generator))
        }
        return BootstrappingKeys(
            relinearizationKey: relinearizationKey(for: secretKey, using: &generator),
            galoisKeys: galoisKeys(for: secretKey, rotations: parameters.rotationSteps, conjugation: true, using: &generator),
            encapsulation: encapsulation)
    }

    /// Generates the bootstrapping keys with the library's default CSPRNG (ChaCha20 keyed by the system's).
    /// - Throws: as `bootstrappingKeys(for:parameters:using:)`.
    public func bootstrappingKeys(for secretKey: SecretKey, parameters: BootstrappingParameters) throws -> BootstrappingKeys {
        var generator = ChaChaGenerator.system()
        return try bootstrappingKeys(for: secretKey, parameters: parameters, using: &generator)
    }
}
