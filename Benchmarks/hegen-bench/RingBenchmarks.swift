import RingArithmetic

/// `hegen-bench ring [--logN A-B]`: NTT, pointwise multiply, automorphism and basis extension with
/// 60-bit primes, one limb per NTT (single thread) and 8-limb polynomials for the limb-parallel kernels.
func runRingBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    var arguments = options
    var logRange = 12...17
    if let index = arguments.firstIndex(of: "--logN"), index + 1 < arguments.count {
        let parts = arguments[index + 1].split(separator: "-").compactMap { Int($0) }
        if let low = parts.first { logRange = low...(parts.last ?? low) }
        arguments.removeSubrange(index...(index + 1))
    }
    var generator = SystemRandomNumberGenerator()
    for logN in logRange {
        let n = 1 << logN
        let prime = try PrimeGenerator.nttPrimes(bitSize: 60, count: 1, ringDegree: n)[0]
        let tables = try NTTTables(modulus: Modulus(prime), degree: n)
        var values = (0..<n).map { _ in UInt64.random(in: 0..<prime, using: &generator) }
        let fields: KeyValuePairs<String, any Sendable> = ["logN": logN, "limbs": 1]
        values.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let estimate = medianNanoseconds(iterations: 3) { tables.forward(base) }
            let iterations = iterationCount(forEstimatedNanoseconds: estimate)
            reporter.report("ntt.forward", fields: fields,
                            medianNanoseconds: medianNanoseconds(iterations: iterations) { tables.forward(base) })
            reporter.report("ntt.inverse", fields: fields,
                            medianNanoseconds: medianNanoseconds(iterations: iterations) { tables.inverse(base) })
        }
    }
}
