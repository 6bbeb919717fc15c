import CKKS
import Circuits
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

    /// Total size in memory, in bytes.
    public var byteCount: Int {
        relinearizationKey.byteCount + galoisKeys.byteCount
            + (encapsulation.map { $0.toSparse.byteCount + $0.toDense.byteCount } ?? 0)
    }

    /// What the keys take on the wire (`CKKSSerialization`; each uniform half sent as its 32-byte seed).
    public var serializedByteCount: Int {
        relinearizationKey.serializedByteCount + galoisKeys.serializedByteCount
            + (encapsulation.map { $0.toSparse.serializedByteCount + $0.toDense.serializedByteCount } ?? 0)
    }
}

extension BootstrappingParameters {
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
        for t in cts + stc + (rotated.map { [$0] } ?? []) { steps.formUnion(rotationSteps(of: t)) }
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
    ///   - applicationRequirements: the keys the application's own circuits need beside bootstrapping: the
    ///     Galois keys of both are generated together (shared steps once), and the bootstrapper's evaluator then
    ///     serves the whole computation.
    public func bootstrappingKeys<G: RandomNumberGenerator>(
        for secretKey: SecretKey, parameters: BootstrappingParameters,
        applicationRequirements: EvaluationKeyRequirements = .none, using generator: inout G
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
        let requirements = parameters.keyRequirements.union(applicationRequirements)
        return BootstrappingKeys(
            relinearizationKey: relinearizationKey(for: secretKey, using: &generator),
            galoisKeys: galoisKeys(
                for: secretKey, rotations: requirements.rotations.sorted(), conjugation: true, using: &generator),
            encapsulation: encapsulation)
    }

    /// Generates the bootstrapping keys with the library's default CSPRNG (ChaCha20 keyed by the system's).
    /// - Throws: as `bootstrappingKeys(for:parameters:using:)`.
    public func bootstrappingKeys(
        for secretKey: SecretKey, parameters: BootstrappingParameters, applicationRequirements: EvaluationKeyRequirements = .none
    ) throws -> BootstrappingKeys {
        var generator = ChaChaGenerator.system()
        return try bootstrappingKeys(
            for: secretKey, parameters: parameters, applicationRequirements: applicationRequirements, using: &generator)
    }
}

extension BootstrappingParameters {
    /// The evaluation keys one bootstrap needs: relinearisation (EvalMod), conjugation, and the rotations of
    /// the trace and the linear transforms. (The two encapsulation keys switch between secrets and are
    /// generated with `KeyGenerator.bootstrappingKeys`.)
    public var keyRequirements: EvaluationKeyRequirements {
        EvaluationKeyRequirements(rotations: rotationSteps, conjugation: true, relinearization: true)
    }
}
