import CKKS
import Circuits
import RingArithmetic

/// The evaluation keys bootstrapping needs: a relinearisation key (EvalMod) and Galois keys for exactly the
/// rotations of the linear transforms, the sparse-packing trace, and conjugation. Public material only.
public struct BootstrappingKeys: Sendable {
    public let relinearizationKey: RelinearizationKey
    public let galoisKeys: GaloisKeys

    /// - Parameters:
    ///   - relinearizationKey: from `KeyGenerator.relinearizationKey(for:)`.
    ///   - galoisKeys: from `KeyGenerator.galoisKeys(for:rotations:conjugation:)` with at least
    ///     `BootstrappingParameters.rotationSteps` and conjugation.
    public init(relinearizationKey: RelinearizationKey, galoisKeys: GaloisKeys) {
        self.relinearizationKey = relinearizationKey
        self.galoisKeys = galoisKeys
    }

    /// Total size in bytes.
    public var byteCount: Int { relinearizationKey.byteCount + galoisKeys.byteCount }
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
    ///   - generator: randomness.
    public func bootstrappingKeys<G: RandomNumberGenerator>(
        for secretKey: SecretKey, parameters: BootstrappingParameters, using generator: inout G
    ) -> BootstrappingKeys {
        BootstrappingKeys(
            relinearizationKey: relinearizationKey(for: secretKey, using: &generator),
            galoisKeys: galoisKeys(for: secretKey, rotations: parameters.rotationSteps, conjugation: true, using: &generator))
    }

    /// Generates the bootstrapping keys with the library's default CSPRNG (ChaCha20 keyed by the system's).
    public func bootstrappingKeys(for secretKey: SecretKey, parameters: BootstrappingParameters) -> BootstrappingKeys {
        var generator = ChaChaGenerator.system()
        return bootstrappingKeys(for: secretKey, parameters: parameters, using: &generator)
    }
}
