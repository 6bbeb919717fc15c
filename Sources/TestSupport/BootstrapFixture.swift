import Bootstrapping
import CKKS
import Synchronization

/// A bootstrapping setup on the **insecure** N = 2^12 test preset, built once per configuration and shared by
/// every test that needs a real bootstrapper.
public final class BootstrapFixture: Sendable {
    public let parameters: BootstrappingParameters
    public let scheme: KeyedScheme
    public let bootstrapper: Bootstrapper

    public var context: CKKSContext { scheme.context }
    public var encoder: CKKSEncoder { scheme.encoder }

    /// - Parameters:
    ///   - parameters: an insecure test preset (`BootstrappingParameters.insecureTestN12`).
    ///   - applicationRequirements: keys the test's own circuits need beside bootstrapping.
    ///   - seed: the seed of the keys.
    public convenience init(
        parameters: BootstrappingParameters, applicationRequirements: EvaluationKeyRequirements = .none, seed: UInt64
    ) throws {
        try self.init(parameters: parameters, seed: seed) { _ in applicationRequirements }
    }

    /// The same, for circuits whose key requirements depend on the context (they are built on it first).
    /// - Parameter applicationRequirements: the keys of the test's circuits, given the fixture's context.
    public init(
        parameters: BootstrappingParameters, seed: UInt64,
        applicationRequirements: (CKKSContext) throws -> EvaluationKeyRequirements
    ) throws {
        var rng = SeededGenerator(seed: seed)
        self.parameters = parameters
        scheme = KeyedScheme(parameters: parameters.scheme, requirements: .none, rng: &rng)
        let keys = try KeyGenerator(context: scheme.context).bootstrappingKeys(
            for: scheme.secretKey, parameters: parameters,
            applicationRequirements: applicationRequirements(scheme.context), using: &rng)
        bootstrapper = try Bootstrapper(parameters: parameters, context: scheme.context, keys: keys)
    }

    private static let cache = Mutex<[String: BootstrapFixture]>([:])

    /// The shared fixture of the N = 2^12 test preset for `slotCount` (0: full packing), with or without
    /// sparse-secret encapsulation; keys seeded with slotCount + 1.
    public static func shared(slotCount: Int, encapsulation: Bool = true) throws -> BootstrapFixture {
        try cache.withLock { cache in
            let name = "\(slotCount)-\(encapsulation)"
            if let fixture = cache[name] { return fixture }
            let fixture = try BootstrapFixture(
                parameters: .insecureTestN12(slotCount: slotCount == 0 ? nil : slotCount, encapsulation: encapsulation),
                seed: UInt64(slotCount) + 1)
            cache[name] = fixture
            return fixture
        }
    }

    /// Public-key encryption of complex slots at `level`.
    public func encrypt(_ values: [Complex], level: Int, rng: inout SeededGenerator) throws -> Ciphertext {
        try scheme.encrypt(values, level: level, rng: &rng)
    }

    /// The decrypted slots.
    public func decrypt(_ ciphertext: Ciphertext) throws -> [Complex] { try scheme.decrypt(ciphertext) }
}
