import CKKS
import Circuits
import Foundation

/// `hegen-bench circuits [--json] [--logN 14,16] [--only chebyshev,step,matvec,prefix]`: Chebyshev series of
/// degree 63 and 255, the sampler's 25-cubic step function and its depth-36 variant, matrix × vector
/// (512×512, 4096×512) and the prefix sum over 32768 slots. Every line carries `depth` (levels consumed) and
/// `max_error` (against the plaintext definition, over all slots), and `secure` (false: an insecure chain,
/// used only where 128-bit security cannot hold the depth at that N).
func runCircuitsBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    var logNs = [14, 16]
    var only: Set<String> = ["chebyshev", "step", "matvec", "prefix"]
    if let index = options.firstIndex(of: "--logN"), index + 1 < options.count {
        logNs = options[index + 1].split(separator: ",").compactMap { Int($0) }
    }
    if let index = options.firstIndex(of: "--only"), index + 1 < options.count {
        only = Set(options[index + 1].split(separator: ",").map(String.init))
    }
    if only.contains("chebyshev") { for logN in logNs { try benchmarkChebyshev(reporter, logN: logN) } }
    if only.contains("step") { try benchmarkStepFunctions(reporter) }
    if only.contains("matvec") { try benchmarkMatrixVector(reporter) }
    if only.contains("prefix") { try benchmarkPrefixSum(reporter) }
}

/// Keys and helpers for one parameter set (seeded: benchmarks need no fresh randomness for the keys).
private struct BenchmarkScheme {
    let context: CKKSContext
    let encoder: CKKSEncoder
    let encryptor: Encryptor
    let decryptor: Decryptor
    let evaluator: Evaluator

    init(_ parameters: CKKSParameters, rotations: [Int] = []) throws {
        context = try CKKSContext(parameters: parameters)
        let keys = KeyGenerator(context: context)
        let secretKey = try keys.secretKey()
        encoder = CKKSEncoder(context: context)
        encryptor = Encryptor(secretKey: secretKey)
        decryptor = Decryptor(secretKey: secretKey)
        evaluator = Evaluator(
            context: context, relinearizationKey: keys.relinearizationKey(for: secretKey),
            galoisKeys: rotations.isEmpty ? nil : keys.galoisKeys(for: secretKey, rotations: rotations))
    }

    func encrypt(_ values: [Double]) throws -> Ciphertext { try encryptor.encrypt(encoder.encode(values)) }
    func decrypt(_ ciphertext: Ciphertext) throws -> [Double] { try encoder.decodeReal(decryptor.decrypt(ciphertext)) }
}

private func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// The CPU time of the median run of the last `timed` call, in milliseconds (reported as `cpu_ms`).
nonisolated(unsafe) private var lastCPUMilliseconds = 0.0

/// Median wall time of a few runs (these operations take seconds; one warm-up), and the CPU time of that run.
private func timed(iterations: Int = 3, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var samples: [(wall: Double, cpu: Double)] = []
    for _ in 0..<iterations {
        let (start, cpu) = (DispatchTime.now().uptimeNanoseconds, processCPUNanoseconds())
        try body()
        samples.append((Double(DispatchTime.now().uptimeNanoseconds - start), processCPUNanoseconds() - cpu))
    }
    let median = samples.sorted { $0.wall < $1.wall }[samples.count / 2]
    lastCPUMilliseconds = (median.cpu / 1e4).rounded() / 100
    return median.wall
}

private func benchmarkChebyshev(_ reporter: BenchmarkReporter, logN: Int) throws {
    // 60-bit base prime, 8 levels of 40 bits; key switching with dnum 3 (as OpenFHE's default) and P = 3×60 bits
    // covering each digit (≤ 140 bits). 128-bit secure at N = 2^16 (560 bits); at N = 2^14 it exceeds the
    // 438-bit bound, so it runs unchecked (insecure, for timing only).
    let secure = logN >= 16
    let parameters = try CKKSParameters(
        logN: logN, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: 8), specialPrimeBits: [60, 60, 60],
        decompositionNumber: 3, logScale: 40, securityLevel: secure ? .bits128 : .none)
    let scheme = try BenchmarkScheme(parameters)
    let slots = parameters.maximumSlotCount
    var rng = SystemRandomNumberGenerator()
    let x = (0..<slots).map { _ in Double.random(in: -1...1, using: &rng) }
    let f = { (t: Double) in 1 / (1 + exp(-8 * t)) }
    let ct = try scheme.encrypt(x)
    let evaluator = PolynomialEvaluator(evaluator: scheme.evaluator)
    for degree in [63, 255] {
        let p = Polynomial.chebyshevInterpolant(of: f, degree: degree, on: -1...1)
        var result: Ciphertext?
        let ns = try timed { result = try evaluator.evaluate(p, at: ct) }
        let values = try scheme.decrypt(result!)
        reporter.report(
            "chebyshev.degree\(degree)",
            fields: [
                "logN": logN, "slots": slots, "depth": ct.level - result!.level, "secure": secure, "cpu_ms": lastCPUMilliseconds,
                "max_error": maximumDifference(values, x.map { p($0) }),
                "approximation_error": p.maximumError(against: f, on: -1...1),
            ], medianNanoseconds: ns)
    }
}

