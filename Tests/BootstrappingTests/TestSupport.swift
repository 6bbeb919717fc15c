import Bootstrapping
import CKKS
import Foundation
@_spi(Testing) import RingArithmetic

/// Reproducible randomness for tests: the ring layer's seeded xoshiro256** (not cryptographic).
/// Reproducible randomness that key generation and encryption accept (tests only; see `SeededGeneratorForTesting`).
typealias SeededGenerator = SeededGeneratorForTesting

/// Precision statistics in bits: −log2 of the absolute error, per slot.
struct Precision: CustomStringConvertible {
    let mean: Double
    let minimum: Double

    /// - Parameters:
    ///   - actual: decrypted values.
    ///   - expected: reference values.
    init(_ actual: [Complex], _ expected: [Complex]) {
        precondition(actual.count == expected.count && !actual.isEmpty)
        let errors = zip(actual, expected).map { max(($0 - $1).magnitude, 0x1p-60) }
        mean = -errors.map { log2($0) }.reduce(0, +) / Double(errors.count)
        minimum = -log2(errors.max()!)
    }

    var description: String { String(format: "mean %.2f bits, min %.2f bits", mean, minimum) }
}

/// A bootstrapping setup on an insecure test preset, built once per slot count.
final class BootstrapFixture: Sendable {
    let parameters: BootstrappingParameters
    let context: CKKSContext
    let secretKey: SecretKey
    let publicKey: PublicKey
    let encoder: CKKSEncoder
    let bootstrapper: Bootstrapper

    /// - Parameters:
    ///   - slotCount: n (`nil`: full packing).
    ///   - seed: the seed of the keys.
    ///   - encapsulation: sparse-secret encapsulation (the preset's default) or the dense secret throughout.
    init(slotCount: Int?, seed: UInt64, encapsulation: Bool = true) throws {
        var rng = SeededGenerator(seed: seed)
        parameters = try .insecureTestN12(slotCount: slotCount, encapsulation: encapsulation)
        context = try CKKSContext(parameters: parameters.scheme)
        let generator = KeyGenerator(context: context)
        secretKey = try generator.secretKey(using: &rng)
        publicKey = generator.publicKey(for: secretKey, using: &rng)
        encoder = CKKSEncoder(context: context)
        let keys = try generator.bootstrappingKeys(for: secretKey, parameters: parameters, using: &rng)
        bootstrapper = try Bootstrapper(parameters: parameters, context: context, keys: keys)
    }

    nonisolated(unsafe) static var cache: [String: BootstrapFixture] = [:]
    static let lock = NSLock()

    /// The shared fixture for `slotCount` (0: full packing), with or without sparse-secret encapsulation.
    static func shared(slotCount: Int, encapsulation: Bool = true) throws -> BootstrapFixture {
        lock.lock()
        defer { lock.unlock() }
        let name = "\(slotCount)-\(encapsulation)"
        if let fixture = cache[name] { return fixture }
        let fixture = try BootstrapFixture(
            slotCount: slotCount == 0 ? nil : slotCount, seed: UInt64(slotCount) + 1, encapsulation: encapsulation)
        cache[name] = fixture
        return fixture
    }

    func encrypt(_ values: [Complex], level: Int, rng: inout SeededGenerator) throws -> Ciphertext {
        try Encryptor(publicKey: publicKey).encrypt(encoder.encode(values, level: level), using: &rng)
    }

    func decrypt(_ ciphertext: Ciphertext) throws -> [Complex] {
        try encoder.decode(Decryptor(secretKey: secretKey).decrypt(ciphertext))
    }

    static func uniform(_ count: Int, rng: inout SeededGenerator) -> [Complex] {
        (0..<count).map { _ in Complex(Double.random(in: -1...1, using: &rng)) }
    }
}
