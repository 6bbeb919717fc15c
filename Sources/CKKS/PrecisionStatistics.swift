import Foundation

/// How close decrypted values are to the values they should be: the library's one precision measure, used by
/// the tests (each bound a few bits below what is measured), the benchmarks and the demo. Lattigo's
/// `PrecisionStats` plays the same role.
///
/// Precision is reported in bits, −log2 |error| per slot: the minimum (the worst slot) and the mean over the
/// slots. Errors below 2^-60 count as 2^-60, so an exactly reproduced slot cannot inflate the mean.
public struct PrecisionStatistics: Sendable, CustomStringConvertible {
    /// The number of slots compared.
    public let count: Int
    /// max_i |actual_i − expected_i|.
    public let maximumError: Double
    /// mean_i |actual_i − expected_i|.
    public let meanError: Double
    /// −log2(maximumError): the worst slot's precision.
    public let minimumBits: Double
    /// mean_i −log2 |actual_i − expected_i|.
    public let meanBits: Double

    /// The smallest error counted (2^-60).
    public static let errorFloor = 0x1p-60

    /// - Parameters:
    ///   - actual: decrypted (or otherwise approximated) values.
    ///   - expected: the reference values, as many as `actual` (at least one).
    public init(actual: [Complex], expected: [Complex]) {
        self.init(errors: zip(actual, expected).map { ($0 - $1).magnitude }, counts: (actual.count, expected.count))
    }

    /// Real-valued version of `init(actual:expected:)`.
    public init(actual: [Double], expected: [Double]) {
        self.init(errors: zip(actual, expected).map { abs($0 - $1) }, counts: (actual.count, expected.count))
    }

    private init(errors: [Double], counts: (Int, Int)) {
        precondition(counts.0 == counts.1 && counts.0 > 0, "compare \(counts.0) values with \(counts.1)")
        let floored = errors.map { $0.isNaN ? Double.infinity : max($0, Self.errorFloor) }
        count = floored.count
        maximumError = floored.max()!
        meanError = floored.reduce(0, +) / Double(count)
        minimumBits = -log2(maximumError)
        meanBits = -floored.map { log2($0) }.reduce(0, +) / Double(count)
    }

    public var description: String {
        String(format: "mean %.2f bits, min %.2f bits (max error %.3g)", meanBits, minimumBits, maximumError)
    }
}
