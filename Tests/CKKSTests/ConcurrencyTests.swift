import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Threads change the schedule, never the result: the limb-parallel kernels and concurrent callers of one
/// `Evaluator` give ciphertexts bit-identical to the single-threaded computation.
@Suite(.serialized) struct ConcurrencyTests {
    /// N = 2^13 with six primes: every kernel has enough words (limbs × N ≥ 2^14) to split across threads.
    static let fixture = KeyedScheme(
        parameters: .insecureTestN13,
        requirements: EvaluationKeyRequirements(rotations: [1, -2, 5, 64], conjugation: true, relinearization: true),
        seed: 913)

    /// The computations compared: multiply + relinearise + rescale, rotations (single and hoisted), conjugation.
    static func compute(_ x: Ciphertext, _ y: Ciphertext) throws -> [[RNSPolynomial<Evaluation>]] {
        let ev = fixture.evaluator
        var results = [try ev.rescale(ev.multiply(x, y)), try ev.rotate(x, by: 5), try ev.conjugate(y)]
        results += try ev.rotateHoisted(x, by: [1, -2, 64])
        return results.map(\.polynomials)
    }

    static func inputs(seed: UInt64) throws -> (Ciphertext, Ciphertext) {
        var rng = SeededGenerator(seed: seed)
        let n = fixture.context.parameters.maximumSlotCount
        return (try fixture.encrypt(RandomValues.complex(n, using: &rng), rng: &rng),
                try fixture.encrypt(RandomValues.complex(n, using: &rng), rng: &rng))
    }

    @Test func limbParallelKernelsMatchOneThread() throws {
        let (x, y) = try Self.inputs(seed: 1)
        let previous = Parallel.maximumThreads
        Parallel.maximumThreads = 1
        let serial = try Self.compute(x, y)
        Parallel.maximumThreads = 0
        defer { Parallel.maximumThreads = previous }
        let parallel = try Self.compute(x, y)
        #expect(serial.count == parallel.count)
        for (index, (a, b)) in zip(serial, parallel).enumerated() {
            #expect(a == b, "result \(index) differs between one thread and all threads")
        }
    }

    @Test func concurrentCallersOfOneEvaluatorMatchSerialResults() async throws {
        let inputs = try (0..<4).map { try Self.inputs(seed: 100 + UInt64($0)) }
        let serial = try inputs.map { try Self.compute($0.0, $0.1) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [[RNSPolynomial<Evaluation>]]).self) { group in
            for (index, (x, y)) in inputs.enumerated() {
                group.addTask { (index, try Self.compute(x, y)) }
            }
            return try await group.reduce(into: [Int: [[RNSPolynomial<Evaluation>]]]()) { $0[$1.0] = $1.1 }
        }
        #expect(concurrent.count == 4)
        for index in 0..<4 { #expect(concurrent[index] == serial[index], "task \(index)") }
    }
}
