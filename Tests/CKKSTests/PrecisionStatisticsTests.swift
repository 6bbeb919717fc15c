import Foundation
import Testing
import TestSupport
@testable import CKKS
@_spi(Testing) import RingArithmetic

/// Precision per operation (min / mean bits over all slots, −log2 |error|) for both test parameter sets,
/// each with explicit lower bounds set a few bits below the measured values
/// (`ENCRYPTEDLM_REPORT_PRECISION=1` prints them).
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
        // Bounds: minimum, mean (bits), a few bits below what is measured (min / mean, N12 | N13):
        // encrypt 28.1 / 30.9 | 26.9 / 29.9, add 27.2 / 30.4 | 26.4 / 29.4, mul+relin+rescale 27.6 / 30.3 |
        // 26.1 / 29.3, rotate(1) 27.7 / 30.2 | 24.8 / 27.7, conjugate 27.7 / 30.4 | 24.6 / 27.7.
        let small = set == "N12"
        let rows: [(String, Ciphertext, [Complex], Double, Double)] = [
            ("encrypt", cx, x, small ? 26 : 24, small ? 29 : 28),
            ("add", try ev.add(cx, cy), zip(x, y).map { $0 + $1 }, small ? 25 : 24, small ? 29 : 28),
            ("mul+relin+rescale", try ev.rescale(ev.multiply(cx, cy)), zip(x, y).map { $0 * $1 }, small ? 25 : 24,
             small ? 29 : 28),
            ("rotate(1)", try ev.rotate(cx, by: 1), (0..<n).map { x[($0 + 1) % n] }, small ? 25 : 22, small ? 29 : 26),
            ("conjugate", try ev.conjugate(cx), x.map(\.conjugate), small ? 25 : 22, small ? 29 : 26),
        ]
        for (name, ciphertext, expected, minimum, mean) in rows {
            let decrypted = try fixture.decrypt(ciphertext)
            let precision = PrecisionStatistics(actual: decrypted, expected: expected)
            expectPrecision(precision, minimumBits: minimum, meanBits: mean, "\(set) \(name)")
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
