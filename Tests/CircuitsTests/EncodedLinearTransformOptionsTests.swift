@_spi(RawCiphertext) import CKKS
import Foundation
import Testing
import TestSupport

@testable import Circuits
@_spi(Testing) import RingArithmetic

/// The evaluation options bootstrapping relies on: Horner-accumulated giant steps, a bound on the baby steps,
/// diagonals encoded lazily, two rescales with diagonals at a chosen scale, and periodic (sparsely packed) inputs.
@Suite struct EncodedLinearTransformOptionsTests {
    let fixture = transformFixture
    let n = 64

    func randomVector(_ rng: inout SeededGenerator, count: Int) -> [Complex] {
        (0..<count).map { _ in Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng)) }
    }

    /// An FFT-like transform: offsets −12 … 16 in steps of 4.
    func butterfly(_ rng: inout SeededGenerator) throws -> LinearTransform {
        let offsets = stride(from: -12, through: 16, by: 4)
        return try LinearTransform(
            slotCount: n, diagonals: Dictionary(uniqueKeysWithValues: offsets.map { ($0, randomVector(&rng, count: n)) }))
    }

    func encrypt(_ x: [Complex], _ rng: inout SeededGenerator) throws -> Ciphertext {
        try Encryptor(secretKey: fixture.secretKey).encrypt(fixture.encoder.encode(x), using: &rng)
    }

    func error(_ ct: Ciphertext, _ expected: [Complex]) throws -> Double {
        let decrypted = fixture.encoder.decode(try Decryptor(secretKey: fixture.secretKey).decrypt(ct))
        return zip(decrypted, expected).map { ($0 - $1).magnitude }.max()!
    }

    @Test func nestedAccumulationNeedsOnlyTwoGiantKeys() throws {
        var rng = SeededGenerator(seed: 90)
        let transform = try butterfly(&rng)
        let g = transform.giantStep(accumulation: .nested)
        #expect(g % transform.stride == 0)
        let encoded = try EncodedLinearTransform(
            transform, encoder: fixture.encoder, level: 3, giantStep: g, accumulation: .nested)
        #expect(encoded.rotationSteps == transform.rotationSteps(giantStep: g, accumulation: .nested))
        let giantKeys = Set(encoded.rotationSteps).subtracting(encoded.babySteps)
        #expect(giantKeys.isSubset(of: [g, -g]))
        let x = randomVector(&rng, count: n)
        let ct = try encrypt(x, &rng)
        let result = try encoded.apply(ct, evaluator: fixture.evaluator)
        #expect(result.level == 2)
        let independent = try EncodedLinearTransform(transform, encoder: fixture.encoder, level: 3, giantStep: g)
            .apply(ct, evaluator: fixture.evaluator)
        let expected = transform.applied(to: x)
        // measured 7.5e-10
        expectError(try error(result, expected), atMost: 6e-9)
        // measured 7.5e-10
        expectError(try error(independent, expected), atMost: 6e-9)
    }

    @Test func babyStepBound() throws {
        var rng = SeededGenerator(seed: 91)
        let transform = try butterfly(&rng)
        for accumulation in [GiantStepAccumulation.independent, .nested] {
            let g = transform.giantStep(accumulation: accumulation, maximumBabySteps: 2)
            let encoded = try EncodedLinearTransform(
                transform, encoder: fixture.encoder, level: 1, giantStep: g, accumulation: accumulation)
            #expect(g <= 2 * transform.stride)
            #expect(encoded.babySteps.count <= 2)
        }
    }

    @Test func lazyEncodingMatchesCachedPlaintexts() throws {
        var rng = SeededGenerator(seed: 92)
        let transform = try butterfly(&rng)
        let ct = try encrypt(randomVector(&rng, count: n), &rng)
        let cached = try EncodedLinearTransform(transform, encoder: fixture.encoder, level: ct.level, accumulation: .nested)
        let lazy = try EncodedLinearTransform(
            transform, encoder: fixture.encoder, level: ct.level, accumulation: .nested, cachesPlaintexts: false)
        #expect(cached.cachesPlaintexts && !lazy.cachesPlaintexts)
        let a = try cached.apply(ct, evaluator: fixture.evaluator)
        let b = try lazy.apply(ct, evaluator: fixture.evaluator)
        #expect(a.components == b.components)
    }

    @Test func twoRescalesWithDiagonalsAtTwoPrimes() throws {
        var rng = SeededGenerator(seed: 93)
        let transform = try butterfly(&rng)
        let x = randomVector(&rng, count: n)
        let ct = try encrypt(x, &rng)
        let q = fixture.context.ciphertextModuli.map { Double($0) }
        let encoded = try EncodedLinearTransform(
            transform, encoder: fixture.encoder, level: ct.level, scale: q[ct.level] * q[ct.level - 1], accumulation: .nested)
        let result = try encoded.apply(ct, evaluator: fixture.evaluator, rescales: 2)
        #expect(result.level == ct.level - 2)
        #expect(abs(result.scale / ct.scale - 1) < 1e-12)
        // measured 9.0e-10
        expectError(try error(result, transform.applied(to: x)), atMost: 8e-9)
        #expect(throws: CircuitError.self) { _ = try encoded.apply(ct, evaluator: fixture.evaluator, rescales: ct.level + 1) }
    }

    @Test func periodicInputOfFewerSlots() throws {
        var rng = SeededGenerator(seed: 94)
        let transform = try butterfly(&rng)
        let extended = transform.extendedToPeriodicInputs()
        let x = randomVector(&rng, count: n)
        let ct = try encrypt(x, &rng)
        for accumulation in [GiantStepAccumulation.independent, .nested] {
            let result = try EncodedLinearTransform(extended, encoder: fixture.encoder, level: ct.level, accumulation: accumulation)
                .apply(ct, evaluator: fixture.evaluator)
            // measured 5.4e-10–6.2e-10
            expectError(try error(result, transform.applied(to: x)), atMost: 5e-9)
        }
        let narrow = try LinearTransform(slotCount: 32, diagonals: [1: Array(repeating: .one, count: 32)])
        #expect(throws: CircuitError.slotCountMismatch(expected: 32, actual: 64)) {
            _ = try EncodedLinearTransform(narrow, encoder: fixture.encoder, level: ct.level).apply(ct, evaluator: fixture.evaluator)
        }
    }
}
