import Bootstrapping
import CKKS
import Foundation
import Testing
import TestSupport

/// End-to-end bootstrapping on the **insecure** N = 2^12 test preset (`BootstrappingParameters.insecureTestN12`).
///
/// Measured on this preset (seeded keys and inputs, sparse-secret encapsulation): full packing (2048 slots) mean
/// ≈ 25.5 bits, min ≈ 23.6 bits; sparse packing (128 slots) mean ≈ 22.4 bits, min ≈ 20.7 bits, with or without
/// encapsulation. Each test's bounds sit a few bits below its own measured values (written beside them).
@Suite("Bootstrapping (insecure N = 2^12 test preset)", .serialized)
struct BootstrapTests {
    /// The mean asserted where a test checks a bootstrap only in passing (sparse packing measures 22.4 bits).
    static let meanBound = 21.0

    func checkOneBootstrap(slotCount: Int, encapsulation: Bool = true, minimumBits: Double, meanBits: Double) throws {
        let fixture = try BootstrapFixture.shared(slotCount: slotCount, encapsulation: encapsulation)
        var rng = SeededGenerator(seed: 101 + UInt64(slotCount))
        let values = RandomValues.real(fixture.parameters.slotCount, using: &rng)
        let ciphertext = try fixture.encrypt(values, level: 0, rng: &rng)
        let start = Date()
        let refreshed = try fixture.bootstrapper.bootstrap(ciphertext)
        let elapsed = Date().timeIntervalSince(start)
        let precision = PrecisionStatistics(actual: try fixture.decrypt(refreshed), expected: values)
        print("n=\(fixture.parameters.slotCount): \(precision), level \(refreshed.level), "
              + "scale 2^\(log2(refreshed.scale)), \(String(format: "%.2f", elapsed)) s")
        #expect(refreshed.level == fixture.parameters.levelsLeft)
        expectPrecision(precision, minimumBits: minimumBits, meanBits: meanBits, "n = \(fixture.parameters.slotCount)")
    }

    @Test("Full packing (n = N/2): precision on uniform inputs in [−1, 1]")
    func fullPacking() throws { try checkOneBootstrap(slotCount: 0, minimumBits: 21, meanBits: 24) }  // measured 23.5 / 25.5

    @Test("Sparse packing (n = 128 < N/2): precision on uniform inputs in [−1, 1]")
    func sparsePacking() throws { try checkOneBootstrap(slotCount: 128, minimumBits: 18, meanBits: 21) }  // measured 20.7 / 22.4

    @Test("Without sparse-secret encapsulation (dense secret, K = 128): precision on uniform inputs")
    func denseSecret() throws {
        try checkOneBootstrap(slotCount: 128, encapsulation: false, minimumBits: 18, meanBits: 21)  // measured 20.7 / 22.4
    }

