import Bootstrapping
import CKKS
import Foundation
import RingArithmetic

/// Peak resident memory of this process (VmHWM of /proc/self/status), in bytes; 0 where unavailable.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").compactMap { Int($0) }
        return (digits.first ?? 0) * 1024
    }
    return 0
}

/// The number of CPUs this process may run on (Cpus_allowed of /proc/self/status; `taskset -c 0` gives 1).
private func allowedCPUCount() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 1 }
    for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
        let mask = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
        return max(1, mask.reduce(0) { $0 + (Int(String($1), radix: 16)?.nonzeroBitCount ?? 0) })
    }
    return 1
}

/// `hegen-bench bootstrap [--json] [--logN 16|12] [--slots n] [--reps r] [--caching all|stc|none] [--levels-left 1…12]`
///
/// One configuration per run (peak memory is per process): key generation, bootstrapper setup, then `r`
/// bootstraps of a fresh public-key encryption of uniform values in [−1, 1] at level 0. Reports the median
/// time, the precision (mean and minimum of −log2|error| over the slots, decrypted with the secret key,
/// which the bootstrap itself never sees), the levels left and the peak resident memory of key generation
/// plus bootstrapping. logN 16 is the 128-bit secure preset `BootstrappingParameters.secureN16` (with
/// `--levels-left`: its variant leaving that many levels); logN 12 is
/// the insecure test preset. Threads: the ring layer uses every CPU it is allowed; pin with `taskset -c 0`
/// for one thread (the `threads` field reports the CPUs allowed).
func runBootstrapBenchmarks(_ reporter: BenchmarkReporter, _ options: [String]) throws {
    func value(_ name: String) -> String? { optionValue(name, in: options) }
    let logN = Int(value("--logN") ?? "16") ?? 16
    let slots = value("--slots").flatMap { Int($0) }
    let repetitions = max(1, Int(value("--reps") ?? "1") ?? 1)
    let caching: Bootstrapper.DiagonalCaching = switch value("--caching") {
    case "none": .encodeOnTheFly
    case "stc": .slotsToCoeffsOnly
    default: .all  // the bootstrapper's default
    }
    let parameters: BootstrappingParameters = switch logN {
    case 16: try .secureN16(slotCount: slots, levelsLeft: Int(value("--levels-left") ?? "9") ?? 9)
    default: try .insecureTestN12(slotCount: slots)
    }
    let n = parameters.slotCount
    reporter.note("# \(parameters.scheme)")
    reporter.note("# slots \(n), levels consumed \(parameters.consumedLevels), left \(parameters.levelsLeft), "
                  + "EvalMod K=\(parameters.evalMod.range) r=\(parameters.evalMod.doubleAngleCount) "
                  + "degree \(parameters.evalMod.series.degree), rotations \(parameters.rotationSteps.count), caching \(caching)")
    let context = try CKKSContext(parameters: parameters.scheme)
    var rng = ChaChaGenerator.system()
    let generator = KeyGenerator(context: context)
    let keygenStart = DispatchTime.now().uptimeNanoseconds
    let secretKey = try generator.secretKey()
    let publicKey = generator.publicKey(for: secretKey)
    let keys = try generator.bootstrappingKeys(for: secretKey, parameters: parameters, using: &rng)
    let keygenNanoseconds = Double(DispatchTime.now().uptimeNanoseconds - keygenStart)
    reporter.note("# key generation \(BenchmarkReporter.humanTime(keygenNanoseconds)), bootstrapping keys "
                  + "\(keys.byteCount / 1_000_000) MB (\(keys.galoisKeys.elements.count) Galois keys + relinearisation)")
    let setupStart = DispatchTime.now().uptimeNanoseconds
    let bootstrapper = try Bootstrapper(parameters: parameters, context: context, keys: keys, caching: caching)
    let setupNanoseconds = Double(DispatchTime.now().uptimeNanoseconds - setupStart)
    reporter.note("# bootstrapper setup \(BenchmarkReporter.humanTime(setupNanoseconds))")

    let encoder = CKKSEncoder(context: context)
    let values = (0..<n).map { _ in Complex(Double.random(in: -1...1, using: &rng)) }
    let ciphertext = try Encryptor(publicKey: publicKey).encrypt(encoder.encode(values, level: 0))
    var times: [Double] = []
    var cpuTimes: [Double] = []
    var result = ciphertext
    for _ in 0..<repetitions {
        let cpuStart = processCPUNanoseconds()
        let start = DispatchTime.now().uptimeNanoseconds
        result = try bootstrapper.bootstrap(ciphertext)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start))
        cpuTimes.append(processCPUNanoseconds() - cpuStart)
        reporter.note("# bootstrap \(BenchmarkReporter.humanTime(times.last!)) (CPU \(BenchmarkReporter.humanTime(cpuTimes.last!)))")
    }
    times.sort()
    cpuTimes.sort()
    let precision = PrecisionStatistics(
        actual: encoder.decode(try Decryptor(secretKey: secretKey).decrypt(result)), expected: values)
    let (mean, minimum) = (precision.meanBits, precision.minimumBits)
    let peak = peakResidentBytes()
    reporter.note(String(
        format: "# precision mean %.2f bits, min %.2f bits; levels left %d; peak RSS %.2f GB; median CPU %.1f s; CPUs %d",
        mean, minimum, result.level, Double(peak) / 1e9, cpuTimes[cpuTimes.count / 2] / 1e9, allowedCPUCount()))
    reporter.report(
        "bootstrap",
        fields: [
            "logN": parameters.scheme.logN, "slots": n, "threads": allowedCPUCount(),
            "precision_bits": (mean * 100).rounded() / 100, "min_precision_bits": (minimum * 100).rounded() / 100,
            "levels_left": result.level, "peak_rss_bytes": peak,
            "keygen_ns": Int(keygenNanoseconds), "setup_ns": Int(setupNanoseconds),
            "cpu_ns": Int(cpuTimes[cpuTimes.count / 2]), "key_bytes": keys.byteCount,
            "secure": parameters.scheme.securityLevel == .bits128 ? "128-bit" : "insecure",
        ],
        medianNanoseconds: times[times.count / 2])
}
