@testable import Bootstrapping
@testable import CKKS
import Foundation
import RingArithmetic
import Testing
import TestSupport

/// One `Bootstrapper` serves many tasks (it is immutable and `Sendable`), and threads never change a result:
/// concurrent bootstraps and a single-threaded one give bit-identical ciphertexts.
@Suite("Bootstrapping under concurrency (insecure N = 2^12 test preset)", .serialized)
struct ConcurrentBootstrapTests {
    @Test("Concurrent bootstraps and one-thread bootstraps are bit-identical to the default schedule")
    func bitIdenticalAcrossSchedules() async throws {
        let fixture = try BootstrapFixture.shared(slotCount: 128)
        let bootstrapper = fixture.bootstrapper
        var rng = SeededGenerator(seed: 808)
        let inputs = try (0..<3).map { _ in
            try fixture.encrypt(RandomValues.real(128, using: &rng), level: 0, rng: &rng)
        }
        let reference = try inputs.map { try bootstrapper.bootstrap($0).polynomials }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [RNSPolynomial<Evaluation>]).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask { (index, try bootstrapper.bootstrap(input).polynomials) }
            }
            return try await group.reduce(into: [Int: [RNSPolynomial<Evaluation>]]()) { $0[$1.0] = $1.1 }
        }
        for index in inputs.indices { #expect(concurrent[index] == reference[index], "concurrent bootstrap \(index)") }
        let previous = Parallel.maximumThreads
        Parallel.maximumThreads = 1
        defer { Parallel.maximumThreads = previous }
        #expect(try bootstrapper.bootstrap(inputs[0]).polynomials == reference[0], "one-thread bootstrap")
    }
}