    @Test("K follows the secret ModRaise sees: 512 for a dense secret at N = 2^16, 16 for h = 32")
    func rangeFollowsTheSecret() throws {
        #expect(BootstrappingParameters.defaultRange(logN: 16) == 512)
        #expect(BootstrappingParameters.defaultRange(logN: 16, ephemeralSecretWeight: 32) == 16)
        #expect(BootstrappingParameters.defaultRange(logN: 12) == 128)
        let parameters = try BootstrappingParameters.secureN16()
        #expect(parameters.ephemeralSecretWeight == 32 && parameters.evalMod.range == 16)
        #expect(throws: BootstrappingError.self) {
            _ = try BootstrappingParameters(
                scheme: parameters.scheme, slotCount: 128, coeffsToSlotsLevels: 3, slotsToCoeffsLevels: 3,
                ephemeralSecretWeight: 0)
        }
    }

    @Test("Keys must match the parameters' encapsulation")
    func encapsulationKeysMismatch() throws {
        let fixture = try BootstrapFixture.shared(slotCount: 128)
        let evaluator = fixture.bootstrapper.evaluator
        let keysWithout = BootstrappingKeys(
            relinearizationKey: try #require(evaluator.relinearizationKey), galoisKeys: try #require(evaluator.galoisKeys))
        #expect(throws: BootstrappingError.encapsulationKeysMismatch) {
            _ = try Bootstrapper(parameters: fixture.parameters, context: fixture.context, keys: keysWithout)
        }
    }

    /// A constant vector is the worst case for the sine approximation: its only coefficient is as large as the
    /// slots, so the curvature error (2π·0.9·2^-ρ)²/6 ≈ 2^-13.7 (ρ = 8) dominates; measured 13.7 bits.
    @Test("Structured input (constant 0.9 in every slot): precision bounded by the sine's curvature")
    func constantInput() throws {
        let fixture = try BootstrapFixture.shared(slotCount: 0)
        var rng = SeededGenerator(seed: 3)
        let values = [Complex](repeating: Complex(0.9), count: fixture.parameters.slotCount)
        let refreshed = try fixture.bootstrapper.bootstrap(try fixture.encrypt(values, level: 0, rng: &rng))
        let precision = PrecisionStatistics(actual: try fixture.decrypt(refreshed), expected: values)
        // measured min / mean 13.7 / 13.7 bits
        expectPrecision(precision, minimumBits: 11, meanBits: 12, "constant 0.9")
    }

    @Test("Complex slots survive (real and imaginary coefficients both bootstrapped)")
    func complexSlots() throws {
        let fixture = try BootstrapFixture.shared(slotCount: 128)
        var rng = SeededGenerator(seed: 7)
        let values = (0..<128).map { _ in
            Complex(Double.random(in: -0.7...0.7, using: &rng), Double.random(in: -0.7...0.7, using: &rng))
        }
        let refreshed = try fixture.bootstrapper.bootstrap(try fixture.encrypt(values, level: 0, rng: &rng))
        let precision = PrecisionStatistics(actual: try fixture.decrypt(refreshed), expected: values)
        // measured min / mean 20.6 / 22.0 bits
        expectPrecision(precision, minimumBits: 18, meanBits: 21, "complex")
    }

    /// compute → bootstrap → compute, five times: x ↦ (x·p + q)/2 then x ↦ x·r with fresh p, q, r uniform in
    /// [−1, 1] (values stay in [−1, 1]; earlier errors are damped, not amplified), two levels per round,
    /// tracked in plaintext.
    @Test("Compute → bootstrap → compute, five rounds, stays within the stated bound")
    func repeatedBootstraps() throws {
        let fixture = try BootstrapFixture.shared(slotCount: 128)
        let evaluator = fixture.bootstrapper.evaluator
        let encoder = fixture.encoder
        var rng = SeededGenerator(seed: 55)
        var expected = RandomValues.real(128, using: &rng)
        var ciphertext = try fixture.encrypt(expected, level: 2, rng: &rng)
        for round in 1...5 {
            let p = RandomValues.real(128, using: &rng)
            let q = RandomValues.real(128, using: &rng)
            let r = RandomValues.real(128, using: &rng)
            let halfP = try encoder.encode(p.map { $0 * 0.5 }, scale: Double(fixture.context.ciphertextModuli[ciphertext.level]),
                                           level: ciphertext.level)
            ciphertext = try evaluator.rescale(evaluator.multiply(ciphertext, halfP))
            ciphertext = try evaluator.add(
                ciphertext, encoder.encode(q.map { $0 * 0.5 }, scale: ciphertext.scale, level: ciphertext.level))
            ciphertext = try evaluator.rescale(
                evaluator.multiply(ciphertext, encoder.encode(r, level: ciphertext.level)))
            expected = (0..<128).map { (expected[$0] * p[$0] + q[$0]) * 0.5 * r[$0] }
            #expect(ciphertext.level == 0)
            ciphertext = try fixture.bootstrapper.bootstrap(ciphertext)
            let precision = PrecisionStatistics(actual: try fixture.decrypt(ciphertext), expected: expected)
            // measured min / mean 24.9–25.8 / 27.3–27.9 bits
            expectPrecision(precision, minimumBits: 22, meanBits: 26, "round \(round)")
            ciphertext = try evaluator.dropLevels(ciphertext, to: 2)
        }
    }

    @Test("The level-aware helper bootstraps only when the next circuit would not fit")
    func bootstrapIfNeeded() throws {
        let fixture = try BootstrapFixture.shared(slotCount: 128)
        let bootstrapper = fixture.bootstrapper
        var rng = SeededGenerator(seed: 9)
        let values = RandomValues.real(128, using: &rng)
        let high = try fixture.encrypt(values, level: 3, rng: &rng)
        let untouched = try bootstrapper.bootstrapIfNeeded(high, beforeDepth: 2)
        #expect(untouched.level == 3)
        let refreshed = try bootstrapper.bootstrapIfNeeded(high, beforeDepth: 4)
        #expect(refreshed.level == fixture.parameters.levelsLeft)
        #expect(PrecisionStatistics(actual: try fixture.decrypt(refreshed), expected: values).meanBits >= Self.meanBound)
        #expect(throws: BootstrappingError.depthExceedsBootstrappedLevels(depth: 50, available: fixture.parameters.levelsLeft)) {
            _ = try bootstrapper.bootstrapIfNeeded(high, beforeDepth: 50)
        }
    }

    @Test("Bad inputs throw typed errors")
    func badInputs() throws {
        let fixture = try BootstrapFixture.shared(slotCount: 128)
        var rng = SeededGenerator(seed: 3)
        let wrongSlots = try fixture.encrypt(RandomValues.real(64, using: &rng), level: 0, rng: &rng)
        #expect(throws: BootstrappingError.slotCountMismatch(expected: 128, actual: 64)) {
            _ = try fixture.bootstrapper.bootstrap(wrongSlots)
        }
        let ciphertext = try fixture.encrypt(RandomValues.real(128, using: &rng), level: 1, rng: &rng)
        let unrelinearized = try fixture.bootstrapper.evaluator.multiplyWithoutRelinearization(ciphertext, ciphertext)
        #expect(throws: BootstrappingError.notRelinearized) { _ = try fixture.bootstrapper.bootstrap(unrelinearized) }
        #expect(throws: BootstrappingError.self) {
            _ = try BootstrappingParameters(
                scheme: fixture.parameters.scheme, slotCount: 3, coeffsToSlotsLevels: 1, slotsToCoeffsLevels: 1)
        }
        #expect(throws: BootstrappingError.self) {
            _ = try BootstrappingParameters(
                scheme: .insecureTestN12, slotCount: 2048, coeffsToSlotsLevels: 3, slotsToCoeffsLevels: 3)
        }
    }

    @Test("The secure N = 2^16 preset passes the 128-bit check and leaves at least 9 levels")
    func securePreset() throws {
        let parameters = try BootstrappingParameters.secureN16()
        #expect(parameters.scheme.securityLevel == .bits128)
        #expect(parameters.slotCount == 32768)
        #expect(parameters.levelsLeft >= 9)
        // The deepest variant still passes the 128-bit check; one level more would not fit.
        let deepest = try BootstrappingParameters.secureN16(levelsLeft: 12)
        #expect(deepest.levelsLeft == 12 && deepest.scheme.securityLevel == .bits128)
        #expect(throws: BootstrappingError.self) { _ = try BootstrappingParameters.secureN16(levelsLeft: 13) }
        print("secure N=2^16: \(parameters.scheme), consumed \(parameters.consumedLevels), left \(parameters.levelsLeft), "
              + "EvalMod degree \(parameters.evalMod.series.degree) depth \(parameters.evalMod.depth), "
              + "rotations \(parameters.rotationSteps.count)")
    }
}