private func benchmarkStepFunctions(_ reporter: BenchmarkReporter) throws {
    // 52 levels of 55 bits at N = 2^13: far beyond 128-bit security (insecure, as the tests' chain); secure use
    // of T needs bootstrapping (see LevelPlanner).
    let logN = 13
    let parameters = try CKKSParameters(
        logN: logN, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 55, count: 52),
        specialPrimeBits: [60, 60, 60, 60], decompositionNumber: 14, logScale: 55, securityLevel: .none)
    let scheme = try BenchmarkScheme(parameters)
    let slots = parameters.maximumSlotCount
    // Inputs across the transition, where T is steep and the error is amplified: ±k·1e−8 for k = 1 … slots/4,
    // then uniform in [−1, 1].
    var rng = SystemRandomNumberGenerator()
    var x: [Double] = []
    for i in 0..<slots {
        if i >= slots / 2 {
            x.append(Double.random(in: -1...1, using: &rng))
        } else {
            let magnitude = Double(i / 2 + 1) * 1e-8
            x.append(i % 2 == 0 ? magnitude : -magnitude)
        }
    }
    let ct = try scheme.encrypt(x)
    for (name, step) in [("step.sampler25cubics", StepFunctions.samplerStep), ("step.lowDepth", StepFunctions.lowDepthStep)] {
        var result: Ciphertext?
        let ns = try timed(iterations: 1) { result = try step.evaluate(ct, evaluator: scheme.evaluator) }
        reporter.report(
            name,
            fields: [
                "logN": logN, "slots": slots, "depth": ct.level - result!.level, "secure": false, "cpu_ms": lastCPUMilliseconds,
                "max_error": maximumDifference(try scheme.decrypt(result!), x.map { step($0) }),
            ], medianNanoseconds: ns)
    }
}

private func benchmarkMatrixVector(_ reporter: BenchmarkReporter) throws {
    let logN = 16
    // P = 2×60 bits covers each key-switching digit (≤ 100 bits), so rotations add little noise. 128-bit secure.
    let parameters = try CKKSParameters(
        logN: logN, firstPrimeBits: 60, scalingPrimeBits: [40, 40], specialPrimeBits: [60, 60], decompositionNumber: 2,
        logScale: 40)
    var rng = SystemRandomNumberGenerator()
    let columns = 512
    let shapes = [(rows: 512, slots: 512), (rows: 4096, slots: 4096)]
    let matrices = shapes.map { shape in
        (0..<shape.rows).map { _ in (0..<columns).map { _ in Double.random(in: -1...1, using: &rng) } }
    }
    let transforms = try zip(shapes, matrices).map { try LinearTransform(matrix: $1, slotCount: $0.slots) }
    let steps = Set(transforms.flatMap { $0.rotationSteps() }).sorted()
    let scheme = try BenchmarkScheme(parameters, rotations: steps)
    let x = (0..<columns).map { _ in Double.random(in: -1...1, using: &rng) }
    for ((shape, matrix), transform) in zip(zip(shapes, matrices), transforms) {
        let ct = try scheme.encrypt((0..<shape.slots).map { x[$0 % columns] })
        var encoded: EncodedLinearTransform?
        let encodeNs = try timed(iterations: 1) {
            encoded = try EncodedLinearTransform(transform, encoder: scheme.encoder, level: ct.level)
        }
        var result: Ciphertext?
        let ns = try timed { result = try encoded!.apply(ct, evaluator: scheme.evaluator) }
        let expected = matrix.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let values = Array(try scheme.decrypt(result!)[0..<shape.rows])
        let fields: KeyValuePairs<String, any Sendable> = [
            "logN": logN, "rows": shape.rows, "columns": columns, "slots": shape.slots, "depth": 1, "secure": true,
            "cpu_ms": lastCPUMilliseconds,
            "rotations": encoded!.rotationSteps.count, "max_error": maximumDifference(values, expected),
        ]
        reporter.report("matvec.\(shape.rows)x\(columns)", fields: fields, medianNanoseconds: ns)
        reporter.report("matvec.\(shape.rows)x\(columns).encode", fields: ["logN": logN, "diagonals": transform.diagonals.count],
                        medianNanoseconds: encodeNs)
    }
}

private func benchmarkPrefixSum(_ reporter: BenchmarkReporter) throws {
    let logN = 16
    // P = 2×60 bits covers each key-switching digit (≤ 100 bits): the doubling sums many rotated copies, so
    // rotation noise matters here (with one 60-bit P the max error is ≈ 2.4e−5). 128-bit secure.
    let parameters = try CKKSParameters(
        logN: logN, firstPrimeBits: 60, scalingPrimeBits: [40, 40, 40], specialPrimeBits: [60, 60],
        decompositionNumber: 2, logScale: 40)
    let slots = parameters.maximumSlotCount
    let scheme = try BenchmarkScheme(parameters, rotations: PrefixSum.rotationSteps(slotCount: slots))
    var rng = SystemRandomNumberGenerator()
    let raw = (0..<slots).map { _ in Double.random(in: 0...1, using: &rng) }
    let total = raw.reduce(0, +)
    let p = raw.map { $0 / total }
    let ct = try scheme.encrypt(p)
    let prefix = PrefixSum(evaluator: scheme.evaluator)
    var result: Ciphertext?
    let ns = try timed { result = try prefix.full(ct) }
    var running = 0.0
    let expected = p.map { running += $0; return running }
    reporter.report(
        "prefix_sum.full",
        fields: [
            "logN": logN, "slots": slots, "depth": ct.level - result!.level, "secure": true, "cpu_ms": lastCPUMilliseconds,
            "rotations": 2 * (slots / 2).trailingZeroBitCount + 3,
            "max_error": maximumDifference(try scheme.decrypt(result!), expected),
        ], medianNanoseconds: ns)
}
