import CKKS
import Foundation
import RingArithmetic

/// `hegen-bench ckks [--configs 13:5,16:20] [--special k] [--dnum d] [--hoisted 8] [--only op1,op2] [--threads 1]`
///
/// A config "logN:L" is the chain of `../shared/peers/ckks/bench_peers.py`: one 60-bit base prime, L 40-bit
/// primes, one 60-bit special prime (dnum = L + 1, as SEAL), scale 2^40, all operations at the top level.
/// `--special k --dnum d` replaces P by k 60-bit primes with d digits (a faster hybrid key switching on a
/// slightly larger Q·P). `--threads 1` keeps every kernel on the calling thread (`Parallel.maximumThreads`);
/// otherwise limb-parallel work uses all cores.
func runCKKSBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    func value(_ name: String) -> String? { optionValue(name, in: options) }
    let configs = (value("--configs") ?? "13:5,14:7,15:14,16:20").split(separator: ",").map { item in
        let parts = item.split(separator: ":").compactMap { Int($0) }
        return (logN: parts[0], levels: parts[1])
    }
    let specialCount = Int(value("--special") ?? "1") ?? 1
    let dnumOption = value("--dnum").flatMap { Int($0) }
    let hoistedCount = Int(value("--hoisted") ?? "8") ?? 8
    let only = value("--only").map { Set($0.split(separator: ",").map(String.init)) }
    if let threads = value("--threads").flatMap({ Int($0) }) { Parallel.maximumThreads = threads }

    for config in configs {
        let parameters = try CKKSParameters(
            logN: config.logN, firstPrimeBits: 60, scalingPrimeBits: Array(repeating: 40, count: config.levels),
            specialPrimeBits: Array(repeating: 60, count: specialCount), decompositionNumber: dnumOption,
            logScale: 40, securityLevel: .none)  // the peers run with security checks off too (13:5 exceeds 218 bits)
        let secure = SecurityStandard.maximumLogQP(logN: config.logN, level: .bits128).map { parameters.logQP <= $0 } ?? false
        reporter.note("# \(parameters) — \(secure ? "within" : "ABOVE") the 128-bit bound")
        let contextStart = DispatchTime.now().uptimeNanoseconds
        let context = try CKKSContext(parameters: parameters)
        reporter.note("# context setup \(BenchmarkReporter.humanTime(Double(DispatchTime.now().uptimeNanoseconds - contextStart)))")
        func measure(_ name: String, iterations: Int? = nil, _ body: () throws -> Void) throws {
            if let only, !only.contains(name) { return try body() }
            let probeStart = DispatchTime.now().uptimeNanoseconds
            try body()
            let estimate = Double(DispatchTime.now().uptimeNanoseconds - probeStart)
            let count = iterations ?? min(iterationCount(forEstimatedNanoseconds: estimate, budgetSeconds: 1.0), 50)
            var wall: [Double] = []
            var cpu: [Double] = []
            for _ in 0..<count {
                let cpuStart = processCPUNanoseconds()
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                wall.append(Double(DispatchTime.now().uptimeNanoseconds - start))
                cpu.append(processCPUNanoseconds() - cpuStart)
            }
            wall.sort()
            cpu.sort()
            let withCPU: KeyValuePairs<String, any Sendable> = [
                "logN": config.logN, "L": config.levels, "dnum": parameters.decompositionNumber,
                "special": specialCount, "cpu_ms": (cpu[cpu.count / 2] / 1e4).rounded() / 100,
            ]
            reporter.report("ckks.\(name)", fields: withCPU, medianNanoseconds: wall[wall.count / 2])
        }

        let keyGenerator = KeyGenerator(context: context)
        var secretKey = try keyGenerator.secretKey()
        var publicKey = keyGenerator.publicKey(for: secretKey)
        try measure("keygen.secret+public", iterations: 3) {
            secretKey = try keyGenerator.secretKey()
            publicKey = keyGenerator.publicKey(for: secretKey)
        }
        var relinearizationKey = keyGenerator.relinearizationKey(for: secretKey)
        try measure("keygen.relinearization", iterations: 3) {
            relinearizationKey = keyGenerator.relinearizationKey(for: secretKey)
        }
        try measure("keygen.rotation1", iterations: 3) { _ = keyGenerator.galoisKeys(for: secretKey, rotations: [1]) }
        let steps = Array(1...hoistedCount)
        let galoisKeys = keyGenerator.galoisKeys(for: secretKey, rotations: steps)
        let sizeFields: KeyValuePairs<String, any Sendable> = [
            "logN": config.logN, "L": config.levels, "dnum": parameters.decompositionNumber, "special": specialCount,
            "relinearization_MB": (Double(relinearizationKey.byteCount) / 1e4).rounded() / 100,
        ]
        reporter.report("ckks.keysize", fields: sizeFields, medianNanoseconds: 0)
        reporter.note(String(
            format: "# key sizes: public %.1f MB, relinearisation %.1f MB, one Galois key %.1f MB",
            Double(2 * context.degree * (context.ciphertextModuli.count + context.specialModuli.count) * 8) / 1e6,
            Double(relinearizationKey.byteCount) / 1e6, Double(galoisKeys.byteCount / max(steps.count, 1)) / 1e6))

        let encoder = CKKSEncoder(context: context)
        let encryptor = Encryptor(publicKey: publicKey)
        let decryptor = Decryptor(secretKey: secretKey)
        let evaluator = Evaluator(context: context, relinearizationKey: relinearizationKey, galoisKeys: galoisKeys)
        var rng = SeededRandomGenerator(seed: 1)
        let slots = parameters.maximumSlotCount
        let x = (0..<slots).map { _ in Double.random(in: -1...1, using: &rng) }
        let y = (0..<slots).map { _ in Double.random(in: -1...1, using: &rng) }

        var plaintext = try encoder.encode(x)
        try measure("encode") { plaintext = try encoder.encode(x) }
        var cx = try encryptor.encrypt(plaintext)
        try measure("encrypt") { cx = try encryptor.encrypt(plaintext) }
        let cy = try encryptor.encrypt(encoder.encode(y))
        try measure("add") { _ = try evaluator.add(cx, cy) }
        var product = try evaluator.multiply(cx, cy)
        try measure("multiply+relinearize") { product = try evaluator.multiply(cx, cy) }
        var rescaled = try evaluator.rescale(product)
        try measure("rescale") { rescaled = try evaluator.rescale(product) }
        var rotated = try evaluator.rotate(cx, by: 1)
        try measure("rotate1") { rotated = try evaluator.rotate(cx, by: 1) }
        var hoisted: [Ciphertext] = []
        try measure("rotate.hoisted\(hoistedCount)") { hoisted = try evaluator.rotateHoisted(cx, by: steps) }
        try measure("rotate.individual\(hoistedCount)", iterations: 3) {
            for step in steps { _ = try evaluator.rotate(cx, by: step) }
        }
        var decrypted = try decryptor.decrypt(rescaled)
        try measure("decrypt") { decrypted = try decryptor.decrypt(rescaled) }
        var decoded = encoder.decodeReal(decrypted)
        try measure("decode") { decoded = encoder.decodeReal(decrypted) }

        let productError = zip(decoded, zip(x, y)).map { abs($0 - $1.0 * $1.1) }.max()!
        let rotation = encoder.decodeReal(try decryptor.decrypt(rotated))
        let rotationError = (0..<slots).map { abs(rotation[$0] - x[($0 + 1) % slots]) }.max()!
        let hoistedRotation = encoder.decodeReal(try decryptor.decrypt(hoisted[hoistedCount - 1]))
        let hoistedError = (0..<slots).map { abs(hoistedRotation[$0] - x[($0 + hoistedCount) % slots]) }.max()!
        for (name, error) in [("mul+relin+rescale", productError), ("rotate1", rotationError), ("hoisted", hoistedError)] {
            let precisionFields: KeyValuePairs<String, any Sendable> = [
                "logN": config.logN, "L": config.levels, "dnum": parameters.decompositionNumber, "special": specialCount,
                "log2_max_error": (log2(error) * 100).rounded() / 100,
            ]
            reporter.report("ckks.precision.\(name)", fields: precisionFields, medianNanoseconds: 0)
        }
        reporter.note(String(
            format: "# precision (log2 max error): mul+relin+rescale %.1f, rotate1 %.1f, hoisted rotate %.1f",
            log2(productError), log2(rotationError), log2(hoistedError)))
    }
}
