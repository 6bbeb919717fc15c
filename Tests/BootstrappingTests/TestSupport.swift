import Bootstrapping
import CKKS
import Foundation
import RingArithmetic

/// Reproducible randomness for tests: the ring layer's seeded xoshiro256** (not cryptographic).
typealias SeededGenerator = SeededRandomGenerator

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

    init(slotCount: Int?, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        if let variant = ProcessInfo.processInfo.environment["BOOT_VARIANT"] {
            // Experiments only: the secure preset's chain shape at N = 2^12 (insecure), K and r of N = 2^16.
            let parts = variant.split(separator: ",").map { Int($0)! }  // evalModBits, ctsBits, specialBits, K, r, rho
            let scheme = try BootstrappingParameters.scheme(
                logN: 12, levelsLeft: 4, slotsToCoeffs: [50, 50, 50], evalMod: Array(repeating: parts[0], count: 13),
                coeffsToSlots: Array(repeating: parts[1], count: 4), special: Array(repeating: parts[2], count: 4), security: .none)
            parameters = try BootstrappingParameters(
                scheme: scheme, slotCount: slotCount ?? 2048, coeffsToSlotsLevels: 3, slotsToCoeffsLevels: 3,
                range: parts[3], doubleAngleCount: parts[4], logMessageRatio: parts[5], maximumBabySteps: 4)
        } else {
            parameters = try .insecureTestN12(slotCount: slotCount)
        }
        context = try CKKSContext(parameters: parameters.scheme)
        let generator = KeyGenerator(context: context)
        secretKey = try generator.secretKey(using: &rng)
        publicKey = generator.publicKey(for: secretKey, using: &rng)
        encoder = CKKSEncoder(context: context)
        let keys = generator.bootstrappingKeys(for: secretKey, parameters: parameters, using: &rng)
        bootstrapper = try Bootstrapper(parameters: parameters, context: context, keys: keys)
    }

    nonisolated(unsafe) static var cache: [Int: BootstrapFixture] = [:]
    static let lock = NSLock()

    /// The shared fixture for `slotCount` (0: full packing).
    static func shared(slotCount: Int) throws -> BootstrapFixture {
        lock.lock()
        defer { lock.unlock() }
        if let fixture = cache[slotCount] { return fixture }
        let fixture = try BootstrapFixture(slotCount: slotCount == 0 ? nil : slotCount, seed: UInt64(slotCount) + 1)
        cache[slotCount] = fixture
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
