import CKKS
import Foundation
@_spi(Testing) import RingArithmetic
import Synchronization

/// **A test tool that decrypts.** Refreshes a ciphertext by decrypting it with the secret key and encrypting
/// the slots again at `levelsLeft`: what a bootstrap computes, at a fraction of its cost and without its error
/// (unless `noiseStandardDeviation` adds a simulated one). It lets tests run circuits far deeper than a test
/// chain holds, with the same level bookkeeping as the real `Bootstrapper` (Lattigo's `SecretKeyBootstrapper`).
///
/// It holds the secret key, so it must never serve a party that should not decrypt: it is visible only through
/// `@_spi(Testing) import Bootstrapping`, and nothing in the library's server-side code paths uses it.
@_spi(Testing)
public final class SecretKeyBootstrapper: CiphertextBootstrapper {
    public let context: CKKSContext
    public let slotCount: Int
    public let levelsLeft: Int
    public let evaluator: Evaluator
    /// The standard deviation of Gaussian noise added to every slot (real and imaginary parts) per refresh, to
    /// simulate a real bootstrap's error (0: exact refresh).
    public let noiseStandardDeviation: Double
    private let secretKey: SecretKey
    private let state: Mutex<(generator: SeededGeneratorForTesting, count: Int)>

    /// - Parameters:
    ///   - secretKey: the secret key (tests only).
    ///   - evaluator: the evaluator whose keys the circuits use.
    ///   - slotCount: the slot count of the refreshed ciphertexts.
    ///   - levelsLeft: the level of a refreshed ciphertext (≤ the context's maximum level).
    ///   - noiseStandardDeviation: simulated refresh error per slot (default 0).
    ///   - seed: seeds the re-encryption randomness and the simulated noise (reproducible tests).
    public init(
        secretKey: SecretKey, evaluator: Evaluator, slotCount: Int, levelsLeft: Int, noiseStandardDeviation: Double = 0,
        seed: UInt64 = 0
    ) {
        precondition(secretKey.context === evaluator.context, "the secret key and the evaluator use different contexts")
        precondition((0...evaluator.context.maximumLevel).contains(levelsLeft), "levelsLeft outside the chain")
        context = evaluator.context
        self.secretKey = secretKey
        self.evaluator = evaluator
        self.slotCount = slotCount
        self.levelsLeft = levelsLeft
        self.noiseStandardDeviation = noiseStandardDeviation
        state = Mutex((SeededGeneratorForTesting(seed: seed), 0))
    }

    /// How many refreshes have run.
    public var bootstrapCount: Int { state.withLock { $0.count } }

    /// Decrypts, optionally adds the simulated error, and encrypts again at `levelsLeft` with the default scale.
    /// - Throws: `BootstrappingError.contextMismatch`, `.slotCountMismatch`; CKKS errors.
    public func bootstrap(_ ciphertext: Ciphertext) throws -> Ciphertext {
        guard ciphertext.context === context else { throw BootstrappingError.contextMismatch }
        guard ciphertext.slotCount == slotCount else {
            throw BootstrappingError.slotCountMismatch(expected: slotCount, actual: ciphertext.slotCount)
        }
        let encoder = CKKSEncoder(context: context)
        var slots = encoder.decode(try Decryptor(secretKey: secretKey).decrypt(ciphertext))
        return try state.withLock { state in
            state.count += 1
            if noiseStandardDeviation > 0 {
                slots = slots.map { value in
                    Complex(value.real + noiseStandardDeviation * Self.gaussian(using: &state.generator),
                            value.imaginary + noiseStandardDeviation * Self.gaussian(using: &state.generator))
                }
            }
            return try Encryptor(secretKey: secretKey).encrypt(encoder.encode(slots, level: levelsLeft), using: &state.generator)
        }
    }

    /// A standard normal draw (Box–Muller).
    private static func gaussian(using generator: inout SeededGeneratorForTesting) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
        let v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
