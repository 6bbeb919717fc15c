import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Precision per operation (min / mean bits over all slots, −log2 |error|) for both test parameter sets,
/// each with an explicit lower bound. Printed so regressions are visible in the test log.
@Suite struct PrecisionStatisticsTests {
    @Test(arguments: ["N12", "N13"])
    func precisionPerOperation(set: String) throws {
        let fixture = set == "N12" ? KeyedScheme.n12 : KeyedScheme.n13
        var rng = SeededGenerator(seed: 2024)
        let n = fixture.context.parameters.maximumSlotCount
        let x = RandomValues.complex(n, using: &rng)
        let y = RandomValues.complex(n, using: &rng)
        let cx = try fixture.encrypt(x, rng: &rng)
        let cy = try fixture.encrypt(y, rng: &rng)
        let ev = fixture.evaluator
        let rows: [(String, Ciphertext, [Complex], Double)] = [
            ("encrypt", cx, x, 25),
            ("add", try ev.add(cx, cy), zip(x, y).map { $0 + $1 }, 24),
            ("mul+relin+rescale", try ev.rescale(ev.multiply(cx, cy)), zip(x, y).map { $0 * $1 }, 23),
            ("rotate(1)", try ev.rotate(cx, by: 1), (0..<n).map { x[($0 + 1) % n] }, 22),
            ("conjugate", try ev.conjugate(cx), x.map(\.conjugate), 22),
        ]
        for (name, ciphertext, expected, bound) in rows {
            let decrypted = try fixture.decrypt(ciphertext)
            let precision = PrecisionStatistics(actual: decrypted, expected: expected)
            print(String(format: "precision %@ %-18@ min %.1f mean %.1f bits (bound %.0f)", set, name, precision.minimumBits, precision.meanBits, bound))
            #expect(precision.minimumBits >= bound, "\(set) \(name): \(precision)")
        }
    }

    @Test func wrongKeyDoesNotDecrypt() throws {
        let fixture = KeyedScheme.n12
        var rng = SeededGenerator(seed: 31)
        let x = RandomValues.complex(fixture.context.parameters.maximumSlotCount, using: &rng)
        let ciphertext = try fixture.encrypt(x, rng: &rng)
        let otherKey = try KeyGenerator(context: fixture.context).secretKey(using: &rng)
        let garbage = fixture.encoder.decode(try Decryptor(secretKey: otherKey).decrypt(ciphertext))
        #expect(maximumError(garbage, x) > 1000)
    }
}
