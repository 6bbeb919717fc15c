import CKKS
import Foundation
import Testing

/// Precision assertions for approximate (CKKS) results: a bound sits a few bits below what was measured when it
/// was set, and the call site writes the measured value beside it, so a real noise regression fails the test
/// instead of hiding under a loose bound.
///
/// Set `ENCRYPTEDLM_REPORT_PRECISION=1` to print every checked value with its bound and call site (one line
/// each, prefixed `precision:`): that is how the measured values in the comments were taken, and how to re-take
/// them after an intended change.
public enum PrecisionExpectations {
    static let reports = ProcessInfo.processInfo.environment["ENCRYPTEDLM_REPORT_PRECISION"] == "1"

    static func report(_ text: String, _ location: SourceLocation) {
        guard reports else { return }
        print("precision: \(location.fileName):\(location.line) \(text)")
    }
}

/// Expects at least `minimumBits` in the worst slot and `meanBits` on average (−log2 of the absolute error).
public func expectPrecision(
    _ precision: PrecisionStatistics, minimumBits: Double, meanBits: Double, _ label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    PrecisionExpectations.report(
        label + String(format: " min %.2f mean %.2f bits (bounds %.1f / %.1f)", precision.minimumBits,
                       precision.meanBits, minimumBits, meanBits), sourceLocation)
    #expect(precision.minimumBits >= minimumBits, "\(label) \(precision)", sourceLocation: sourceLocation)
    #expect(precision.meanBits >= meanBits, "\(label) \(precision)", sourceLocation: sourceLocation)
}

/// Expects a measured error (absolute or relative, as the call site says) of at most `bound`.
public func expectError(
    _ error: Double, atMost bound: Double, _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    PrecisionExpectations.report(
        label + String(format: " error %.3e = 2^%.2f (bound %.1e)", error, log2(error), bound), sourceLocation)
    #expect(error <= bound, "\(label): error \(error) > \(bound)", sourceLocation: sourceLocation)
}
