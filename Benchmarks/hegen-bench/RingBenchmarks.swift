import RingArithmetic

/// `hegen-bench ring [--logN A-B] [--limbs L]`: the ring-arithmetic kernels with 60-bit primes.
///
/// - `ntt.forward` / `ntt.inverse`: one limb, one thread (compare with `../shared/peers/ntt-reference`).
/// - `poly.*`: `L`-limb polynomials (default 8), with one thread and with all cores (`threads` field).
func runRingBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    var logRange = 12...17
    var limbCount = 8
    var index = 0
    while index < options.count {
        switch options[index] {
        case "--logN" where index + 1 < options.count:
            let parts = options[index + 1].split(separator: "-").compactMap { Int($0) }
            guard let low = parts.first else { throw BenchmarkError.invalidOption(options[index + 1]) }
            logRange = low...(parts.last ?? low)
            index += 2
        case "--limbs" where index + 1 < options.count:
            guard let value = Int(options[index + 1]), value > 0 else { throw BenchmarkError.invalidOption(options[index + 1]) }
            limbCount = value
            index += 2
        default:
            throw BenchmarkError.invalidOption(options[index])
        }
    }
    var generator = SeededRandomGenerator(seed: 2026)
    for logN in logRange {
        let n = 1 << logN
        let primes = try PrimeGenerator.nttPrimes(bitSize: 60, count: limbCount + 1, ringDegree: n)
        try benchmarkSingleLimbNTT(reporter, logN: logN, prime: primes[0], using: &generator)
        guard limbCount > 1 else { continue }  // rescaling needs two limbs: `--limbs 1` times the NTT only
        let context = try PolyContext(degree: n, moduli: Array(primes[0..<limbCount]))
        let special = [primes[limbCount]]
        for threads in [1, 2] {
            Parallel.maximumThreads = threads
            try benchmarkPolynomials(reporter, context: context, special: special, threads: threads, using: &generator)
        }
        Parallel.maximumThreads = 0
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case invalidOption(String)
    var description: String {
        switch self { case .invalidOption(let option): "invalid or incomplete option '\(option)'" }
    }
}

private func benchmarkSingleLimbNTT(
    _ reporter: BenchmarkReporter, logN: Int, prime: UInt64, using generator: inout SeededRandomGenerator
) throws {
    let n = 1 << logN
    let tables = try NTTTables(modulus: Modulus(prime), degree: n)
    var values = (0..<n).map { _ in Sampling.uniform(below: prime, using: &generator) }
    let fields: KeyValuePairs<String, any Sendable> = ["logN": logN, "limbs": 1, "threads": 1]
    values.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress!
        let iterations = iterationCount(forEstimatedNanoseconds: medianNanoseconds(iterations: 3) { tables.forward(base) })
        reporter.report("ntt.forward", fields: fields,
                        medianNanoseconds: medianNanoseconds(iterations: iterations) { tables.forward(base) })
        reporter.report("ntt.inverse", fields: fields,
                        medianNanoseconds: medianNanoseconds(iterations: iterations) { tables.inverse(base) })
    }
}

private func benchmarkPolynomials(
    _ reporter: BenchmarkReporter, context: PolyContext, special: [UInt64], threads: Int,
    using generator: inout SeededRandomGenerator
) throws {
    let logN = context.degree.trailingZeroBitCount
    let fields: KeyValuePairs<String, any Sendable> = ["logN": logN, "limbs": context.limbCount, "threads": threads]
    let a: RNSPolynomial<Coefficient> = Sampling.uniformPolynomial(in: context, using: &generator)
    let b: RNSPolynomial<Evaluation> = Sampling.uniformPolynomial(in: context, using: &generator)
    let evaluation = a.forwardNTT()
    let extended = try context.appending(special)
    let modUp = try BasisConversion(from: context.moduli, to: try special.map(Modulus.init))
    let cases: [(String, () -> Void)] = [
        ("poly.forward_ntt", { _ = a.forwardNTT() }),
        ("poly.inverse_ntt", { _ = evaluation.inverseNTT() }),
        ("poly.multiply", { _ = evaluation * b }),
        ("poly.add", { _ = evaluation + b }),
        ("poly.automorphism_eval", { _ = evaluation.applyingGalois(5) }),
        ("poly.automorphism_coeff", { _ = a.applyingGalois(5) }),
        ("poly.rescale_eval", { _ = evaluation.droppingLastLimbRounded() }),
        ("poly.modup_q_to_qp", { _ = a.modUp(to: extended, using: modUp) }),
    ]
    for (name, body) in cases {
        let iterations = iterationCount(forEstimatedNanoseconds: medianNanoseconds(iterations: 2, body), budgetSeconds: 0.3)
        reporter.report(name, fields: fields, medianNanoseconds: medianNanoseconds(iterations: iterations, body))
    }
}
