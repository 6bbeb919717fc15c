import CKKS
import Foundation
import Testing
import TestSupport

@testable import Circuits
@_spi(Testing) import RingArithmetic

/// **INSECURE** N = 2^12 parameters with 4 levels and Galois keys for every step the tests use. P = 2×60 bits
/// exceeds every key-switching digit (one prime each), so rotations add little noise.
let transformFixture: KeyedScheme = {
    var steps = Array(1..<64) + (1..<64).map { -$0 }
    var s = 1
    while s < 2048 { steps += [s, -s]; s *= 2 }
    return KeyedScheme(
        parameters: try! CKKSParameters(
            logN: 12, firstPrimeBits: 60, scalingPrimeBits: [40, 40, 40, 40], specialPrimeBits: [60, 60],
            decompositionNumber: 5, logScale: 40, securityLevel: .none),
        rotations: steps, seed: 21)
}()

@Suite struct LinearTransformTests {
    let fixture = transformFixture

    func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<rows).map { _ in (0..<columns).map { _ in Double.random(in: -1...1, using: &rng) } }
    }

    func randomVector(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Double.random(in: -1...1, using: &rng) }
    }

    func product(_ m: [[Double]], _ x: [Double]) -> [Double] {
        m.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    @Test func squareMatrixTimesVectorWithBSGS() throws {
        let n = 64
        let matrix = randomMatrix(n, n, seed: 1)
        let x = randomVector(n, seed: 2)
        let transform = try LinearTransform(matrix: matrix, slotCount: n)
        #expect(transform.giantStep == 8)
        #expect(maximumError(transform.applied(to: x.map { Complex($0) }).map(\.real), product(matrix, x)) < 1e-12)
        var rng = SeededGenerator(seed: 3)
        let ct = try fixture.encrypt(x, rng: &rng)
        let encoded = try EncodedLinearTransform(transform, encoder: fixture.encoder, level: ct.level)
        let result = try encoded.apply(ct, evaluator: fixture.evaluator)
        #expect(result.level == ct.level - 1)
        #expect(abs(result.scale / ct.scale - 1) < 1e-12)
        // Reuse of the encoded diagonals on a second input.
        let error = maximumError(try fixture.decryptReal(result), product(matrix, x))
        // measured 1.4e-09
        expectError(error, atMost: 2e-8)
        let y = randomVector(n, seed: 4)
        let second = try encoded.apply(try fixture.encrypt(y, rng: &rng), evaluator: fixture.evaluator)
        // measured 1.1e-09
        expectError(maximumError(try fixture.decryptReal(second), product(matrix, y)), atMost: 9e-9)
    }

    @Test func tallRectangularMatrixOnAReplicatedVector() throws {
        let (rows, columns, slots) = (256, 64, 256)
        let matrix = randomMatrix(rows, columns, seed: 5)
        let x = randomVector(columns, seed: 6)
        var rng = SeededGenerator(seed: 7)
        let padded = x + Array(repeating: 0, count: slots - columns)
        let ct = try fixture.encrypt(padded, rng: &rng)
        let replicated = try SlotOperations(evaluator: fixture.evaluator).replicate(ct, period: columns)
        // measured 1.6e-09
        expectError(maximumError(try fixture.decryptReal(replicated), (0..<slots).map { x[$0 % columns] }), atMost: 1e-8)
        let transform = try LinearTransform(matrix: matrix, slotCount: slots)
        let result = try EncodedLinearTransform(transform, encoder: fixture.encoder, level: ct.level)
            .apply(replicated, evaluator: fixture.evaluator)
        let error = maximumError(try fixture.decryptReal(result), product(matrix, x))
        // measured 7.0e-09
        expectError(error, atMost: 6e-8)
    }

    @Test func matrixLargerThanOneCiphertext() throws {
        let (rows, columns, slots) = (128, 160, 64)
        let matrix = randomMatrix(rows, columns, seed: 8)
        let x = randomVector(columns, seed: 9)
        var rng = SeededGenerator(seed: 10)
        let inputs = try stride(from: 0, to: columns, by: slots).map { start in
            try fixture.encrypt((0..<slots).map { start + $0 < columns ? x[start + $0] : 0 }, rng: &rng)
        }
        let transform = try BlockMatrixTransform(
            matrix: matrix, encoder: fixture.encoder, slotCount: slots, level: inputs[0].level)
        let outputs = try transform.apply(inputs, evaluator: fixture.evaluator)
        #expect(outputs.count == 2)
        let decrypted = try outputs.flatMap { try fixture.decryptReal($0) }
        let error = maximumError(decrypted, product(matrix, x))
        // measured 2.5e-09
        expectError(error, atMost: 3e-8)
    }

    /// The shape of bootstrapping's CoeffsToSlots: a sequence of sparse transforms with complex diagonals
    /// (butterfly-like offsets 0, ±k), each applied at its own level.
    @Test func sequenceOfSparseComplexTransforms() throws {
        let n = 1024
        var rng = SeededGenerator(seed: 30)
        func randomDiagonal() -> [Complex] {
            (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng)) }
        }
        let factors = try [1, 32].map { k in
            try LinearTransform(slotCount: n, diagonals: [0: randomDiagonal(), k: randomDiagonal(), -k: randomDiagonal()])
        }
        #expect(factors[0].diagonals.keys.sorted() == [0, 1, n - 1])
        let x = (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng)) }
        var ct = try Encryptor(secretKey: fixture.secretKey).encrypt(fixture.encoder.encode(x), using: &rng)
        let start = ct.level
        var expected = x
        for factor in factors {
            let encoded = try EncodedLinearTransform(factor, encoder: fixture.encoder, level: ct.level)
            ct = try encoded.apply(ct, evaluator: fixture.evaluator)
            expected = factor.applied(to: expected)
        }
        #expect(ct.level == start - 2)
        let decrypted = fixture.encoder.decode(try Decryptor(secretKey: fixture.secretKey).decrypt(ct))
        let error = zip(decrypted, expected).map { ($0 - $1).magnitude }.max()!
        // measured 3.7e-09
        expectError(error, atMost: 3e-8)
    }

    @Test func maskedSlotPermutationIsTheSamplerShift() throws {
        // t_prev: slot i receives slot i − 1, slot 0 is zero (spec §2 step 4).
        let n = 2048
        let transform = try LinearTransform.permutation(source: [nil] + (0..<(n - 1)).map { Optional($0) })
        #expect(transform.diagonals.count == 1)
        let t = randomVector(n, seed: 11)
        var rng = SeededGenerator(seed: 12)
        let ct = try fixture.encrypt(t, rng: &rng)
        let result = try EncodedLinearTransform(transform, encoder: fixture.encoder, level: ct.level)
            .apply(ct, evaluator: fixture.evaluator)
        #expect(result.level == ct.level - 1)
        let error = maximumError(try fixture.decryptReal(result), [0] + t.dropLast())
        // measured 3.6e-09
        expectError(error, atMost: 1e-8)
    }

    @Test func randomPermutationOfSlots() throws {
        let n = 64
        var rng = SeededGenerator(seed: 13)
        let source = Array(0..<n).shuffled(using: &rng).map { $0 % 5 == 0 ? nil : Optional($0) }
        let transform = try LinearTransform.permutation(source: source)
        let x = randomVector(n, seed: 14)
        let ct = try fixture.encrypt(x, rng: &rng)
        let result = try EncodedLinearTransform(transform, encoder: fixture.encoder, level: ct.level)
            .apply(ct, evaluator: fixture.evaluator)
        let expected = source.map { $0.map { x[$0] } ?? 0 }
        // measured 3.6e-10
        expectError(maximumError(try fixture.decryptReal(result), expected), atMost: 3e-9)
    }

    @Test func innerSumAndReplicate() throws {
        let n = 2048
        let x = randomVector(n, seed: 15)
        var rng = SeededGenerator(seed: 16)
        let ct = try fixture.encrypt(x, rng: &rng)
        let operations = SlotOperations(evaluator: fixture.evaluator)
        let total = try operations.innerSum(ct, count: n)
        #expect(total.level == ct.level)
        let sum = x.reduce(0, +)
        print("inner sum over \(n) slots: max error", maximumError(try fixture.decryptReal(total), Array(repeating: sum, count: n)))
        // measured 1.0e-07
        expectError(maximumError(try fixture.decryptReal(total), Array(repeating: sum, count: n)), atMost: 3e-7)
        let precise = try operations.innerSum(ct, count: n, raisingScale: true)
        #expect(precise.level == ct.level - 1)
        #expect(abs(precise.scale / ct.scale - 1) < 1e-12)
        let preciseError = maximumError(try fixture.decryptReal(precise), Array(repeating: sum, count: n))
        print("inner sum over \(n) slots at raised scale: max error", preciseError)
        // measured 3.5e-09
        expectError(preciseError, atMost: 2e-8)
        let windows = try fixture.decryptReal(operations.innerSum(ct, count: 8))
        #expect(abs(windows[0] - x[0..<8].reduce(0, +)) < 1e-8)
    }

    @Test func fullPrefixSumOverAllSlots() throws {
        let n = 2048
        var rng = SeededGenerator(seed: 17)
        // Probabilities: non-negative, summing to 1, as in the sampler.
        let raw = (0..<n).map { _ in Double.random(in: 0...1, using: &rng) }
        let p = raw.map { $0 / raw.reduce(0, +) }
        let ct = try fixture.encrypt(p, rng: &rng)
        let result = try PrefixSum(evaluator: fixture.evaluator).full(ct)
        #expect(result.level == ct.level - PrefixSum.depth(zeroPadded: false))
        #expect(abs(result.scale / ct.scale - 1) < 1e-12)
        var running = 0.0
        let expected = p.map { running += $0; return running }
        let error = maximumError(try fixture.decryptReal(result), expected)
        print("full prefix sum over \(n) slots: max error \(error)")
        // The noise of n summed slots grows like √n…n times the fresh noise (≈ 2^-33 per slot here): 2^-23.
        // measured 8.4e-09; the early-rescale bug of Docs/Circuits.md §7 gave 6.8e-8 here, so the bound sits below it
        expectError(error, atMost: 4e-8)
    }

    @Test func zeroPaddedPrefixSumUsesNoLevel() throws {
        let (count, n) = (1024, 2048)
        let x = randomVector(count, seed: 18)
        var rng = SeededGenerator(seed: 19)
        let ct = try fixture.encrypt(x + Array(repeating: 0, count: n - count), rng: &rng)
        let result = try PrefixSum(evaluator: fixture.evaluator).zeroPadded(ct, count: count)
        #expect(result.level == ct.level)
        var running = 0.0
        let expected = x.map { running += $0; return running }
        let error = maximumError(Array(try fixture.decryptReal(result)[0..<count]), expected)
        print("zero-padded prefix sum over \(count) slots: max error \(error)")
        // measured 4.4e-08
        expectError(error, atMost: 4e-7)
        let precise = try PrefixSum(evaluator: fixture.evaluator).zeroPadded(ct, count: count, raisingScale: true)
        #expect(precise.level == ct.level - 1)
        let preciseError = maximumError(Array(try fixture.decryptReal(precise)[0..<count]), expected)
        print("zero-padded prefix sum over \(count) slots at raised scale: max error \(preciseError)")
        // measured 7.0e-09
        expectError(preciseError, atMost: 2e-8)
    }
}

@Suite struct LevelPlannerTests {
    @Test func samplerNeedsBootstrapsOnTheDeepestSecurePreset() throws {
        // The sampler: prefix sum (2), T (50), trigger (1), post-processing (2) on a fresh N = 2^16 ciphertext.
        let stages = [LevelPlanner.Stage("prefix sum", depth: 2)]
            + LevelPlanner.stages(of: StepFunctions.samplerStep, name: "T")
            + [LevelPlanner.Stage("trigger", depth: 1), LevelPlanner.Stage("post-processing", depth: 2)]
        #expect(stages.map(\.depth).reduce(0, +) == 55)
        let planner = LevelPlanner(parameters: .n16, levelAfterBootstrap: 9)
        let plan = try planner.plan(stages)
        #expect(!plan.fits)
        // 37 levels: prefix sum + 17 cubics of 2 = 36 → 1 level left, the next cubic needs a bootstrap.
        #expect(plan.bootstrapsBefore.first == 18)
        #expect(plan.levelsAfter.allSatisfy { $0 >= 0 })
        #expect(throws: CircuitError.self) { _ = try LevelPlanner(parameters: .n16).plan(stages) }
        #expect(try LevelPlanner(startLevel: 60).plan(stages).fits)
    }
}
